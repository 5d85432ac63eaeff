package org.vigil.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.ChildServer;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./vigil demo} as a newcomer runs it, twice. The real launcher starts a real demo (server with HTTPS,
 * InfluxDB when installed, gateway, live simulator) on free ports and a temporary data directory; then second
 * launches that clash with it — on every port in turn (the server's HTTPS too), and on its data directory — must
 * each refuse with a clear message and a non-zero exit, starting and deleting nothing, while the first demo keeps
 * its server, its journal and its patients. Everything started is stopped at the end (the demo's own Ctrl-C path, then a forced kill of anything
 * left), and no wait is unbounded.
 */
class DemoLauncherTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The first start may build (when sources are newer than the build): generous, but bounded. */
    private static final Duration START_WITHIN = Duration.ofMinutes(6);

    /** A demo's ports, in the launcher's environment variables. */
    record Ports(int server, int serverHttps, int mllp, int https, int influx) {
        static Ports free() throws IOException {
            List<Integer> taken = new ArrayList<>();
            int influx;
            do {
                influx = ChildServer.freePort();       // InfluxDB binds this and this + 2 (its RPC port)
                taken.add(influx);
            } while (!canBind(influx + 2));
            return new Ports(distinctFreePort(taken), distinctFreePort(taken), distinctFreePort(taken),
                    distinctFreePort(taken), influx);
        }

        Ports with(String service, int port) {
            return switch (service) {
                case "server" -> new Ports(port, serverHttps, mllp, https, influx);
                case "server HTTPS" -> new Ports(server, port, mllp, https, influx);
                case "gateway MLLP" -> new Ports(server, serverHttps, port, https, influx);
                case "gateway HTTPS" -> new Ports(server, serverHttps, mllp, port, influx);
                case "InfluxDB" -> new Ports(server, serverHttps, mllp, https, port);
                default -> throw new IllegalArgumentException(service);
            };
        }

        Map<String, Integer> byService() {
            Map<String, Integer> m = new LinkedHashMap<>();
            m.put("server", server);
            m.put("server HTTPS", serverHttps);
            m.put("gateway MLLP", mllp);
            m.put("gateway HTTPS", https);
            m.put("InfluxDB", influx);
            return m;
        }
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aSecondDemoRefusesBeforeTouchingAnythingAndTheFirstRunsOnUnharmed(@TempDir Path tmp) throws Exception {
        Ports ports = Ports.free();
        Path data = tmp.resolve("demo");
        Path firstLog = tmp.resolve("first-demo.log");
        Process first = launch(ports, data, firstLog);
        Set<ProcessHandle> started = new HashSet<>();
        try {
            long serverPid = awaitRunning(first, ports, firstLog);
            started.addAll(first.descendants().toList());
            // the pages, API and FHIR over the server's HTTPS with the development certificate, as it prints them
            String printed = Files.readString(firstLog, StandardCharsets.UTF_8);
            assertTrue(printed.contains("https://localhost:" + ports.serverHttps() + "/wall/ward/RVT-W12#token="),
                    printed);
            HttpResponse<String> overTls = overHttps(ports.serverHttps(), "/health");
            assertEquals(200, overTls.statusCode(), overTls.body());
            assertEquals(serverPid, new JsonObject(overTls.body()).getLong("pid"), "the same server, over HTTPS");
            assertTrue(overTls.headers().firstValue("Strict-Transport-Security").isPresent(), "HSTS over HTTPS");
            int before = awaitAdmitted(ports.server());
            Set<String> journal = files(data.resolve("journal"));
            assertFalse(journal.isEmpty(), "the first demo has a journal");
            assertEquals(1, simulatorsFeeding(ports.server()), "one live feed");

            // the same command again: every port taken, the same data directory
            String again = refused(ports, data, tmp.resolve("again.log"));
            assertTrue(again.contains("already in use") && again.contains(ports.server() + " (server)"), again);

            // one clash at a time, everything else free and its own data directory: refused, nothing created
            for (Map.Entry<String, Integer> clash : ports.byService().entrySet()) {
                Ports mixed = Ports.free().with(clash.getKey(), clash.getValue());
                Path other = tmp.resolve("other-" + clash.getKey().replace(' ', '-'));
                String said = refused(mixed, other, tmp.resolve(other.getFileName() + ".log"));
                assertTrue(said.contains(clash.getValue() + " (" + clash.getKey() + ")"), clash + ": " + said);
                assertFalse(Files.exists(other) || Files.exists(Path.of(other + ".lock")),
                        "a refused demo creates nothing: " + other);
            }

            // every port free, the first demo's data directory: refused by its lock, the journal left alone
            String sameData = refused(Ports.free(), data, tmp.resolve("same-data.log"));
            assertTrue(sameData.contains("is using " + data), sameData);

            // the first demo: the same server, its journal and lock intact, its patients not admitted twice
            assertEquals(serverPid, health(ports.server()).getLong("pid"), "the same server still answers");
            assertTrue(first.isAlive(), "the first demo still runs");
            assertTrue(files(data.resolve("journal")).containsAll(journal), "no journal file deleted");
            assertEquals(String.valueOf(serverPid), Files.readString(data.resolve("server.lock")).trim());
            int after = patients(ports.server());
            assertTrue(after > before * 3 / 4 && after < before * 5 / 4,
                    "patients " + before + " before the second starts, " + after + " after: none admitted twice");
            assertEquals(1, simulatorsFeeding(ports.server()), "no second live feed");
        } finally {
            stop(first, started);
        }
        for (ProcessHandle p : started) {
            assertFalse(p.isAlive(), "Ctrl-C (SIGTERM) must stop everything the demo started: " + describe(p));
        }
        assertEquals(0, first.exitValue(), "a demo stopped by SIGTERM exits 0: " + ChildServer.tail(firstLog));
    }

    // ---- running the launcher ------------------------------------------------------------------------------

    private static Process launch(Ports ports, Path data, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("vigil").toString(), "demo")
                .directory(ROOT.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("VIGIL_DEMO_PORT", String.valueOf(ports.server()));
        env.put("VIGIL_DEMO_SERVER_HTTPS_PORT", String.valueOf(ports.serverHttps()));
        env.put("VIGIL_DEMO_MLLP_PORT", String.valueOf(ports.mllp()));
        env.put("VIGIL_DEMO_HTTPS_PORT", String.valueOf(ports.https()));
        env.put("VIGIL_DEMO_INFLUX_PORT", String.valueOf(ports.influx()));
        env.put("VIGIL_DEMO_DATA", data.toString());
        env.put("VIGIL_DEMO_HISTORY_DAYS", "1"); // the launcher's safety is the subject, not the history
        env.put("VIGIL_BOOTSTRAP_TOKEN", "demo-admin");
        return pb.start();
    }

    /** A second launch that must refuse: non-zero exit within a minute, leaving no process behind. Its output. */
    private static String refused(Ports ports, Path data, Path log) throws Exception {
        Process second = launch(ports, data, log);
        try {
            assertTrue(second.waitFor(60, TimeUnit.SECONDS), "a refusing demo must exit: " + ChildServer.tail(log));
            List<ProcessHandle> left = second.descendants().filter(ProcessHandle::isAlive).toList();
            assertTrue(left.isEmpty(), "a refused demo started " + left.stream().map(DemoLauncherTest::describe).toList());
            String said = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(1, second.exitValue(), said);
            assertTrue(said.contains("not starting"), said);
            assertFalse(said.contains("building") || said.contains("Vigil demo is running"), said);
            return said;
        } finally {
            second.destroyForcibly();
        }
    }

    /** Waits for "Vigil demo is running" and a healthy server; returns the server's pid, a child of the launcher. */
    private static long awaitRunning(Process demo, Ports ports, Path log) throws Exception {
        long deadline = System.nanoTime() + START_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(demo.isAlive(), () -> "the demo exited with " + demo.exitValue() + ": " + ChildServer.tail(log));
            if (Files.readString(log, StandardCharsets.UTF_8).contains("Vigil demo is running")) {
                long pid = health(ports.server()).getLong("pid");
                assertTrue(demo.children().anyMatch(c -> c.pid() == pid),
                        "the healthy server (pid " + pid + ") must be the one this launcher started");
                return pid;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the demo was not running within " + START_WITHIN + ": " + ChildServer.tail(log));
    }

    /** Waits (at most 3 minutes) until the simulator has admitted a hospital: over 100 patients, steady for 2 s. */
    private static int awaitAdmitted(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        int last = -1;
        while (System.nanoTime() < deadline) {
            int now = patients(port);
            if (now > 100 && now == last) {
                return now;
            }
            last = now;
            Thread.sleep(2000);
        }
        throw new AssertionError("the live feed admitted only " + last + " patients in 3 minutes");
    }

    /** The SIGTERM a Ctrl-C sends, then (bounded) a forced kill of anything the demo started that is still alive. */
    private static void stop(Process demo, Set<ProcessHandle> started) throws InterruptedException {
        demo.destroy();
        demo.waitFor(60, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && started.stream().anyMatch(ProcessHandle::isAlive)) {
            Thread.sleep(200);
        }
        for (ProcessHandle p : started) {
            p.destroyForcibly();
        }
        demo.destroyForcibly();
        demo.waitFor(10, TimeUnit.SECONDS);
    }

    // ---- looking at the first demo -------------------------------------------------------------------------

    private static JsonObject health(int port) throws Exception {
        HttpResponse<String> r = get(port, "/health");
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    private static int patients(int port) throws Exception {
        HttpResponse<String> r = get(port, "/api/v1/overview");
        assertEquals(200, r.statusCode(), r.body());
        JsonArray units = new JsonObject(r.body()).getJsonArray("units");
        int n = 0;
        for (int i = 0; i < units.size(); i++) {
            Object p = units.getJsonObject(i).getValue("patients");
            n += p instanceof Number num ? num.intValue() : 0;
        }
        return n;
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer demo-admin").timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A request over the demo server's HTTPS, trusting the development certificate the launcher made and nothing else. */
    private static HttpResponse<String> overHttps(int port, String path) throws Exception {
        Path dir = ROOT.resolve("data").resolve("gateway");
        char[] password = Files.readString(dir.resolve("dev-cert.pass"), StandardCharsets.UTF_8).trim().toCharArray();
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("dev-cert.p12"))) {
            trusted.load(in, password);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Live simulators sending to this server (by their command line). */
    private static long simulatorsFeeding(int port) {
        String url = "--url http://127.0.0.1:" + port;
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .map(DemoLauncherTest::commandLine)
                .filter(c -> c.contains("org.vigil.simulator.Main") && c.contains(url))
                .count();
    }

    /** The full command line from /proc (ProcessHandle.Info drops the arguments of a long java command). */
    private static String commandLine(ProcessHandle p) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(p.pid()), "cmdline"), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException | RuntimeException gone) {
            return "";
        }
    }

    private static Set<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static int distinctFreePort(List<Integer> taken) throws IOException {
        int p;
        do {
            p = ChildServer.freePort();
        } while (taken.contains(p) || taken.contains(p - 2));
        taken.add(p);
        return p;
    }

    private static boolean canBind(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String describe(ProcessHandle p) {
        String c = commandLine(p);
        return p.pid() + " " + (c.length() > 160 ? c.substring(0, 160) + "…" : c);
    }
}
