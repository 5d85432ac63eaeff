package org.vigil.server.timeseries;

import io.vertx.core.json.JsonObject;
import org.influxdb.dto.Point;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Samples the server's operations figures into a {@code vigil_ops} point on the wall clock, so Grafana (which
 * reads InfluxDB here, not Prometheus) can chart ingest, engine latency, journal size, writer lag and clients.
 */
final class OpsReporter {
    private final String system;
    private final Supplier<JsonObject> figures;
    private final long intervalMillis;
    private final Clock clock;
    private long nextAt;

    OpsReporter(String system, Supplier<JsonObject> figures, long intervalMillis, Clock clock) {
        this.system = system;
        this.figures = figures;
        this.intervalMillis = intervalMillis;
        this.clock = clock;
    }

    /** The point to write now, or null when the interval has not passed. */
    Point due(long lagEvents, double lagSeconds) {
        long now = clock.millis();
        if (now < nextAt || intervalMillis <= 0) {
            return null;
        }
        nextAt = now + intervalMillis;
        Point.Builder p = Point.measurement(InfluxSchema.VIGIL_OPS).tag("system", system)
                .time(now, TimeUnit.MILLISECONDS)
                .addField("influx_lag_events", (double) lagEvents)
                .addField("influx_lag_seconds", lagSeconds);
        for (Map.Entry<String, Object> e : figures.get()) {
            if (e.getValue() instanceof Number n) {
                p.addField(e.getKey(), n.doubleValue());
            }
        }
        return p.build();
    }
}
