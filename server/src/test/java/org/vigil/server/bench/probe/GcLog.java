package org.vigil.server.bench.probe;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stop-the-world pauses in a JVM's unified log ({@link #FLAGS}) that fall in a time window: the collector's
 * own pause lines (G1's {@code [gc] GC(n) Pause Young … 3.4ms}, ZGC's {@code [gc,phases] GC(n) Pause Mark Start
 * 0.01ms}) and every safepoint with its time to reach it — GC-agnostic, so G1 and ZGC compare on the same terms.
 */
final class GcLog {
    /** The -Xlog option for {@code file}: epoch milliseconds first, so lines can be matched to the probe's window. */
    static String flag(Path file) {
        return "-Xlog:gc*,safepoint:file=" + file + ":timemillis,uptimemillis,tags";
    }

    private static final Pattern LINE = Pattern.compile("^\\[(\\d+)ms\\]\\[\\d+ms\\]\\[([a-z,]+)\\s*\\] (.*)$");
    private static final Pattern PAUSE = Pattern.compile("^GC\\(\\d+\\) (Pause [A-Za-z ()0-9]+?)(?: \\d+[KMG]->.*)? ([0-9.]+)ms$");
    private static final Pattern SAFEPOINT = Pattern.compile("^Safepoint \"([^\"]+)\".*Reaching safepoint: (\\d+) ns.*Total: (\\d+) ns$");

    private GcLog() {
    }

    /** Pauses and safepoints logged in [{@code fromEpochMs}, {@code toEpochMs}); an absent log gives an empty summary. */
    static JsonObject summary(Path log, long fromEpochMs, long toEpochMs) throws IOException {
        if (!Files.exists(log)) {
            return new JsonObject().put("log", "absent: " + log);
        }
        List<String> lines = Files.readAllLines(log);
        int pauses = 0;
        double pauseMax = 0;
        double pauseTotal = 0;
        Map<String, Object> byKind = new TreeMap<>();
        int safepoints = 0;
        double safepointMax = 0;
        double safepointTotal = 0;
        double reachingMax = 0;
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            long at = Long.parseLong(m.group(1));
            if (at < fromEpochMs || at >= toEpochMs) {
                continue;
            }
            String tags = m.group(2);
            String text = m.group(3);
            Matcher p = PAUSE.matcher(text);
            if ((tags.equals("gc") || tags.equals("gc,phases")) && p.matches()) {
                double ms = Double.parseDouble(p.group(2));
                pauses++;
                pauseMax = Math.max(pauseMax, ms);
                pauseTotal += ms;
                byKind.merge(p.group(1).trim(), 1, (a, b) -> (Integer) a + (Integer) b);
                continue;
            }
            Matcher s = SAFEPOINT.matcher(text);
            if (tags.equals("safepoint") && s.matches()) {
                double total = Long.parseLong(s.group(3)) / 1e6;
                safepoints++;
                safepointMax = Math.max(safepointMax, total);
                safepointTotal += total;
                reachingMax = Math.max(reachingMax, Long.parseLong(s.group(2)) / 1e6);
            }
        }
        double seconds = Math.max(1e-3, (toEpochMs - fromEpochMs) / 1000.0);
        return new JsonObject()
                .put("log", log.toString())
                .put("gcPauses", new JsonObject().put("count", pauses).put("maxMs", round(pauseMax))
                        .put("totalMs", round(pauseTotal)).put("perSecond", round(pauses / seconds))
                        .put("byKind", new JsonObject(byKind)))
                .put("safepoints", new JsonObject().put("count", safepoints).put("maxMs", round(safepointMax))
                        .put("totalMs", round(safepointTotal)).put("maxTimeToSafepointMs", round(reachingMax)));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
