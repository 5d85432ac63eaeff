package org.vigil.server.http;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.server.TestServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A known path asked with a method it does not take was a 404, as if it did not exist (found by an HTTP audit): it
 * is a 405 naming the methods it takes, in {@code Allow} and in the API's JSON error.
 */
class UnmatchedRequestsTest {
    @TempDir
    static Path dir;
    static TestServer server;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> send(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + TestServer.BOOTSTRAP)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @CsvSource({
            "DELETE, /api/v1/events,              POST",
            "GET,    /api/v1/events,              POST",
            "PUT,    /api/v1/alerts,              GET",
            "DELETE, /api/v1/wards/RVT-W12,       GET",
            "GET,    /api/v1/alerts/AL-1/ack,     POST",
            "PATCH,  /api/v1/news2,               POST",
            "POST,   /health,                     GET",
            "DELETE, /api/v1/spc/RVT-W12/falls,   GET",
    })
    void aKnownPathWithAnotherMethodIs405NamingTheMethodsItTakes(String method, String path, String allow)
            throws Exception {
        HttpResponse<String> r = send(method, path);
        assertEquals(405, r.statusCode(), r::body);
        assertEquals(allow, r.headers().firstValue("Allow").orElse(null));
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(null));
        JsonObject body = new JsonObject(r.body());
        assertEquals("method", body.getString("field"));
        assertTrue(body.getString("error").contains(method) && body.getString("error").contains(allow), r.body());
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null));
    }

    /** HEAD is not answered as a GET: a GET of the API may be an audited read (the commit says why). */
    @Test
    void headOfAGetEndpointIs405NamingGet() throws Exception {
        HttpResponse<String> r = send("HEAD", "/api/v1/alerts");
        assertEquals(405, r.statusCode());
        assertEquals("GET", r.headers().firstValue("Allow").orElse(null));
        assertTrue(r.body().isEmpty(), "a HEAD answer has no body");
    }

    @Test
    void aPathNoEndpointHasIsStill404() throws Exception {
        for (String method : new String[] {"GET", "DELETE", "POST"}) {
            HttpResponse<String> r = send(method, "/api/v1/nothing-here");
            assertEquals(404, r.statusCode(), method);
            assertFalse(r.headers().firstValue("Allow").isPresent(), method);
            assertEquals("no such endpoint: " + method + " /api/v1/nothing-here",
                    new JsonObject(r.body()).getString("error"));
        }
    }

    @Test
    void aTrailingSlashIsTheSameEndpoint() throws Exception {
        HttpResponse<String> r = send("DELETE", "/api/v1/events/");
        assertEquals(405, r.statusCode(), r::body);
        assertEquals("POST", r.headers().firstValue("Allow").orElse(null));
    }

    @Test
    void withoutATokenTheApiStillAnswers401First() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/v1/events")).method("DELETE", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
    }

    @Test
    void pathsAreMatchedSegmentBySegment() {
        assertTrue(UnmatchedRequests.sameEndpoint("/api/v1/alerts/:id/ack", "/api/v1/alerts/AL-7/ack"));
        assertTrue(UnmatchedRequests.sameEndpoint("/api/v1/alerts/:id/ack", "/api/v1/alerts/AL-7/ack/"));
        assertFalse(UnmatchedRequests.sameEndpoint("/api/v1/alerts/:id/ack", "/api/v1/alerts//ack"));
        assertFalse(UnmatchedRequests.sameEndpoint("/api/v1/alerts/:id", "/api/v1/alerts/AL-7/ack"));
        assertFalse(UnmatchedRequests.sameEndpoint("/api/v1/alerts", "/api/v1/alert"));
    }
}
