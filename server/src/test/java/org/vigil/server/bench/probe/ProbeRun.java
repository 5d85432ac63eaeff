package org.vigil.server.bench.probe;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.vigil.server.bench.CpuMeter;
import org.vigil.server.bench.compare.Comparisons;
import org.vigil.server.bench.compare.Machine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code ./vigil bench probe} (issue 12): what one single event experiences among background load. For each
 * background rate, three child JVMs on this machine's cores, each with its own GC log:
 * <ol>
 *   <li>the server as shipped ({@code org.vigil.server.Main}, runtime classpath, {@code -Xmx1g} as in the e2e
 *       comparison), with an empty journal and a JFR recording ({@link ServerProfile});</li>
 *   <li>the simulator's load mode at the rate ({@code ./vigil simulate --rate R}; none at rate 0);</li>
 *   <li>the {@link SingleEventProbe}, a client outside the project's code, subscribed to one ward's wall.</li>
 * </ol>
 * When the probe opens and closes its measured window (it prints both), this JVM reads the server's own timers
 * ({@link ServerTimers}) and the CPU each child and the rest of the machine used; afterwards the GC logs and the
 * recording are cut to the same window. Results go to {@code server/target/probe-results.json}, logs and
 * recordings to {@code server/target/probe-runs/rate-R/}. Every child is bounded in time and killed on exit.
 *
 * <p>Tunables ({@code VIGIL_BENCH_OPTS="-Dvigil.bench.probe.rates=10000" ./vigil bench probe}):
 * {@code vigil.bench.probe.rates} (events/s, default 100,1000,10000), {@code .warmupSeconds} (10),
 * {@code .seconds} (30), {@code .roundsPerSecond} (10), {@code .ward} (RVT-W12), {@code .jfr} (true),
 * {@code .loadRunProbes} (false; true: the simulator also watches every ward and runs its own probes, the e2e
 * harness, side by side with this one), {@code .serverJvmOpts} (extra server JVM options, e.g.
 * {@code -XX:+UseZGC}), {@code .concurrency} (the simulator's requests in flight, 16 as in the e2e comparison),
 * {@code .cluster} (false; true: the server is {@code ./vigil cluster}'s three brokers and three nodes, the load
 * sent to node 1 and the probe's events to node 2, whose wall it watches; results in
 * {@code server/target/probe-cluster-results.json}; no JFR recording).
 */
public final class ProbeRun {
    /** Everything one probe run is told. {@code serverClasspath} is the server as shipped, or a test's classpath. */
    record Plan(double[] rates, double warmupSeconds, double seconds, double roundsPerSecond, String ward, boolean jfr,
                boolean loadRunProbes, List<String> serverJvmOpts, int concurrency, String serverClasspath, Path outDir,
                boolean cluster) {
        JsonObject toJson() {
            JsonArray r = new JsonArray();
            Arrays.stream(rates).forEach(r::add);
            return new JsonObject().put("backgroundRates", r).put("warmupSeconds", warmupSeconds).put("seconds", seconds)
                    .put("roundsPerSecond", roundsPerSecond).put("ward", ward).put("jfr", jfr)
                    .put("loadRunProbes", loadRunProbes).put("serverJvmOpts", String.join(" ", serverJvmOpts))
                    .put("simulatorConcurrency", concurrency).put("cluster", cluster);
        }
    }

    private static final long SERVER_GRACE_SECONDS = 60;

    private final Plan plan;

    ProbeRun(Plan plan) {
        this.plan = plan;
    }

    public static void main(String[] args) throws Exception {
        Path root = Comparisons.ROOT;
        String opts = System.getProperty("vigil.bench.probe.serverJvmOpts", "").trim();
        Plan plan = new Plan(
                Arrays.stream(System.getProperty("vigil.bench.probe.rates", "100,1000,10000").split(","))
                        .mapToDouble(s -> Double.parseDouble(s.trim())).toArray(),
                Double.parseDouble(System.getProperty("vigil.bench.probe.warmupSeconds", "10")),
                Double.parseDouble(System.getProperty("vigil.bench.probe.seconds", "30")),
                Double.parseDouble(System.getProperty("vigil.bench.probe.roundsPerSecond", "10")),
                System.getProperty("vigil.bench.probe.ward", "RVT-W12"),
                Boolean.parseBoolean(System.getProperty("vigil.bench.probe.jfr", "true")),
                Boolean.getBoolean("vigil.bench.probe.loadRunProbes"),
                opts.isEmpty() ? List.of() : List.of(opts.split("\\s+")),
                Integer.getInteger("vigil.bench.probe.concurrency", 16),
                runtimeClasspath(root, "server"),
                root.resolve("server/target/probe-runs"),
                Boolean.getBoolean("vigil.bench.probe.cluster"));
        if (plan.cluster() && plan.jfr()) {
            plan = new Plan(plan.rates(), plan.warmupSeconds(), plan.seconds(), plan.roundsPerSecond(), plan.ward(),
                    false, plan.loadRunProbes(), plan.serverJvmOpts(), plan.concurrency(), plan.serverClasspath(),
                    plan.outDir(), true); // three nodes: no one recording of "the server"
        }
        Path results = root.resolve(plan.cluster() ? "server/target/probe-cluster-results.json"
                : "server/target/probe-results.json");
        String env = System.getenv("VIGIL_BENCH_OPTS");
        JsonObject out = new JsonObject()
                .put("command", (env == null || env.isBlank() ? "" : "VIGIL_BENCH_OPTS=\"" + env.trim() + "\" ") + "./vigil bench probe")
                .put("at", Instant.now().toString())
                .put("machine", Machine.describe())
                .put("settings", plan.toJson())
                .put("loadAverageBefore", CpuMeter.loadAverage());
        JsonArray runs = new JsonArray();
        out.put("runs", runs);
        ProbeRun run = new ProbeRun(plan);
        for (double rate : plan.rates()) {
            runs.add(run.once(rate));
            out.put("loadAverageAfter", CpuMeter.loadAverage());
            Files.writeString(results, out.encodePrettily() + "\n");
        }
        System.out.println();
        System.out.println("probe: single event among background load (ms; POST → 200 and concern POST → first wall message naming the bed)");
        System.out.printf("%10s %8s | %-28s | %-28s | %-28s | %9s %9s | %s%n", "background", "accepted", "POST→200 p50/p99/p99.9/max",
                "POST→wall p50/p99/p99.9/max", "control news2 p50/p99", "wall B/msg", "msgs/s", "server GC pauses (count, max ms) / load avg");
        for (int i = 0; i < runs.size(); i++) {
            System.out.println(line(runs.getJsonObject(i)));
        }
        System.out.println("results: " + results + "  (load average before " + out.getDouble("loadAverageBefore")
                + ", after " + out.getDouble("loadAverageAfter") + " on " + Runtime.getRuntime().availableProcessors() + " cores)");
    }

    /** One background rate: server, load, probe; returns what was measured. Bounded; every child stopped. */
    JsonObject once(double rate) throws Exception {
        Path logs = plan.outDir().resolve("rate-" + Math.round(rate));
        if (Files.exists(logs)) {
            delete(logs);
        }
        Files.createDirectories(logs);
        Path data = Files.createTempDirectory("vigil-probe-");
        int port = freePort();
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        String url = "http://127.0.0.1:" + port;
        double loadBefore = CpuMeter.loadAverage();
        System.err.printf("probe: background %.0f events/s: server on %s, %.0f s warm-up + %.0f s measured, logs in %s%n",
                rate, url, plan.warmupSeconds(), plan.seconds(), logs);
        List<ChildJvm> children = new ArrayList<>();
        try {
            ChildJvm server;
            String loadUrl = url;
            if (plan.cluster()) {
                // the load enters through node 1, the probe's events through node 2, whose wall it watches: every
                // event crosses the Kafka log before any wall sees it
                ClusterUrls nodes = new ClusterUrls();
                server = ChildJvm.start("cluster", clusterCommand(data), Map.of("VIGIL_BOOTSTRAP_TOKEN", token),
                        logs.resolve("cluster.log"), nodes::line);
                children.add(server);
                List<String> urls = nodes.await(server, Duration.ofMinutes(5));
                loadUrl = urls.get(0);
                url = urls.get(1 % urls.size());
                port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
            } else {
                server = ChildJvm.start("server", serverCommand(port, data, logs), Map.of("VIGIL_BOOTSTRAP_TOKEN", token),
                        logs.resolve("server.log"));
                children.add(server);
                server.awaitHealthy(port, Duration.ofSeconds(90));
            }
            ProbeWindow window = new ProbeWindow(port);
            ChildJvm load = null;
            if (rate > 0) {
                load = ChildJvm.start("simulator", simulatorCommand(rate, loadUrl, token, logs), Map.of(), logs.resolve("simulator.log"));
                children.add(load);
            }
            window.measure(server, load);
            ChildJvm probe = ChildJvm.start("probe", probeCommand(url, logs), Map.of("VIGIL_PROBE_TOKEN", token),
                    logs.resolve("probe.log"), window::onProbeLine);
            window.measure(probe);
            children.add(probe);
            long bound = (long) (plan.warmupSeconds() + plan.seconds()) + 120;
            if (!probe.waitFor(bound)) {
                System.err.println("probe: the probe did not finish within " + bound + " s");
            }
            if (load != null && !load.waitFor(60)) {
                System.err.println("probe: the simulator did not finish within 60 s of the probe");
            }
            for (ChildJvm c : children) {
                c.stop(c == server ? SERVER_GRACE_SECONDS : 10);
            }
            JsonObject r = result(rate, logs, window, loadBefore, children);
            return plan.cluster() ? r.put("nodes", new JsonObject().put("load", loadUrl).put("probe", url)) : r;
        } finally {
            for (ChildJvm c : children) {
                c.stop(5);
            }
            delete(data);
        }
    }

    private JsonObject result(double rate, Path logs, ProbeWindow window, double loadBefore, List<ChildJvm> children)
            throws IOException {
        JsonObject r = new JsonObject().put("backgroundRatePerSecond", rate).put("logs", logs.toString());
        Path probeReport = logs.resolve("probe.json");
        r.put("probe", Files.exists(probeReport) ? new JsonObject(Files.readString(probeReport))
                : new JsonObject().put("error", "no report; see " + logs.resolve("probe.log")));
        Path loadReport = logs.resolve("load.json");
        if (rate > 0) {
            r.put("background", Files.exists(loadReport) ? new JsonObject(Files.readString(loadReport))
                    : new JsonObject().put("error", "no report; see " + logs.resolve("simulator.log")));
        }
        JsonObject exits = new JsonObject();
        children.forEach(c -> exits.put(c.name(), c.alive() ? null : c.exitValue()));
        r.put("exitValues", exits);
        if (!window.complete()) {
            r.put("error", "the probe never opened and closed its window; see " + logs.resolve("probe.log"));
            return r;
        }
        long from = window.startEpochMs();
        long to = window.endEpochMs();
        r.put("window", window.figures());
        r.put("gc", new JsonObject()
                .put("server", GcLog.summary(logs.resolve("server-gc.log"), from, to))
                .put("simulator", GcLog.summary(logs.resolve("simulator-gc.log"), from, to))
                .put("probe", GcLog.summary(logs.resolve("probe-gc.log"), from, to)));
        if (plan.jfr()) {
            Object engine = window.figures().getJsonObject("serverCpuCoresByThread").getValue(ServerProfile.ENGINE_THREAD);
            r.put("serverProfile", ServerProfile.summary(logs.resolve("server.jfr"), from, to,
                    engine instanceof Number n ? n.doubleValue() : null));
        }
        r.put("loadAverage", new JsonObject().put("before", loadBefore).put("after", CpuMeter.loadAverage()));
        return r;
    }

    private List<String> serverCommand(int port, Path data, Path logs) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Comparisons.javaBin());
        cmd.addAll(Comparisons.jvmFlags());
        cmd.add("-Xmx1g");
        cmd.add(GcLog.flag(logs.resolve("server-gc.log")));
        if (plan.jfr()) {
            cmd.addAll(ServerProfile.flags(logs.resolve("server.jfr")));
        }
        cmd.addAll(plan.serverJvmOpts());
        cmd.addAll(List.of("-cp", plan.serverClasspath(), "org.vigil.server.Main", "--port", Integer.toString(port),
                "--host", "127.0.0.1", "--data", data.toString()));
        return cmd;
    }

    /**
     * {@code ./vigil cluster} ({@code org.vigil.cluster.ClusterMain}): three KRaft brokers and three nodes, each node
     * with the server's heap of the single-node run.
     */
    private List<String> clusterCommand(Path data) throws IOException {
        List<String> nodeJvm = new ArrayList<>(Comparisons.jvmFlags());
        nodeJvm.add("-Xmx1g");
        nodeJvm.add("-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn");
        nodeJvm.addAll(plan.serverJvmOpts());
        List<String> cmd = new ArrayList<>();
        cmd.add(Comparisons.javaBin());
        cmd.addAll(Comparisons.jvmFlags());
        cmd.addAll(List.of("-cp", runtimeClasspath(Comparisons.ROOT, "cluster"), "org.vigil.cluster.ClusterMain",
                "--dir", data.resolve("cluster").toString(), "--node-jvm-options", String.join(" ", nodeJvm)));
        return cmd;
    }

    /** The node URLs {@code ./vigil cluster} prints, in order, once it says everything is up. */
    private static final class ClusterUrls {
        private final List<String> urls = new ArrayList<>();
        private final java.util.concurrent.CountDownLatch up = new java.util.concurrent.CountDownLatch(1);

        synchronized void line(String line) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s+node \\d+\\s+(http://\\S+)").matcher(line);
            if (m.find()) {
                urls.add(m.group(1));
            } else if (line.startsWith("Ctrl-C stops everything")) {
                up.countDown();
            }
        }

        List<String> await(ChildJvm cluster, Duration within) throws InterruptedException {
            if (!up.await(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS) || !cluster.alive()) {
                throw new IllegalStateException("the cluster did not come up within " + within);
            }
            synchronized (this) {
                return List.copyOf(urls);
            }
        }
    }

    /** {@code ./vigil simulate --rate R}: its warm-up is the probe's, and it outlasts the probe's window by 10 s. */
    private List<String> simulatorCommand(double rate, String url, String token, Path logs) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Comparisons.javaBin());
        cmd.addAll(Comparisons.jvmFlags());
        cmd.add("-Xmx1g");
        cmd.add(GcLog.flag(logs.resolve("simulator-gc.log")));
        cmd.addAll(List.of("-cp", runtimeClasspath(Comparisons.ROOT, "simulator"), "org.vigil.simulator.Main",
                "--url", url, "--token", token, "--rate", Long.toString(Math.round(rate)),
                "--warmup", Long.toString(Math.round(plan.warmupSeconds())),
                "--duration", Long.toString(Math.round(plan.seconds()) + 10),
                "--concurrency", Integer.toString(plan.concurrency()), "--report", logs.resolve("load.json").toString(),
                "--max-events", Long.toString(Math.round(rate * (plan.warmupSeconds() + plan.seconds() + 10)))));
        if (plan.loadRunProbes()) {
            cmd.addAll(List.of("--ws-url", url.replace("http", "ws") + "/ws/wall", "--ws-token", token));
        }
        return cmd;
    }

    private List<String> probeCommand(String url, Path logs) {
        return List.of(Comparisons.javaBin(), "-Xmx256m", GcLog.flag(logs.resolve("probe-gc.log")),
                "-cp", System.getProperty("java.class.path"), SingleEventProbe.class.getName(),
                "--url", url, "--ward", plan.ward(), "--rate", Double.toString(plan.roundsPerSecond()),
                "--warmup", Double.toString(plan.warmupSeconds()), "--seconds", Double.toString(plan.seconds()),
                "--report", logs.resolve("probe.json").toString());
    }

    /** A module's runtime classpath as the launcher builds it: its classes, then target/classpath.txt. */
    private static String runtimeClasspath(Path root, String module) throws IOException {
        Path m = root.resolve(module);
        return m.resolve("target/classes") + ":" + Files.readString(m.resolve("target/classpath.txt")).trim();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String line(JsonObject run) {
        JsonObject probe = run.getJsonObject("probe", new JsonObject());
        JsonObject ms = probe.getJsonObject("latencyMs", new JsonObject());
        JsonObject wall = probe.getJsonObject("wall", new JsonObject());
        JsonObject bg = run.getJsonObject("background", new JsonObject());
        JsonObject gc = run.getJsonObject("gc", new JsonObject()).getJsonObject("server", new JsonObject())
                .getJsonObject("gcPauses", new JsonObject());
        return String.format("%10.0f %8s | %-28s | %-28s | %-28s | %9s %9s | %s, %s / %s",
                run.getDouble("backgroundRatePerSecond"), bg.getValue("throughputPerSecond", "-"),
                four(ms.getJsonObject("postTo200")), four(ms.getJsonObject("concernToWall")),
                two(ms.getJsonObject("controlNews2To200")),
                wall.getJsonObject("bytesPerMessage", new JsonObject()).getValue("p50", "-"),
                wall.getJsonObject("messagesPerSecond", new JsonObject()).getValue("mean", "-"),
                gc.getValue("count", "-"), gc.getValue("maxMs", "-"),
                run.getJsonObject("loadAverage", new JsonObject()).getValue("after", "-"));
    }

    private static String four(JsonObject s) {
        return s == null || s.getLong("count", 0L) == 0 ? "no measured round" : s.getValue("p50") + " / " + s.getValue("p99") + " / " + s.getValue("p99_9") + " / " + s.getValue("max");
    }

    private static String two(JsonObject s) {
        return s == null || s.getLong("count", 0L) == 0 ? "-" : s.getValue("p50") + " / " + s.getValue("p99");
    }
}
