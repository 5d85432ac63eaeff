package org.vigil.server.bench.compare;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end ingest → screen latency over the real wall WebSocket: for each rate, a fresh server in a child JVM
 * (the Chronicle flags from {@code vigil-jvm.flags}, a random bootstrap token in VIGIL_BOOTSTRAP_TOKEN, an empty
 * journal in a temporary directory) and the simulator's load mode in another child JVM as the client, subscribed
 * to every ward's wall ({@code view: ward}). The simulator's probes (10 a second: an admission and a Martha's rule
 * concern, an immediate alert) are timed from their send to the first wall message naming their bed; the
 * background load is the simulation's event mix at the target rate. Client and server share the 2 cores.
 */
final class EndToEnd {
    private EndToEnd() {
    }

    static JsonObject run(String[] args) throws Exception {
        double[] rates = args.length > 0 ? parse(args[0]) : new double[]{1_000, 2_000, 5_000, 10_000, 20_000, 50_000};
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        JsonArray runs = new JsonArray();
        Double best = null;
        for (double rate : rates) {
            JsonObject r = once(rate, seconds);
            runs.add(r);
            JsonObject push = r.getJsonObject("pushLatencyMs");
            boolean sustained = r.getDouble("throughputPerSecond", 0.0) >= 0.95 * rate
                    && r.getLong("errors5xxOrIo", 0L) == 0 && push != null && push.getDouble("p99", 1e9) < 10.0;
            r.put("sustainedWithP99Under10ms", sustained);
            if (sustained) {
                best = rate;
            }
        }
        return new JsonObject().put("runs", runs).put("measuredSecondsPerRate", seconds)
                .put("highestRateWithP99Under10ms", best)
                .put("target", "p99 <= 5 ms at 10,000 events/s");
    }

    private static double[] parse(String csv) {
        String[] parts = csv.split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Double.parseDouble(parts[i]);
        }
        return out;
    }

    private static JsonObject once(double rate, int seconds) throws Exception {
        Path dir = Files.createTempDirectory("vigil-cmp-e2e-");
        int port = freePort();
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        String token = HexFormat.of().formatHex(b);
        List<String> server = new ArrayList<>();
        server.add(Comparisons.javaBin());
        server.addAll(Comparisons.jvmFlags());
        server.add("-Xmx1g");
        server.add("-cp");
        server.add(classpath("server"));
        server.add("org.vigil.server.Main");
        server.addAll(List.of("--port", Integer.toString(port), "--host", "127.0.0.1", "--data", dir.toString()));
        ProcessBuilder spb = new ProcessBuilder(server).redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile());
        spb.environment().put("VIGIL_BOOTSTRAP_TOKEN", token);
        Process srv = spb.start();
        try {
            waitUp(port, srv);
            Path report = dir.resolve("load.json");
            List<String> sim = new ArrayList<>();
            sim.add(Comparisons.javaBin());
            sim.add("-Xmx1g");
            sim.add("-cp");
            sim.add(classpath("simulator"));
            sim.add("org.vigil.simulator.Main");
            sim.addAll(List.of("--url", "http://127.0.0.1:" + port, "--token", token,
                    "--rate", Long.toString((long) rate), "--duration", Integer.toString(seconds), "--warmup", "10",
                    "--concurrency", "16", "--ws-url", "ws://127.0.0.1:" + port + "/ws/wall", "--ws-token", token,
                    "--report", report.toString(), "--max-events", Long.toString((long) (rate * (seconds + 10)))));
            System.err.printf("e2e: %.0f events/s for %d s (+10 s warm-up), server on 127.0.0.1:%d%n", rate, seconds, port);
            Process client = new ProcessBuilder(sim).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("simulator.log").toFile()).start();
            if (!client.waitFor(seconds + 90L, TimeUnit.SECONDS)) {
                client.destroyForcibly();
            }
            JsonObject r = Files.exists(report) ? new JsonObject(Files.readString(report))
                    : new JsonObject().put("error", "no report; see " + dir.resolve("simulator.log"));
            r.put("simulatorExit", client.isAlive() ? -1 : client.exitValue());
            System.err.println("e2e: " + r.encode());
            return r;
        } finally {
            srv.destroy();
            if (!srv.waitFor(10, TimeUnit.SECONDS)) {
                srv.destroyForcibly();
            }
        }
    }

    /** A module's runtime classpath as the launcher builds it: its classes, then target/classpath.txt. */
    private static String classpath(String module) throws IOException {
        Path m = Comparisons.ROOT.resolve(module);
        return m.resolve("target/classes") + ":" + Files.readString(m.resolve("target/classpath.txt")).trim();
    }

    private static void waitUp(int port, Process srv) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!srv.isAlive()) {
                throw new IllegalStateException("server exited with " + srv.exitValue());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("server not up on " + port + " within 60 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
