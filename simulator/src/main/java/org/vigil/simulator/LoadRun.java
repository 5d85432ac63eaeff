package org.vigil.simulator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.events.RaisedBy;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.Ward;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Load mode: the simulation's events at {@code --rate} per second, restamped with the wall clock as they are
 * sent, for a warm-up and then a measured window. Latency is taken from each event's <em>intended</em> send time
 * (start + i / rate), so a server that falls behind shows up as latency instead of as a slower sender
 * (coordinated omission).
 *
 * <p>With {@code --ws-url}, probes measure the end-to-end path a wall screen sees: ten times a second a probe
 * patient is admitted to a fresh bed and a Martha's rule concern raised for them (an immediate alert); the
 * latency is from the probe's send to the first WebSocket message naming that bed. Without a WebSocket the
 * latency is ingest → acknowledgement (the journal append).
 */
final class LoadRun {
    private static final long PROBE_EVERY_NANOS = 100_000_000L;
    private static final long PROBE_TIMEOUT_NANOS = 10_000_000_000L;
    private static final long DRAIN_SECONDS = 15;

    private final Organisation org;
    private final SimulatorConfig config;
    private final Vertx vertx;
    private final Recorder progressLatency = new Recorder(3);
    private final Recorder measuredAck = new Recorder(3);
    private final Recorder measuredPush = new Recorder(3);
    private final AtomicLong measuredAccepted = new AtomicLong();
    private final AtomicLong measured4xx = new AtomicLong();
    private final AtomicLong measured5xx = new AtomicLong();
    private final AtomicLong probesSent = new AtomicLong();
    private final AtomicLong probesUnmatched = new AtomicLong();
    /** Probe bed marker (quoted, as it appears in JSON) → the probe. */
    private final Map<String, Probe> pending = new ConcurrentHashMap<>();
    private long warmupEndNanos, endNanos;
    private FeedClient client;

    private record Probe(String unit, String patient, String bed, long sentNanos) {}

    LoadRun(Organisation org, SimulatorConfig config, Vertx vertx) {
        this.org = org;
        this.config = config;
        this.vertx = vertx;
    }

