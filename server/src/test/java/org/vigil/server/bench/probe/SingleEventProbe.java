package org.vigil.server.bench.probe;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.vigil.server.bench.compare.Stats;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * What one single event experiences among background load, measured the way a client outside the project does:
 * plain JDK {@link HttpClient} (HTTP/1.1, one request at a time, so one keep-alive connection) and a JDK
 * {@link java.net.http.WebSocket} subscribed to one ward's wall ({@link WallWatch}). No Vert.x, no FeedClient:
 * the probe shares nothing with the load generator but the machine. Run as its own JVM by {@link ProbeRun}.
 *
 * <p>Each round, started on a fixed schedule ({@code rounds/s}):
 * <ol>
 *   <li>two control requests, {@code POST /api/v1/news2} (same connection, auth and JSON body handling, but scored
 *       on the event loop: no engine, no journal) — the floor of POST → 200 on this machine at this moment: the
 *       first after the probe sat idle since its last round (its threads and the server's must be woken and
 *       scheduled, as for every request of a client sending single events), the second back to back;</li>
 *   <li>an admission of a probe patient to a fresh bed, waiting for its 200;</li>
 *   <li>a Martha's rule concern for that patient (an immediate PATIENT_CONCERN alert naming the bed), timed to
 *       its 200 and to the first wall message naming the bed;</li>
 *   <li>a discharge, so probe patients never fill the ward (it resolves the concern).</li>
 * </ol>
 * Every time is taken from the request's actual send; the {@code fromIntended} figures add the round's start
 * lag (actual start − scheduled start), so a stall that delays later rounds is counted in them rather than hidden
 * by the probe waiting for it (coordinated omission). Rounds never overlap: one connection, one request at a time;
 * a round due while the probe is still busy starts late, and rounds that could only start after the window closed
 * (the background load is gone by then) are counted, not run.
 */
public final class SingleEventProbe {
    /** What the probe is told; {@code maxRounds} bounds a run whatever the schedule. */
    record Settings(URI server, String token, String ward, double roundsPerSecond, double warmupSeconds,
                    double measuredSeconds, long maxRounds, Duration wallTimeout) {
        URI wallSocket() {
            return URI.create(server.toString().replaceFirst("^http", "ws") + "/ws/wall");
        }
    }

    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    private static final String NEWS2_BODY = "{\"respirationRate\":18,\"spo2\":96,\"spo2Scale\":1,\"onOxygen\":false,"
            + "\"systolicBp\":120,\"pulse\":80,\"consciousness\":\"A\",\"temperature\":37.0}";

    private final Settings settings;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String tag = Long.toString(System.currentTimeMillis() / 1000 % 1_679_616, 36);
    private final Histogram control = histogram();
    private final Histogram warmControl = histogram();
    private final Histogram admission = histogram();
    private final Histogram concern = histogram();
    private final Histogram post = histogram();
    private final Histogram discharge = histogram();
    private final Histogram wall = histogram();
    private final Histogram startLag = histogram();
    private final Histogram admissionFromIntended = histogram();
    private final Histogram wallFromIntended = histogram();
    private final Map<String, Object> errors = new TreeMap<>();
    private long measuredRounds;
    private long lateRounds;
    private long matched;
    private long unmatched;

    SingleEventProbe(Settings settings) {
        this.settings = settings;
    }

