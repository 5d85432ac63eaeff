package org.vigil.server.security;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A request's line and headers must have arrived within {@code seconds} of its connection opening, or of the
 * previous response ending on a keep-alive connection; otherwise the connection is closed. The idle timeout alone
 * restarts with every byte, so a head sent a header line every few seconds held a connection for ever (found by an
 * independent check: "slowloris"), and Vert.x has no header timeout of its own. A connection that became a
 * WebSocket (a wall's, open for days) is never timed again. The body has a deadline of its own
 * ({@link BodyDeadline}). HTTP/1.1 only, one request at a time: the listeners offer no HTTP/2, whose streams overlap.
 *
 * <p>{@link #connected} is the listeners' connection handler; the instance itself is the router's first handler.
 * A connection's state is touched on its event loop only.
 */
public final class RequestHeadDeadline implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(RequestHeadDeadline.class);
    private static final long NONE = -1;

    private final Vertx vertx;
    private final long millis;
    /** The connections this deadline watches (listeners on several event loops share it). */
    private final Map<HttpConnection, Waiting> connections = new ConcurrentHashMap<>();

    public RequestHeadDeadline(Vertx vertx, int seconds) {
        this.vertx = vertx;
        this.millis = seconds * 1000L;
    }

    /** A connection opened: its first request's head is due. */
    public void connected(HttpConnection connection) {
        Waiting waiting = new Waiting();
        connections.put(connection, waiting);
        connection.closeHandler(v -> {
            connections.remove(connection);
            waiting.stop(vertx);
        });
        waiting.start(vertx, millis, connection);
    }

    /** A request's head arrived: none is due until its response has ended. */
    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpConnection connection = request.connection();
        Waiting waiting = connections.get(connection);
        if (waiting != null) {
            waiting.stop(vertx);
            waiting.request = request;
            ctx.addEndHandler(ended -> {
                // a pipelined request may already have begun: its own end starts the wait, not this one's.
                // A 101 is a WebSocket now; a response that failed leaves the connection closing.
                if (ended.succeeded() && waiting.request == request && request.response().getStatusCode() != 101
                        && connections.containsKey(connection)) {
                    waiting.start(vertx, millis, connection);
                }
            });
        }
        ctx.next();
    }

    /** One connection's deadline: the timer while a head is due, and the request it last saw. */
    private static final class Waiting {
        private long timer = NONE;
        private HttpServerRequest request;

        void start(Vertx vertx, long millis, HttpConnection connection) {
            request = null;
            timer = vertx.setTimer(millis, id -> {
                if (timer == id) {
                    LOG.debug("no request head from {} within {} s: connection closed", connection.remoteAddress(),
                            millis / 1000);
                    connection.close();
                }
            });
        }

        void stop(Vertx vertx) {
            if (timer != NONE) {
                vertx.cancelTimer(timer);
                timer = NONE;
            }
        }
    }
}
