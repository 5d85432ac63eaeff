package org.vigil.server.bench.compare;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.vigil.events.Event;
import org.vigil.server.rules.EngineState;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Vigil's {@link EngineState#apply} vs the same rules in Esper ({@link EsperRules}), same JVM, same event stream,
 * alternating rounds with fresh engines. Both get ready-made objects (Vigil its {@code Event}s, Esper object
 * arrays), so neither pays for decoding. Per-event latency is the time of one apply / advance+send, every event
 * timed with {@code System.nanoTime()} (its ~20–30 ns cost is in both); throughput is events over the loop's time.
 */
final class EsperVsVigil {
    private static final long ROUND_BUDGET_NANOS = 90_000_000_000L;

    private EsperVsVigil() {
    }

    static JsonObject run(String[] args) throws Exception {
        Organisation org = OrganisationLoader.demo();
        int patients = 20_000;
        int observations = 400_000;
        int rounds = 3;
        // Warm-up on another stream (JIT for both engines), then measured rounds on the same stream.
        List<Event> warm = Workload.stream(org, 2_000, 100_000, 1_000, 1);
        List<Event> stream = Workload.stream(org, patients, observations, 1_000, 2);
        runVigil(org, warm, new Histogram(3));
        runEsper(org, warm, new Histogram(3), "warm");
        JsonArray vigilRuns = new JsonArray();
        JsonArray esperRuns = new JsonArray();
        Histogram vigilLatency = new Histogram(3);
        Histogram esperLatency = new Histogram(3);
        List<Double> vigilRates = new ArrayList<>();
        List<Double> esperRates = new ArrayList<>();
        boolean sameAlerts = true;
        for (int r = 0; r < rounds; r++) {
            Result v = runVigil(org, stream, vigilLatency);
            Result e = runEsper(org, stream, esperLatency, "round" + r);
            sameAlerts &= v.active.equals(e.active);
            vigilRuns.add(v.toJson());
            esperRuns.add(e.toJson());
            vigilRates.add(v.rate());
            esperRates.add(e.rate());
            System.err.printf("esper: round %d: Vigil %.0f events/s, Esper %.0f events/s (%d vs %d active alerts)%n",
                    r, v.rate(), e.rate(), v.active.size(), e.active.size());
        }
        double vRate = median(vigilRates);
        double eRate = median(esperRates);
        return new JsonObject()
                .put("workload", new JsonObject().put("patients", patients).put("observations", observations)
                        .put("events", stream.size()).put("eventTimeStepMillis", 1000).put("rounds", rounds))
                .put("sameActiveAlertsAtEnd", sameAlerts)
                .put("vigil", new JsonObject().put("medianEventsPerSecond", Math.round(vRate)).put("rounds", vigilRuns)
                        .put("latencyNanos", Stats.of(vigilLatency, 1, "ns")))
                .put("esper", new JsonObject().put("medianEventsPerSecond", Math.round(eRate)).put("rounds", esperRuns)
                        .put("latencyNanos", Stats.of(esperLatency, 1, "ns")))
                .put("throughputRatio", Comparisons.round(vRate / eRate, 2))
                .put("latencyRatioP50", Comparisons.round((double) esperLatency.getValueAtPercentile(50)
                        / vigilLatency.getValueAtPercentile(50), 2))
                .put("latencyRatioP99", Comparisons.round((double) esperLatency.getValueAtPercentile(99)
                        / vigilLatency.getValueAtPercentile(99), 2))
                .put("targetThroughputRatio", 3);
    }

    private record Result(long events, long nanos, boolean complete, Set<String> active) {
        double rate() {
            return events * 1e9 / nanos;
        }

        JsonObject toJson() {
            return new JsonObject().put("events", events).put("seconds", Comparisons.round(nanos / 1e9, 3))
                    .put("eventsPerSecond", Math.round(rate())).put("complete", complete)
                    .put("activeAlertsAtEnd", active.size());
        }
    }

    private static Result runVigil(Organisation org, List<Event> stream, Histogram latency) {
        EngineState state = new EngineState(org);
        long deadline = System.nanoTime() + ROUND_BUDGET_NANOS;
        long n = 0;
        long start = System.nanoTime();
        for (Event e : stream) {
            long t0 = System.nanoTime();
            state.apply(e);
            long t1 = System.nanoTime();
            latency.recordValue(t1 - t0);
            if ((++n & 1023) == 0 && t1 > deadline) {
                break;
            }
        }
        long nanos = System.nanoTime() - start;
        return new Result(n, nanos, n == stream.size(), EsperCrossCheckTest.vigilActive(state));
    }

    private static Result runEsper(Organisation org, List<Event> stream, Histogram latency, String uri) {
        try (EsperRules esper = new EsperRules(org, Workload.START, "bench-" + uri)) {
            List<EsperRules.Input> inputs = new ArrayList<>(stream.size());
            for (Event e : stream) {
                inputs.add(esper.convert(e));
            }
            long deadline = System.nanoTime() + ROUND_BUDGET_NANOS;
            long n = 0;
            long start = System.nanoTime();
            for (EsperRules.Input in : inputs) {
                long t0 = System.nanoTime();
                esper.send(in);
                long t1 = System.nanoTime();
                latency.recordValue(t1 - t0);
                if ((++n & 1023) == 0 && t1 > deadline) {
                    break;
                }
            }
            long nanos = System.nanoTime() - start;
            return new Result(n, nanos, n == inputs.size(), new TreeSet<>(esper.active.keySet()));
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }
}
