package org.vigil.server.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;
import java.util.TreeSet;

/**
 * The answer when no route took a request: 405 with an {@code Allow} header when its path is an endpoint's and only
 * the method is wrong (RFC 9110 §15.5.6), else 404; both the API's JSON error. A {@code DELETE /api/v1/events} was
 * a 404, as if the endpoint did not exist (found by an HTTP audit). Vert.x's own 405 has no body, and its Allow
 * would name the methods of every route matching the path, the POST-only body handlers of {@code /api/*} among them:
 * here only the endpoints, the routes of one exact path, answer for it. HEAD is not a GET without a body here but
 * a 405 naming GET: a GET of the API can be an audited read, which a HEAD must not record nor skip recording.
 */
public final class UnmatchedRequests implements Handler<RoutingContext> {
    private final Router router;

    public UnmatchedRequests(Router router) {
        this.router = router;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String method = ctx.request().method().name();
        String path = ctx.request().path();
        Set<String> allowed = allowed(ctx.normalizedPath());
        if (allowed.isEmpty()) {
            Replies.error(ctx, 404, "no such endpoint: " + method + " " + path);
        } else {
            String allow = String.join(", ", allowed);
            ctx.response().putHeader("Allow", allow);
            Replies.error(ctx, 405, "method: " + path + " does not take " + method + ", only " + allow, "method", -1);
        }
    }

    /** The methods of the endpoints whose path is {@code path}, in name order. */
    private Set<String> allowed(String path) {
        Set<String> allowed = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            if (route.isExactPath() && route.getPath() != null && route.methods() != null
                    && sameEndpoint(route.getPath(), path)) {
                route.methods().forEach(m -> allowed.add(m.name()));
            }
        }
        return allowed;
    }

    /**
     * Whether {@code path} is the route's: segment by segment, a {@code :name} segment matching any one segment, and
     * a trailing slash on the request's ignored, as the router matches an exact path.
     */
    static boolean sameEndpoint(String route, String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String r = route.length() > 1 && route.endsWith("/") ? route.substring(0, route.length() - 1) : route;
        String[] routeSegments = r.split("/", -1);
        String[] pathSegments = p.split("/", -1);
        if (routeSegments.length != pathSegments.length) {
            return false;
        }
        for (int i = 0; i < routeSegments.length; i++) {
            boolean param = routeSegments[i].startsWith(":");
            if (param ? pathSegments[i].isEmpty() : !routeSegments[i].equals(pathSegments[i])) {
                return false;
            }
        }
        return true;
    }
}
