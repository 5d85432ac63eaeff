package org.vigil.server.security;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import org.vigil.server.http.Replies;

/**
 * RFC 9112 §3.2: a server MUST answer 400 to an HTTP/1.1 request without a Host header or with more than one;
 * Vert.x refuses the first, this the second.
 * Two Host headers are how a request is made to mean one host to a proxy or a log and another to the server
 * (found by an independent check: Netty and Vert.x accept them and use the first).
 */
public final class HostHeader implements Handler<RoutingContext> {

    @Override
    public void handle(RoutingContext ctx) {
        if (ctx.request().version() == HttpVersion.HTTP_1_1) {
            int hosts = ctx.request().headers().getAll("Host").size();
            if (hosts > 1) { // none is refused by Vert.x itself before any route
                Replies.error(ctx, 400, "Host: an HTTP/1.1 request must name its host once, not " + hosts + " times",
                        "Host", -1);
                return;
            }
        }
        ctx.next();
    }
}
