package org.vigil.server.bench.compare;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

/** Percentiles of an HdrHistogram, in the unit it was recorded in, scaled for output. */
public final class Stats {
    private Stats() {
    }

    public static JsonObject of(Histogram h, double divisor, String unit) {
        return new JsonObject().put("unit", unit).put("count", h.getTotalCount())
                .put("p50", Comparisons.round(h.getValueAtPercentile(50) / divisor, 3))
                .put("p99", Comparisons.round(h.getValueAtPercentile(99) / divisor, 3))
                .put("p99_9", Comparisons.round(h.getValueAtPercentile(99.9) / divisor, 3))
                .put("max", Comparisons.round(h.getMaxValue() / divisor, 3))
                .put("mean", Comparisons.round(h.getMean() / divisor, 3));
    }
}
