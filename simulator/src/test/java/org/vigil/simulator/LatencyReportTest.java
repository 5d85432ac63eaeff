package org.vigil.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyReportTest {

    /** 1 ms, 2 ms, … 1000 ms, once each (recorded in microseconds, as the load run does). */
    private static Histogram oneToAThousandMillis() {
        Histogram h = new Histogram(3);
        for (int ms = 1; ms <= 1000; ms++) {
            h.recordValue(ms * 1000L);
        }
        return h;
    }

    @Test
    void percentilesOfAKnownHistogram() {
        LatencyReport.Latency l = LatencyReport.Latency.of("ingest→ack", oneToAThousandMillis());
        assertEquals(1000, l.count());
        assertEquals(500, l.p50(), 0.5);
        assertEquals(990, l.p99(), 1.0);
        assertEquals(999, l.p999(), 1.0);
        assertEquals(1000, l.max(), 1.0);
        assertEquals(500.5, l.mean(), 0.5);
    }

    @Test
    void anEmptyHistogramReportsZeros() {
        LatencyReport.Latency l = LatencyReport.Latency.of("ingest→push", new Histogram(3));
        assertEquals(0, l.count());
        assertEquals(0, l.max());
    }

    @Test
    void reportJsonAndSummary(@TempDir Path dir) throws Exception {
        LatencyReport r = new LatencyReport(1000, 5, 10, 15_000, 9_990, 0, 2,
                LatencyReport.Latency.of("ingest→ack", oneToAThousandMillis()), null, 0, 0);
        Path file = dir.resolve("report.json");
        r.write(file);
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals(999.0, json.get("throughputPerSecond").asDouble(), 0.01);
        assertEquals(2, json.get("errors5xxOrIo").asInt());
        assertEquals("ingest→ack", json.get("latencyMs").get("measured").asText());
        assertEquals(500, json.get("latencyMs").get("p50").asDouble(), 0.5);
        assertNull(json.get("pushLatencyMs"));
        String line = r.summary();
        assertTrue(line.startsWith("load: 999 events/s accepted of 1000/s target over 10 s"), line);
        assertTrue(line.contains("p99.9 99"), line);

        LatencyReport withPush = new LatencyReport(1000, 5, 10, 15_000, 9_990, 0, 0,
                LatencyReport.Latency.of("ingest→ack", oneToAThousandMillis()),
                LatencyReport.Latency.of("ingest→push", oneToAThousandMillis()), 100, 3);
        assertEquals("ingest→push", withPush.headline().measured());
        assertEquals(3, withPush.toJson().get("probesUnmatched").asInt());
    }
}
