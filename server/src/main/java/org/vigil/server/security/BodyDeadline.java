package org.vigil.server.security;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request's body must have arrived within the idle timeout of its headers, or the request is reset (on HTTP/1.1,
 * its connection closed). The idle timeout alone restarts with every byte, so a body trickled a byte a minute held
 * a connection for ever (found by an independent check: a slow-body attack, "slowloris" on the body). At the
 * default 120 s an 8 MiB body needs 70 kB/s, far below any sender's link. Every method's: a GET or PUT whose body
 * no route reads was answered, and its body then drained for ever (found by an HTTP audit).
 */
public final class BodyDeadline implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(BodyDeadline.class);
    private final long millis;

    public BodyDeadline(int seconds) {
        this.millis = seconds * 1000L;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!request.isEnded()) {
            long timer = ctx.vertx().setTimer(millis, id -> {
                if (!request.isEnded()) {
                    LOG.info("a request body from {} still incomplete after {} s: connection closed",
                            request.remoteAddress(), millis / 1000);
                    if (ctx.response().ended()) {
                        request.connection().close(); // answered already: only the connection is left to end
                    } else {
                        ctx.response().reset();
                    }
                }
            });
            // an answer sent before the body ended (a GET's, a refusal's) leaves the body to the deadline still
            ctx.addEndHandler(v -> {
                if (request.isEnded()) {
                    ctx.vertx().cancelTimer(timer);
                }
            });
        }
        ctx.next();
    }
}
