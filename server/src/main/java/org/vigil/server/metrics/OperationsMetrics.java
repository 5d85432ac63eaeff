package org.vigil.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.vertx.core.json.JsonObject;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertBurden;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.alerts.DeclineReason;
import org.vigil.server.alerts.Severity;
import org.vigil.server.engine.Engine;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.Unit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Gauges about the whole server: {@code vigil_alerts_active{kind,severity}} and each unit's alert burden today,
 * {@code vigil_alert_burden_*{unit}} and {@code vigil_alert_declines_today{unit,reason}} (read on the engine thread
 * by {@link #refreshAlerts()}, so the figures are of a consistent state); {@code vigil_journal_size_bytes}; and
 * the figures the {@code vigil_ops} measurement samples from the registry.
 */
public final class OperationsMetrics {
    /** Wall screens connected; registered by the server's wiring beside the WebSocket push it counts. */
    public static final String WEBSOCKET_CLIENTS = "vigil.websocket.clients";

    /**
     * Vert.x's in-flight gauges. vertx-micrometer-metrics 5.0 registers each of them again on every request or
     * connection (by design: it keeps its own counter per id), and Micrometer 1.15 logs every re-registration of a
     * gauge as a mistake (vert-x3/vertx-micrometer-metrics#259, micrometer-metrics/micrometer#6931). Left on, the
     * first request after start-up puts a false "registered twice" warning in every server log, where it hides
     * a real one of ours. Vigil's own {@value #WEBSOCKET_CLIENTS} counts the screens; request counts and times stay.
     */
    private static final Set<String> REREGISTERED_VERTX_GAUGES = Set.of(
            "vertx.http.server.active.requests", "vertx.http.server.active.connections",
            "vertx.http.server.active.ws.connections", "vertx.net.server.active.connections");

    /** Call on a new registry before Vert.x is built on it. */
    public static void withoutReRegisteredVertxGauges(MeterRegistry registry) {
        registry.config().meterFilter(MeterFilter.deny(
                id -> REREGISTERED_VERTX_GAUGES.contains(id.getName())));
    }

    /**
     * Call on a new registry before Vert.x is built on it: Vert.x times every HTTP response as a summary (count,
     * sum, max) with no buckets, so no percentile of request latency could be read from /metrics. Published as a
     * histogram from 1 ms to 10 s, like the engine's own latency.
     */
    public static void withRequestHistograms(MeterRegistry registry) {
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals("vertx.http.server.response.time")) {
                    return config;
                }
                return DistributionStatisticConfig.builder().percentilesHistogram(true)
                        .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
                        .maximumExpectedValue((double) Duration.ofSeconds(10).toNanos())
                        .build().merge(config);
            }
        });
    }

    private final MeterRegistry registry;
    private final Engine engine;
    private final Path journalDir;
    private final AtomicLong[][] active = new AtomicLong[AlertKind.values().length][Severity.values().length];
    private final Map<String, BurdenGauges> burden = new LinkedHashMap<>();
    /** The engine's and the journal's totals at the previous {@link #opsFigures} sample, for the means since it. */
    private long sampledCommands;
    private double sampledLatencyMs;
    private long sampledAppends;
    private double sampledAppendUs;

    /** One unit's burden figures as last read; NaN where the figure is undefined (nothing to divide by). */
    private static final class BurdenGauges {
        final AtomicReference<AlertBurden> figures = new AtomicReference<>();

        double get(java.util.function.Function<AlertBurden, Number> f) {
            AlertBurden b = figures.get();
            Number n = b == null ? null : f.apply(b);
            return n == null ? Double.NaN : n.doubleValue();
        }
    }

    public OperationsMetrics(MeterRegistry registry, Engine engine, Organisation org, Path journalDir) {
        this.registry = registry;
        this.engine = engine;
        this.journalDir = journalDir;
        for (Unit u : org.units()) {
            BurdenGauges g = new BurdenGauges();
            burden.put(u.id(), g);
            burdenGauge("vigil.alert.burden.raised.today", "Alerts raised today", u, g, AlertBurden::raisedToday);
            burdenGauge("vigil.alert.burden.per.100.bed.days", "Alerts raised today per 100 patients", u, g,
                    AlertBurden::alertsPer100BedDays);
            burdenGauge("vigil.alert.burden.acknowledged.within.target.percent",
                    "Of alerts raised today, percent acknowledged before rung 1", u, g,
                    AlertBurden::acknowledgedWithinTargetPercent);
            burdenGauge("vigil.alert.burden.resolved.today", "Alerts resolved today", u, g, AlertBurden::resolvedToday);
            burdenGauge("vigil.alert.burden.resolved.without.action.percent",
                    "Of alerts resolved today, percent resolved unanswered", u, g,
                    AlertBurden::resolvedWithoutActionPercent);
            burdenGauge("vigil.alert.burden.accepted.today", "Alerts accepted by a responder today", u, g,
                    AlertBurden::acceptedToday);
            burdenGauge("vigil.alert.burden.time.to.acceptance.median.seconds",
                    "Median time from an alert's first raise to its acceptance, of today's acceptances", u, g,
                    b -> b.medianMinutesToAcceptance() == null ? null : b.medianMinutesToAcceptance() * 60);
            burdenGauge("vigil.alert.burden.renotified.percent",
                    "Of alerts raised today, percent told again (escalated, re-notified, worsened or re-opened)", u, g,
                    AlertBurden::renotifiedPercent);
            for (DeclineReason r : DeclineReason.values()) {
                Gauge.builder("vigil.alert.declines.today", g, x -> x.get(b -> b.declinesByReason().get(r)))
                        .tag("unit", u.id()).tag("reason", r.name())
                        .description("Alerts declined by responders today, by reason").register(registry);
            }
        }
        for (AlertKind k : AlertKind.values()) {
            for (Severity s : Severity.values()) {
                AtomicLong n = new AtomicLong();
                active[k.ordinal()][s.ordinal()] = n;
                Gauge.builder("vigil.alerts.active", n, AtomicLong::get).tag("kind", k.name())
                        .tag("severity", s.name()).description("Active (unresolved) alerts").register(registry);
            }
        }
        Gauge.builder("vigil.journal.size", this, OperationsMetrics::journalBytes).baseUnit("bytes")
                .description("Bytes of journal on disk (all retained cycles)").register(registry);
    }

    private void burdenGauge(String name, String description, Unit u, BurdenGauges g,
                             java.util.function.Function<AlertBurden, Number> figure) {
        Gauge.builder(name, g, x -> x.get(figure)).tag("unit", u.id()).description(description).register(registry);
    }

    /** What one engine-thread read gives the gauges: active alerts by kind and severity, and each unit's burden. */
    private record Figures(long[][] active, Map<String, AlertBurden> burden) {}

    /** Recounts active alerts and reads each unit's burden on the engine thread; call periodically. */
    public void refreshAlerts() {
        engine.read(state -> {
            long[][] counts = new long[AlertKind.values().length][Severity.values().length];
            Map<String, AlertBurden> burdens = new LinkedHashMap<>();
            for (Unit u : state.organisation().units()) {
                for (Alert a : state.alerts().activeOn(u.id())) {
                    counts[a.kind().ordinal()][a.severity().ordinal()]++;
                }
                if (state.clock().started()) {
                    burdens.put(u.id(), state.alerts().burden(u.id(), state.clock().today(u.zone()),
                            state.unit(u.id()).census().count()));
                }
            }
            return new Figures(counts, burdens);
        }).thenAccept(figures -> {
            long[][] counts = figures.active();
            for (int k = 0; k < counts.length; k++) {
                for (int s = 0; s < counts[k].length; s++) {
                    active[k][s].set(counts[k][s]);
                }
            }
            figures.burden().forEach((unit, b) -> burden.get(unit).figures.set(b));
        });
    }

    public long journalBytes() {
        try (Stream<Path> files = Files.list(journalDir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /**
     * The sample written as {@code vigil_ops}: counters as totals (Grafana takes their derivative); the means are
     * of the commands and appends since the previous sample (left out when there were none), not since start-up,
     * where a spike would hardly move them (found by an independent check). The InfluxDB writer's thread only.
     */
    public JsonObject opsFigures() {
        double ingested = 0;
        for (Counter c : registry.find("vigil.events.ingested").tag("result", "accepted").counters()) {
            ingested += c.count();
        }
        double rejected = 0;
        for (Counter c : registry.find("vigil.events.ingested").counters()) {
            rejected += c.getId().getTag("result").startsWith("rejected") ? c.count() : 0;
        }
        long count = 0;
        double totalMs = 0;
        double maxMs = 0;
        for (Timer t : registry.find("vigil.engine.latency").timers()) {
            count += t.count();
            totalMs += t.totalTime(TimeUnit.MILLISECONDS);
            maxMs = Math.max(maxMs, t.max(TimeUnit.MILLISECONDS));
        }
        Timer append = registry.find("vigil.journal.append").timer();
        long alerts = 0;
        for (AtomicLong[] byKind : active) {
            for (AtomicLong n : byKind) {
                alerts += n.get();
            }
        }
        Gauge ws = registry.find(WEBSOCKET_CLIENTS).gauge();
        double heap = 0;
        for (Meter m : registry.find("jvm.memory.used").tag("area", "heap").meters()) {
            heap += m instanceof Gauge g ? g.value() : 0;
        }
        long appends = append == null ? 0 : append.count();
        double appendUs = append == null ? 0 : append.totalTime(TimeUnit.MICROSECONDS);
        JsonObject sample = new JsonObject()
                .put("events_ingested_total", ingested)
                .put("events_rejected_total", rejected)
                .put("engine_commands_total", (double) count)
                .put("engine_latency_mean_ms", count > sampledCommands
                        ? (totalMs - sampledLatencyMs) / (count - sampledCommands) : null)
                .put("engine_latency_max_ms", maxMs)
                .put("journal_append_mean_us", appends > sampledAppends
                        ? (appendUs - sampledAppendUs) / (appends - sampledAppends) : null)
                .put("journal_bytes", (double) journalBytes())
                .put("alerts_active", (double) alerts)
                .put("websocket_clients", ws == null ? 0.0 : ws.value())
                .put("jvm_heap_used_bytes", heap);
        sampledCommands = count;
        sampledLatencyMs = totalMs;
        sampledAppends = appends;
        sampledAppendUs = appendUs;
        return sample;
    }
}
