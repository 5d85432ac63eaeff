package org.vigil.server.wall;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.vigil.events.EventType;
import org.vigil.clinical.restore2.Restore2Level;
import org.vigil.server.alerts.AlertView;
import org.vigil.server.api.ApiJson;
import org.vigil.server.carehomes.CareHomeSummary;
import org.vigil.server.engine.UnitSnapshot;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The walls' messages over the WebSocket (docs/walls.md): a ward wall's unit (the API's unit body, so a field reads
 * the same on a screen as from the API), an overview's tiles (a ward's headline counts, risk score and escalated
 * alerts; a care home's community-view counts, never a resident), and the heartbeat. Any thread.
 */
public final class WallJson {
    private WallJson() {
    }

    /** {@code {type: "ward", version, unit}}: everything a ward wall shows, at the unit's version. */
    static JsonObject ward(long version, JsonObject unit) {
        return new JsonObject().put("type", "ward").put("version", version).put("unit", unit);
    }

    /**
     * {@code {type: "overview", units: [tile…], versions: {unitId: version…}}}: an executive or community view's
     * first message, or its answer to a resync.
     */
    static JsonObject overview(List<WallFrame> tiles) {
        JsonArray units = new JsonArray();
        JsonObject versions = new JsonObject();
        for (WallFrame f : tiles) {
            units.add(f.body());
            versions.put(f.unit(), f.version());
        }
        return new JsonObject().put("type", "overview").put("units", units).put("versions", versions);
    }

    /** {@code {type: "tile", version, unit: tile}}: one unit of an overview, whole (the answer to a resync). */
    static JsonObject tile(long version, JsonObject tile) {
        return new JsonObject().put("type", "tile").put("version", version).put("unit", tile);
    }

    /** {@code {type: "heartbeat", at, asOf}}: the engine answered at {@code at}; its clock read {@code asOf}. */
    public static JsonObject heartbeat(Instant at, Long asOf) {
        return new JsonObject().put("type", "heartbeat").put("at", at.toString())
                .put("asOf", asOf == null ? null : Instant.ofEpochMilli(asOf).toString());
    }

    /**
     * The executive wall's compact view of a ward: headline counts, risk score, and its escalated alerts; or, for
     * a care home, the community view's counts only (its alerts name residents, so they never go into a tile).
     */
    static JsonObject tileBody(UnitSnapshot s) {
        JsonObject t = ApiJson.identity(s.unit());
        if (!s.unit().ward()) {
            CareHomeSummary h = s.careHome();
            if (h != null) {
                JsonObject byLevel = new JsonObject();
                for (Restore2Level l : Restore2Level.values()) {
                    byLevel.put(l.name(), h.residentsByLevel().get(l));
                }
                t.put("residentsObserved", h.residentsObserved()).put("residentsByLevel", byLevel)
                        .put("residentsUrgentOrEmergency", h.residentsUrgentOrEmergency())
                        .put("repeatObservationsOverdue", h.repeatObservationsOverdue())
                        .put("lastSubmissionAt", h.lastSubmissionAt() == 0 ? null
                                : Instant.ofEpochMilli(h.lastSubmissionAt()).toString());
            }
            return t.put("asOf", asOf(s)).put("rulesFailing", new JsonArray(s.rulesFailing()));
        }
        t.put("beds", s.census().beds()).put("patients", s.census().patients())
                .put("occupancyPercent", s.census().occupancyPercent());
        if (s.deterioration() != null) {
            t.put("news2High", s.deterioration().news2High()).put("news2AtLeast5", s.deterioration().news2AtLeast5())
                    .put("observationsOverdue", s.deterioration().observationsOverdue());
        }
        if (s.staffing() != null) {
            t.put("redFlagsToday", s.staffing().redFlagsToday());
        }
        if (s.medicines() != null) {
            t.put("missedCriticalDosesToday", s.medicines().missedCriticalDosesToday());
        }
        if (s.assessments() != null) {
            t.put("patientsWithOutstandingAssessments", s.assessments().patientsWithOutstandingAssessments());
        }
        JsonObject feeds = new JsonObject();
        for (Map.Entry<EventType, Long> e : s.lastEventAt().entrySet()) {
            feeds.put(e.getKey().wireName(), Instant.ofEpochMilli(e.getValue()).toString());
        }
        t.put("lastEventAt", feeds).put("asOf", asOf(s)).put("rulesFailing", new JsonArray(s.rulesFailing()));
        WardRiskScore risk = WardRiskScore.of(s);
        t.put("risk", new JsonObject().put("score", risk.score()).put("level", risk.level().name())
                .put("escalated", risk.escalated())
                .put("news2High", risk.news2High()).put("redFlags", risk.redFlags())
                .put("missedCriticalDoses", risk.missedCriticalDoses())
                .put("outstandingAssessments", risk.outstandingAssessments()));
        JsonArray escalated = new JsonArray();
        for (AlertView a : s.alerts()) {
            if (WardRiskScore.unansweredEscalation(a)) {
                escalated.add(ApiJson.alert(a, false));
            }
        }
        return t.put("activeAlerts", s.alerts().size()).put("escalatedAlerts", escalated);
    }

    private static String asOf(UnitSnapshot s) {
        return s.started() ? Instant.ofEpochMilli(s.asOf()).toString() : null;
    }
}
