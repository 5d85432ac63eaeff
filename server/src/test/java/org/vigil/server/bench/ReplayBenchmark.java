package org.vigil.server.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.vigil.server.engine.Engine;
import org.vigil.server.rules.EngineState;
import org.vigil.server.journal.Journal;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;

/**
 * Start-up replay: journals N events of the realistic mix (30 days of a busy system's traffic, unique ids, a
 * consistent census) through {@link Journal#append}, then rebuilds a fresh {@link EngineState} from them through
 * the real start-up path — an {@link Engine} started on a newly opened journal replays it
 * ({@code journal.replay(state::apply)}) before it turns ready; the time is from start to ready — several times.
 * The first round runs in a JVM that has not replayed before (JIT warm-up included, as at a real start); later
 * rounds show the steady rate. Not JMH: one replay of millions of events is itself the measurement.
 */
final class ReplayBenchmark {
    private ReplayBenchmark() {
    }

    static JsonObject run(long events, int rounds) throws IOException, InterruptedException {
        Organisation org = OrganisationLoader.demo();
        Path dir = Files.createTempDirectory("vigil-bench-replay-");
        try {
            long now = System.currentTimeMillis();
            long span = 30L * 86_400_000L;
            long spacing = Math.max(1, span / events);
            long t0 = now - span;
            BenchEvents gen = new BenchEvents(org, 42);
            long writeStart = System.nanoTime();
            try (Journal journal = new Journal(dir)) {
                for (long i = 0; i < events; i++) {
                    journal.append(gen.next(t0 + i * spacing));
                }
            }
            double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
            long bytes = TempDirs.size(dir);
            System.out.printf("replay: journaled %,d events in %.2f s (%,.0f events/s, event generation included), %,d MB on disk%n",
                    events, writeSeconds, events / writeSeconds, bytes >> 20);

            JsonArray runs = new JsonArray();
            double[] rates = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                System.gc();
                try (Journal journal = new Journal(dir)) {
                    EngineState state = new EngineState(org);
                    Engine engine = new Engine(state, journal, Engine.ClockMode.EVENT, Clock.systemUTC(), 1024);
                    long start = System.nanoTime();
                    engine.start();
                    while (!engine.ready()) {
                        Thread.sleep(1); // not a spin: this JVM has two cores to share with the replaying thread
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    engine.close();
                    long n = engine.replayedEvents();
                    if (n != events || state.applied() != events || state.failed() != 0) {
                        throw new IllegalStateException("replay read " + n + " events, applied " + state.applied()
                                + ", failed " + state.failed() + "; expected " + events);
                    }
                    int patients = 0;
                    for (var u : org.units()) {
                        patients += state.unit(u.id()).census().count();
                    }
                    rates[r] = n / seconds;
                    System.out.printf("replay round %d: %,d events in %.3f s = %,.0f events/s (census %d patients, %,d ids known)%n",
                            r + 1, n, seconds, rates[r], patients, state.knownIds());
                    runs.add(new JsonObject().put("round", r + 1).put("events", n).put("seconds", seconds)
                            .put("eventsPerSecond", rates[r]).put("censusPatients", patients));
                }
            }
            double[] sorted = rates.clone();
            Arrays.sort(sorted);
            return new JsonObject()
                    .put("events", events)
                    .put("journalBytes", bytes)
                    .put("journalWriteSeconds", writeSeconds)
                    .put("journalWriteEventsPerSecond", events / writeSeconds)
                    .put("rounds", runs)
                    .put("firstRoundEventsPerSecond", rates[0])
                    .put("medianEventsPerSecond", sorted[sorted.length / 2])
                    .put("bestEventsPerSecond", sorted[sorted.length - 1])
                    .put("targetEventsPerSecond", 1_000_000);
        } finally {
            TempDirs.delete(dir);
        }
    }
}
