package org.vigil.server.bench;

import io.vertx.core.json.JsonObject;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * {@code ./vigil bench [all|jmh|replay|http]}: the benchmarks of issue 2. Prints a summary against the targets and
 * writes the raw figures to {@code server/target/bench-results.json} (a part run alone replaces only its own
 * section). These are measurements, not tests: nothing here asserts a time, and {@code mvn test} never runs them.
 *
 * <p>Tunables are system properties ({@code VIGIL_BENCH_OPTS="-Dvigil.bench.replay.events=5000000" ./vigil bench
 * replay}); the defaults keep the whole run under ten minutes on two cores.
 */
public final class Benchmarks {
    private static final List<String> PARTS = List.of("all", "jmh", "replay", "http", "timetravel");

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String part = args.length == 0 ? "all" : args[0];
        if (!PARTS.contains(part) || args.length > 1) {
            System.err.println("usage: vigil bench [all|jmh|replay|http|timetravel]");
            System.exit(2);
        }
        Path out = resultsFile();
        JsonObject results = Files.exists(out) ? new JsonObject(Files.readString(out)) : new JsonObject();
        results.put("machine", machine());
        String opts = System.getenv("VIGIL_BENCH_OPTS");
        String command = (opts == null || opts.isBlank() ? "" : "VIGIL_BENCH_OPTS=\"" + opts.trim() + "\" ") + "./vigil bench " + part;
        List<String> flags = jvmFlags();
        long start = System.nanoTime();
        if (part.equals("all") || part.equals("jmh")) {
            CpuMeter cpu = new CpuMeter();
            results.put("jmh", jmh(flags).put("command", command).put("at", Instant.now().toString()).put("cpu", cpu.since(0)));
            write(out, results);
        }
        if (part.equals("all") || part.equals("replay")) {
            long events = Long.getLong("vigil.bench.replay.events", 3_000_000L);
            int rounds = Integer.getInteger("vigil.bench.replay.rounds", 5);
            CpuMeter cpu = new CpuMeter();
            results.put("replay", ReplayBenchmark.run(events, rounds).put("command", command).put("at", Instant.now().toString())
                    .put("cpu", cpu.since(0)));
            write(out, results);
        }
        if (part.equals("timetravel")) {
            CpuMeter cpu = new CpuMeter();
            results.put("timetravel", TimeTravelBenchmark.run(Integer.getInteger("vigil.bench.timetravel.eventsPerBedDay", 20),
                    Integer.getInteger("vigil.bench.timetravel.questions", 100)).put("command", command)
                    .put("at", Instant.now().toString()).put("cpu", cpu.since(0)));
            write(out, results);
        }
        if (part.equals("all") || part.equals("http")) {
            HttpLoadBenchmark.Settings s = new HttpLoadBenchmark.Settings(
                    Integer.getInteger("vigil.bench.http.batchEvents", 1000),
                    Integer.getInteger("vigil.bench.http.batchConcurrency", 4),
                    Integer.getInteger("vigil.bench.http.batchSeconds", 30),
                    Long.getLong("vigil.bench.http.batchMaxRequests", 20_000L),
                    Integer.getInteger("vigil.bench.http.connections", 64),
                    Integer.getInteger("vigil.bench.http.singleSeconds", 30),
                    Long.getLong("vigil.bench.http.singleMaxRequests", 2_000_000L),
                    Integer.getInteger("vigil.bench.http.warmupSeconds", 5),
                    Integer.getInteger("vigil.bench.http.rate", 5_000),
                    Integer.getInteger("vigil.bench.http.rateSeconds", 15),
                    Integer.getInteger("vigil.bench.http.clientEventLoops", 1));
            Path log = out.resolveSibling("bench-server.log");
            results.put("http", new HttpLoadBenchmark(s, flags, log).run().put("settings", settingsJson(s))
                    .put("serverLog", log.toString()).put("command", command).put("at", Instant.now().toString()));
            write(out, results);
        }
        System.out.printf("%nbench: %s done in %.0f s; raw figures in %s%n", part, (System.nanoTime() - start) / 1e9, out);
        summary(results);
    }

    private static JsonObject jmh(List<String> flags) throws Exception {
        boolean quick = Boolean.getBoolean("vigil.bench.jmh.quick");
        String include = System.getProperty("vigil.bench.jmh.include");
        ChainedOptionsBuilder b = new OptionsBuilder();
        if (include != null) {
            b.include(include);
        } else {
            b.include(ParseBenchmark.class.getName() + "\\.")
                    .include(AppendBenchmark.class.getName() + "\\.")
                    .include(ApplyBenchmark.class.getName() + "\\.")
                    .include(IngestPathBenchmark.class.getName() + "\\.");
        }
        b.forks(1)
                .warmupIterations(quick ? 1 : 3)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 2 : 5)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .jvmArgs(flags.toArray(new String[0]))
                .shouldFailOnError(true);
        String prof = System.getProperty("vigil.bench.jmh.prof");
        if (prof != null) { // e.g. gc, or stack:lines=2;top=30 (for looking into a figure, not for the report)
            int colon = prof.indexOf(':');
            b.addProfiler(colon < 0 ? prof : prof.substring(0, colon), colon < 0 ? "" : prof.substring(colon + 1));
        }
        Options options = b.build();
        Collection<RunResult> runs = new Runner(options).run();
        JsonObject out = new JsonObject()
                .put("forks", 1)
                .put("warmup", (quick ? "1×1 s" : "3×2 s"))
                .put("measurement", (quick ? "2×1 s" : "5×2 s"))
                .put("errorMeaning", "JMH's 99.9% confidence half-interval over the measurement iterations");
        JsonObject benches = new JsonObject();
        for (RunResult r : runs) {
            Result<?> p = r.getPrimaryResult();
            String name = r.getParams().getBenchmark().replace(Benchmarks.class.getPackageName() + ".", "");
            double ns = p.getScore();
            benches.put(name, new JsonObject()
                    .put("nsPerEvent", ns)
                    .put("error", Double.isNaN(p.getScoreError()) ? null : p.getScoreError())
                    .put("unit", p.getScoreUnit())
                    .put("samples", p.getSampleCount())
                    .put("eventsPerSecondOneThread", 1e9 / ns));
        }
        return out.put("benchmarks", benches);
    }

    private static void summary(JsonObject r) {
        System.out.println();
        System.out.println("== Vigil benchmarks (" + r.getJsonObject("machine").getString("cpu") + ", "
                + r.getJsonObject("machine").getInteger("cores") + " cores) ==");
        JsonObject jmh = r.getJsonObject("jmh");
        if (jmh != null) {
            System.out.println("JMH (ns per event, ± 99.9% CI; " + jmh.getString("warmup") + " warm-up, "
                    + jmh.getString("measurement") + " measured, 1 fork):");
            JsonObject b = jmh.getJsonObject("benchmarks");
            for (String name : new ArrayList<>(b.fieldNames())) {
                JsonObject x = b.getJsonObject(name);
                System.out.printf("  %-42s %9.1f ± %6.1f ns   (%,12.0f events/s on one thread)%n", name,
                        x.getDouble("nsPerEvent"), x.getDouble("error") == null ? Double.NaN : x.getDouble("error"),
                        x.getDouble("eventsPerSecondOneThread"));
            }
            disturbance("JMH", jmh);
        }
        JsonObject replay = r.getJsonObject("replay");
        if (replay != null) {
            verdict("replay (fresh state from the journal)", replay.getDouble("medianEventsPerSecond"), 1_000_000, "events/s",
                    String.format("%,d events; first round %,.0f/s, best %,.0f/s", replay.getLong("events"),
                            replay.getDouble("firstRoundEventsPerSecond"), replay.getDouble("bestEventsPerSecond")));
            disturbance("replay", replay);
        }
        JsonObject http = r.getJsonObject("http");
        if (http != null) {
            JsonObject b = http.getJsonObject("ndjsonBatches");
            verdict("HTTP NDJSON batches, events journaled", b.getDouble("eventsPerSecond"), 200_000, "events/s",
                    String.format("server %.2f + load generator %.2f cores", b.getDouble("serverCpuCores"), b.getDouble("clientCpuCores")));
            disturbance("NDJSON phase", b);
            JsonObject s = http.getJsonObject("singleEvents");
            JsonObject l = s.getJsonObject("latencyMicros");
            verdict("HTTP single-event requests", s.getDouble("requestsPerSecond"), 20_000, "requests/s",
                    String.format("p50 %.0f µs, p99 %.0f µs at %d connections; server %.2f + load generator %.2f cores",
                            l.getDouble("p50"), l.getDouble("p99"), s.getInteger("connections"),
                            s.getDouble("serverCpuCores"), s.getDouble("clientCpuCores")));
            disturbance("single-event phase", s);
            JsonObject f = http.getJsonObject("singleEventsFixedRate");
            if (f != null) {
                JsonObject fl = f.getJsonObject("latencyMicros");
                System.out.printf("  single events at a fixed %,d/s: p50 %.0f µs, p99 %.0f µs, p99.9 %.0f µs, max %.0f µs%n",
                        f.getInteger("ratePerSecond"), fl.getDouble("p50"), fl.getDouble("p99"), fl.getDouble("p999"), fl.getDouble("max"));
            }
            if (b.getLong("failedRequests") + s.getLong("failedRequests") > 0) {
                System.out.println("  failed requests: " + b.getLong("failedRequests") + " batch, "
                        + s.getLong("failedRequests") + " single; first: " + b.getString("firstError", s.getString("firstError")));
            }
        }
    }

    /** Says when something other than the benchmark used the CPU meanwhile: those figures are then understated. */
    private static void disturbance(String part, JsonObject section) {
        JsonObject cpu = section.getJsonObject("cpu");
        if (cpu != null && cpu.getDouble("otherProcessesCores") != null && cpu.getDouble("otherProcessesCores") > 0.1) {
            System.out.printf("  ! other processes used %.2f cores on average during the %s part: its figures are disturbed%n",
                    cpu.getDouble("otherProcessesCores"), part);
        }
    }

    private static void verdict(String what, double value, double target, String unit, String detail) {
        System.out.printf("  %-42s %,12.0f %s  target ≥ %,.0f: %s  (%s)%n", what, value, unit, target,
                value >= target ? "MET" : "MISSED", detail);
    }

    private static JsonObject settingsJson(HttpLoadBenchmark.Settings s) {
        return new JsonObject().put("batchEvents", s.batchEvents()).put("batchConcurrency", s.batchConcurrency())
                .put("batchSeconds", s.batchSeconds()).put("batchMaxRequests", s.batchMaxRequests())
                .put("connections", s.connections()).put("singleSeconds", s.singleSeconds())
                .put("singleMaxRequests", s.singleMaxRequests()).put("warmupSeconds", s.warmupSeconds())
                .put("rate", s.rate()).put("rateSeconds", s.rateSeconds()).put("clientEventLoops", s.clientEventLoops());
    }

    private static JsonObject machine() throws IOException {
        String cpu = "unknown";
        Path info = Path.of("/proc/cpuinfo");
        if (Files.exists(info)) {
            for (String line : Files.readAllLines(info)) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        }
        return new JsonObject()
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("cpu", cpu)
                .put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"))
                .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"))
                .put("maxHeapMB", Runtime.getRuntime().maxMemory() >> 20);
    }

    /** The Chronicle flags the launcher and the server use, for the JMH forks and the server's child JVM. */
    static List<String> jvmFlags() throws IOException {
        try (InputStream in = Benchmarks.class.getResourceAsStream("/vigil-jvm.flags")) {
            if (in == null) {
                throw new IOException("vigil-jvm.flags missing from the classpath (build the server first)");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return Arrays.asList(text.split("\\s+"));
        }
    }

    private static Path resultsFile() throws IOException {
        Path dir = Files.isDirectory(Path.of("server", "target")) ? Path.of("server", "target") : Path.of("target");
        Files.createDirectories(dir);
        return dir.resolve("bench-results.json").toAbsolutePath();
    }

    private static void write(Path out, JsonObject results) throws IOException {
        Files.writeString(out, results.encodePrettily() + "\n");
    }
}