    int run() throws InterruptedException {
        long startMillis = System.currentTimeMillis();
        Simulation sim = new Simulation(org, new Simulation.Options(config.seed(), startMillis, config.omissionRate()));
        FeedClient client = new FeedClient(vertx, config.url(), config.token(), config.concurrency());
        // Held to the end and closed there: a Vert.x 5 WebSocketClient no longer referenced is shut down by a
        // Cleaner at the next collection, closing its sockets (it lost 171 of 500 probes under load, BENCHMARKS.md).
        WebSocketClient walls = config.wsUrl() == null ? null : vertx.createWebSocketClient();
        List<WebSocket> sockets = walls == null ? List.of() : subscribe(walls);
        List<Ward> wards = org.wards();
        String probeTag = Long.toString(startMillis / 1000 % 1_679_616, 36);

        Semaphore inFlight = new Semaphore(config.concurrency());
        long t0 = System.nanoTime();
        warmupEndNanos = t0 + (long) (config.warmupSeconds() * 1e9);
        endNanos = warmupEndNanos + (long) (config.durationSeconds() * 1e9);
        long hardStop = endNanos + DRAIN_SECONDS * 1_000_000_000L;
        long generated = 0, nextProbe = t0, probeSeq = 0, lastProgress = t0, sentAtProgress = 0;
        List<Event> buffer = new ArrayList<>();
        // The simulation produces events in bursts (a medicine round); what a request did not take waits here.
        java.util.ArrayDeque<Event> backlog = new java.util.ArrayDeque<>();
        this.client = client;
        System.err.printf("simulate: load %.0f events/s, %.1f s warm-up + %.1f s measured, %d in flight, latency %s%n",
                config.rate(), config.warmupSeconds(), config.durationSeconds(), config.concurrency(),
                sockets.isEmpty() ? "ingest → acknowledgement" : "ingest → WebSocket push (" + sockets.size() + " subscriptions)");

        while (System.nanoTime() < endNanos && generated < config.maxEvents()) {
            long now = System.nanoTime();
            long due = Math.min(config.maxEvents(), (long) ((now - t0) / 1e9 * config.rate()));
            while (generated < due) {
                int n = (int) Math.min(config.batch(), due - generated);
                long[] intended = new long[n];
                for (int i = 0; i < n; i++) {
                    intended[i] = t0 + (long) ((generated + i) * 1e9 / config.rate());
                }
                if (backlog.size() < n) {
                    buffer.clear();
                    sim.nextEvents(n - backlog.size(), buffer);
                    backlog.addAll(buffer);
                }
                List<Event> next = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    next.add(backlog.poll());
                }
                List<Event> chunk = restamp(next, System.currentTimeMillis(), org.zone());
                generated += n;
                inFlight.acquire();
                client.send(chunk).onComplete(ar -> {
                    long ack = System.nanoTime();
                    FeedClient.Reply r = ar.result();
                    for (long t : intended) {
                        boolean measured = t >= warmupEndNanos && t < endNanos;
                        if (r.ok()) {
                            long micros = Math.max(1, (ack - t) / 1000);
                            progressLatency.recordValue(micros);
                            if (measured) {
                                measuredAck.recordValue(micros);
                                measuredAccepted.incrementAndGet();
                            }
                        }
                    }
                    if (!r.ok() && intended[0] >= warmupEndNanos && intended[0] < endNanos) {
                        (r.status() >= 400 && r.status() < 500 ? measured4xx : measured5xx).incrementAndGet();
                    }
                    inFlight.release();
                });
            }
            if (!sockets.isEmpty() && now >= nextProbe) {
                probe(client, wards.get((int) (probeSeq % wards.size())), probeTag, probeSeq++);
                nextProbe += PROBE_EVERY_NANOS;
            }
            if (!sockets.isEmpty()) {
                expireProbes(now);
            }
            if (now - lastProgress >= 1_000_000_000L) {
                Histogram h = progressLatency.getIntervalHistogram();
                System.err.printf("simulate: %s | sent %d (%.0f/s) | accepted %d | errors %d (4xx) %d (5xx/io) | in flight %d | ack p50 %.1f p99 %.1f ms%n",
                        now < warmupEndNanos ? "warm-up " : "measured", generated,
                        (generated - sentAtProgress) * 1e9 / (now - lastProgress), client.eventsAccepted.get(),
                        client.clientErrors.get(), client.serverErrors.get(),
                        config.concurrency() - inFlight.availablePermits(),
                        h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0);
                lastProgress = now;
                sentAtProgress = generated;
            }
            LockSupport.parkNanos(200_000);
        }
        long measuredEnd = Math.min(System.nanoTime(), endNanos);
        // Drain: every request answered (or timed out), every probe matched or expired — bounded in time.
        inFlight.tryAcquire(config.concurrency(), Math.max(1, (hardStop - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
        long probeDeadline = System.nanoTime() + PROBE_TIMEOUT_NANOS;
        while (!pending.isEmpty() && System.nanoTime() < probeDeadline) {
            expireProbes(System.nanoTime());
            Thread.sleep(50);
        }
        for (Map.Entry<String, Probe> e : pending.entrySet()) {
            if (pending.remove(e.getKey()) != null) {
                probesUnmatched.incrementAndGet();
            }
        }
        for (WebSocket ws : sockets) {
            ws.close();
        }
        if (walls != null) {
            walls.close();
        }
        double measuredSeconds = Math.max(0, (measuredEnd - warmupEndNanos) / 1e9);
        LatencyReport report = new LatencyReport(config.rate(), config.warmupSeconds(), measuredSeconds, generated,
                measuredAccepted.get(), measured4xx.get(), measured5xx.get(),
                LatencyReport.Latency.of("ingest→ack", measuredAck.getIntervalHistogram()),
                sockets.isEmpty() ? null : LatencyReport.Latency.of("ingest→push", measuredPush.getIntervalHistogram()),
                probesSent.get(), probesUnmatched.get());
        if (config.report() != null) {
            try {
                report.write(config.report());
            } catch (java.io.IOException e) {
                System.err.println("simulate: cannot write the report: " + e.getMessage());
                return 2;
            }
        }
        System.out.println(report.summary());
        return client.clientErrors.get() > 0 ? 1 : 0;
    }

    /**
     * The simulated event, stamped with the wall clock. Doses keep their distance to their due time, and rosters
     * their distance in days to the event's day where the wards are ({@code zone}: the simulation dates a roster by
     * the ward's local day): the simulation runs days ahead of the wall clock at a high rate (10,000/s covers weeks a
     * minute), and a roster dated by it was more than the server's 42 days after its restamped event, refused with
     * the whole batch it was in (about 5 % of the load, BENCHMARKS.md).
     */
    static List<Event> restamp(List<Event> events, long wallMillis, ZoneId zone) {
        List<Event> out = new ArrayList<>(events.size());
        LocalDate wallDay = LocalDate.ofInstant(Instant.ofEpochMilli(wallMillis), zone);
        for (Event e : events) {
            Payload p = e.payload();
            if (p instanceof Payload.DoseScheduled d) {
                p = new Payload.DoseScheduled(d.doseId(), d.patient(), d.medicine(), d.critical(), d.medicineClass(),
                        d.dueAt() - e.time() + wallMillis);
            } else if (p instanceof Payload.Staffing s) {
                long daysAhead = ChronoUnit.DAYS.between(LocalDate.ofInstant(Instant.ofEpochMilli(e.time()), zone),
                        LocalDate.parse(s.date()));
                p = new Payload.Staffing(wallDay.plusDays(daysAhead).toString(), s.shift(), s.registeredPlanned(),
                        s.registeredActual(), s.unregisteredPlanned(), s.unregisteredActual());
            }
            out.add(new Event(e.id(), e.type(), wallMillis, e.unit(), p));
        }
        return out;
    }

    private List<WebSocket> subscribe(WebSocketClient wsc) throws InterruptedException {
        // The real wall socket (/ws/wall, docs/walls.md) authenticates with its first message, not a header, and
        // a probe's bed appears only in the "ward" view (tiles carry counts). So: one "ward" subscription per
        // ward, each opened with its auth message. '{unit}' in the URL is still replaced, for per-ward URLs.
        List<WebSocket> sockets = new ArrayList<>();
        for (Ward w : org.wards()) {
            String url = config.wsUrl().replace("{unit}", w.id());
            Future<WebSocket> f = wsc.connect(new WebSocketConnectOptions().setAbsoluteURI(url)
                    .addHeader("Authorization", "Bearer " + config.wsToken()));
            WebSocket ws;
            try {
                ws = Await.result(f);
            } catch (IllegalStateException e) {
                throw new IllegalStateException("cannot subscribe to " + url + ": " + e.getCause(), e);
            }
            ws.textMessageHandler(this::onPush);
            ws.binaryMessageHandler(b -> onPush(b.toString()));
            ws.closeHandler(v -> {
                if (ws.closeStatusCode() != null && ws.closeStatusCode() == 1008) {
                    System.err.println("simulate: wall socket refused for " + w.id() + ": " + ws.closeReason());
                }
            });
            ws.writeTextMessage(new io.vertx.core.json.JsonObject().put("type", "auth").put("token", config.wsToken())
                    .put("view", "ward").put("id", w.id()).encode());
            sockets.add(ws);
        }
        return sockets;
    }

    private void onPush(String text) {
        long now = System.nanoTime();
        for (Map.Entry<String, Probe> e : pending.entrySet()) {
            if (text.contains(e.getKey()) && pending.remove(e.getKey()) != null) {
                Probe p = e.getValue();
                if (p.sentNanos >= warmupEndNanos && p.sentNanos < endNanos) {
                    measuredPush.recordValue(Math.max(1, (now - p.sentNanos) / 1000));
                }
                leave(p);
            }
        }
    }

    private void probe(FeedClient client, Ward ward, String tag, long n) {
        String bed = "Q" + tag + "-" + Long.toString(n, 36);
        String patient = "probe-" + tag + "-" + Long.toString(n, 36);
        long wall = System.currentTimeMillis();
        Probe p = new Probe(ward.id(), patient, bed, System.nanoTime());
        pending.put("\"" + bed + "\"", p);
        probesSent.incrementAndGet();
        client.send(List.of(
                new Event("pa-" + patient, EventType.ADMISSION, wall, ward.id(), new Payload.Movement(patient, bed, 70)),
                new Event("pc-" + patient, EventType.CONCERN, wall, ward.id(), new Payload.Concern(patient, RaisedBy.STAFF))));
    }

    private void expireProbes(long now) {
        for (Map.Entry<String, Probe> e : pending.entrySet()) {
            if (now - e.getValue().sentNanos > PROBE_TIMEOUT_NANOS && pending.remove(e.getKey()) != null) {
                probesUnmatched.incrementAndGet();
                leave(e.getValue());
            }
        }
    }

    /** A probe patient leaves once measured, so probes never fill the ward. */
    private void leave(Probe p) {
        client.send(List.of(new Event("pd-" + p.patient, EventType.DISCHARGE, System.currentTimeMillis(), p.unit,
                new Payload.Movement(p.patient, p.bed, 70))));
    }
}
