package org.vigil.server.security;

import org.vigil.organisation.tokens.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.EdgeServer;
import org.vigil.server.TestServer;
import org.vigil.server.wall.WallHub;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Token windows at the edges of the running server: the API says why a token is refused (RFC 6750), the expiry
 * is a Prometheus gauge, and a wall whose token expires during its session is closed with a distinct code and
 * reason ("token expired"), as is a wall that presents an expired token, so the page can say so.
 */
class TokenExpiryTest {
    static final Instant NOW = Instant.parse("2026-12-10T12:00:00Z");
    static final Instant LATER = NOW.plusSeconds(3600);

    @TempDir
    static Path dir;
    static EdgeServer edge;
    static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        edge = EdgeServer.start(dir, NOW,
                TokensTest.grant("expiring wall", "expiring-wall", null, LATER, "\"read:ward:RVT-W12\"")
                        + TokensTest.grant("expired wall", "expired-wall", null, NOW.minusSeconds(1), "\"read:ward:RVT-W12\"")
                        + TokensTest.grant("future wall", "future-wall", NOW.plusSeconds(60), null, "\"read:ward:RVT-W12\""),
                false, java.util.List.of());
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        if (vertx != null) {
            vertx.close();
        }
        if (edge != null) {
            edge.close();
        }
    }

    /** A wall screen: connects, authenticates, and records what it is sent and how it is closed. */
    static final class Screen {
        final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        /** Held as long as the screen: Vert.x shuts an unreferenced client, and its sockets, down. */
        private final WebSocketClient client = vertx.createWebSocketClient();

        Screen(String token) throws Exception {
            WebSocket ws = client.connect(edge.port(), "127.0.0.1", "/ws/wall").toCompletionStage()
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            ws.textMessageHandler(t -> messages.add(new JsonObject(t)));
            ws.closeHandler(v -> closed.complete(ws.closeStatusCode() + " " + ws.closeReason()));
            ws.writeTextMessage(new JsonObject().put("type", "auth").put("token", token).put("view", "ward")
                    .put("id", "RVT-W12").encode());
        }
    }

    @Test
    void aWallWhoseTokenExpiresDuringItsSessionIsClosedWithTokenExpired() throws Exception {
        Screen s = new Screen("expiring-wall");
        JsonObject hello = s.messages.poll(10, TimeUnit.SECONDS);
        assertNotNull(hello);
        assertEquals("hello", hello.getString("type"));
        edge.clock.set(LATER.minusMillis(1));
        s.messages.poll(1500, TimeUnit.MILLISECONDS); // more than one expiry sweep
        assertFalse(s.closed.isDone(), "still open one ms before notAfter");
        edge.clock.set(LATER);
        assertEquals(WallHub.TOKEN_WINDOW_CLOSED + " token expired", s.closed.get(10, TimeUnit.SECONDS));
        edge.clock.set(NOW);
    }

    @Test
    void aWallPresentingATokenOutsideItsWindowIsRefusedWithTheSameCodeAndTheReason() throws Exception {
        assertEquals(WallHub.TOKEN_WINDOW_CLOSED + " token expired", new Screen("expired-wall").closed.get(10, TimeUnit.SECONDS));
        assertEquals(WallHub.TOKEN_WINDOW_CLOSED + " token not yet valid",
                new Screen("future-wall").closed.get(10, TimeUnit.SECONDS));
        assertEquals("1008 unknown token", new Screen("nobody's").closed.get(10, TimeUnit.SECONDS));
    }

    static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theApiSaysWhyATokenIsRefused() throws Exception {
        HttpResponse<String> expired = get("/api/v1/wards/RVT-W12", "expired-wall");
        assertEquals(401, expired.statusCode());
        assertEquals("token expired", new JsonObject(expired.body()).getString("error"));
        assertEquals("Bearer error=\"invalid_token\", error_description=\"token expired\"",
                expired.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals("token not yet valid", new JsonObject(get("/api/v1/wards/RVT-W12", "future-wall").body()).getString("error"));
        assertEquals(200, get("/api/v1/wards/RVT-W12", "expiring-wall").statusCode());
        HttpResponse<String> unknown = get("/api/v1/wards/RVT-W12", "nobody's");
        assertEquals("missing or unknown bearer token", new JsonObject(unknown.body()).getString("error"));
        assertEquals("Bearer error=\"invalid_token\", error_description=\"unknown bearer token\"",
                unknown.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals("Bearer", get("/api/v1/wards/RVT-W12", null).headers().firstValue("WWW-Authenticate").orElseThrow());
        // the FHIR edge uses the same check
        assertEquals(401, get("/fhir/Observation?patient=P-1", "expired-wall").statusCode());
    }

    @Test
    void expiryIsInTheMetrics() throws Exception {
        String metrics = get("/metrics", null).body();
        assertTrue(metrics.contains("vigil_token_expiry_seconds{name=\"expiring wall\",sha256_prefix=\""
                + Tokens.sha256("expiring-wall").substring(0, 8) + "\"} 3600.0"), metrics);
        assertTrue(metrics.contains("vigil_token_expiry_seconds{name=\"demo feed (simulator, all units)\""), metrics);
    }
}
