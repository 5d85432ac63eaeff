package org.vigil.server.wall;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import org.vigil.server.security.WebSocketOrigins;

import java.util.List;

/**
 * The wall pages, the care-home tablet, the responder page ({@code /respond}) and their socket. Pages and assets
 * carry no data and need no token; the data comes over {@code /ws/wall}, which authenticates with its first
 * message. Every asset is served from here (no CDN): the walls' from {@code /wall/assets/}, the tablet's from
 * {@code /carehome/assets/}, the responder page's from {@code /respond/assets/}, what they all use (the token, the
 * server's vocabulary, the icon) from {@code /common/}.
 */
public final class WallRoutes {
    private final WallHub hub;
    private final WebSocketOrigins origins;
    /**
     * Only our own scripts and styles; the socket and the answers to alerts only to ourselves, and to the other
     * nodes of a cluster.
     */
    private final String csp;

    public WallRoutes(WallHub hub, WebSocketOrigins origins) {
        this(hub, origins, List.of());
    }

    /**
     * With {@code nodes}: a cluster's nodes as browsers reach them, whose sockets the pages may fall back to, and
     * which then take the pages' answers to alerts.
     */
    public WallRoutes(WallHub hub, WebSocketOrigins origins, List<String> nodes) {
        this.hub = hub;
        this.origins = origins;
        StringBuilder peers = new StringBuilder();
        for (String n : nodes) {
            peers.append(' ').append(n).append(' ').append(n.replaceFirst("^http", "ws"));
        }
        this.csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self'" + peers + "; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    }

    public void mount(Router router) {
        router.get("/ws/wall").handler(this::upgrade);
        router.get("/wall/ward/:id").handler(ctx -> page(ctx, "webroot/wall/ward.html"));
        router.get("/wall/trust/:id").handler(ctx -> page(ctx, "webroot/wall/executive.html"));
        router.get("/wall/system").handler(ctx -> page(ctx, "webroot/wall/executive.html"));
        router.get("/wall/carehomes").handler(ctx -> page(ctx, "webroot/wall/carehomes.html"));
        // The care-home tablet: its own app beside the walls (no data in the page; the token comes from the URL
        // fragment and the data from the API), sharing only webroot/common with them.
        router.get("/carehome/:id").handler(ctx -> page(ctx, "webroot/carehome/carehome.html"));
        // A responder's phone: the alerts its role was told of, with Accept / Decline / Not escalating.
        router.get("/respond").handler(ctx -> page(ctx, "webroot/respond/respond.html"));
        // SPC: a unit's charts, and the board report of a trust, a place or the system (data from /api/v1/spc)
        router.get("/report/unit/:id").handler(ctx -> page(ctx, "webroot/report/unit.html"));
        router.get("/report/board/system").handler(ctx -> page(ctx, "webroot/report/board.html"));
        router.get("/report/board/place/:id").handler(ctx -> page(ctx, "webroot/report/board.html"));
        router.get("/report/board/:trust").handler(ctx -> page(ctx, "webroot/report/board.html"));
        // an incident review (docs/time-travel.md); its data from /api/v1/incidents, with an audit: scope
        router.get("/report/incident/:unit/:patient").handler(ctx -> page(ctx, "webroot/report/incident.html"));
        assets(router, "/report/assets/", "webroot/report/assets");
        assets(router, "/wall/assets/", "webroot/wall/assets");
        assets(router, "/carehome/assets/", "webroot/carehome/assets");
        assets(router, "/respond/assets/", "webroot/respond/assets");
        assets(router, "/common/", "webroot/common");
        // browsers ask for /favicon.ico wherever a page names no icon (an asset opened on its own, for one)
        router.get("/favicon.ico").handler(ctx -> ctx.reroute("/common/favicon.svg")); // served here: no redirect
    }

    private void assets(Router router, String path, String dir) {
        router.get(path + "*").handler(ctx -> {
            ctx.response().putHeader("Content-Security-Policy", csp).putHeader("X-Content-Type-Options", "nosniff");
            ctx.next();
        });
        router.get(path + "*").handler(StaticHandler.create(dir).setCachingEnabled(false));
    }

    private void page(RoutingContext ctx, String file) {
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", csp)
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Cache-Control", "no-cache")
                .sendFile(file);
    }

    /** Cross-site pages may not open the socket (the token is still required; this stops borrowed sessions). */
    private void upgrade(RoutingContext ctx) {
        if (!origins.allows(ctx.request())) {
            ctx.response().setStatusCode(403).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("cross-origin wall socket refused");
            return;
        }
        if (!"websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
            ctx.response().setStatusCode(400).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("a WebSocket upgrade is expected here");
            return;
        }
        ctx.request().toWebSocket().onSuccess(hub::accept)
                .onFailure(e -> { if (!ctx.response().ended()) ctx.response().setStatusCode(400).end(); });
    }
}
