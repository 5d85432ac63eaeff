package org.vigil.server.wall;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.vigil.events.AssessmentKind;
import org.vigil.events.Consciousness;
import org.vigil.events.EventParser;
import org.vigil.events.EventType;
import org.vigil.events.OmissionReason;
import org.vigil.events.SoftSign;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.alerts.AlertState;
import org.vigil.server.alerts.DeclineReason;
import org.vigil.server.alerts.Severity;
import org.vigil.clinical.news2.ClinicalRisk;
import org.vigil.clinical.restore2.Restore2Level;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.ResponderRole;
import org.vigil.server.engine.Engine;
import org.vigil.server.http.Replies;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code GET /api/v1/meta}: the vocabulary the pages speak, from the server's own enums, so no page keeps a
 * second copy of a label or a threshold. Every enum the pages show maps each constant to its label (in the enum's
 * order); {@code roles} are the organisation's responder roles by id, as people call them; {@code vitals} are the
 * ranges ingest accepts (the tablet checks them before sending); {@code walls} are the display thresholds;
 * {@code zone} is the organisation's time zone, the one the pages show times in (a screen's own zone may be any);
 * {@code clock} is {@code "wall"} (live) or {@code "event"} (a replay or simulation: nothing falls overdue between
 * events, which the screens say).
 * Carries no patient data and needs no token, like the pages themselves.
 */
public final class MetaApi {
    private final JsonObject meta;

    /**
     * @param nodes a cluster's nodes as browsers reach them, for screens to reconnect to (docs/cluster.md); empty
     *              on a single node
     * @param clock the server's clock, which every screen shows when it is event time (docs/operations.md, Clocks)
     */
    public MetaApi(Organisation org, List<String> nodes, Engine.ClockMode clock) {
        this.meta = build(org).put("nodes", new JsonArray(List.copyOf(nodes)))
                .put("clock", clock.name().toLowerCase(Locale.ROOT));
    }

    /** The answer this API gives. */
    public JsonObject meta() {
        return meta.copy();
    }

    public void mount(Router router) {
        router.get("/api/v1/meta").handler(ctx -> {
            ctx.response().putHeader("Cache-Control", "no-cache");
            Replies.json(ctx, 200, meta);
        });
    }

    /** The answer (built once: a pure function of the code and the organisation file). */
    public static JsonObject build(Organisation org) {
        JsonObject enums = new JsonObject()
                .put("alertKind", labels(AlertKind.values(), AlertKind::label))
                .put("severity", labels(Severity.values(), Severity::label))
                .put("alertState", labels(AlertState.values(), AlertState::label))
                .put("clinicalRisk", labels(ClinicalRisk.values(), ClinicalRisk::label))
                .put("restore2Level", labels(Restore2Level.values(), Restore2Level::label))
                .put("assessmentKind", labels(AssessmentKind.values(), AssessmentKind::label))
                .put("softSign", labels(SoftSign.values(), SoftSign::label))
                .put("consciousness", labels(Consciousness.values(), Consciousness::label))
                .put("omissionReason", labels(OmissionReason.values(), OmissionReason::label))
                .put("declineReason", labels(DeclineReason.values(), DeclineReason::label))
                .put("wardRiskLevel", labels(WardRiskScore.Level.values(), WardRiskScore.Level::label));
        JsonObject vitals = new JsonObject()
                .put("respirationRate", range(EventParser.RR_MIN, EventParser.RR_MAX))
                .put("spo2", range(EventParser.SPO2_MIN, EventParser.SPO2_MAX))
                .put("systolicBp", range(EventParser.SBP_MIN, EventParser.SBP_MAX))
                .put("pulse", range(EventParser.PULSE_MIN, EventParser.PULSE_MAX))
                .put("temperature", range(EventParser.TEMP_MIN, EventParser.TEMP_MAX));
        JsonObject feeds = new JsonObject();
        for (WallFeed f : WallFeed.values()) {
            JsonArray types = new JsonArray();
            for (EventType t : f.types()) {
                types.add(t.wireName());
            }
            feeds.put(f.id(), new JsonObject().put("name", f.label()).put("types", types)
                    .put("validityHours", f.validityHours()));
        }
        JsonObject walls = new JsonObject()
                .put("staleAfterSeconds", WallThresholds.STALE_AFTER_SECONDS)
                .put("feeds", feeds)
                .put("staffingFillRateLowPercent", WallThresholds.STAFFING_FILL_RATE_LOW_PERCENT)
                .put("careHomeQuietHours", WallThresholds.CARE_HOME_QUIET_HOURS);
        JsonObject roles = new JsonObject();
        for (ResponderRole r : org.policies().escalation().roles().values()) {
            roles.put(r.id(), r.name());
        }
        return new JsonObject().put("enums", enums).put("roles", roles).put("vitals", vitals).put("walls", walls)
                .put("zone", org.zone().getId());
    }

    private static <E extends Enum<E>> JsonObject labels(E[] values, Function<E, String> label) {
        JsonObject out = new JsonObject();
        for (E e : values) {
            out.put(e.name(), label.apply(e));
        }
        return out;
    }

    private static JsonObject range(double min, double max) {
        return new JsonObject().put("min", min).put("max", max);
    }
}
