package org.vigil.server;

import io.vertx.core.json.JsonObject;
import org.vigil.server.engine.Engine;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The real server, in-process, on a free loopback port with its journal in a test's directory, and the HTTP
 * calls the tests make to it. The wall clock is fixed (the one fake the tests use: time is not their subject), so
 * "five minutes in the future" and "today" are exact and no midnight tick can land mid-test.
 */
public final class TestServer implements AutoCloseable {
    /** The operator token handed to {@link VigilServer#start}: every scope. */
    public static final String BOOTSTRAP = "test-operator-token";
    /** Demo tokens (plain text of the hashes in demo-organisation.yaml). */
    public static final String FEED = "demo-feed";
    public static final String EXEC = "demo-exec";
    public static final String WARD_W12 = "demo-ward-rvt-w12";
    public static final String HOME_BAYV = "demo-home-bayv";

    public static final String JSON = "application/json";
    public static final String NDJSON = "application/x-ndjson";

    /** The fixed wall clock: 12:00 UTC, so events a few hours earlier are "today" in Europe/London. */
    public static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static final Duration READY_WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path dataDir;
    private final int maxBatchEvents;
    private final int maxBodyBytes;
    private final Engine.ClockMode clock;
    private java.util.function.Consumer<org.vigil.server.rules.Rules> rules = registry -> { };
    private VigilServer server;
    private JsonObject health;

    private TestServer(Path dataDir, int maxBatchEvents, int maxBodyBytes, Engine.ClockMode clock) {
        this.dataDir = dataDir;
        this.maxBatchEvents = maxBatchEvents;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    public static TestServer start(Path dataDir) {
        return start(dataDir, 10_000, 8 * 1024 * 1024);
    }

    /** Starts on {@code dataDir} (journal in dataDir/journal) and returns once /health says the replay is done. */
    public static TestServer start(Path dataDir, int maxBatchEvents, int maxBodyBytes) {
        TestServer s = new TestServer(dataDir, maxBatchEvents, maxBodyBytes, Engine.ClockMode.WALL);
        s.open();
        return s;
    }

    /**
     * A server on event time: only event times move its clock, as for a replayed or historical feed (on the wall
     * clock, a backlog's deadlines would all fire at once at the wall time, before the backlog's own records).
     */
    public static TestServer startOnEventTime(Path dataDir) {
        TestServer s = new TestServer(dataDir, 10_000, 8 * 1024 * 1024, Engine.ClockMode.EVENT);
        s.open();
        return s;
    }

    /** A server on event time whose rule registry also has the given rules (kept across restarts). */
    public static TestServer startOnEventTimeWithRules(Path dataDir,
                                                       java.util.function.Consumer<org.vigil.server.rules.Rules> rules) {
        TestServer s = new TestServer(dataDir, 10_000, 8 * 1024 * 1024, Engine.ClockMode.EVENT);
        s.rules = rules;
        s.open();
        return s;
    }

    private void open() {
        ServerConfig config = new ServerConfig("127.0.0.1", 0, dataDir, null, clock, 30,
                maxBatchEvents, maxBodyBytes, 65536);
        try {
            server = VigilServer.start(config, CLOCK, BOOTSTRAP, rules);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        health = awaitHealthy(port(), READY_WAIT);
    }

    /** Closes the server (journal closed cleanly) and starts a new one on the same data directory. */
    public void restart() {
        close();
        open();
    }

    /** The /health body seen when the server became ready after its last (re)start. */
    public JsonObject health() {
        return health;
    }

    public int port() {
        return server.port();
    }

    public VigilServer server() {
        return server;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    // ------------------------------------------------------------------ HTTP

    public Reply postEvents(String contentType, String body) {
        return post("/api/v1/events", BOOTSTRAP, contentType, body);
    }

    /** One event as application/json with the operator token. */
    public Reply postEvent(String json) {
        return postEvents(JSON, json);
    }

    /** An NDJSON batch, one event a line, with the operator token. */
    public Reply postBatch(String... lines) {
        return postEvents(NDJSON, String.join("\n", lines) + "\n");
    }

    public Reply post(String path, String token, String contentType, String body) {
        return send(port(), "POST", path, token, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public Reply get(String path, String token) {
        return send(port(), "GET", path, token, null, null);
    }

    /** {@code vigil_events_ingested_total{type, result}} as /metrics says it (0 when the series does not exist). */
    public double ingestedCount(String type, String result) {
        String series = "vigil_events_ingested_total{result=\"" + result + "\",type=\"" + type + "\"} ";
        return get("/metrics", null).body().lines().filter(l -> l.startsWith(series))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length()))).findFirst().orElse(0);
    }

    /** Every unit the operator may read (all of them), asserting the call succeeded. */
    public JsonObject overview() {
        Reply r = get("/api/v1/overview", BOOTSTRAP);
        if (r.status() != 200) {
            throw new AssertionError("overview answered " + r);
        }
        return r.json();
    }

    /** One ward's or care home's snapshot, read with the operator token. */
    public JsonObject unit(String id) {
        Reply r = get((id.startsWith("CH-") ? "/api/v1/carehomes/" : "/api/v1/wards/") + id, BOOTSTRAP);
        if (r.status() != 200) {
            throw new AssertionError(id + " answered " + r);
        }
        return r.json();
    }

    /** A request to any Vigil server on loopback (also the child JVM of the crash test); null token sends none. */
    public static Reply send(int port, String method, String path, String token, String contentType, byte[] body) {
        return sendAuthorized(port, method, path, token == null ? null : "Bearer " + token, contentType, body);
    }

    /** As {@link #send}, with the raw Authorization header value (null: none). */
    public static Reply sendAuthorized(int port, String method, String path, String authorization, String contentType,
                                       byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(null),
                    r.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(method + " " + path + " on port " + port, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Polls /health until 200 (bounded), returning its body. Before that the only acceptable answers are no answer
     * (not listening yet) and 503 "replaying".
     */
    public static JsonObject awaitHealthy(int port, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            Reply r;
            try {
                r = send(port, "GET", "/health", null, null, null);
            } catch (java.io.UncheckedIOException notListening) {
                r = null;
                last = notListening.getCause().toString();
            }
            if (r != null) {
                if (r.status() == 200) {
                    return r.json();
                }
                if (r.status() != 503 || !"replaying".equals(r.json().getString("status"))) {
                    throw new AssertionError("/health before ready must be 503 replaying, was " + r);
                }
                last = r.toString();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("/health on port " + port + " not 200 within " + within + "; last: " + last);
    }

    // ------------------------------------------------------------------ events as senders write them

    /** An admission, transfer or discharge as schema v1 JSON (bed may be null for a discharge). */
    public static String movement(String type, String id, Instant time, String unit, String patient, String bed) {
        JsonObject e = envelope(id, type, time, unit).put("patient", patient);
        if (bed != null) {
            e.put("bed", bed);
        }
        return e.encode();
    }

    public static String admission(String id, Instant time, String unit, String patient, String bed) {
        return movement("admission", id, time, unit, patient, bed);
    }

    public static JsonObject envelope(String id, String type, Instant time, String unit) {
        return new JsonObject().put("id", id).put("type", type).put("time", time.toString()).put("unit", unit);
    }

    /** An answer: status, body, and the headers the tests look at. */
    public record Reply(int status, String body, String contentType, String retryAfter) {
        public JsonObject json() {
            return new JsonObject(body);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
