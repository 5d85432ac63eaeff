package org.vigil.gateway.edge;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.gateway.edge.EdgeFixture.FEED;
import static org.vigil.gateway.edge.EdgeFixture.admission;

/** The HTTPS edge in front of a real server: what it answers itself and what it passes through. */
class HttpsEdgeTest {
    @TempDir
    static Path dir;
    static EdgeFixture fx;
    static HttpsEdge edge;

    @BeforeAll
    static void start() throws Exception {
        fx = new EdgeFixture(dir);
        edge = fx.edge(1000, 2000, 4096, 64);
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    void anEventOverTlsIsAnsweredWithTheServersOwn200() throws Exception {
        HttpResponse<String> r = fx.post(edge, "/api/v1/events", FEED, admission("RVT-W12"));
        assertEquals(200, r.statusCode(), r.body());
        JsonObject body = new JsonObject(r.body());
        assertEquals(1, body.getInteger("accepted"));
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void aRepeatedEventIsTheServersDuplicateNotASecondAdmission() throws Exception {
        String event = admission("RVT-W14");
        assertEquals(200, fx.post(edge, "/api/v1/events", FEED, event).statusCode());
        HttpResponse<String> again = fx.post(edge, "/api/v1/events", FEED, event);
        assertEquals(200, again.statusCode());
        assertEquals(1, new JsonObject(again.body()).getInteger("duplicates"));
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateGetsNothing() {
        HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThrows(SSLHandshakeException.class, () -> untrusting.send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + edge.port() + "/api/v1/events"))
                .POST(HttpRequest.BodyPublishers.ofString(admission("RVT-W12"))).build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void plainHttpOnTheTlsPortIsNeverServed() throws Exception {
        try (Socket s = new Socket("127.0.0.1", edge.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + FEED
                    + "\r\nContent-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String reply;
            try {
                reply = new String(in.readNBytes(64), StandardCharsets.ISO_8859_1);
            } catch (IOException closed) {
                reply = "";
            }
            assertTrue(!reply.startsWith("HTTP/"), reply);
        }
    }

    /**
     * A body trickled a byte at a time restarts the read timeout with every byte; the whole request must arrive
     * within the timeout of its start (here 2 s), so a tablet endpoint open to the internet cannot be held by it.
     */
    @Test
    void aBodyTrickledPastTheTimeoutIsClosed() throws Exception {
        HttpsEdge quick = fx.edge(1000, 2000, 4096, 64, 2);
        try (Socket s = fx.tls.getSocketFactory().createSocket("127.0.0.1", quick.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + FEED
                    + "\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            boolean closed = false;
            for (int i = 0; i < 60 && !closed; i++) { // 30 s, far beyond the 2 s the whole request is given
                try {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(500);
                } catch (IOException e) {
                    closed = true;
                }
            }
            assertTrue(closed, "a body trickled for 30 s was still being read");
        }
    }

    /**
     * Headers sent a line at a time restart the read timeout with each line too: the request must still arrive whole
     * within the timeout of its first byte (found by an independent check: a header every 5 s kept the connection
     * open past 240 s).
     */
    @Test
    void headersTrickledPastTheTimeoutAreClosed() throws Exception {
        HttpsEdge quick = fx.edge(1000, 2000, 4096, 64, 2);
        try (Socket s = fx.tls.getSocketFactory().createSocket("127.0.0.1", quick.port())) {
            OutputStream out = s.getOutputStream();
            out.write("GET /api/v1/carehomes/CH-BAYV/residents HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            boolean closed = false;
            for (int i = 0; i < 60 && !closed; i++) { // 30 s, far beyond the 2 s the whole request is given
                try {
                    out.write(("X-Slow-" + i + ": b\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(500);
                } catch (IOException e) {
                    closed = true;
                }
            }
            assertTrue(closed, "headers trickled for 30 s were still being read");
        }
    }

    @Test
    void missingOrUnknownTokensAre401AtTheEdge() throws Exception {
        HttpResponse<String> none = fx.post(edge, "/api/v1/events", null, admission("RVT-W12"));
        assertEquals(401, none.statusCode());
        assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(""));
        assertTrue(new JsonObject(none.body()).containsKey("error"));
        assertEquals(401, fx.post(edge, "/api/v1/events", "not-a-real-token", admission("RVT-W12")).statusCode());
        assertEquals(401, fx.post(edge, "/api/v1/news2", "not-a-real-token", "{}").statusCode());
    }

    @Test
    void theBootstrapTokenIsKnownAtTheEdgeToo() throws Exception {
        assertEquals(200, fx.post(edge, "/api/v1/events", EdgeFixture.BOOTSTRAP, admission("RVT-W12")).statusCode());
    }

    @Test
    void anOversizedBodyIs413AndTheConnectionStaysUsable() throws Exception {
        String big = "{\"pad\":\"" + "x".repeat(8192) + "\"}";
        HttpResponse<String> r = fx.post(edge, "/api/v1/events", FEED, big);
        assertEquals(413, r.statusCode());
        assertTrue(new JsonObject(r.body()).getString("error").contains("4096"));
        assertEquals(200, fx.post(edge, "/api/v1/events", FEED, admission("RVT-W12")).statusCode());
    }

    @Test
    void theServersFieldErrorIsPassedThroughAsItIs() throws Exception {
        String noBed = admission("RVT-W12").replace(",\"bed\":\"B1\"", "");
        HttpResponse<String> r = fx.post(edge, "/api/v1/events", FEED, noBed);
        assertEquals(400, r.statusCode(), r.body());
        JsonObject body = new JsonObject(r.body());
        assertEquals("bed", body.getString("field"), r.body());
        assertTrue(body.getString("error").contains("missing"));
    }

    @Test
    void theServerStillChecksUnitScopes() throws Exception {
        // a care-home tablet token is known at the edge but may not write to a hospital ward
        HttpResponse<String> r = fx.post(edge, "/api/v1/events", "demo-home-bayv", admission("RVT-W12"));
        assertEquals(403, r.statusCode(), r.body());
    }

    @Test
    void tabletsReadTheirResidentsThroughTheEdge() throws Exception {
        HttpResponse<String> r = fx.get(edge, "/api/v1/carehomes/CH-BAYV/residents", "demo-home-bayv");
        assertEquals(200, r.statusCode(), r.body());
        assertNotEquals(200, fx.get(edge, "/api/v1/carehomes/CH-OAKS/residents", "demo-home-bayv").statusCode());
    }

    @Test
    void onlyTheTabletAndFeedEndpointsAreExposed() throws Exception {
        assertEquals(404, fx.get(edge, "/api/v1/overview", "demo-exec").statusCode());
        assertEquals(404, fx.get(edge, "/metrics", "demo-exec").statusCode());
        assertEquals(405, fx.get(edge, "/api/v1/events", FEED).statusCode());
    }

    /** A path with a malformed %-escape is answered, as the server answers it (it closed the connection unanswered). */
    @Test
    void aPathThatCannotBeDecodedIsA400() throws Exception {
        try (Socket s = fx.tls.getSocketFactory().createSocket("127.0.0.1", edge.port())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("GET /api/v1/carehomes/CH-BAYV%zz/residents HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(reply.startsWith("HTTP/1.1 400 Bad Request\r\n"), reply);
            assertTrue(reply.endsWith("{\"error\":\"path: not a valid URL path (a malformed %-escape?)\"}"), reply);
        }
    }

    @Test
    void news2IsScoredByTheServer() throws Exception {
        // RCP NEWS2 chart: RR 25 (3), SpO2 95 scale 1 (1), air (0), SBP 105 (1), pulse 95 (1), alert (0), 38.5 °C (1) = 7
        HttpResponse<String> r = fx.post(edge, "/api/v1/news2", "demo-home-bayv", "{\"respirationRate\":25,\"spo2\":95,"
                + "\"spo2Scale\":1,\"onOxygen\":false,\"systolicBp\":105,\"pulse\":95,\"consciousness\":\"A\",\"temperature\":38.5}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(7, new JsonObject(r.body()).getInteger("score"), r.body());
    }

    @Test
    void aTokenOverItsBurstGets429WithRetryAfter() throws Exception {
        HttpsEdge slow = fx.edge(1, 2, 4096, 64);
        int ok = 0;
        HttpResponse<String> limited = null;
        for (int i = 0; i < 4 && limited == null; i++) {
            HttpResponse<String> r = fx.post(slow, "/api/v1/events", "demo-feed", admission("RVT-W21"));
            if (r.statusCode() == 429) {
                limited = r;
            } else {
                assertEquals(200, r.statusCode(), r.body());
                ok++;
            }
        }
        assertEquals(2, ok, "the burst");
        assertTrue(limited != null, "no 429 after the burst");
        assertEquals("1", limited.headers().firstValue("Retry-After").orElse(""));
        // another token has its own bucket
        assertEquals(200, fx.post(slow, "/api/v1/events", EdgeFixture.BOOTSTRAP, admission("RVT-W21")).statusCode());
    }
}
