package org.vigil.server.wall;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import org.vigil.server.security.WebSocketOrigins;

/**
 * The wall pages, the responder page ({@code /respond}) and their socket. Pages and assets carry no data and need no token; the data comes over
 * {@code /ws/wall}, which authenticates with its first message. Every asset is served from here (no CDN).
 */
public final class WallRoutes {
    /** Only our own scripts and styles; the socket only to ourselves. */
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final WallHub hub;
    private final WebSocketOrigins origins;

    public WallRoutes(WallHub hub, WebSocketOrigins origins) {
        this.hub = hub;
        this.origins = origins;
    }

    public void mount(Router router) {
        router.get("/ws/wall").handler(this::upgrade);
        router.get("/wall/ward/:id").handler(ctx -> page(ctx, "webroot/wall/ward.html"));
        router.get("/wall/trust/:id").handler(ctx -> page(ctx, "webroot/wall/executive.html"));
        router.get("/wall/system").handler(ctx -> page(ctx, "webroot/wall/executive.html"));
        router.get("/wall/carehomes").handler(ctx -> page(ctx, "webroot/wall/carehomes.html"));
        // The care-home tablet: a page like the walls (no data in it; the token comes from the URL fragment and
        // the data from the API), sharing their assets.
        router.get("/carehome/:id").handler(ctx -> page(ctx, "webroot/wall/carehome.html"));
        // A responder's phone: the alerts its role was told of, with Accept / Decline / Not escalating.
        router.get("/respond").handler(ctx -> page(ctx, "webroot/respond/respond.html"));
        for (String assets : new String[] {"wall", "respond"}) {
            router.get("/" + assets + "/assets/*").handler(ctx -> {
                ctx.response().putHeader("Content-Security-Policy", CSP).putHeader("X-Content-Type-Options", "nosniff");
                ctx.next();
            });
            router.get("/" + assets + "/assets/*")
                    .handler(StaticHandler.create("webroot/" + assets + "/assets").setCachingEnabled(false));
        }
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
