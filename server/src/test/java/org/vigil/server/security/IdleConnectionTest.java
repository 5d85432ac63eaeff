package org.vigil.server.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.ServerConfig;
import org.vigil.server.TestServer;
import org.vigil.server.VigilServer;
import org.vigil.server.engine.Engine;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A client that stops half way through a request (a body shorter than its Content-Length) used to hold its
 * connection, and a slot of the server's, for ever: found by an independent check, which got no answer and no close
 * in 70 s. The idle timeout ({@code --idle-timeout}, here 2 s) closes it; and a body trickled a byte at a time, which
 * restarts the idle timer with each, must all have arrived within that time of its headers.
 */
class IdleConnectionTest {

    @Test
    void aRequestWhoseBodyStopsShortOrTricklesIsClosed(@TempDir Path dir) throws Exception {
        ServerConfig config = new ServerConfig("127.0.0.1", 0, dir.resolve("data"), null, Engine.ClockMode.WALL, 30,
                10_000, 8 << 20, 65_536).withEdge(ServerConfig.Edge.DEFAULT.withIdleSeconds(2));
        try (VigilServer server = VigilServer.start(config, Clock.systemUTC(), TestServer.BOOTSTRAP)) {
            TestServer.awaitHealthy(server.port(), Duration.ofSeconds(60));
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                socket.setSoTimeout(30_000); // far beyond the 2 s: a read that times out means the server never closed
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                        + TestServer.BOOTSTRAP + "\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n"
                        + "{\"id\":\"a\"").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                try {
                    while (in.read() != -1) {
                        // whatever the server says before closing (nothing, or an error) is read and dropped
                    }
                } catch (SocketTimeoutException e) {
                    fail("the connection was still open 30 s after the request stopped short");
                }
            }
            // and a body trickled a byte every half second, which the idle timer alone never closes
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                        + TestServer.BOOTSTRAP + "\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                boolean closed = false;
                for (int i = 0; i < 60 && !closed; i++) { // 30 s, far beyond the 2 s the whole body is given
                    try {
                        out.write(' ');
                        out.flush();
                        Thread.sleep(500);
                    } catch (java.io.IOException e) {
                        closed = true; // a write to the connection the server closed
                    }
                }
                if (!closed) {
                    fail("a body trickled for 30 s was still being read: the request has 2 s for its whole body");
                }
            }
            // and the same on a request of another method, which no route reads the body of (found by an HTTP audit:
            // a GET /health or PUT trickling a body was still open after 300 s, at an idle timeout of 30 s)
            for (String request : new String[] {"GET /health", "PUT /api/v1/events", "DELETE /api/v1/alerts/AL-1"}) {
                assertTrickleIsClosed(server.port(), request);
            }
            // and the server goes on (a new client: the shared one's pooled connection was closed as idle too)
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/health")).build(), BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health::body);
        }
    }

    /** Trickles {@code request}'s body a byte every half second: the server must close it within its 2 s. */
    private static void assertTrickleIsClosed(int port, String request) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write((request + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestServer.BOOTSTRAP
                    + "\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 60; i++) { // 30 s, far beyond the 2 s the whole body is given
                try {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(500);
                } catch (java.io.IOException e) {
                    return; // a write to the connection the server closed
                }
            }
            fail(request + ": a body trickled for 30 s was still being read: the request has 2 s for its whole body");
        }
    }
}
