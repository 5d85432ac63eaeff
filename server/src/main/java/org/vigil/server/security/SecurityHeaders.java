package org.vigil.server.security;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * The headers every answer carries, whatever produced it (an endpoint, a static file, the 404 or the failure
 * handler): set just before the headers are written, so no route can forget them. A page that needs a wider
 * Content-Security-Policy (the walls' own scripts and styles) sets its own, which is kept; everything else gets
 * {@link #DEFAULT_CSP}, which allows nothing (JSON, FHIR and metrics are never rendered as documents).
 * Over TLS, HSTS tells browsers to use HTTPS only for a year (RFC 6797).
 */
public final class SecurityHeaders implements Handler<RoutingContext> {
    public static final String DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    public static final String HSTS = "max-age=31536000";

    @Override
    public void handle(RoutingContext ctx) {
        boolean tls = ctx.request().isSSL();
        ctx.addHeadersEndHandler(v -> set(ctx.response().headers(), tls));
        ctx.next();
    }

    /** Sets the headers on an answer; also for one no router gives (a request the HTTP decoder refused). */
    public static void set(MultiMap h, boolean tls) {
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        if (!h.contains("Content-Security-Policy")) {
            h.set("Content-Security-Policy", DEFAULT_CSP);
        }
        if (!h.contains("Referrer-Policy")) {
            h.set("Referrer-Policy", "no-referrer");
        }
        if (tls) {
            h.set("Strict-Transport-Security", HSTS);
        }
    }
}
