package org.vigil.server.api;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.vigil.events.InvalidEventException;
import org.vigil.events.JsonFields;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertState;
import org.vigil.server.engine.Engine;
import org.vigil.server.org.Organisation;
import org.vigil.server.org.Unit;
import org.vigil.server.security.Action;
import org.vigil.server.security.Authenticator;
import org.vigil.server.security.Principal;

import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code GET /api/v1/alerts?unit=&state=} lists alerts the token may read; {@code POST /api/v1/alerts/{id}/ack}
 * acknowledges one (needs the unit's ack scope), recording who and an optional note.
 */
public final class AlertsApi {
    private static final Set<String> ACK_FIELDS = Set.of("by", "note");

    private final Organisation org;
    private final Engine engine;

    public AlertsApi(Organisation org, Engine engine) {
        this.org = org;
        this.engine = engine;
    }

    public void mount(Router router) {
        router.get("/api/v1/alerts").handler(this::list);
        router.post("/api/v1/alerts/:id/ack").handler(this::ack);
    }

    private void list(RoutingContext ctx) {
        Principal who = Authenticator.principal(ctx);
        String unitId = ctx.request().getParam("unit");
        if (unitId != null) {
            Unit unit = org.unit(unitId);
            if (unit == null) {
                Replies.error(ctx, 400, "unit: unknown unit '" + unitId + "'", "unit", -1);
                return;
            }
            if (!who.can(Action.READ, unit)) {
                Replies.error(ctx, 403, "this token may not read '" + unitId + "'");
                return;
            }
        }
        String stateParam = ctx.request().getParam("state");
        Predicate<Alert> byState;
        if (stateParam == null || stateParam.equalsIgnoreCase("active")) {
            byState = a -> a.state().active();
        } else if (stateParam.equalsIgnoreCase("all")) {
            byState = a -> true;
        } else {
            AlertState wanted;
            try {
                wanted = AlertState.valueOf(stateParam.toUpperCase());
            } catch (IllegalArgumentException e) {
                Replies.error(ctx, 400, "state: expected active, all, raised, escalated, acknowledged or resolved", "state", -1);
                return;
            }
            byState = a -> a.state() == wanted;
        }
        Predicate<Alert> filter = byState.and(a -> (unitId == null || a.unit().equals(unitId))
                && who.can(Action.READ, org.unit(a.unit())));
        Replies.answer(ctx, engine.read(state -> {
            JsonArray list = new JsonArray();
            for (Alert a : state.alerts().find(filter)) {
                list.add(a.toJson());
            }
            return new JsonObject().put("alerts", list);
        }));
    }

    private void ack(RoutingContext ctx) {
        Principal who = Authenticator.principal(ctx);
        String id = ctx.pathParam("id");
        String by;
        String note;
        try {
            Buffer body = ctx.body().buffer();
            JsonFields f = body == null || body.length() == 0 ? null : JsonFields.parse(body.getBytes(), 0, body.length());
            if (f != null) {
                f.requireOnly(ACK_FIELDS);
            }
            by = f == null || !f.has("by") ? who.name() : f.string("by", 64);
            note = f == null ? null : f.optionalString("note", 280);
        } catch (InvalidEventException e) {
            Replies.invalid(ctx, 400, e);
            return;
        }
        Future.fromCompletionStage(engine.read(state -> {
            Alert a = state.alerts().get(id);
            return a == null ? null : a.unit();
        }), ctx.vertx().getOrCreateContext()).onComplete(found -> {
            if (found.failed()) {
                Replies.fail(ctx, found.cause());
                return;
            }
            Unit unit = found.result() == null ? null : org.unit(found.result());
            if (unit == null || !who.can(Action.READ, unit) && !who.can(Action.ACK, unit)) {
                // Same answer for "no such alert" and "not yours": alert ids must not reveal other units' alerts.
                Replies.error(ctx, 404, "no alert '" + id + "'");
                return;
            }
            if (!who.can(Action.ACK, unit)) {
                Replies.error(ctx, 403, "this token may not acknowledge alerts on '" + found.result() + "'");
                return;
            }
            Future.fromCompletionStage(engine.acknowledge(id, by, note), ctx.vertx().getOrCreateContext())
                    .onComplete(done -> {
                        if (done.failed()) {
                            Replies.fail(ctx, done.cause());
                            return;
                        }
                        switch (done.result()) {
                            case UNKNOWN -> Replies.error(ctx, 404, "no alert '" + id + "'");
                            case RESOLVED -> Replies.error(ctx, 409, "alert '" + id + "' is already resolved");
                            default -> Replies.answer(ctx, engine.read(state -> state.alerts().get(id).toJson()));
                        }
                    });
        });
    }
}
