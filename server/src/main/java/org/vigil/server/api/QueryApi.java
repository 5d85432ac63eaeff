package org.vigil.server.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.vigil.server.engine.Engine;
import org.vigil.server.engine.EngineState;
import org.vigil.server.org.Organisation;
import org.vigil.server.org.Unit;
import org.vigil.server.security.Action;
import org.vigil.server.security.Authenticator;
import org.vigil.server.security.Principal;

import java.util.function.Function;

/** Read endpoints: a ward's or care home's snapshot, and the overview of every unit a token may read. */
public final class QueryApi {
    private final Organisation org;
    private final Engine engine;

    public QueryApi(Organisation org, Engine engine) {
        this.org = org;
        this.engine = engine;
    }

    public void mount(Router router) {
        router.get("/api/v1/wards/:id").handler(ctx -> unit(ctx, "ward"));
        router.get("/api/v1/carehomes/:id").handler(ctx -> unit(ctx, "careHome"));
        router.get("/api/v1/carehomes/:id/residents").handler(this::residents);
        router.get("/api/v1/overview").handler(this::overview);
    }

    private void unit(RoutingContext ctx, String kind) {
        String id = ctx.pathParam("id");
        Unit unit = org.unit(id);
        if (unit == null || !unit.kind().equals(kind)) {
            Replies.error(ctx, 404, "no " + (kind.equals("ward") ? "ward" : "care home") + " '" + id + "'");
            return;
        }
        if (!Authenticator.principal(ctx).can(Action.READ, unit)) {
            Replies.error(ctx, 403, "this token may not read '" + id + "'");
            return;
        }
        answer(ctx, state -> state.snapshot(id));
    }

    /**
     * The home's own tablet view: residents by pseudonymous id with their latest advice and SBARD. Only a token
     * scoped to this very home (not a place or system view) may list residents.
     */
    private void residents(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Unit unit = org.unit(id);
        if (unit == null || !unit.kind().equals("careHome")) {
            Replies.error(ctx, 404, "no care home '" + id + "'");
            return;
        }
        Principal who = Authenticator.principal(ctx);
        if (!who.has("read:home:" + id) && !who.has("ingest:home:" + id)) {
            Replies.error(ctx, 403, "only this care home's own token may list its residents");
            return;
        }
        answer(ctx, state -> new JsonObject().put("home", id).put("residents", state.careHomes().residents(id)));
    }

    private void overview(RoutingContext ctx) {
        Principal who = Authenticator.principal(ctx);
        answer(ctx, state -> state.overview(u -> who.can(Action.READ, u)));
    }

    private void answer(RoutingContext ctx, Function<EngineState, JsonObject> query) {
        Replies.answer(ctx, engine.read(query));
    }
}
