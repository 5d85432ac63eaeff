package org.vigil.server.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.vigil.events.Event;
import org.vigil.events.EventType;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** {@code vigil_events_ingested_total{type, result}}: what arrived, and what was turned away with which status. */
public final class IngestMetrics {
    private final MeterRegistry registry;
    private final Counter[] accepted = new Counter[EventType.values().length];
    private final ConcurrentMap<String, Counter> rejected = new ConcurrentHashMap<>();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (EventType t : EventType.values()) {
            if (!t.internal()) {
                accepted[t.ordinal()] = Counter.builder("vigil.events.ingested").tag("type", t.wireName())
                        .tag("result", "accepted").description("Events received at ingest, by type and result")
                        .register(registry);
            }
        }
    }

    /** Counts events journaled or recognised as duplicates (both acknowledged with 200). */
    public void accepted(List<Event> events) {
        for (Event e : events) {
            accepted[e.type().ordinal()].increment();
        }
    }

    public void rejected(EventType type, int status) {
        String t = type == null ? "unknown" : type.wireName();
        rejected.computeIfAbsent(t + status, k -> Counter.builder("vigil.events.ingested").tag("type", t)
                .tag("result", "rejected_" + status).register(registry)).increment();
    }
}