    /**
     * {@code SingleEventProbe --url http://127.0.0.1:PORT --ward ID --rate ROUNDS/S --warmup S --seconds S
     * --report FILE}, token in {@code VIGIL_PROBE_TOKEN} (never on a command line, where ps shows it). Prints
     * {@code probe: window-start EPOCH_MS} and {@code probe: window-end EPOCH_MS} as the measured window opens and
     * closes, so the parent can take its own readings over the same window.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        String token = System.getenv("VIGIL_PROBE_TOKEN");
        if (token == null || !a.containsKey("--url") || !a.containsKey("--report")) {
            System.err.println("usage: SingleEventProbe --url URL --report FILE [--ward ID] [--rate N] [--warmup S]"
                    + " [--seconds S] [--max-rounds N]   (token in VIGIL_PROBE_TOKEN)");
            System.exit(2);
        }
        double rate = Double.parseDouble(a.getOrDefault("--rate", "10"));
        Settings s = new Settings(URI.create(a.get("--url")), token, a.getOrDefault("--ward", "RVT-W12"), rate,
                Double.parseDouble(a.getOrDefault("--warmup", "10")), Double.parseDouble(a.getOrDefault("--seconds", "30")),
                Long.parseLong(a.getOrDefault("--max-rounds", "100000")), Duration.ofSeconds(5));
        JsonObject report = new SingleEventProbe(s).run();
        Files.writeString(Path.of(a.get("--report")), report.encodePrettily() + "\n");
        System.out.println("probe: done " + report.getJsonObject("rounds").encode());
    }

    /** Subscribes, runs the rounds, and returns the report; bounded by the schedule and {@code maxRounds}. */
    JsonObject run() throws Exception {
        long interval = (long) (1e9 / settings.roundsPerSecond());
        try (WallWatch screen = WallWatch.open(settings.wallSocket(), settings.token(), settings.ward(), Duration.ofSeconds(15))) {
            long t0 = System.nanoTime();
            long epoch0 = System.currentTimeMillis();
            long windowStart = t0 + (long) (settings.warmupSeconds() * 1e9);
            long windowEnd = windowStart + (long) (settings.measuredSeconds() * 1e9);
            screen.window(windowStart, windowEnd);
            // The window is announced on time even while a slow round holds the probe thread.
            Thread announcer = new Thread(() -> announce(windowStart, windowEnd), "probe-window");
            announcer.setDaemon(true);
            announcer.start();
            long round = 0;
            for (; round < settings.maxRounds(); round++) {
                long intended = t0 + round * interval;
                if (intended >= windowEnd) {
                    break;
                }
                sleepUntil(intended);
                if (System.nanoTime() >= windowEnd) {
                    lateRounds = (windowEnd - intended + interval - 1) / interval; // the load has gone: stop here
                    break;
                }
                round(screen, round, intended, intended >= windowStart);
            }
            announcer.join();
            return report(screen, epoch0 + (windowStart - t0) / 1_000_000, epoch0 + (windowEnd - t0) / 1_000_000, round);
        }
    }

