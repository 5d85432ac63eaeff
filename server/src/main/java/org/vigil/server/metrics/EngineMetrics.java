package org.vigil.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.vigil.server.engine.Engine;
import org.vigil.server.engine.EngineTimings;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The engine's own timings, recorded on the engine thread: {@code vigil_engine_latency_seconds{command}} (from
 * the hand-off by an event loop to the command's completion, queueing included: what a sender waits for;
 * {@code command} is ingest, alert (an answer to an alert), read or audit (an audit-trail entry)) and
 * {@code vigil_journal_append_seconds} (one Chronicle append). Both are histograms, for quantiles in PromQL.
 */
public final class EngineMetrics implements EngineTimings {
    private final Timer ingest;
    private final Timer alert;
    private final Timer read;
    private final Timer audit;
    private final Timer append;

    public EngineMetrics(MeterRegistry registry) {
        this.ingest = latency(registry, "ingest");
        this.alert = latency(registry, "alert"); // every answer to an alert: acknowledge, undo, accept, decline…
        this.read = latency(registry, "read");
        this.audit = latency(registry, "audit"); // an entry of the audit trail journaled before a reply
        this.append = Timer.builder("vigil.journal.append")
                .description("Time to append one event to the journal")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(500))
                .maximumExpectedValue(Duration.ofMillis(100))
                .register(registry);
    }

    private static Timer latency(MeterRegistry registry, String command) {
        return Timer.builder("vigil.engine.latency").tag("command", command)
                .description("Time from hand-off to the engine thread to the command applied")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
    }

    @Override
    public void command(Engine.Command kind, long nanos) {
        Timer t = switch (kind) {
            case INGEST -> ingest;
            case ALERT -> alert;
            case READ -> read;
            case AUDIT -> audit;
        };
        t.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void appended(long nanos) {
        append.record(nanos, TimeUnit.NANOSECONDS);
    }
}
