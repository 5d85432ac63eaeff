package org.vigil.server.security;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import org.vigil.server.http.Replies;

/**
 * The answer to a request Netty's HTTP decoder refused, which no route sees: a request line over the limit (414),
 * headers over it (431), anything else malformed (400), each the API's JSON error naming the limit, where Vert.x's
 * own answer had an empty body (found by an HTTP audit). The connection is closed after it, as Vert.x does: the
 * decoder cannot find where the next request begins.
 */
public final class UndecodableRequests implements Handler<HttpServerRequest> {
    private final int maxLineBytes;
    private final int maxHeaderBytes;

    /** @param options the listener's, whose limits the decoder applies */
    public UndecodableRequests(HttpServerOptions options) {
        this.maxLineBytes = options.getMaxInitialLineLength();
        this.maxHeaderBytes = options.getMaxHeaderSize();
    }

    @Override
    public void handle(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        SecurityHeaders.set(request.response().headers(), request.isSSL());
        if (cause instanceof TooLongHttpLineException) {
            Replies.send(request.response(), 414, Replies.errorBody("request line (method, path and query) longer than "
                    + maxLineBytes + " bytes", null, -1));
        } else if (cause instanceof TooLongHttpHeaderException) {
            Replies.send(request.response(), 431, Replies.errorBody("request headers larger than " + maxHeaderBytes
                    + " bytes in all", null, -1));
        } else {
            Replies.send(request.response(), 400, Replies.errorBody("not a valid HTTP/1.1 request", null, -1));
        }
        request.connection().close();
    }
}
