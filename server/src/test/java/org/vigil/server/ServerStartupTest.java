package org.vigil.server;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.engine.Engine;
import org.vigil.server.journal.DataDirectoryLock;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server that cannot do its job must not linger: one that cannot listen exits non-zero at once; one pointed at
 * a data directory another server uses is refused before it touches the journal; {@code /health} names the
 * process answering, so a launcher can tell its own server from one already on the port; and a server's first
 * minute logs no false "gauge registered twice" warning. With TLS, a taken HTTPS port is the same refusal.
 */
class ServerStartupTest {

    @Test
    @Timeout(180)
    void aSecondServerOnATakenPortOrDataDirectoryExitsNonZeroAndTheFirstKeepsRunning(@TempDir Path tmp) throws Exception {
        int port = ChildServer.freePort();
        Path data = tmp.resolve("first");
        Process first = ChildServer.start(port, data, tmp.resolve("first.log"));
        try {
            JsonObject health = ChildServer.awaitHealthy(first, port, tmp.resolve("first.log"));
            assertEquals(first.pid(), health.getLong("pid"), "/health names the process answering");
            assertEquals(first.pid() + "", Files.readString(data.resolve(DataDirectoryLock.FILE)).trim(),
                    "the lock file names its holder for the launcher");
            exerciseTheMeters(port);
            String log = Files.readString(tmp.resolve("first.log"), StandardCharsets.UTF_8);
            assertFalse(log.contains("already registered"), "no meter is registered twice: " + log);
            assertFalse(log.contains(" ERROR "), "a client's broken framing is not the server's error: " + log);
            assertTrue(log.contains("body could not be decoded: java.lang.NumberFormatException"), log);

            // the same port, its own data: cannot listen → exits 1, and its journal lock is gone with it
            Path otherLog = tmp.resolve("same-port.log");
            Process samePort = ChildServer.start(port, tmp.resolve("second"), otherLog);
            assertTrue(samePort.waitFor(90, TimeUnit.SECONDS), "a server that cannot listen must exit, not linger");
            assertEquals(1, samePort.exitValue(), ChildServer.tail(otherLog));
            String said = Files.readString(otherLog, StandardCharsets.UTF_8);
            assertTrue(said.contains("cannot listen on 127.0.0.1:" + port), said);

            // the same data directory, a free port: refused before the journal is opened
            Path sameDataLog = tmp.resolve("same-data.log");
            Process sameData = ChildServer.start(ChildServer.freePort(), data, sameDataLog);
            assertTrue(sameData.waitFor(90, TimeUnit.SECONDS), "a server refused its data directory must exit");
            assertEquals(1, sameData.exitValue(), ChildServer.tail(sameDataLog));
            said = Files.readString(sameDataLog, StandardCharsets.UTF_8);
            assertTrue(said.contains("another Vigil server (pid " + first.pid() + ")"), said);
            assertTrue(!said.contains("replaying journal"), "the refused server must not open the journal: " + said);

            // the first is untouched: same process, still answering
            assertTrue(first.isAlive());
            assertEquals(first.pid(), ChildServer.awaitHealthy(first, port, tmp.resolve("first.log")).getLong("pid"));
        } finally {
            first.destroy();
            first.waitFor(30, TimeUnit.SECONDS);
            first.destroyForcibly();
        }
        assertEquals("", Files.readString(data.resolve(DataDirectoryLock.FILE)).trim(),
                "a clean stop leaves no holder in the lock file");
    }

