package org.vigil.server.security;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.vigil.organisation.tokens.Principal;
import org.vigil.organisation.tokens.Tokens;
import org.vigil.server.http.Replies;

/**
 * Every API route needs a known bearer token inside its validity window; which scopes it holds is checked by each
 * endpoint. A refusal says why (missing, unknown, not yet valid, expired) in the body and, per RFC 6750 §3, in
 * {@code WWW-Authenticate}, so an operator can tell an expired wall token from a wrong one.
 */
public final class Authenticator implements Handler<RoutingContext> {
    private static final String PRINCIPAL = "vigil.principal";
    private static final String REFUSAL = "vigil.refusal";

    private final Tokens tokens;

    public Authenticator(Tokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Principal p = authenticate(ctx, tokens);
        if (p == null) {
            Replies.error(ctx, 401, refusal(ctx));
            return;
        }
        ctx.next();
    }

    /**
     * Checks the request's bearer token; on success remembers the principal for {@link #principal} and returns it,
     * otherwise sets {@code WWW-Authenticate} and returns null ({@link #refusal} says why), leaving the answer's
     * body to the caller (JSON for the API, an OperationOutcome for FHIR).
     */
    public static Principal authenticate(RoutingContext ctx, Tokens tokens) {
        Tokens.Check check = tokens.check(ctx.request().getHeader("Authorization"));
        if (check.accepted()) {
            ctx.put(PRINCIPAL, check.principal());
            return check.principal();
        }
        ctx.put(REFUSAL, check.refusal());
        ctx.response().putHeader("WWW-Authenticate", check.refusal() == Tokens.Refusal.MISSING ? "Bearer"
                : "Bearer error=\"invalid_token\", error_description=\"" + check.refusal().message() + "\"");
        return null;
    }

    /** Why {@link #authenticate} refused this request, as the answer should say it. */
    public static String refusal(RoutingContext ctx) {
        Tokens.Refusal r = ctx.get(REFUSAL);
        return r == Tokens.Refusal.MISSING || r == Tokens.Refusal.UNKNOWN ? "missing or unknown bearer token" : r.message();
    }

    public static Principal principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }
}
