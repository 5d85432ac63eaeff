package org.vigil.server.security;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.ServerConfig;
import org.vigil.server.TestServer;
import org.vigil.server.VigilServer;
import org.vigil.server.engine.Engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A request's head sent a header byte every half second restarted the idle timeout with each byte, so it held a
 * connection for as long as the client liked ("slowloris": found by an independent check, open after 240 s). Here
 * the head has 2 s ({@link ServerConfig.Edge#headSeconds}) against an idle timeout of 120 s: the trickling client is
 * closed, while a keep-alive client's requests and a wall's WebSocket go on past many deadlines.
 */
class RequestHeadDeadlineTest {
    private static final int HEAD_SECONDS = 2;
    private static VigilServer server;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        ServerConfig config = new ServerConfig("127.0.0.1", 0, dir.resolve("data"), null, Engine.ClockMode.WALL, 30,
                10_000, 8 << 20, 65_536).withEdge(ServerConfig.Edge.DEFAULT.withHeadSeconds(HEAD_SECONDS));
        server = VigilServer.start(config, Clock.systemUTC(), TestServer.BOOTSTRAP);
        TestServer.awaitHealthy(server.port(), Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aHeadTrickledAByteAtATimeIsClosed() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            assertTrickleIsClosed(out, "a head trickled on a new connection");
        }
    }

    @Test
    void theNextHeadOnAKeepAliveConnectionIsBoundedToo() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals(200, readResponse(in));
            out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            assertTrickleIsClosed(out, "the second head trickled on a keep-alive connection");
        }
    }

    /** Twenty requests in turn on one connection: far longer in all than the head's 2 s, each head sent at once. */
    @Test
    void aKeepAliveClientsRequestsAreEachAnswered() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            long began = System.nanoTime();
            int answered = 0;
            while (answered < 20 || System.nanoTime() - began < TimeUnit.SECONDS.toNanos(3 * HEAD_SECONDS)) {
                out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertEquals(200, readResponse(in), "request " + (answered + 1) + " on the same connection");
                answered++;
                Thread.sleep(200);
            }
        }
    }

    /** A wall's socket outlives many head deadlines: it is a WebSocket, not a connection waiting for a request. */
    @Test
    void aWallsWebSocketIsNotClosed() throws Exception {
        List<String> frames = new CopyOnWriteArrayList<>();
        List<Integer> closed = new CopyOnWriteArrayList<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    frames.add(partial.toString());
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                closed.add(status);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.add(-1);
            }
        };
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws/wall"), listener)
                .get(10, TimeUnit.SECONDS);
        try {
            ws.sendText(new JsonObject().put("type", "auth").put("token", TestServer.WARD_W12).put("view", "ward")
                    .put("id", "RVT-W12").encode(), true).get(10, TimeUnit.SECONDS);
            awaitFrames(frames, 1);
            Thread.sleep(TimeUnit.SECONDS.toMillis(3 * HEAD_SECONDS)); // three deadlines pass
            int before = frames.size();
            ws.sendText(new JsonObject().put("type", "resync").put("unit", "RVT-W12").encode(), true)
                    .get(10, TimeUnit.SECONDS);
            awaitFrames(frames, before + 1);
            assertTrue(closed.isEmpty(), "the wall's socket was closed: " + closed);
        } finally {
            ws.abort();
        }
    }

    /** Sends a header byte every half second for up to 30 s: the server must close the connection before. */
    private static void assertTrickleIsClosed(OutputStream out, String what) throws InterruptedException {
        for (int i = 0; i < 60; i++) {
            try {
                out.write('a');
                out.flush();
                Thread.sleep(500);
            } catch (IOException e) {
                return; // a write to the connection the server closed
            }
        }
        fail(what + " for 30 s was still being read: a head has " + HEAD_SECONDS + " s");
    }

    /** Reads one response (its status line, headers and Content-Length body); returns its status. */
    private static int readResponse(BufferedReader in) throws IOException {
        String status = in.readLine();
        if (status == null) {
            throw new IOException("the server closed the connection instead of answering");
        }
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        for (int i = 0; i < length; i++) {
            in.read();
        }
        return Integer.parseInt(status.split(" ")[1]);
    }

    private static void awaitFrames(List<String> frames, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (frames.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(frames.size() >= count, "no frame from the wall: " + frames);
    }
}
