package org.vigil.server.wall;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.Unit;
import org.vigil.organisation.tokens.Principal;
import org.vigil.server.api.TimeTravel;
import org.vigil.server.engine.UnitSnapshot;
import org.vigil.server.http.QueryParams;
import org.vigil.server.http.Replies;
import org.vigil.server.security.Access;
import org.vigil.server.security.Authenticator;

import java.util.ArrayList;
import java.util.List;

/**
 * The executive wall as it was ({@code GET /api/v1/walls/trust/{id}?at=…}, {@code /api/v1/walls/system?at=…}): the
 * overview message the wall's socket sends on connecting ({@link WallJson#overview}, every tile at version 0: tiles
 * with the server's risk score, so the page never computes one), with its title, from a scratch state as at the
 * instant, marked {@code "historical": true}. The ward wall as it was reads {@code GET /api/v1/wards/{id}?at=} itself. Which wards
 * a view shows a token is {@link Access#readableWards}'s to say, as for the socket. Any thread.
 */
public final class WallsAsAt {
    private final Organisation org;
    private final Access access;
    private final TimeTravel timeTravel;

    public WallsAsAt(Organisation org, Access access, TimeTravel timeTravel) {
        this.org = org;
        this.access = access;
        this.timeTravel = timeTravel;
    }

    public void mount(Router router) {
        router.get("/api/v1/walls/trust/:id").handler(QueryParams.only("at")).handler(ctx -> overview(ctx, ctx.pathParam("id")));
        router.get("/api/v1/walls/system").handler(QueryParams.only("at")).handler(ctx -> overview(ctx, null));
    }

    private void overview(RoutingContext ctx, String trust) {
        Principal who = Authenticator.principal(ctx);
        if (trust != null && org.trustName(trust) == null) {
            Replies.error(ctx, 404, "no trust '" + trust + "'");
            return;
        }
        List<String> ids = new ArrayList<>();
        for (Unit w : access.readableWards(who, trust)) {
            ids.add(w.id());
        }
        if (ids.isEmpty()) {
            Replies.error(ctx, 403, "this token may read no ward of " + (trust == null ? "the system" : "'" + trust + "'"));
            return;
        }
        String title = trust == null ? org.systemName() : org.trustName(trust);
        timeTravel.answer(ctx, state -> {
            List<WallFrame> tiles = new ArrayList<>(ids.size());
            for (String id : ids) {
                tiles.add(new WallFrame(id, 0, WallJson.tileBody(UnitSnapshot.of(state, id, 0))));
            }
            return tiles;
        }, (tiles, at) -> {
            JsonObject body = WallJson.overview(tiles).put("title", title);
            for (Object tile : body.getJsonArray("units")) {
                ((JsonObject) tile).put("asOf", java.time.Instant.ofEpochMilli(at).toString());
            }
            return body.put("asOf", java.time.Instant.ofEpochMilli(at).toString());
        });
    }
}
