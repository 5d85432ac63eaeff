package org.vigil.server.security;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.TestServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request line or headers over Vert.x's limits were refused 414 and 431 with an empty body (found by an HTTP
 * audit): each is the API's JSON error naming the limit, and the server goes on.
 */
class UndecodableRequestsTest {
    @TempDir
    static Path dir;
    static TestServer server;
    /** HTTP/1.1: the JDK's client otherwise asks to upgrade to HTTP/2, whose limits are others. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path, String header) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(15));
        if (header != null) {
            b.header("X-Padding", header);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRequestLineOverTheLimitIs414NamingIt() throws Exception {
        HttpResponse<String> r = get("/api/v1/alerts?unit=" + "W".repeat(5000), null);
        assertEquals(414, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(null));
        String error = new JsonObject(r.body()).getString("error");
        assertTrue(error.contains("4096 bytes"), error);
        assertEquals(200, get("/health", null).statusCode(), "the server goes on");
    }

    @Test
    void headersOverTheLimitAre431NamingIt() throws Exception {
        HttpResponse<String> r = get("/health", "x".repeat(9000));
        assertEquals(431, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(null));
        String error = new JsonObject(r.body()).getString("error");
        assertTrue(error.contains("8192 bytes"), error);
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null));
        assertEquals(200, get("/health", null).statusCode(), "the server goes on");
    }
}
