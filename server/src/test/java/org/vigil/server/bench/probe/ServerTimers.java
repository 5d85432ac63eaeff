package org.vigil.server.bench.probe;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server's own timers, read from its Prometheus {@code /metrics} at the start and the end of the probe's
 * window: {@code vigil_engine_latency_seconds{command="ingest"}} (hand-off to the engine thread → command applied:
 * the inbox wait, the commands ahead in the batch and the journal append; not HTTP, not the wall push) and
 * {@code vigil_journal_append_seconds}. The difference of the two scrapes' cumulative buckets is the window's
 * histogram; a percentile is the upper bound of the bucket it falls in.
 */
final class ServerTimers {
    static final String ENGINE_INGEST = "vigil_engine_latency_seconds_bucket{command=\"ingest\",";
    static final String JOURNAL_APPEND = "vigil_journal_append_seconds_bucket{";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Cumulative bucket counts by upper bound (seconds) of each timer, as scraped. */
    record Scrape(Map<Double, Long> engineIngest, Map<Double, Long> journalAppend) {}

    private ServerTimers() {
    }

    static Scrape scrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        Map<Double, Long> ingest = new TreeMap<>();
        Map<Double, Long> append = new TreeMap<>();
        for (String line : r.body().split("\n")) {
            if (line.startsWith(ENGINE_INGEST)) {
                bucket(line, ingest);
            } else if (line.startsWith(JOURNAL_APPEND)) {
                bucket(line, append);
            }
        }
        return new Scrape(ingest, append);
    }

    private static void bucket(String line, Map<Double, Long> into) {
        int le = line.indexOf("le=\"");
        int close = line.indexOf('"', le + 4);
        String bound = line.substring(le + 4, close);
        double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
        into.put(upper, (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
    }

    /** The window's percentiles (ms, bucket upper bounds) and rate of both timers. */
    static JsonObject window(Scrape before, Scrape after, double seconds) {
        return new JsonObject()
                .put("engineIngestCommandMs", percentiles(before.engineIngest(), after.engineIngest(), seconds))
                .put("journalAppendMs", percentiles(before.journalAppend(), after.journalAppend(), seconds));
    }

    private static JsonObject percentiles(Map<Double, Long> before, Map<Double, Long> after, double seconds) {
        TreeMap<Double, Long> delta = new TreeMap<>();
        for (Map.Entry<Double, Long> e : after.entrySet()) {
            delta.put(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L));
        }
        long count = delta.isEmpty() ? 0 : delta.lastEntry().getValue();
        JsonObject out = new JsonObject().put("count", count).put("perSecond", Math.round(count / seconds))
                .put("percentileIs", "upper bound of its histogram bucket");
        for (double q : new double[]{50, 99, 99.9}) {
            out.put(q == 50 ? "p50" : q == 99 ? "p99" : "p99_9", count == 0 ? null : upperBoundMs(delta, count, q));
        }
        return out;
    }

    private static Double upperBoundMs(TreeMap<Double, Long> cumulative, long count, double q) {
        double rank = Math.ceil(count * q / 100.0);
        for (Map.Entry<Double, Long> e : cumulative.entrySet()) {
            if (e.getValue() >= rank) {
                return Double.isInfinite(e.getKey()) ? null : Math.round(e.getKey() * 1e6) / 1000.0;
            }
        }
        return null;
    }
}
