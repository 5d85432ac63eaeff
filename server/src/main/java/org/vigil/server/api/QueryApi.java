package org.vigil.server.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.vigil.organisation.CareHome;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.Unit;
import org.vigil.organisation.tokens.Principal;
import org.vigil.server.engine.Engine;
import org.vigil.server.engine.UnitSnapshot;
import org.vigil.server.http.QueryParams;
import org.vigil.server.http.Replies;
import org.vigil.server.security.Access;
import org.vigil.server.security.Authenticator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Read endpoints: a ward's or care home's snapshot, a home's residents, and the overview of every unit a token may
 * read. Units and the overview read the engine's published snapshots ({@link org.vigil.server.engine.Publication})
 * on the event loop, without a round trip through the engine thread (the engine answers an ingest only once its
 * snapshots are published, so a GET after a 200 sees the write); JSON is written there ({@link ApiJson}). A home's
 * residents are not in the snapshots (they name residents), so that list is still a query on the engine thread.
 * Each also answers as it was at an instant ({@code ?at=}, {@link TimeTravel}): the same body from a scratch state
 * on a time-travel worker, with {@code asOf} the instant and {@code "historical": true}.
 */
public final class QueryApi {
    private final Organisation org;
    private final Engine engine;
    private final Access access;
    private final TimeTravel timeTravel;

    public QueryApi(Organisation org, Engine engine, Access access, TimeTravel timeTravel) {
        this.org = org;
        this.engine = engine;
        this.access = access;
        this.timeTravel = timeTravel;
    }

    public void mount(Router router) {
        router.get("/api/v1/wards/:id").handler(QueryParams.only("at")).handler(ctx -> unit(ctx, "ward"));
        router.get("/api/v1/carehomes/:id").handler(QueryParams.only("at")).handler(ctx -> unit(ctx, "careHome"));
        router.get("/api/v1/carehomes/:id/residents").handler(QueryParams.only("at")).handler(this::residents);
        router.get("/api/v1/overview").handler(QueryParams.only("at")).handler(this::overview);
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
        if (TimeTravel.asked(ctx)) {
            timeTravel.answer(ctx, state -> UnitSnapshot.of(state, id, 0), ApiJson::unit);
            return;
        }
        UnitSnapshot snapshot = engine.publication().current(id);
        if (snapshot == null) {
            Replies.unavailable(ctx, "replaying the journal");
            return;
        }
        Replies.json(ctx, 200, ApiJson.unit(snapshot));
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
        if (!TimeTravel.asked(ctx)) {
            Replies.answer(ctx, engine.read(state -> state.careHomes().residents(id)),
                    residents -> ApiJson.residents(id, residents));
            return;
        }
        timeTravel.answer(ctx, state -> state.careHomes().residents(id), (residents, at) -> ApiJson.residents(id, residents));
    }

    private void overview(RoutingContext ctx) {
        Principal who = Authenticator.principal(ctx);
        if (TimeTravel.asked(ctx)) {
            timeTravel.answer(ctx, state -> {
                List<UnitSnapshot> units = new ArrayList<>();
                for (Unit u : org.units()) {
                    if (access.mayRead(who, u)) {
                        units.add(UnitSnapshot.of(state, u.id(), 0));
                    }
                }
                return units;
            }, (units, at) -> ApiJson.overview(org.systemId(), units, at));
            return;
        }
        List<UnitSnapshot> units = new ArrayList<>();
        for (Unit u : org.units()) {
            if (access.mayRead(who, u)) {
                UnitSnapshot snapshot = engine.publication().current(u.id());
                if (snapshot == null) {
                    Replies.unavailable(ctx, "replaying the journal");
                    return;
                }
                units.add(snapshot);
            }
        }
        Replies.json(ctx, 200, ApiJson.overview(org.systemId(), units));
    }
}
