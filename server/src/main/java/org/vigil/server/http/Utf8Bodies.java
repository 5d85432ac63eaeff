package org.vigil.server.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * A JSON body must be well-formed UTF-8 (RFC 8259 §8.1), checked once here for every POST to the API before any
 * endpoint parses it: an overlong form or an encoded surrogate inside a string value was accepted and stored, as
 * a different identifier from the one a lenient reader of the same bytes sees (found by an HTTP audit). Refused 400
 * naming where, nothing stored.
 */
public final class Utf8Bodies implements Handler<RoutingContext> {

    @Override
    public void handle(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        int bad = body == null ? -1 : Utf8.firstMalformed(body);
        if (bad >= 0) {
            Replies.error(ctx, 400, "body: not valid UTF-8 (at byte " + bad + ")", "body", -1);
            return;
        }
        ctx.next();
    }
}
