package org.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.vigil.events.Event;
import org.vigil.events.EventParser;
import org.vigil.events.InvalidEventException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /api/v1/events} on a real server (server/ingest): the first byte picks one JSON event or an NDJSON
 * batch, the rest is the body. The answer is 200, 400, 403 or 413 — never 5xx, never a hang — and a 200 means every
 * event of the body is in the journal.
 */
class IngestFuzzTest {
    // HTTP/1.1, as the server's real clients (gateway, simulator, tablets through the edge) speak it
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static LiveServer live;
    private static EventParser parser;

    @BeforeAll
    static void start() throws Exception {
        live = new LiveServer();
        parser = new EventParser(EventParserFuzzTest.demo()::exists, Clock.systemUTC(), true);
    }

    @AfterAll
    static void stop() {
        live.close();
    }

    @FuzzTest
    void ingest(byte[] data) throws Exception {
        LiveServer.allowLoopbackOnly();
        if (data.length < 2) {
            return; // an empty body is answered 400 before anything is read; nothing to learn here
        }
        boolean batch = (data[0] & 1) == 1;
        byte[] body = Arrays.copyOfRange(data, 1, data.length);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + live.port() + "/api/v1/events"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + LiveServer.TOKEN)
                .header("Content-Type", batch ? "application/x-ndjson" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        int s = r.statusCode();
        assertTrue(s == 200 || s == 400 || s == 403 || s == 413, "answered " + s + ": " + r.body());
        if (s == 200) {
            List<Event> sent;
            try {
                sent = batch ? parser.parseBatch(body, Integer.MAX_VALUE) : List.of(parser.parse(body));
            } catch (InvalidEventException e) {
                throw new AssertionError("200 for a body the schema refuses: " + e.getMessage());
            }
            Set<String> journaled = live.journaledIds();
            for (Event e : sent) {
                assertTrue(journaled.contains(e.id()), "200 but not journaled: " + e.id());
            }
        }
    }
}
