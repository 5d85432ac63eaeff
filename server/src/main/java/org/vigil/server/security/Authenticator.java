package org.vigil.server.security;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.vigil.server.api.Replies;

/** Every API route needs a known bearer token; which scopes it holds is checked by each endpoint. */
public final class Authenticator implements Handler<RoutingContext> {
    private static final String PRINCIPAL = "vigil.principal";

    private final Tokens tokens;

    public Authenticator(Tokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Principal p = tokens.authenticate(ctx.request().getHeader("Authorization"));
        if (p == null) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            Replies.error(ctx, 401, "missing or unknown bearer token");
            return;
        }
        ctx.put(PRINCIPAL, p);
        ctx.next();
    }

    public static Principal principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }
}
