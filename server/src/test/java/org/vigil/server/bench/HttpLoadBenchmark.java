package org.vigil.server.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import org.vigil.events.EventType;
import org.vigil.server.journal.Journal;
import org.vigil.organisation.OrganisationLoader;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The HTTP load run: the real server ({@code org.vigil.server.Main}, demo organisation, bootstrap token) in a
 * child JVM on a free loopback port, so its CPU is accounted apart from the load generator's, and a Vert.x
 * HttpClient driving it from this JVM. Both share the machine's cores; the report gives each side's CPU use.
 * Phases, each bounded in requests and in time:
 * <ol>
 *   <li>NDJSON batches (closed loop: a few requests in flight, each of {@code batchEvents} events) → events/s
 *       journaled (every answer's {@code accepted} count is summed);</li>
 *   <li>single-event JSON requests over many keep-alive connections (closed loop, one request in flight per
 *       connection) → requests/s, and latency under that saturation;</li>
 *   <li>single events at a fixed rate below saturation (open loop): latency measured from each request's
 *       intended send time, so a stall is not hidden by the generator waiting for it (coordinated omission).</li>
 * </ol>
 * Every event has an id never sent before (a request sequence number is stamped into the templates), times in
 * the last 20 minutes, units of the demo organisation, and the realistic mix of {@link BenchEvents}. After the
 * server stops, its journal is opened and counted, so the figures are checked against what was really journaled.
 */
final class HttpLoadBenchmark {
    private static final String HOST = "127.0.0.1";
    private static final long MAX_LATENCY_MICROS = 60_000_000L;

    record Settings(int batchEvents, int batchConcurrency, int batchSeconds, long batchMaxRequests,
                    int connections, int singleSeconds, long singleMaxRequests, int warmupSeconds,
                    int rate, int rateSeconds, int clientEventLoops) {
    }

    private final Settings settings;
    private final List<String> jvmFlags;
    private final Path logFile;
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong acceptedTotal = new AtomicLong();
    private long serverPid;

    HttpLoadBenchmark(Settings settings, List<String> jvmFlags, Path logFile) {
        this.settings = settings;
        this.jvmFlags = jvmFlags;
        this.logFile = logFile;
    }

    JsonObject run() throws Exception {
        Path data = Files.createTempDirectory("vigil-bench-http-");
        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        int port = freePort();
        Process server = startServer(port, data, token);
        Thread killer = new Thread(server::destroyForcibly, "bench-server-killer");
        Runtime.getRuntime().addShutdownHook(killer);
        Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(settings.clientEventLoops())).build();
        JsonObject out = new JsonObject();
        try {
            int poolSize = Math.max(settings.connections(), settings.batchConcurrency());
            HttpClientAgent client = vertx.createHttpClient(
                    new HttpClientOptions().setKeepAlive(true).setPipelining(false).setDefaultHost(HOST).setDefaultPort(port),
                    new PoolOptions().setHttp1MaxSize(poolSize).setEventLoopSize(settings.clientEventLoops()));
            awaitHealthy(client, server);

            BenchEvents gen = new BenchEvents(OrganisationLoader.demo(), 99);
            long now = System.currentTimeMillis();
            // Times from 20 to 5 minutes ago: in the past for the whole run, so the server's future check never bites.
            List<BenchEvents.Template> batches = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                batches.add(gen.template(settings.batchEvents(), now - 20 * 60_000L + i * 50_000L,
                        Math.max(1, 50_000L / settings.batchEvents())));
            }
            List<BenchEvents.Template> singles = new ArrayList<>();
            for (int i = 0; i < 4096; i++) {
                singles.add(gen.template(1, now - 19 * 60_000L + i * 200L, 1));
            }
            RequestOptions ndjson = request(port, token, "application/x-ndjson");
            RequestOptions json = request(port, token, "application/json");

            System.out.printf("http: server pid %d on %s:%d; NDJSON warm-up %d s…%n", serverPid, HOST, port, settings.warmupSeconds());
            closedLoop(client, ndjson, batches, settings.batchConcurrency(), Long.MAX_VALUE, settings.warmupSeconds());
            JsonObject batch = closedLoop(client, ndjson, batches, settings.batchConcurrency(),
                    settings.batchMaxRequests(), settings.batchSeconds());
            batch.put("eventsPerRequest", settings.batchEvents()).put("concurrentRequests", settings.batchConcurrency())
                    .put("targetEventsPerSecond", 200_000);
            out.put("ndjsonBatches", batch);
            System.out.printf("http: NDJSON %,.0f events/s (%,.0f requests/s of %d events, %d in flight), p50 %.1f ms p99 %.1f ms; "
                            + "CPU server %.2f cores, load generator %.2f cores, other processes %.2f cores%n",
                    batch.getDouble("eventsPerSecond"), batch.getDouble("requestsPerSecond"), settings.batchEvents(),
                    settings.batchConcurrency(), batch.getJsonObject("latencyMicros").getDouble("p50") / 1000,
                    batch.getJsonObject("latencyMicros").getDouble("p99") / 1000, batch.getDouble("serverCpuCores"),
                    batch.getDouble("clientCpuCores"), batch.getJsonObject("cpu").getDouble("otherProcessesCores", Double.NaN));

            System.out.printf("http: single-event warm-up %d s…%n", settings.warmupSeconds());
            closedLoop(client, json, singles, settings.connections(), Long.MAX_VALUE, settings.warmupSeconds());
            JsonObject single = closedLoop(client, json, singles, settings.connections(),
                    settings.singleMaxRequests(), settings.singleSeconds());
            single.put("connections", settings.connections()).put("targetRequestsPerSecond", 20_000);
            out.put("singleEvents", single);
            printLatency("http: single events, closed loop", single);

            if (settings.rate() > 0) {
                System.out.printf("http: fixed-rate warm-up %d s at %d/s…%n", settings.warmupSeconds(), settings.rate());
                fixedRate(vertx, client, json, singles, settings.rate(), settings.warmupSeconds());
                JsonObject fixed = fixedRate(vertx, client, json, singles, settings.rate(), settings.rateSeconds());
                out.put("singleEventsFixedRate", fixed);
                printLatency("http: single events at a fixed " + settings.rate() + "/s", fixed);
            }
            client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            stop(server);
            Runtime.getRuntime().removeShutdownHook(killer);
        }
        long journaled = countJournal(data.resolve("journal"));
        out.put("journaledEvents", journaled).put("acceptedEventsIncludingWarmup", acceptedTotal.get());
        System.out.printf("http: the server's journal holds %,d events; its answers acknowledged %,d as accepted%n",
                journaled, acceptedTotal.get());
        if (journaled != acceptedTotal.get()) {
            System.out.println("http: WARNING journal count and acknowledged count differ");
        }
        TempDirs.delete(data);
        return out;
    }

    private static void printLatency(String what, JsonObject r) {
        JsonObject l = r.getJsonObject("latencyMicros");
        System.out.printf("%s: %,.0f requests/s, latency p50 %,.0f µs p90 %,.0f µs p99 %,.0f µs p99.9 %,.0f µs max %,.0f µs; "
                        + "CPU server %.2f cores, load generator %.2f cores, other processes %.2f cores%n", what,
                r.getDouble("requestsPerSecond"), l.getDouble("p50"), l.getDouble("p90"), l.getDouble("p99"),
                l.getDouble("p999"), l.getDouble("max"), r.getDouble("serverCpuCores"), r.getDouble("clientCpuCores"),
                r.getJsonObject("cpu").getDouble("otherProcessesCores", Double.NaN));
    }

    private RequestOptions request(int port, String token, String contentType) {
        return new RequestOptions().setMethod(HttpMethod.POST).setHost(HOST).setPort(port).setURI("/api/v1/events")
                .putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", contentType);
    }

    /** What one phase saw: counts, rates, latency, and both processes' CPU over the phase. */
    private final class Phase {
        final Histogram latency = new SynchronizedHistogram(MAX_LATENCY_MICROS, 3);
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong accepted = new AtomicLong();
        final AtomicReference<String> firstError = new AtomicReference<>();
        final long startNanos = System.nanoTime();
        final long serverCpu0 = serverCpuNanos();
        final long clientCpu0 = clientCpuNanos();
        final CpuMeter machine = new CpuMeter();

        void send(HttpClientAgent client, RequestOptions options, BenchEvents.Template template, long from, Runnable then) {
            long n = seq.incrementAndGet();
            Buffer body = Buffer.buffer(template.stamp(n));
            client.request(options)
                    .compose(req -> req.send(body))
                    .compose(resp -> resp.body().map(b -> resp.statusCode() == 200 ? accepted(b) : -resp.statusCode()))
                    .onComplete(ar -> {
                        latency.recordValue(Math.min(MAX_LATENCY_MICROS, (System.nanoTime() - from) / 1000));
                        if (ar.succeeded() && ar.result() >= 0) {
                            ok.incrementAndGet();
                            accepted.addAndGet(ar.result());
                            acceptedTotal.addAndGet(ar.result());
                        } else {
                            failed.incrementAndGet();
                            firstError.compareAndSet(null, ar.succeeded() ? "HTTP " + -ar.result() : String.valueOf(ar.cause()));
                        }
                        then.run();
                    });
        }

        JsonObject result() {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            double serverCpu = (serverCpuNanos() - serverCpu0) / 1e9;
            double clientCpu = (clientCpuNanos() - clientCpu0) / 1e9;
            return new JsonObject()
                    .put("seconds", seconds)
                    .put("requests", ok.get() + failed.get())
                    .put("failedRequests", failed.get())
                    .put("firstError", firstError.get())
                    .put("acceptedEvents", accepted.get())
                    .put("requestsPerSecond", ok.get() / seconds)
                    .put("eventsPerSecond", accepted.get() / seconds)
                    .put("latencyMicros", new JsonObject()
                            .put("p50", (double) latency.getValueAtPercentile(50))
                            .put("p90", (double) latency.getValueAtPercentile(90))
                            .put("p99", (double) latency.getValueAtPercentile(99))
                            .put("p999", (double) latency.getValueAtPercentile(99.9))
                            .put("max", (double) latency.getMaxValue())
                            .put("mean", latency.getMean()))
                    .put("serverCpuSeconds", serverCpu)
                    .put("clientCpuSeconds", clientCpu)
                    .put("serverCpuCores", serverCpu / seconds)
                    .put("clientCpuCores", clientCpu / seconds)
                    .put("cpu", machine.since(serverCpu));
        }
    }

    /** {@code inFlight} requests outstanding at all times until {@code maxRequests} are sent or {@code seconds} pass. */
    private JsonObject closedLoop(HttpClientAgent client, RequestOptions options, List<BenchEvents.Template> templates,
                                  int inFlight, long maxRequests, int seconds) throws Exception {
        Phase phase = new Phase();
        long deadline = phase.startNanos + seconds * 1_000_000_000L;
        AtomicLong issued = new AtomicLong();
        AtomicInteger active = new AtomicInteger(inFlight);
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            long i = issued.incrementAndGet();
            if (i > maxRequests || System.nanoTime() >= deadline) {
                if (active.decrementAndGet() == 0) {
                    done.complete(null);
                }
                return;
            }
            phase.send(client, options, templates.get((int) (i % templates.size())), System.nanoTime(), next[0]);
        };
        for (int i = 0; i < inFlight; i++) {
            next[0].run();
        }
        done.get(seconds + 60L, TimeUnit.SECONDS);
        return phase.result();
    }

    /**
     * Open loop: request i is due at start + i/rate and is sent then, however the earlier ones fare; its latency
     * counts from when it was due. A pacing thread sleeps until each due time (parkNanos: about 50–100 µs late at
     * worst, which the latency includes) and hands the request to one client event loop. Bounded by
     * rate × seconds requests and a minute's grace for the last answers.
     */
    private JsonObject fixedRate(Vertx vertx, HttpClientAgent client, RequestOptions options,
                                 List<BenchEvents.Template> templates, int rate, int seconds) throws Exception {
        Phase phase = new Phase();
        long total = (long) rate * seconds;
        double interval = 1e9 / rate;
        AtomicLong completed = new AtomicLong();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable counted = () -> {
            if (completed.incrementAndGet() == total) {
                done.complete(null);
            }
        };
        Context loop = vertx.getOrCreateContext();
        Thread pacer = new Thread(() -> {
            for (long i = 0; i < total; i++) {
                long intended = phase.startNanos + (long) (i * interval);
                long wait;
                while ((wait = intended - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                BenchEvents.Template t = templates.get((int) (i % templates.size()));
                loop.runOnContext(v -> phase.send(client, options, t, intended, counted));
            }
        }, "bench-pacer");
        pacer.setDaemon(true);
        pacer.start();
        done.get(seconds + 60L, TimeUnit.SECONDS);
        return phase.result().put("ratePerSecond", rate).put("connections", settings.connections());
    }

    /** The {@code accepted} count of an ingest answer ({"accepted":N,"duplicates":M}). */
    private static int accepted(Buffer body) {
        String s = body.toString(StandardCharsets.UTF_8);
        int at = s.indexOf("\"accepted\":");
        if (at < 0) {
            return 0;
        }
        int n = 0;
        for (int i = at + 11; i < s.length() && Character.isDigit(s.charAt(i)); i++) {
            n = n * 10 + (s.charAt(i) - '0');
        }
        return n;
    }

    private Process startServer(int port, Path data, String token) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmFlags);
        String extra = System.getProperty("vigil.bench.http.serverJvmArgs"); // e.g. a JFR recording, to look into a figure
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.vigil.server.Main");
        cmd.add("--host");
        cmd.add(HOST);
        cmd.add("--port");
        cmd.add(Integer.toString(port));
        cmd.add("--data");
        cmd.add(data.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile());
        pb.environment().put("VIGIL_BOOTSTRAP_TOKEN", token);
        Process p = pb.start();
        serverPid = p.pid();
        return p;
    }

    private void awaitHealthy(HttpClientAgent client, Process server) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited with " + server.exitValue() + "; see " + logFile);
            }
            try {
                int status = client.request(HttpMethod.GET, "/health")
                        .compose(req -> req.send().compose(resp -> resp.body().map(b -> resp.statusCode())))
                        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                if (status == 200) {
                    return;
                }
            } catch (Exception notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the server did not become healthy within 60 s; see " + logFile);
    }

    private static void stop(Process server) throws InterruptedException {
        server.destroy(); // SIGTERM: the shutdown hook closes the journal cleanly
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static long countJournal(Path dir) throws IOException {
        long[] n = {0};
        try (Journal journal = new Journal(dir)) {
            journal.replay(e -> {
                if (e.type() != EventType.TICK) {
                    n[0]++;
                }
            });
        }
        return n[0];
    }

    private long serverCpuNanos() {
        return ProcessHandle.of(serverPid).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L);
    }

    private static long clientCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }
}
