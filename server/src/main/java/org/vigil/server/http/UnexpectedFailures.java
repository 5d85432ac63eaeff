package org.vigil.server.http;

import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.vigil.server.kernel.RedactedFailure;

import java.util.Map;

/**
 * How a fault of ours (a 500) is logged: the method, the path with each path parameter's value replaced by its name
 * ({@code /api/v1/incidents/:unit/:patient}: an incident review's path names the patient's pseudonym), and the
 * failure's classes and stack without their messages ({@link RedactedFailure}), so the log names no patient
 * (hazard log HAZ-13).
 */
public final class UnexpectedFailures {
    private UnexpectedFailures() {
    }

    public static void log(Logger log, RoutingContext ctx) {
        log.error("unexpected failure on {} {}", ctx.request().method(), path(ctx), RedactedFailure.of(ctx.failure()));
    }

    /** The request's path, each path parameter's value replaced by {@code :name}. */
    static String path(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        for (Map.Entry<String, String> p : ctx.pathParams().entrySet()) {
            if (!p.getValue().isEmpty()) {
                path = path.replace("/" + p.getValue(), "/:" + p.getKey());
            }
        }
        return path;
    }
}
