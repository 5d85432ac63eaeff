package org.vigil.server.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/**
 * A POST to the API carries one JSON document, or nothing: a body of any other Content-Type is refused with 415
 * before it is read (ASVS 13.1.5; found by an independent check: the NEWS2 calculator, the SPC calculator and the
 * alert answers took text/plain and application/xml). Event ingest has its own check, which also takes NDJSON.
 */
public final class JsonBodies implements Handler<RoutingContext> {
    private final String except;

    /** @param except the one path with a check of its own */
    public JsonBodies(String except) {
        this.except = except;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest r = ctx.request();
        if (!exempt(r.path()) && hasBody(r) && !"application/json".equals(mediaType(ctx))) {
            Replies.error(ctx, 415, "Content-Type must be application/json", "Content-Type", -1);
            return;
        }
        ctx.next();
    }

    /** The exempt path, with or without a trailing slash (the router routes both to it: found by a review). */
    private boolean exempt(String path) {
        return path.equals(except) || path.equals(except + "/");
    }

    private static boolean hasBody(HttpServerRequest r) {
        String length = r.getHeader(HttpHeaders.CONTENT_LENGTH);
        return r.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || length != null && !length.trim().equals("0");
    }

    /** The request's media type, lower case, without parameters; null without a Content-Type. */
    public static String mediaType(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (header == null) {
            return null;
        }
        int semi = header.indexOf(';');
        return (semi < 0 ? header : header.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }
}