    private static void announce(long windowStart, long windowEnd) {
        try {
            sleepUntil(windowStart);
            System.out.println("probe: window-start " + System.currentTimeMillis());
            sleepUntil(windowEnd);
            System.out.println("probe: window-end " + System.currentTimeMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void round(WallWatch screen, long n, long intended, boolean measured) throws InterruptedException {
        // prefixes of its own, so ids never collide with the simulator's load-run probes (ids are idempotency keys)
        String id = tag + "-" + Long.toString(n, 36);
        String patient = "sep-" + id;
        String bed = "S" + id;
        long start = System.nanoTime();
        long lag = Math.max(0, start - intended);
        long controlNanos = send("news2", "/api/v1/news2", NEWS2_BODY, measured);
        long warmControlNanos = send("news2", "/api/v1/news2", NEWS2_BODY, measured);
        WallWatch.Watch watch = screen.expect(bed);
        long admitted = send("admission", "/api/v1/events", event("pa-" + patient, "admission", patient, bed), measured);
        long c0 = System.nanoTime();
        watch.sent(c0);
        // no admission, no concern: the round is an error (counted by send), with no patient to discharge
        long raised = admitted < 0 ? -1 : send("concern", "/api/v1/events", event("pc-" + patient, "concern", patient, null), measured);
        long seen = raised < 0 ? -1 : watch.await(settings.wallTimeout());
        long discharged = admitted < 0 ? -1 : send("discharge", "/api/v1/events", event("pd-" + patient, "discharge", patient, null), measured);
        if (!measured) {
            return;
        }
        measuredRounds++;
        record(startLag, lag);
        record(control, controlNanos);
        record(warmControl, warmControlNanos);
        record(admission, admitted);
        record(post, admitted);
        record(admissionFromIntended, admitted < 0 ? -1 : admitted + lag);
        record(concern, raised);
        record(post, raised);
        record(discharge, discharged);
        if (raised >= 0 && seen < 0) {
            unmatched++;
        } else if (seen >= 0) {
            matched++;
            record(wall, seen - c0);
            record(wallFromIntended, seen - c0 + lag);
        }
    }

    /** POSTs {@code body} and returns nanoseconds from send to a complete 200, or -1 (counted as an error). */
    private long send(String what, String path, String body, boolean measured) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(settings.server().resolve(path)).timeout(HTTP_TIMEOUT)
                .header("Authorization", "Bearer " + settings.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long t0 = System.nanoTime();
        String error;
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            long elapsed = System.nanoTime() - t0;
            if (r.statusCode() == 200) {
                return elapsed;
            }
            error = what + " " + r.statusCode();
        } catch (IOException e) {
            error = what + " " + e.getClass().getSimpleName();
        }
        if (measured) {
            errors.merge(error, 1L, (x, y) -> (Long) x + (Long) y);
        }
        return -1;
    }

    /** A schema v1 event stamped with the wall clock (the server runs on it and rejects times from the future). */
    private String event(String id, String type, String patient, String bed) {
        StringBuilder sb = new StringBuilder(160).append("{\"id\":\"").append(id).append("\",\"type\":\"").append(type)
                .append("\",\"time\":\"").append(Instant.now()).append("\",\"unit\":\"").append(settings.ward())
                .append("\",\"patient\":\"").append(patient).append('"');
        if (bed != null) {
            sb.append(",\"bed\":\"").append(bed).append("\",\"age\":70");
        }
        if (type.equals("concern")) {
            sb.append(",\"raisedBy\":\"STAFF\"");
        }
        return sb.append('}').toString();
    }

    private JsonObject report(WallWatch screen, long windowStartMillis, long windowEndMillis, long rounds) {
        long[] perSecond = screen.messagesPerSecond();
        long[] bytes = screen.bytesPerSecond();
        Histogram size = screen.messageBytes();
        JsonObject ms = new JsonObject()
                .put("postTo200", ms(post))
                .put("admissionTo200", ms(admission))
                .put("concernTo200", ms(concern))
                .put("concernToWall", ms(wall))
                .put("controlNews2To200", ms(control))
                .put("controlNews2To200BackToBack", ms(warmControl))
                .put("dischargeTo200", ms(discharge))
                .put("startLag", ms(startLag))
                .put("admissionTo200FromIntended", ms(admissionFromIntended))
                .put("concernToWallFromIntended", ms(wallFromIntended));
        return new JsonObject()
                .put("ward", settings.ward())
                .put("roundsPerSecond", settings.roundsPerSecond())
                .put("warmupSeconds", settings.warmupSeconds())
                .put("measuredSeconds", settings.measuredSeconds())
                .put("windowStartEpochMs", windowStartMillis)
                .put("windowEndEpochMs", windowEndMillis)
                .put("rounds", new JsonObject().put("started", rounds).put("measured", measuredRounds)
                        .put("notStartedBeforeWindowEnd", lateRounds)
                        .put("matched", matched).put("unmatched", unmatched).put("errors", new JsonObject(errors))
                        .put("earlyMentions", screen.earlyMentions()))
                .put("latencyMs", ms)
                .put("wall", new JsonObject()
                        .put("messages", screen.messagesInWindow())
                        .put("bytesPerMessage", Stats.of(size, 1, "bytes"))
                        .put("messagesPerSecond", perSecondStats(perSecond))
                        .put("bytesPerSecond", perSecondStats(bytes))
                        .put("closed", screen.closedBecause()));
    }

    private static JsonObject perSecondStats(long[] perSecond) {
        long[] sorted = perSecond.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0);
        return new JsonObject().put("seconds", sorted.length).put("mean", Math.round(mean))
                .put("p50", sorted.length == 0 ? 0 : sorted[sorted.length / 2])
                .put("max", sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
    }

    private static Histogram histogram() {
        return new Histogram(3_600_000_000L, 3);
    }

    /** Records in microseconds (HdrHistogram, 3 significant digits); a failed request (-1) is not a time. */
    private static void record(Histogram h, long nanos) {
        if (nanos < 0) {
            return;
        }
        h.recordValue(Math.min(h.getHighestTrackableValue(), Math.max(1, nanos / 1000)));
    }

    private static JsonObject ms(Histogram h) {
        return Stats.of(h, 1000.0, "ms");
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        for (long left = nanos - System.nanoTime(); left > 0; left = nanos - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
