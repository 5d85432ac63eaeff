package org.vigil.server.security;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.TestServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Requests malformed below the routes: RFC 9112 §3.2, an HTTP/1.1 request with no Host header, or two, is a 400
 * naming Host; a path with a malformed percent-escape is the documented JSON error naming the path (each found by
 * an independent check).
 */
class HostHeaderTest {
    @TempDir
    static Path data;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(data);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** One request on its own connection, closed after it; the status line and body. */
    static String[] send(String head) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String reply = all.toString(StandardCharsets.UTF_8);
            return new String[]{reply.substring(0, reply.indexOf("\r\n")), reply.substring(reply.indexOf("\r\n\r\n") + 4)};
        }
    }

    @Test
    void twoHostHeadersAreRefused() throws IOException {
        String[] r = send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n");
        assertEquals("HTTP/1.1 400 Bad Request", r[0]);
        assertEquals("Host", new JsonObject(r[1]).getString("field"));
    }

    @Test
    void noHostHeaderIsRefused() throws IOException {
        assertEquals("HTTP/1.1 400 Bad Request", send("GET /health HTTP/1.1\r\n")[0]);
    }

    @Test
    void aPathThatCannotBeDecodedIsTheDocumentedErrorNamingThePath() throws IOException {
        for (String path : new String[]{"/api/v1/wards/RVT-W12%zz", "/%", "/fhir/Observation%"}) {
            String[] r = send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            assertEquals("HTTP/1.1 400 Bad Request", r[0], path);
            assertEquals("path", new JsonObject(r[1]).getString("field"), path);
        }
    }

    @Test
    void oneHostHeaderIsServed() throws IOException {
        assertEquals("HTTP/1.1 200 OK", send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")[0]);
    }
}
