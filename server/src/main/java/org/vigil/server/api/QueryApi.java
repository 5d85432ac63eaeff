package org.vigil.server.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.vigil.organisation.CareHome;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.Unit;
import org.vigil.organisation.tokens.Principal;
import org.vigil.server.engine.Engine;
import org.vigil.server.engine.UnitSnapshot;
import org.vigil.server.http.Replies;
import org.vigil.server.security.Access;
import org.vigil.server.security.Authenticator;

import java.util.ArrayList;
import java.util.List;

/**
 * Read endpoints: a ward's or care home's snapshot, a home's residents, and the overview of every unit a token may
 * read. The engine thread takes the typed snapshots; JSON is written on the event loop ({@link ApiJson}).
 */
public final class QueryApi {
    private final Organisation org;
    private final Engine engine;
    private final Access access;

    public QueryApi(Organisation org, Engine engine, Access access) {
        this.org = org;
        this.engine = engine;
        this.access = access;
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
        if (!access.mayRead(Authenticator.principal(ctx), unit)) {
            Replies.error(ctx, 403, "this token may not read '" + id + "'");
            return;
        }
        Replies.answer(ctx, engine.read(state -> engine.publication().now(id)), ApiJson::unit);
    }

    /**
     * The home's own tablet view: residents by pseudonymous id with their latest advice and SBARD. Only a token
     * scoped to this very home (not a place or system view) may list residents.
     */
    private void residents(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!(org.unit(id) instanceof CareHome home)) {
            Replies.error(ctx, 404, "no care home '" + id + "'");
            return;
        }
        if (!access.mayListResidents(Authenticator.principal(ctx), home)) {
            Replies.error(ctx, 403, "only this care home's own token may list its residents");
            return;
        }
        Replies.answer(ctx, engine.read(state -> state.careHomes().residents(id)),
                residents -> ApiJson.residents(id, residents));
    }

    private void overview(RoutingContext ctx) {
        Principal who = Authenticator.principal(ctx);
        Replies.answer(ctx, engine.read(state -> {
            List<UnitSnapshot> units = new ArrayList<>();
            for (Unit u : org.units()) {
                if (access.mayRead(who, u)) {
                    units.add(engine.publication().now(u.id()));
                }
            }
            return units;
        }), units -> ApiJson.overview(org.systemId(), units));
    }
}
