package org.vigil.server.security;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Set;

/**
 * Cluster mode: a wall or responder page served by another node of the cluster may answer alerts here (CORS for
 * {@code POST /api/v1/alerts/…} from the nodes' own origins, {@code --node-urls}), so a screen whose node died and
 * whose socket fell back to this node can still acknowledge (docs/cluster.md). The answer still needs its bearer
 * token like any other; only these origins, only POST, only the two headers a page sends, never credentials
 * (cookies: Vigil has none).
 *
 * <p>Not Vert.x's {@code CorsHandler}: it refuses (403) any request whose {@code Origin} is not listed, and a page
 * reached through an address that is not among the nodes (a load balancer's) sends its own origin with every POST,
 * so acknowledging from it would break. Here an origin not listed gets no CORS headers and goes on: the browser then
 * refuses a cross-origin answer itself, and a same-origin one is answered as always. Before the token check, since a
 * preflight carries no token.
 */
public final class PeerNodeAnswers implements Handler<RoutingContext> {
    private final Set<String> nodes;

    public PeerNodeAnswers(List<String> nodes) {
        this.nodes = Set.copyOf(nodes);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        HttpServerResponse response = ctx.response();
        if (origin != null && nodes.contains(origin)) {
            response.putHeader("Access-Control-Allow-Origin", origin).putHeader("Vary", "Origin");
            if (ctx.request().method() == HttpMethod.OPTIONS
                    && ctx.request().getHeader("Access-Control-Request-Method") != null) {
                response.putHeader("Access-Control-Allow-Methods", "POST")
                        .putHeader("Access-Control-Allow-Headers", "Authorization, Content-Type")
                        .putHeader("Access-Control-Max-Age", "600")
                        .setStatusCode(204).end();
                return;
            }
        }
        ctx.next();
    }
}
