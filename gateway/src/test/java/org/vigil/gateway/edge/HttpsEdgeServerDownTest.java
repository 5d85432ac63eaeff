package org.vigil.gateway.edge;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.gateway.edge.EdgeFixture.FEED;
import static org.vigil.gateway.edge.EdgeFixture.admission;

/** Never accept and lose: with the server gone, the edge says 503 and when to retry, never 200. */
class HttpsEdgeServerDownTest {
    @TempDir
    Path dir;

    @Test
    void aStoppedServerMeans503WithRetryAfterNever200() throws Exception {
        try (EdgeFixture fx = new EdgeFixture(dir)) {
            HttpsEdge edge = fx.edge(1000, 2000, 4096, 64);
            assertEquals(200, fx.post(edge, "/api/v1/events", FEED, admission("RVT-W12")).statusCode());
            fx.stopServer();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = fx.post(edge, "/api/v1/events", FEED, admission("RVT-W12"));
                assertEquals(503, r.statusCode(), r.body());
                assertTrue(r.headers().firstValue("Retry-After").isPresent());
                assertTrue(r.body().contains("error"));
            }
        }
    }

    @Test
    void theBackpressureLimitAnswers503RatherThanQueueing() throws Exception {
        try (EdgeFixture fx = new EdgeFixture(dir)) {
            HttpsEdge edge = fx.edge(1000, 2000, 4096, 1);
            // eight at once through a limit of one: some must be turned away, and none of those may be a 200
            var requests = new java.util.ArrayList<java.util.concurrent.CompletableFuture<HttpResponse<String>>>();
            for (int i = 0; i < 8; i++) {
                requests.add(fx.client.sendAsync(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("https://127.0.0.1:" + edge.port() + "/api/v1/events"))
                        .header("Authorization", "Bearer " + FEED).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(admission("RVT-W12"))).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            int ok = 0;
            int busy = 0;
            for (var f : requests) {
                HttpResponse<String> r = f.get();
                if (r.statusCode() == 200) {
                    ok++;
                } else {
                    assertEquals(503, r.statusCode(), r.body());
                    assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
                    busy++;
                }
            }
            assertTrue(ok >= 1, "at least one got through");
            assertEquals(8, ok + busy);
        }
    }
}
