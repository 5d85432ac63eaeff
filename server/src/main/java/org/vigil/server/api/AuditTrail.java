package org.vigil.server.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.vigil.events.Payload;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.Unit;
import org.vigil.organisation.tokens.Principal;
import org.vigil.server.alerts.Alert;
import org.vigil.server.engine.Engine;
import org.vigil.server.http.ReplyAudit;
import org.vigil.server.rules.EngineState;
import org.vigil.server.security.Access;
import org.vigil.server.security.Authenticator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The audit trail's route handlers (docs/security.md § Audit trail): on every audited route a claim
 * ({@link ReplyAudit}) is put on the request, so its reply — whatever it is, data or refusal — is sent only once an
 * {@code AUDIT} record saying who (the token's grant name), what (method, path, query, the units and the patient
 * concerned) and the outcome (the status about to be answered) is in the journal, at the wall clock's time. If the
 * record cannot be journaled the request is answered 503 instead of its data.
 *
 * <p>Audited: every read of patient-level data (a ward's or home's snapshot and the overview, which carry alerts
 * with beds and pseudonyms; the alerts; a home's residents; the FHIR Observation search; the incident review), every
 * answer to an alert (acknowledge, undo, accept, decline, not escalating: the answer's own journal record says what
 * the person typed, this one which token sent it and what it was answered), every historical view ({@code ?at=} on
 * any of these, and the executive wall as it was) and every read of the audit trail itself. Any thread (event loops).
 */
public final class AuditTrail {
    /**
     * The routing context key of the {@link Subject} an answered alert read named (its units and patient as the
     * answer held them), which the read's entry names besides what the live book holds.
     */
    static final String ANSWERED_ALERT = "vigil.audit.answeredAlert";

    private final Organisation org;
    private final Engine engine;
    private final Access access;

    public AuditTrail(Organisation org, Engine engine, Access access) {
        this.org = org;
        this.engine = engine;
        this.access = access;
    }

    /** Mounts the claims before the routes that answer (after authentication). */
    public void mount(Router router) {
        router.get("/api/v1/wards/:id").handler(ctx -> claim(ctx, pathUnit(ctx)));
        router.get("/api/v1/carehomes/:id").handler(ctx -> claim(ctx, pathUnit(ctx)));
        router.get("/api/v1/carehomes/:id/residents").handler(ctx -> claim(ctx, pathUnit(ctx)));
        router.get("/api/v1/overview").handler(ctx -> claim(ctx, (state, who) -> new Subject(ids(access.readable(who)), null)));
        router.get("/api/v1/alerts").handler(ctx -> claim(ctx, (state, who) -> alertUnits(ctx, who)));
        router.get("/api/v1/alerts/:id").handler(ctx -> claim(ctx, alert(ctx)));
        router.post("/api/v1/alerts/:id/*").handler(ctx -> claim(ctx, alert(ctx)));
        router.get("/api/v1/walls/trust/:id").handler(ctx -> claim(ctx,
                (state, who) -> new Subject(ids(access.readableWards(who, ctx.pathParam("id"))), null)));
        router.get("/api/v1/walls/system").handler(ctx -> claim(ctx,
                (state, who) -> new Subject(ids(access.readableWards(who, null)), null)));
        router.get("/api/v1/incidents/:unit/:patient").handler(ctx -> claim(ctx,
                (state, who) -> new Subject(known(ctx.pathParam("unit")), ctx.pathParam("patient"))));
        router.get("/api/v1/audit").handler(ctx -> claim(ctx, (state, who) -> {
            String unit = ctx.queryParams().get("unit");
            return new Subject(unit == null ? ids(access.auditable(who)) : known(unit), null);
        }));
    }

    /** The claim on a FHIR Observation search, run after the FHIR routes' own authentication. */
    public io.vertx.core.Handler<RoutingContext> fhirSearch() {
        return ctx -> claim(ctx, (state, who) -> fhirPatient(ctx, state));
    }

    /** The units and patient an audit record names. */
    record Subject(List<String> units, String patient) {}

    private void claim(RoutingContext ctx, BiFunction<EngineState, Principal, Subject> subject) {
        Principal who = Authenticator.principal(ctx);
        String method = ctx.request().method().name();
        String path = ctx.request().path();
        String query = ctx.request().query();
        ctx.put(ReplyAudit.KEY, (ReplyAudit) status -> engine.audit(state -> {
            Subject s = subject.apply(state, who);
            return new Payload.Audit(who == null ? "" : who.name(), method, path, query, s.units(), s.patient(),
                    status);
        }));
        ctx.next();
    }

    /** The unit named by the path's {@code :id}. */
    private BiFunction<EngineState, Principal, Subject> pathUnit(RoutingContext ctx) {
        return (state, who) -> new Subject(known(ctx.pathParam("id")), null);
    }

    /** A unit the organisation knows, or none (a request about an unknown id names no unit). */
    private List<String> known(String id) {
        return id != null && org.exists(id) ? List.of(id) : List.of();
    }

    private Subject alertUnits(RoutingContext ctx, Principal who) {
        String unit = ctx.queryParams().get("unit");
        return new Subject(unit != null ? known(unit) : ids(access.alertsSeen(who)), null);
    }

    /**
     * An alert's patient and units (looked up in the live alert book; an unknown id names neither): the unit it is on
     * and the one it was raised on, since a read of it as it was ({@code ?at=}) holds the data of the unit it was on
     * then (found by an independent check: a ward's governance trail missed a read of its own alert as it was, the
     * entry naming only the ward the patient had moved to). A read that answered the alert names it as the answer
     * held it too ({@link #ANSWERED_ALERT}): as it was, it may be one the live book forgot a day after it resolved,
     * or on a ward it has left since (found by an audit: such reads named no ward and no patient).
     */
    private static BiFunction<EngineState, Principal, Subject> alert(RoutingContext ctx) {
        return (state, who) -> {
            Alert a = state.alerts().get(ctx.pathParam("id"));
            Subject now = a == null ? new Subject(List.of(), null) : named(a);
            Subject answered = ctx.get(ANSWERED_ALERT);
            if (answered == null) {
                return now;
            }
            List<String> units = new ArrayList<>(now.units());
            for (String u : answered.units()) {
                if (!units.contains(u)) {
                    units.add(u);
                }
            }
            return new Subject(units, now.patient() != null ? now.patient() : answered.patient());
        };
    }

    /** What an entry about the alert names: the unit it was raised on and the one it is on, and its patient. */
    static Subject named(Alert a) {
        return new Subject(a.raisedOn().equals(a.unit()) ? List.of(a.unit()) : List.of(a.raisedOn(), a.unit()),
                a.patient());
    }

    /** The FHIR search's patient, and the units their scored sets are on. */
    private static Subject fhirPatient(RoutingContext ctx, EngineState state) {
        String p = ctx.queryParams().get("patient");
        if (p == null) {
            return new Subject(List.of(), null);
        }
        String id = p.startsWith("Patient/") ? p.substring("Patient/".length()) : p;
        List<String> units = new ArrayList<>();
        state.news2History().sets(id).forEach(s -> {
            if (!units.contains(s.unit())) {
                units.add(s.unit());
            }
        });
        return new Subject(units, id);
    }

    private static List<String> ids(List<Unit> units) {
        List<String> out = new ArrayList<>(units.size());
        for (Unit u : units) {
            out.add(u.id());
        }
        return out;
    }
}
