package org.vigil.server.bench.probe;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the server spends its CPU and allocates in a time window, from a JFR recording of the server
 * ({@link #flags}): execution samples of the engine thread ({@value #ENGINE_THREAD}) — top frames by self time,
 * the inclusive share of the parts a single event waits behind (journal append, rule evaluation, building and
 * encoding wall snapshots), converted into milliseconds of engine time per second with the thread's CPU use —
 * and allocation samples by thread and by site (the first Vigil frame and the class allocated), which is what
 * the garbage collector's pauses are paid for. The same file opens in {@code jfr print --events
 * jdk.ExecutionSample} or {@code jfr summary} for a closer look.
 */
final class ServerProfile {
    static final String ENGINE_THREAD = "vigil-engine";

    /** The parts of the engine's turn, by the method whose stack frames make them up (inclusive). */
    private static final Map<String, String> PARTS = new LinkedHashMap<>();

    static {
        PARTS.put("org.vigil.server.wall.WallHub.changed", "wall push: build + encode changed units' snapshots");
        PARTS.put("org.vigil.server.rules.EngineState.snapshot", "snapshot build (JsonObject of a unit)");
        PARTS.put("io.vertx.core.json.JsonObject.encode", "JSON encode");
        PARTS.put("org.vigil.server.rules.EngineState.apply", "apply: state and rules");
        PARTS.put("org.vigil.server.journal.Journal.append", "journal append (Chronicle)");
        PARTS.put("org.vigil.server.rules.EngineState.drainChanged", "changed-unit set");
    }

    private ServerProfile() {
    }

    /** JVM options for a recording to {@code file}: profiling settings (10 ms samples), deep stacks, dumped on exit. */
    static List<String> flags(Path file) {
        return List.of("-XX:FlightRecorderOptions=stackdepth=256",
                "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + file);
    }

    /** The window's profile; {@code engineCores} (the engine thread's CPU, from /proc; null: unknown) turns shares into ms/s. */
    static JsonObject summary(Path recording, long fromEpochMs, long toEpochMs, Double engineCores) throws IOException {
        if (!Files.exists(recording)) {
            return new JsonObject().put("recording", "absent: " + recording);
        }
        Instant from = Instant.ofEpochMilli(fromEpochMs);
        Instant to = Instant.ofEpochMilli(toEpochMs);
        long engineSamples = 0;
        long truncated = 0;
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> samplesByThread = new HashMap<>();
        Map<String, Long> allocatedByThread = new HashMap<>();
        Map<String, Long> allocatedBySite = new HashMap<>();
        double jvmCpuSum = 0;
        double machineCpuSum = 0;
        int cpuReadings = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                Instant at = e.getStartTime();
                if (at.isBefore(from) || !at.isBefore(to)) {
                    continue;
                }
                switch (e.getEventType().getName()) {
                    case "jdk.ExecutionSample" -> {
                        RecordedThread t = e.getThread("sampledThread");
                        String name = t == null ? "?" : t.getJavaName();
                        samplesByThread.merge(name, 1L, Long::sum);
                        RecordedStackTrace stack = e.getStackTrace();
                        if (!ENGINE_THREAD.equals(name) || stack == null || stack.getFrames().isEmpty()) {
                            continue;
                        }
                        engineSamples++;
                        truncated += stack.isTruncated() ? 1 : 0;
                        List<RecordedFrame> frames = stack.getFrames();
                        self.merge(method(frames.get(0)), 1L, Long::sum);
                        Set<String> seen = new HashSet<>();
                        for (RecordedFrame f : frames) {
                            String m = method(f);
                            if (seen.add(m)) {
                                inclusive.merge(m, 1L, Long::sum);
                            }
                        }
                    }
                    case "jdk.ObjectAllocationSample" -> {
                        RecordedThread t = e.getThread("eventThread");
                        String kind = t == null ? "?" : ThreadCpu.kind(t.getJavaName());
                        long bytes = e.getLong("weight");
                        allocatedByThread.merge(kind, bytes, Long::sum);
                        allocatedBySite.merge(kind + ": " + site(e), bytes, Long::sum);
                    }
                    case "jdk.CPULoad" -> {
                        jvmCpuSum += e.getFloat("jvmUser") + e.getFloat("jvmSystem");
                        machineCpuSum += e.getFloat("machineTotal");
                        cpuReadings++;
                    }
                    default -> {
                        // other events stay in the file for jfr print
                    }
                }
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        double seconds = Math.max(1e-3, (toEpochMs - fromEpochMs) / 1000.0);
        JsonObject parts = new JsonObject();
        for (Map.Entry<String, String> p : PARTS.entrySet()) {
            double share = engineSamples == 0 ? 0 : inclusive.getOrDefault(p.getKey(), 0L) / (double) engineSamples;
            parts.put(p.getKey(), new JsonObject().put("what", p.getValue()).put("share", round(share))
                    .put("msPerSecond", engineCores == null ? null : round(share * engineCores * 1000)));
        }
        return new JsonObject()
                .put("recording", recording.toString())
                .put("engineSamples", engineSamples)
                .put("engineSamplesTruncated", truncated)
                .put("engineThreadCpuCores", engineCores)
                .put("serverJvmCpuCores", cpuReadings == 0 ? null : round(jvmCpuSum / cpuReadings * cores))
                .put("machineCpuCores", cpuReadings == 0 ? null : round(machineCpuSum / cpuReadings * cores))
                .put("engineParts", parts)
                .put("engineTopSelf", top(self, engineSamples, 15, "samples"))
                .put("engineTopInclusive", top(inclusive, engineSamples, 25, "samples"))
                .put("samplesByThread", top(samplesByThread, sum(samplesByThread), 10, "samples"))
                .put("allocatedMBPerSecond", round(sum(allocatedByThread) / 1e6 / seconds))
                // JFR's estimate from its allocation samples (their weights), by thread kind and by site
                .put("allocationByThread", top(allocatedByThread, sum(allocatedByThread), 8, "bytes"))
                .put("allocationTopSites", top(allocatedBySite, sum(allocatedBySite), 15, "bytes"));
    }

    /** The first Vigil frame of an allocation (the code that asked for it) → the class allocated. */
    private static String site(RecordedEvent e) {
        String type = e.getClass("objectClass").getName();
        RecordedStackTrace stack = e.getStackTrace();
        if (stack == null) {
            return type;
        }
        for (RecordedFrame f : stack.getFrames()) {
            String m = method(f);
            if (m.startsWith("org.vigil.")) {
                return m + " → " + type;
            }
        }
        return (stack.getFrames().isEmpty() ? "?" : method(stack.getFrames().get(0))) + " → " + type;
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static String method(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static JsonArray top(Map<String, Long> counts, long total, int n, String what) {
        JsonArray out = new JsonArray();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .forEach(e -> out.add(new JsonObject().put("name", e.getKey()).put(what, e.getValue())
                        .put("share", total == 0 ? 0 : round(e.getValue() / (double) total))));
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