    /**
     * What a running server does in its first minute: health checks, scrapes, ingest, two wall screens, and a client
     * whose chunked body cannot be decoded.
     */
    private static void exerciseTheMeters(int port) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + TestServer.BOOTSTRAP + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "zz\r\n{}\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, socket.getInputStream().read(), "Vert.x closes a connection it cannot decode");
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(200, TestServer.send(port, "GET", "/health", null, null, null).status());
            assertEquals(200, TestServer.send(port, "GET", "/metrics", null, null, null).status());
            TestServer.send(port, "POST", "/api/v1/events", TestServer.BOOTSTRAP, TestServer.JSON,
                    TestServer.admission("startup-" + i, TestServer.NOW, "RVT-W12", "P-" + i, "B" + i)
                            .getBytes(StandardCharsets.UTF_8));
        }
        Vertx vertx = Vertx.vertx();
        // held to the end: Vert.x shuts an unreferenced client down at a collection, even mid-handshake
        WebSocketClient client = vertx.createWebSocketClient();
        try {
            for (int i = 0; i < 2; i++) {
                WebSocket ws = client.connect(port, "127.0.0.1", "/ws/wall")
                        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                CompletableFuture<String> first = new CompletableFuture<>();
                ws.textMessageHandler(first::complete);
                ws.writeTextMessage(new JsonObject().put("type", "auth").put("token", TestServer.EXEC)
                        .put("view", "ward").put("id", "RVT-W12").encode());
                first.get(10, TimeUnit.SECONDS);
                ws.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        } finally {
            client.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS); // slow under the full suite
        }
        // request latency can be read as percentiles: Vert.x's summary alone had no buckets
        String metrics = TestServer.send(port, "GET", "/metrics", null, null, null).body();
        assertTrue(metrics.contains("vertx_http_server_response_time_seconds_bucket{"), "request time buckets");
    }

    @Test
    void anInProcessStartThatCannotListenClosesEverythingItOpened(@TempDir Path data) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServerConfig config = new ServerConfig("127.0.0.1", taken.getLocalPort(), data, null, Engine.ClockMode.WALL,
                    30, 10_000, 1 << 20, 1024);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> VigilServer.start(config, TestServer.CLOCK, TestServer.BOOTSTRAP));
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort()), e.getMessage());
        }
        // the lock and the journal were released: the same directory starts at once in this process
        try (TestServer again = TestServer.start(data)) {
            assertEquals(ProcessHandle.current().pid(), again.health().getLong("pid"));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> VigilServer.start(
                    new ServerConfig("127.0.0.1", 0, data, null, Engine.ClockMode.WALL, 30, 10_000, 1 << 20, 1024),
                    TestServer.CLOCK, TestServer.BOOTSTRAP));
            assertTrue(e.getMessage().contains("is using the data directory"), e.getMessage());
        }
    }

    /** What {@code vigil server: cannot start: …} prints: the option, its path and why, never the path alone. */
    @Test
    void aFileOrDirectoryThatCannotBeUsedIsNamedWithWhy(@TempDir Path tmp) throws Exception {
        Path aFile = Files.writeString(tmp.resolve("a-file"), "");
        assertEquals("--data " + aFile + ": not a directory", refusal(config(aFile, null)));
        Path absent = tmp.resolve("absent.yaml");
        assertEquals("--org " + absent + ": no such file or directory", refusal(config(tmp.resolve("data"), absent)));
        Path keystore = tmp.resolve("absent.p12");
        assertEquals("--tls-keystore " + keystore + ": no such file or directory", refusal(config(tmp.resolve("data"), null)
                .withEdge(ServerConfig.Edge.DEFAULT.withTls(keystore, 0))));
        Path broken = Files.writeString(tmp.resolve("broken.yaml"), "system: { id: S\nplaces: [\n");
        assertEquals(broken + ": line 2, column 7: expected ',' or '}', but got : (while parsing a flow mapping from line 1,"
                + " column 9)", refusal(config(tmp.resolve("data"), broken)));
    }

    private static ServerConfig config(Path data, Path org) {
        return new ServerConfig("127.0.0.1", 0, data, org, Engine.ClockMode.WALL, 30, 10_000, 1 << 20, 1024);
    }

    private static String refusal(ServerConfig config) {
        return assertThrows(Exception.class, () -> VigilServer.start(config, TestServer.CLOCK, TestServer.BOOTSTRAP,
                Map.of(EdgeServer.PASSWORD_ENV, EdgeServer.PASSWORD))).getMessage();
    }

    @Test
    @Timeout(180)
    void withTlsATakenHttpsPortAlsoExitsNonZeroAndReleasesEverything(@TempDir Path tmp) throws Exception {
        Path keystore = EdgeServer.keystore(tmp);
        Map<String, String> env = Map.of(EdgeServer.PASSWORD_ENV, EdgeServer.PASSWORD);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // a real server process: its plain port free, its HTTPS port taken
            Path data = tmp.resolve("child");
            Path log = tmp.resolve("https-taken.log");
            Process child = ChildServer.launch(ChildServer.freePort(), data, log, env,
                    "--tls-keystore", keystore.toString(), "--https-port", Integer.toString(taken.getLocalPort()));
            assertTrue(child.waitFor(90, TimeUnit.SECONDS), "a server that cannot listen on HTTPS must exit, not linger");
            assertEquals(1, child.exitValue(), ChildServer.tail(log));
            String said = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(said.contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), said);
            assertEquals("", Files.readString(data.resolve(DataDirectoryLock.FILE)).trim(), "no holder left in the lock file");

            // in process: everything it opened (plain listener, journal, lock) is closed again
            Path own = tmp.resolve("in-process");
            ServerConfig config = new ServerConfig("127.0.0.1", 0, own, null, Engine.ClockMode.WALL, 30, 10_000, 1 << 20,
                    1024).withEdge(ServerConfig.Edge.DEFAULT.withTls(keystore, taken.getLocalPort()));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> VigilServer.start(config, TestServer.CLOCK, TestServer.BOOTSTRAP, env));
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort()), e.getMessage());
            try (TestServer again = TestServer.start(own)) {
                assertEquals(ProcessHandle.current().pid(), again.health().getLong("pid"));
            }
        }
    }
}
