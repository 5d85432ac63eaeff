package org.vigil.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The load run's result: latency percentiles (from an HdrHistogram of microseconds), throughput and errors over
 * the measured window, as JSON for the record and as one line for a human.
 */
final class LatencyReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Latency figures in milliseconds. */
    record Latency(String measured, long count, double p50, double p99, double p999, double max, double mean) {
        static Latency of(String measured, Histogram microseconds) {
            if (microseconds.getTotalCount() == 0) {
                return new Latency(measured, 0, 0, 0, 0, 0, 0);
            }
            return new Latency(measured, microseconds.getTotalCount(),
                    ms(microseconds.getValueAtPercentile(50)), ms(microseconds.getValueAtPercentile(99)),
                    ms(microseconds.getValueAtPercentile(99.9)), ms(microseconds.getMaxValue()),
                    Math.round(microseconds.getMean()) / 1000.0);
        }

        private static double ms(long micros) {
            return micros / 1000.0;
        }
    }

    final double targetRate;
    final double warmupSeconds;
    final double measuredSeconds;
    final long eventsSent;
    final long eventsAccepted;
    final long rejected4xx;
    final long failed5xx;
    final Latency ack;
    final Latency push;
    final long probesSent;
    final long probesUnmatched;

    LatencyReport(double targetRate, double warmupSeconds, double measuredSeconds, long eventsSent, long eventsAccepted,
                  long rejected4xx, long failed5xx, Latency ack, Latency push, long probesSent, long probesUnmatched) {
        this.targetRate = targetRate;
        this.warmupSeconds = warmupSeconds;
        this.measuredSeconds = measuredSeconds;
        this.eventsSent = eventsSent;
        this.eventsAccepted = eventsAccepted;
        this.rejected4xx = rejected4xx;
        this.failed5xx = failed5xx;
        this.ack = ack;
        this.push = push;
        this.probesSent = probesSent;
        this.probesUnmatched = probesUnmatched;
    }

    double throughput() {
        return measuredSeconds <= 0 ? 0 : eventsAccepted / measuredSeconds;
    }

    /** The latency the run is judged by: ingest → wall push when measured, else ingest → acknowledgement. */
    Latency headline() {
        return push != null ? push : ack;
    }

    ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("targetRatePerSecond", targetRate)
                .put("eventsSentIncludingWarmup", eventsSent)
                .put("warmupSeconds", warmupSeconds)
                .put("measuredSeconds", round(measuredSeconds))
                .put("eventsAcceptedInWindow", eventsAccepted)
                .put("throughputPerSecond", round(throughput()))
                .put("errors4xx", rejected4xx)
                .put("errors5xxOrIo", failed5xx);
        root.set("latencyMs", latency(headline()));
        root.set("ackLatencyMs", latency(ack));
        if (push != null) {
            root.set("pushLatencyMs", latency(push));
            root.put("probesSent", probesSent).put("probesUnmatched", probesUnmatched);
        }
        return root;
    }

    private static ObjectNode latency(Latency l) {
        return JSON.createObjectNode().put("measured", l.measured()).put("count", l.count()).put("p50", l.p50())
                .put("p99", l.p99()).put("p99_9", l.p999()).put("max", l.max()).put("mean", l.mean());
    }

    void write(Path file) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(toJson()) + "\n");
    }

    String summary() {
        Latency l = headline();
        return String.format(Locale.ROOT,
                "load: %.0f events/s accepted of %.0f/s target over %.0f s | %s latency ms p50 %.2f p99 %.2f p99.9 %.2f max %.2f (n=%d) | errors %d 4xx, %d 5xx/io",
                throughput(), targetRate, measuredSeconds, l.measured(), l.p50(), l.p99(), l.p999(), l.max(), l.count(),
                rejected4xx, failed5xx);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
