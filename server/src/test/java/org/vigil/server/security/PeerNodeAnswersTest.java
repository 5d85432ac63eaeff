package org.vigil.server.security;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A page of another node of the cluster may answer alerts here, and nobody else: the preflight from a listed node's
 * origin is allowed (POST, the token and JSON headers, never credentials); any other origin gets no CORS header
 * (the browser refuses), and a request with no listed origin goes on to the token check as always — never a 403 for
 * a page reached through an address not among the nodes (a load balancer's).
 */
class PeerNodeAnswersTest {
    private static final String PEER = "https://vigil-2.trust.example";
    private static Vertx vertx;
    private static HttpServer server;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route("/api/v1/alerts/*").handler(new PeerNodeAnswers(List.of("https://vigil-1.trust.example", PEER)));
        router.route("/api/*").handler(ctx -> ctx.response().setStatusCode(401).end("the token check")); // next
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS); // slow under the full suite
    }

    private static HttpResponse<String> send(String method, String path, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (method.equals("OPTIONS")) {
            b.header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization,content-type");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPreflightFromAnotherNodeIsAllowedForPostWithTheTokenAndJson() throws Exception {
        HttpResponse<String> r = send("OPTIONS", "/api/v1/alerts/A-1/ack", PEER);
        assertEquals(204, r.statusCode());
        assertEquals(PEER, r.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertEquals("POST", r.headers().firstValue("Access-Control-Allow-Methods").orElse(null));
        assertEquals("Authorization, Content-Type", r.headers().firstValue("Access-Control-Allow-Headers").orElse(null));
        assertFalse(r.headers().firstValue("Access-Control-Allow-Credentials").isPresent());
    }

    @Test
    void theAnswerFromAnotherNodeGoesOnToTheTokenCheckWithItsOriginAllowed() throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/alerts/A-1/ack", PEER);
        assertEquals(401, r.statusCode(), "a token is still needed");
        assertEquals(PEER, r.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    }

    @Test
    void anyOtherOriginGetsNoCorsHeaderAndIsNeverRefusedHere() throws Exception {
        for (String origin : new String[] {"https://evil.example", "https://vigil.trust.example", null}) {
            for (String method : new String[] {"OPTIONS", "POST"}) {
                HttpResponse<String> r = send(method, "/api/v1/alerts/A-1/ack", origin);
                assertEquals(401, r.statusCode(), method + " from " + origin + ": on to the token check");
                assertTrue(r.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), method + " from " + origin);
            }
        }
    }

    @Test
    void onlyAnswersToAlertsAreOpenToTheOtherNodes() throws Exception {
        HttpResponse<String> r = send("OPTIONS", "/api/v1/events", PEER);
        assertEquals(401, r.statusCode());
        assertTrue(r.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }
}
