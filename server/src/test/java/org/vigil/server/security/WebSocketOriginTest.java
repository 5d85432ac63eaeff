package org.vigil.server.security;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.net.SocketFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.vigil.server.EdgeServer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The wall WebSocket's Origin check, with a raw client writing the handshake itself (so it can send any Origin, as
 * a hostile page's browser would): same origin and listed origins are upgraded (101), any other origin, another
 * port, another scheme, and {@code null} are refused (403); a handshake without Origin (not from a browser) is
 * upgraded and still needs its token.
 */
class WebSocketOriginTest {
    static final String ALLOWED = "https://wall.trust.example";

    @TempDir
    static Path dir;
    static EdgeServer edge;

    @BeforeAll
    static void start() throws Exception {
        edge = EdgeServer.start(dir, Instant.parse("2026-12-10T12:00:00Z"), "", false, List.of(ALLOWED));
    }

    @AfterAll
    static void stop() {
        if (edge != null) {
            edge.close();
        }
    }

    /** The status line's code for a WebSocket handshake to /ws/wall with this Host and Origin (null: none). */
    static int handshake(SocketFactory sockets, int port, String host, String origin) throws IOException {
        try (Socket s = sockets.createSocket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /ws/wall HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    @ParameterizedTest(name = "Host {0}, Origin {1} → {2}")
    @CsvSource({
            "127.0.0.1:PORT, http://127.0.0.1:PORT, 101",
            "localhost:PORT, http://localhost:PORT, 101",
            "localhost:PORT, HTTP://LOCALHOST:PORT, 101",
            "127.0.0.1:PORT, https://wall.trust.example, 101",
            "127.0.0.1:PORT, , 101",
            "127.0.0.1:PORT, https://evil.example, 403",
            "127.0.0.1:PORT, http://127.0.0.1:1, 403",
            "127.0.0.1:PORT, https://127.0.0.1:PORT, 403",
            "127.0.0.1:PORT, http://localhost:PORT, 403",
            "127.0.0.1:PORT, null, 403",
            "127.0.0.1:PORT, http://127.0.0.1:PORT/wall, 403",
            "127.0.0.1:PORT, https://wall.trust.example.evil.example, 403",
    })
    void onlyTheServersOwnOriginAndListedOnesMayOpenTheWallSocket(String host, String origin, int status) throws IOException {
        String port = Integer.toString(edge.port());
        assertEquals(status, handshake(SocketFactory.getDefault(), edge.port(), host.replace("PORT", port),
                origin == null ? null : origin.replace("PORT", port)));
    }
}
