package org.vigil.server.api;

import org.vigil.server.http.QueryParams;
import org.vigil.server.http.Replies;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.vigil.events.InvalidEventException;
import org.vigil.events.JsonFields;
import org.vigil.events.Payload;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.Policies;
import org.vigil.organisation.Unit;
import org.vigil.organisation.tokens.Principal;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertState;
import org.vigil.server.alerts.AlertView;
import org.vigil.server.engine.Engine;
import org.vigil.server.rules.EngineState;
import org.vigil.server.security.Access;
import org.vigil.server.security.Authenticator;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * The alerts API: list and read alerts (with their full history), and answer them — acknowledge (and undo, for a
 * few seconds), accept, decline with a reason, not escalating with a reason. This class only reads the request
 * and writes the answer: whether the token may, and whether the answer changes the alert, is decided once, by the
 * alert book on the engine thread ({@link Engine#answer}) asking {@link Access}, which journals the answer before it
 * is applied. The engine thread copies alerts into {@link AlertView}s; JSON is written here, on the event loop. The
 * list and a single alert also answer as they were at an instant ({@code ?at=}, {@link TimeTravel}): the alert book
 * of a scratch state then (it keeps a resolved alert for a day after it resolved).
 */
public final class AlertsApi {
    static final int MAX_WHO = 64;
    static final int MAX_TEXT = 280;
    /** An absent body reads as {}: the fields it lacks are then refused by name. */
    private static final byte[] EMPTY_OBJECT = {'{', '}'};
    private static final Set<String> ACK_FIELDS = Set.of("by", "role", "note");
    private static final Set<String> ACCEPT_FIELDS = Set.of("by", "role");
    private static final Set<String> DECLINE_FIELDS = Set.of("by", "role", "reason");
    private static final Set<String> NOT_ESCALATING_FIELDS = Set.of("by", "role", "reason", "minutes");

    private final Organisation org;
    private final Policies.Escalation policy;
    private final Engine engine;
    private final Access access;
    private final TimeTravel timeTravel;

    public AlertsApi(Organisation org, Engine engine, Access access, TimeTravel timeTravel) {
        this.org = org;
        this.policy = org.policies().escalation();
        this.engine = engine;
        this.access = access;
        this.timeTravel = timeTravel;
    }

    public void mount(Router router) {
        router.get("/api/v1/alerts").handler(QueryParams.only("unit", "state", "at")).handler(this::list);
        router.get("/api/v1/alerts/:id").handler(QueryParams.only("at")).handler(this::one);
        router.post("/api/v1/alerts/:id/ack").handler(ctx -> answer(ctx, this::ack));
        router.post("/api/v1/alerts/:id/ack/undo").handler(ctx -> answer(ctx, this::undo));
        router.post("/api/v1/alerts/:id/accept").handler(ctx -> answer(ctx, this::accept));
        router.post("/api/v1/alerts/:id/decline").handler(ctx -> answer(ctx, this::decline));
        router.post("/api/v1/alerts/:id/not-escalating").handler(ctx -> answer(ctx, this::notEscalating));
    }

    private void list(RoutingContext ctx) {
        Principal who = Authenticator.principal(ctx);
        String unitId;
        String stateParam;
        try { // given twice, a filter was the first value, silently (found by an independent check)
            unitId = QueryParams.one(ctx, "unit");
            stateParam = QueryParams.one(ctx, "state");
        } catch (InvalidEventException e) {
            Replies.invalid(ctx, 400, e);
            return;
        }
        if (unitId != null) {
            Unit unit = org.unit(unitId);
            if (unit == null) {
                Replies.error(ctx, 400, "unit: unknown unit '" + unitId + "'", "unit", -1);
                return;
            }
            if (!access.seesAlerts(who, unit)) {
                Replies.error(ctx, 403, "this token may not read '" + unitId + "'");
                return;
            }
        }
        Predicate<Alert> byState;
        if (stateParam == null || stateParam.equalsIgnoreCase("active")) {
            byState = a -> a.state().active();
        } else if (stateParam.equalsIgnoreCase("all")) {
            byState = a -> true;
        } else {
            AlertState wanted;
            try {
                wanted = AlertState.valueOf(stateParam.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                Replies.error(ctx, 400, "state: expected active, all, raised, escalated, acknowledged, accepted "
                        + "or resolved", "state", -1);
                return;
            }
            byState = a -> a.state() == wanted;
        }
        Predicate<Alert> filter = byState.and(a -> (unitId == null || a.unit().equals(unitId))
                && access.seesAlerts(who, org.unit(a.unit())));
        if (TimeTravel.asked(ctx)) {
            timeTravel.answer(ctx, state -> views(state, filter), (views, at) -> alerts(views));
        } else {
            Replies.answer(ctx, engine.read(state -> views(state, filter)), AlertsApi::alerts);
        }
    }

    /** The alerts the filter keeps, with their history (engine thread, or a time-travel worker). */
    private static List<AlertView> views(EngineState state, Predicate<Alert> filter) {
        List<AlertView> views = new ArrayList<>();
        for (Alert a : state.alerts().find(filter)) {
            views.add(AlertView.of(a, true));
        }
        return views;
    }

    private static JsonObject alerts(List<AlertView> views) {
        JsonArray list = new JsonArray();
        for (AlertView a : views) {
            list.add(ApiJson.alert(a, true));
        }
        return new JsonObject().put("alerts", list);
    }

    private void one(RoutingContext ctx) {
        Principal who = Authenticator.principal(ctx);
        String id = ctx.pathParam("id");
        boolean historical = TimeTravel.asked(ctx);
        CompletionStage<Seen> found;
        if (historical) {
            long instant;
            try {
                instant = timeTravel.instant(ctx);
            } catch (InvalidEventException e) {
                Replies.invalid(ctx, 400, e);
                return;
            }
            found = timeTravel.at(instant, state -> seen(state, who, id));
        } else {
            found = engine.read(state -> seen(state, who, id));
        }
        Future.fromCompletionStage(found, ctx.vertx().getOrCreateContext()).onComplete(ar -> {
            if (ar.failed()) {
                Replies.fail(ctx, ar.cause());
            } else if (ar.result() == null) {
                Replies.error(ctx, 404, "no alert '" + id + "'" + (historical ? " at that instant" : ""));
            } else {
                // the audit entry names the alert as this answer holds it: the live book may have forgotten it, or
                // it may have been on another ward then (found by an audit: such a read was in no ward's trail)
                ctx.put(AuditTrail.ANSWERED_ALERT, ar.result().named());
                JsonObject body = ApiJson.alert(ar.result().view(), true);
                Replies.json(ctx, 200, historical ? TimeTravel.historical(body) : body);
            }
        });
    }

    /** An alert read: its view, and the units and patient an audit entry of the read names. */
    private record Seen(AlertView view, AuditTrail.Subject named) {}

    /** The alert with its history, or null when there is none or the token may not see it. */
    private Seen seen(EngineState state, Principal who, String id) {
        Alert a = state.alerts().get(id);
        // Same answer for "no such alert" and "not yours": alert ids must not reveal other units' alerts.
        return a == null || !access.seesAlerts(who, org.unit(a.unit())) ? null
                : new Seen(AlertView.of(a, true), AuditTrail.named(a));
    }

    /** Reads one answer from a request body; throws with the field at fault. */
    @FunctionalInterface
    private interface BodyReader {
        Payload.AlertCommand read(String alertId, JsonFields body) throws InvalidEventException;
    }

    private void answer(RoutingContext ctx, BodyReader reader) {
        Principal principal = Authenticator.principal(ctx);
        String id = ctx.pathParam("id");
        Payload.AlertCommand command;
        try {
            Buffer body = ctx.body().buffer();
            byte[] bytes = body == null || body.length() == 0 ? EMPTY_OBJECT : body.getBytes();
            command = reader.read(id, JsonFields.parse(bytes, 0, bytes.length));
        } catch (InvalidEventException e) {
            Replies.invalid(ctx, 400, e);
            return;
        }
        Future.fromCompletionStage(engine.answer(command, access.requester(principal)),
                ctx.vertx().getOrCreateContext()).onComplete(done -> {
                    if (done.failed()) {
                        Replies.fail(ctx, done.cause());
                        return;
                    }
                    Engine.AlertAnswer a = done.result();
                    switch (a.outcome()) {
                        case DONE, UNCHANGED -> Replies.json(ctx, 200, ApiJson.alert(a.alert(), true));
                        case NOT_FOUND -> Replies.error(ctx, 404, a.message());
                        case FORBIDDEN -> Replies.error(ctx, 403, a.message());
                        case CONFLICT -> {
                            JsonObject body = new JsonObject().put("error", a.message());
                            if (a.alert().accepted() != null) {
                                body.put("acceptedBy", a.alert().accepted().by())
                                        .put("acceptedRole", a.alert().accepted().role());
                            }
                            Replies.json(ctx, 409, body.put("alert", ApiJson.alert(a.alert(), true)));
                        }
                    }
                });
    }

    /** {@code {by?, role?, note?}}: an acknowledgement names a person (initials) or a role, or both. */
    private Payload.AlertCommand ack(String id, JsonFields f) throws InvalidEventException {
        f.requireOnly(ACK_FIELDS);
        String by = f.optionalWords("by", MAX_WHO);
        String role = f.optionalString("role", MAX_WHO);
        if (by == null && role == null) {
            throw new InvalidEventException("by", "say who acknowledges: initials or name (by), or role");
        }
        return new Payload.AlertAck(id, by, role, f.optionalWords("note", MAX_TEXT), null);
    }

    private Payload.AlertCommand undo(String id, JsonFields f) throws InvalidEventException {
        f.requireOnly(Set.of());
        return new Payload.AlertAckUndo(id, null);
    }

    /** {@code {by, role?}}. */
    private Payload.AlertCommand accept(String id, JsonFields f) throws InvalidEventException {
        f.requireOnly(ACCEPT_FIELDS);
        return new Payload.AlertAccept(id, f.words("by", MAX_WHO), role(f));
    }

    /** {@code {by, reason, role?}}: a reason is required. */
    private Payload.AlertCommand decline(String id, JsonFields f) throws InvalidEventException {
        f.requireOnly(DECLINE_FIELDS);
        return new Payload.AlertDecline(id, f.words("by", MAX_WHO), role(f), f.words("reason", MAX_TEXT));
    }

    /** {@code {by, reason, minutes?, role?}}: a reason is required; minutes within the policy's bound. */
    private Payload.AlertCommand notEscalating(String id, JsonFields f) throws InvalidEventException {
        f.requireOnly(NOT_ESCALATING_FIELDS);
        return new Payload.AlertNotEscalating(id, f.words("by", MAX_WHO), role(f), f.words("reason", MAX_TEXT),
                f.optionalInteger("minutes", 1, policy.notEscalatingMaxMinutes(), policy.notEscalatingMinutes()));
    }

    /** A responder's role, when given, must be one of the organisation's roles. */
    private String role(JsonFields f) throws InvalidEventException {
        String role = f.optionalString("role", MAX_WHO);
        if (role != null && policy.role(role) == null) {
            throw new InvalidEventException("role", "unknown role '" + role + "' (roles: "
                    + String.join(", ", policy.roles().keySet()) + ")");
        }
        return role;
    }
}
