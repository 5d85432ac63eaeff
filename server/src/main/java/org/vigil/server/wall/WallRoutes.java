package org.vigil.server.wall;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.net.URI;

/**
 * The wall pages and their socket. Pages and assets carry no data and need no token; the data comes over
 * {@code /ws/wall}, which authenticates with its first message. Every asset is served from here (no CDN):
 * the walls' from {@code /wall/assets/}, the tablet's from {@code /carehome/assets/}, what both use (the token,
 * the server's vocabulary, the icon) from {@code /common/}.
 */
public final class WallRoutes {
    /** Only our own scripts and styles; the socket only to ourselves. */
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final WallHub hub;

    public WallRoutes(WallHub hub) {
        this.hub = hub;
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
        assets(router, "/wall/assets/", "webroot/wall/assets");
        assets(router, "/carehome/assets/", "webroot/carehome/assets");
        assets(router, "/common/", "webroot/common");
        // browsers ask for /favicon.ico wherever a page names no icon (an asset opened on its own, for one)
        router.get("/favicon.ico").handler(ctx -> ctx.redirect("/common/favicon.svg"));
    }

    private static void assets(Router router, String path, String dir) {
        router.get(path + "*").handler(ctx -> {
            ctx.response().putHeader("Content-Security-Policy", CSP).putHeader("X-Content-Type-Options", "nosniff");
            ctx.next();
        });
        router.get(path + "*").handler(StaticHandler.create(dir).setCachingEnabled(false));
    }

    private void page(RoutingContext ctx, String file) {
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", CSP)
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Cache-Control", "no-cache")
                .sendFile(file);
    }

    /** Cross-site pages may not open the socket (the token is still required; this stops borrowed sessions). */
    private void upgrade(RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        String host = ctx.request().getHeader("Host");
        if (origin != null && !origin.equals("null") && !sameHost(origin, host)) {
            ctx.response().setStatusCode(403).end("cross-origin wall socket refused");
            return;
        }
        ctx.request().toWebSocket().onSuccess(hub::accept)
                .onFailure(e -> { if (!ctx.response().ended()) ctx.response().setStatusCode(400).end(); });
    }

    private static boolean sameHost(String origin, String host) {
        try {
            URI u = URI.create(origin);
            String authority = u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
            return authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
