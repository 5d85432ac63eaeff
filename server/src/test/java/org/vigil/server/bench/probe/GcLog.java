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
 * Where the collector logs them (G1): the GC threads' CPU time against the pauses' wall time, and the allocation
 * rate between collections.
 */
final class GcLog {
    /** The -Xlog option for {@code file}: epoch milliseconds first, so lines can be matched to the probe's window. */
    static String flag(Path file) {
        return "-Xlog:gc*,safepoint:file=" + file + ":timemillis,uptimemillis,tags";
    }

    private static final Pattern LINE = Pattern.compile("^\\[(\\d+)ms\\]\\[\\d+ms\\]\\[([a-z,]+)\\s*\\] (.*)$");
    private static final Pattern PAUSE = Pattern.compile("^GC\\(\\d+\\) (Pause [A-Za-z ()0-9]+?)(?: (\\d+)M->(\\d+)M\\(\\d+M\\))? ([0-9.]+)ms$");
    private static final Pattern CPU = Pattern.compile("^GC\\(\\d+\\) User=([0-9.]+)s Sys=([0-9.]+)s Real=([0-9.]+)s$");
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
        double cpuSeconds = 0;
        double realSeconds = 0;
        long allocatedMb = 0;
        long lastAfterMb = -1;
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            long at = Long.parseLong(m.group(1));
            String tags = m.group(2);
            String text = m.group(3);
            Matcher p = PAUSE.matcher(text);
            boolean pause = (tags.equals("gc") || tags.equals("gc,phases")) && p.matches();
            boolean inWindow = at >= fromEpochMs && at < toEpochMs;
            if (pause && p.group(2) != null) {
                // what the application allocated since the previous collection: heap before this one − after that one
                if (inWindow && lastAfterMb >= 0) {
                    allocatedMb += Long.parseLong(p.group(2)) - lastAfterMb;
                }
                lastAfterMb = Long.parseLong(p.group(3));
            }
            if (!inWindow) {
                continue;
            }
            if (pause) {
                double ms = Double.parseDouble(p.group(4));
                pauses++;
                pauseMax = Math.max(pauseMax, ms);
                pauseTotal += ms;
                byKind.merge(p.group(1).trim(), 1, (a, b) -> (Integer) a + (Integer) b);
                continue;
            }
            Matcher c = CPU.matcher(text);
            if (tags.equals("gc,cpu") && c.matches()) {
                cpuSeconds += Double.parseDouble(c.group(1)) + Double.parseDouble(c.group(2));
                realSeconds += Double.parseDouble(c.group(3));
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
                        .put("byKind", new JsonObject(byKind))
                        // GC workers' CPU per second of pause: their number (2 on 2 cores) if they ran throughout,
                        // well below it when they waited for a core
                        .put("cpuSecondsPerRealSecond", realSeconds == 0 ? null : round(cpuSeconds / realSeconds)))
                .put("allocatedMBPerSecond", lastAfterMb < 0 ? null : round(allocatedMb / seconds))
                .put("safepoints", new JsonObject().put("count", safepoints).put("maxMs", round(safepointMax))
                        .put("totalMs", round(safepointTotal)).put("maxTimeToSafepointMs", round(reachingMax)));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
