package org.vigil.server.bench.compare;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.influxdb.BatchOptions;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.vigil.events.Consciousness;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.events.Vitals;
import org.vigil.server.alerts.AlertKind;
import org.vigil.clinical.news2.News2;
import org.vigil.server.engine.Engine;
import org.vigil.server.rules.EngineState;
import org.vigil.server.journal.Journal;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.organisation.Ward;
import org.vigil.server.timeseries.InfluxServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * "Write to InfluxDB and poll a query every second" vs Vigil's push, on one stream. Every observation set goes
 * both to a real influxd (the InfluxServer harness, loopback; influxdb-java batching, flushed every 50 ms; the
 * set's NEWS2 computed by the writer, as that pattern does) and to Vigil's {@link Engine} (journal append + rules,
 * wall clock). A poller runs {@code SELECT patient, news2 FROM obs WHERE news2 >= 7 AND time > now() - 1m} every
 * second and notes when it first sees each HIGH patient; Vigil's detection is the engine's change listener seeing
 * that patient's NEWS2_HIGH alert (the point the wall push starts from; the socket hop is in the e2e part).
 * Latency is from the moment the set was handed to both.
 */
final class PollVsPush {
    private static final double NORMAL_PER_SECOND = 200;
    private static final long HIGH_EVERY_NANOS = 100_000_000L;
    private static final long RUN_NANOS = 30_000_000_000L;
    private static final long CATCH_UP_NANOS = 3_000_000_000L;

    private PollVsPush() {
    }

    static JsonObject run(String[] args) throws Exception {
        Organisation org = OrganisationLoader.demo();
        List<Ward> wards = org.wards();
        Path dir = Files.createTempDirectory("vigil-cmp-poll-");
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Map<String, String> unitOf = new ConcurrentHashMap<>();
        Map<String, Long> pushSeen = new ConcurrentHashMap<>();
        Map<String, Long> pollSeen = new ConcurrentHashMap<>();
        Histogram queryMicros = new Histogram(3);
        AtomicLong pollErrors = new AtomicLong();
        try (InfluxServer influxd = new InfluxServer().start();
             Journal journal = new Journal(dir.resolve("journal"))) {
            InfluxDB influx = InfluxDBFactory.connect(influxd.url());
            influx.query(new Query("CREATE DATABASE cmp"));
            influx.setDatabase("cmp");
            influx.enableBatch(BatchOptions.DEFAULTS.actions(1000).flushDuration(50));

            EngineState state = new EngineState(org);
            Engine engine = new Engine(state, journal, Engine.ClockMode.WALL, Clock.systemUTC(), 65_536);
            engine.onPublished(units -> {
                long now = System.nanoTime();
                for (Map.Entry<String, String> e : unitOf.entrySet()) {
                    String patient = e.getKey();
                    if (units.contains(e.getValue()) && !pushSeen.containsKey(patient)
                            && state.alerts().active(e.getValue(), AlertKind.NEWS2_HIGH, patient) != null) {
                        pushSeen.put(patient, now);
                    }
                }
            });
            engine.start();
            long readyBy = System.nanoTime() + 30_000_000_000L;
            while (!engine.ready() && System.nanoTime() < readyBy) {
                Thread.sleep(10);
            }

            ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
            Query q = new Query("SELECT patient, news2 FROM obs WHERE news2 >= 7 AND time > now() - 1m", "cmp");
            poller.scheduleAtFixedRate(() -> {
                long t0 = System.nanoTime();
                try {
                    QueryResult r = influx.query(q);
                    long t1 = System.nanoTime();
                    queryMicros.recordValue(Math.max(1, (t1 - t0) / 1000));
                    for (QueryResult.Result res : r.getResults()) {
                        if (res.getSeries() == null) {
                            continue;
                        }
                        for (QueryResult.Series s : res.getSeries()) {
                            int col = s.getColumns().indexOf("patient");
                            for (List<Object> row : s.getValues()) {
                                String patient = String.valueOf(row.get(col));
                                if (sent.containsKey(patient)) {
                                    pollSeen.putIfAbsent(patient, t1);
                                }
                            }
                        }
                    }
                } catch (RuntimeException e) {
                    pollErrors.incrementAndGet();
                }
            }, 1, 1, TimeUnit.SECONDS);

            SplittableRandom rnd = new SplittableRandom(42);
            long start = System.nanoTime();
            long normalSent = 0;
            long highSent = 0;
            long id = 0;
            long nextHigh = start;
            while (System.nanoTime() - start < RUN_NANOS) {
                long now = System.nanoTime();
                long due = (long) ((now - start) / 1e9 * NORMAL_PER_SECOND);
                while (normalSent < due) {
                    int p = rnd.nextInt(1000);
                    send(engine, influx, wards.get(p % wards.size()).id(), "N" + p,
                            Workload.vitals(new SplittableRandom(id), p), id++, null, null, null);
                    normalSent++;
                }
                if (now >= nextHigh) {
                    String patient = "H" + highSent;
                    Ward w = wards.get((int) (highSent % wards.size()));
                    Vitals high = new Vitals(26, 90, 1, true, 95, 125, Consciousness.A, 38.6); // NEWS2 >= 7
                    send(engine, influx, w.id(), patient, high, id++, sent, unitOf, patient);
                    highSent++;
                    nextHigh += HIGH_EVERY_NANOS;
                }
                LockSupport.parkNanos(1_000_000);
            }
            long catchUp = System.nanoTime() + CATCH_UP_NANOS;
            while (System.nanoTime() < catchUp && (pollSeen.size() < sent.size() || pushSeen.size() < sent.size())) {
                Thread.sleep(50);
            }
            poller.shutdownNow();
            poller.awaitTermination(5, TimeUnit.SECONDS);
            engine.close();
            influx.close();

            Histogram push = new Histogram(3);
            Histogram poll = new Histogram(3);
            for (Map.Entry<String, Long> e : sent.entrySet()) {
                Long a = pushSeen.get(e.getKey());
                Long b = pollSeen.get(e.getKey());
                if (a != null) {
                    push.recordValue(Math.max(1, (a - e.getValue()) / 1000));
                }
                if (b != null) {
                    poll.recordValue(Math.max(1, (b - e.getValue()) / 1000));
                }
            }
            return new JsonObject()
                    .put("workload", new JsonObject().put("seconds", RUN_NANOS / 1e9).put("normalSetsPerSecond", NORMAL_PER_SECOND)
                            .put("highPatientsPerSecond", 1e9 / HIGH_EVERY_NANOS).put("normalSets", normalSent)
                            .put("highPatients", highSent))
                    .put("pollQuery", "SELECT patient, news2 FROM obs WHERE news2 >= 7 AND time > now() - 1m (every 1 s)")
                    .put("vigilPushMs", Stats.of(push, 1000, "ms").put("missed", sent.size() - push.getTotalCount()))
                    .put("influxPollMs", Stats.of(poll, 1000, "ms").put("missed", sent.size() - poll.getTotalCount()))
                    .put("pollQueryMs", Stats.of(queryMicros, 1000, "ms").put("errors", pollErrors.get()))
                    .put("detectionRatioP50", Comparisons.round((double) poll.getValueAtPercentile(50)
                            / Math.max(1, push.getValueAtPercentile(50)), 1))
                    .put("detectionRatioP99", Comparisons.round((double) poll.getValueAtPercentile(99)
                            / Math.max(1, push.getValueAtPercentile(99)), 1));
        }
    }

    /** Hands one set to both sides: Vigil's engine (journal + rules) and the InfluxDB batch. */
    private static void send(Engine engine, InfluxDB influx, String unit, String patient, Vitals v, long id,
                             Map<String, Long> sent, Map<String, String> unitOf, String probe) {
        long wall = System.currentTimeMillis();
        Event e = new Event("pp-" + id, EventType.OBSERVATION, wall, unit, new Payload.Observation(patient, v));
        if (probe != null) {
            unitOf.put(probe, unit);
            sent.put(probe, System.nanoTime());
        }
        engine.ingest(List.of(e));
        influx.write(Point.measurement("obs").time(wall, TimeUnit.MILLISECONDS).tag("ward", unit)
                .tag("patient", patient).addField("news2", News2.score(v).total()).build());
    }
}
