package org.vigil.server.timeseries;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real InfluxDB 1.x ({@code /usr/bin/influxd}) for tests: its own config binding loopback only on free ports,
 * its own meta/data/wal directories in a temp dir, usage reporting off. {@link #stop()} and {@link #start()} again
 * keep the data (for outage tests). Not a mock: the subject of these tests is what InfluxDB really stores.
 */
public final class InfluxServer implements AutoCloseable {
    public static final Path INFLUXD = Path.of("/usr/bin/influxd");

    private final Path dir;
    private final int httpPort;
    private final int rpcPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    public InfluxServer() throws IOException {
        if (!Files.isExecutable(INFLUXD)) {
            throw new IllegalStateException(INFLUXD + " is missing: install InfluxDB 1.x with `apt-get install -y influxdb`"
                    + " (the ./vigil test launcher does this)");
        }
        this.dir = Files.createTempDirectory("vigil-influxd-");
        this.httpPort = freePort();
        this.rpcPort = freePort();
        Files.writeString(dir.resolve("influxdb.conf"), """
                reporting-disabled = true
                bind-address = "127.0.0.1:%d"
                [meta]
                  dir = "%s/meta"
                  logging-enabled = false
                [data]
                  dir = "%s/data"
                  wal-dir = "%s/wal"
                  query-log-enabled = false
                [monitor]
                  store-enabled = false
                [subscriber]
                  enabled = false
                [continuous_queries]
                  enabled = false
                [http]
                  enabled = true
                  bind-address = "127.0.0.1:%d"
                  log-enabled = false
                  flux-enabled = false
                  # far below the 25 MB default, so the tests prove the writer never sends a body InfluxDB refuses
                  max-body-size = %d
                """.formatted(rpcPort, dir, dir, dir, httpPort, MAX_BODY_BYTES));
    }

    static final int MAX_BODY_BYTES = 2_000_000;

    /** Starts influxd and waits until it answers /ping. */
    public InfluxServer start() throws IOException, InterruptedException {
        process = new ProcessBuilder(INFLUXD.toString(), "-config", dir.resolve("influxdb.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("influxd.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("influxd exited with " + process.exitValue() + "; log:\n"
                        + Files.readString(dir.resolve("influxd.log")));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/ping")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 204) {
                    return this;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("influxd did not answer /ping within 30 s");
    }

    /** Stops influxd (SIGTERM, then SIGKILL); the data stays for a later {@link #start()}. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        process = null;
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Runs InfluxQL; returns the parsed reply. Fails on an HTTP or statement error. */
    public JsonObject query(String db, String influxql) throws IOException, InterruptedException {
        String uri = url() + "/query?epoch=ms&db=" + URLEncoder.encode(db, StandardCharsets.UTF_8)
                + "&q=" + URLEncoder.encode(influxql, StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(uri)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonObject body = new JsonObject(r.body());
        if (r.statusCode() != 200 || body.containsKey("error")) {
            throw new AssertionError("InfluxQL failed (" + r.statusCode() + "): " + influxql + "\n" + r.body());
        }
        JsonArray results = body.getJsonArray("results");
        for (int i = 0; i < results.size(); i++) {
            if (results.getJsonObject(i).containsKey("error")) {
                throw new AssertionError("InfluxQL error: " + influxql + "\n" + results.getJsonObject(i).getString("error"));
            }
        }
        return body;
    }

    /** The first value of the first row of a single-number query (e.g. SELECT count(x) …), or 0 with no rows. */
    public long number(String db, String influxql) throws IOException, InterruptedException {
        JsonArray series = query(db, influxql).getJsonArray("results").getJsonObject(0).getJsonArray("series");
        if (series == null || series.isEmpty()) {
            return 0;
        }
        long total = 0;
        for (int i = 0; i < series.size(); i++) {
            total += ((Number) series.getJsonObject(i).getJsonArray("values").getJsonArray(0).getValue(1)).longValue();
        }
        return total;
    }

    @Override
    public void close() throws Exception {
        stop();
        deleteTree(dir);
    }

    private static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            try (var s = Files.list(p)) {
                for (Path c : (Iterable<Path>) s::iterator) {
                    deleteTree(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
