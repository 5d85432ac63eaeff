package org.vigil.server.security;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PfxOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.EdgeServer;
import org.vigil.server.ServerConfig;
import org.vigil.server.TestServer;
import org.vigil.server.VigilServer;
import org.vigil.server.engine.Engine;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTPS on the server with a keystore made as the launcher makes the development certificate, tested with real
 * TLS: a client that trusts only that certificate reaches the API, the FHIR endpoint, the pages and the wall
 * WebSocket (as WSS), with HSTS; TLS 1.3 is negotiated; a client that does not trust it is refused; a wrong or
 * missing keystore password stops the server at start-up with a message; plain HTTP stays on loopback only.
 */
class ServerTlsTest {
    @TempDir
    static Path dir;
    static EdgeServer edge;
    static HttpClient client;
    static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        edge = EdgeServer.start(dir, TestServer.NOW, "", true, List.of());
        client = HttpClient.newBuilder().sslContext(edge.trustingTheDevCertificate()).connectTimeout(Duration.ofSeconds(5)).build();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        if (vertx != null) {
            vertx.close();
        }
        if (edge != null) {
            edge.close();
        }
    }

    static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + edge.httpsPort() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theApiFhirAndPagesAreServedOverHttpsWithHsts() throws Exception {
        HttpResponse<String> overview = get("/api/v1/overview", TestServer.EXEC);
        assertEquals(200, overview.statusCode());
        assertEquals(SecurityHeaders.HSTS, overview.headers().firstValue("Strict-Transport-Security").orElseThrow());
        assertEquals("CapabilityStatement", new JsonObject(get("/fhir/metadata", null).body()).getString("resourceType"));
        assertTrue(get("/fhir/metadata", null).body().contains("https://localhost:" + edge.httpsPort() + "/fhir"),
                "the FHIR base is the HTTPS one");
        HttpResponse<String> page = get("/wall/ward/RVT-W12", null);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("wall-common.js"));
    }

    @Test
    void tls13IsNegotiatedAndAnUntrustingClientIsRefused() throws Exception {
        try (SSLSocket s = (SSLSocket) edge.trustingTheDevCertificate().getSocketFactory().createSocket("127.0.0.1", edge.httpsPort())) {
            s.startHandshake();
            assertEquals("TLSv1.3", s.getSession().getProtocol());
        }
        HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        IOException e = assertThrows(IOException.class, () -> untrusting.send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + edge.httpsPort() + "/health")).build(), HttpResponse.BodyHandlers.ofString()));
        assertTrue(e instanceof SSLHandshakeException || e.getCause() instanceof SSLHandshakeException, e.toString());
    }

    /**
     * The metrics name every token grant and count alerts per unit: scraped over plain HTTP on loopback, never served
     * on the public HTTPS listener (found by an independent check).
     */
    @Test
    void metricsAreNotServedOnTheHttpsListener() throws Exception {
        HttpClient tls = HttpClient.newBuilder().sslContext(edge.trustingTheDevCertificate()).build();
        HttpResponse<String> r = tls.send(HttpRequest.newBuilder(URI.create("https://localhost:" + edge.httpsPort()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, r.statusCode(), r::body);
        assertEquals(200, TestServer.send(edge.server.port(), "GET", "/metrics", null, null, null).status());
    }

    /**
     * On TLS 1.2 only forward-secret AEAD suites: an independent check connected with AES128-SHA (RSA key exchange,
     * CBC, SHA-1). A client offering only such suites is refused; one offering a pinned suite is served.
     */
    @Test
    void tls12OffersOnlyForwardSecretAeadSuites() throws Exception {
        for (String weak : List.of("TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
                "TLS_RSA_WITH_AES_128_GCM_SHA256")) {
            try (SSLSocket s = (SSLSocket) edge.trustingTheDevCertificate().getSocketFactory()
                    .createSocket("127.0.0.1", edge.httpsPort())) {
                s.setEnabledProtocols(new String[] {"TLSv1.2"});
                s.setEnabledCipherSuites(new String[] {weak});
                assertThrows(IOException.class, s::startHandshake, weak);
            }
        }
        try (SSLSocket s = (SSLSocket) edge.trustingTheDevCertificate().getSocketFactory()
                .createSocket("127.0.0.1", edge.httpsPort())) {
            s.setEnabledProtocols(new String[] {"TLSv1.2"});
            s.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"});
            s.startHandshake();
            assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", s.getSession().getCipherSuite());
        }
    }

    @Test
    void aWallConnectsOverWss() throws Exception {
        WebSocketClientOptions options = new WebSocketClientOptions().setSsl(true)
                .setTrustOptions(new PfxOptions().setPath(edge.keystore.toString()).setPassword(EdgeServer.PASSWORD));
        WebSocketClient client = vertx.createWebSocketClient(options); // held: see ServerStartupTest
        WebSocket ws = client.connect(edge.httpsPort(), "localhost", "/ws/wall")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        BlockingQueue<JsonObject> got = new LinkedBlockingQueue<>();
        ws.textMessageHandler(t -> got.add(new JsonObject(t)));
        ws.writeTextMessage(new JsonObject().put("type", "auth").put("token", TestServer.WARD_W12).put("view", "ward")
                .put("id", "RVT-W12").encode());
        JsonObject hello = got.poll(10, TimeUnit.SECONDS);
        assertNotNull(hello);
        assertEquals("hello", hello.getString("type"));
        JsonObject snapshot = got.poll(10, TimeUnit.SECONDS);
        assertNotNull(snapshot);
        assertEquals("RVT-W12", snapshot.getJsonObject("unit").getString("id"));
        ws.close();
        client.close();
        // the Origin check knows the connection is TLS: the https origin is the same origin, http is not
        String host = "127.0.0.1:" + edge.httpsPort();
        var sockets = edge.trustingTheDevCertificate().getSocketFactory();
        assertEquals(101, WebSocketOriginTest.handshake(sockets, edge.httpsPort(), host, "https://" + host));
        assertEquals(403, WebSocketOriginTest.handshake(sockets, edge.httpsPort(), host, "http://" + host));
    }

    @Test
    void withTlsPlainHttpListensOnLoopbackOnly(@TempDir Path own) throws Exception {
        Path keystore = EdgeServer.keystore(own);
        ServerConfig config = new ServerConfig("0.0.0.0", 0, own.resolve("data"), null, Engine.ClockMode.WALL, 30, 100,
                1 << 20, 1024).withEdge(ServerConfig.Edge.DEFAULT.withTls(keystore, 0));
        try (VigilServer s = VigilServer.start(config, TestServer.CLOCK, null, Map.of(EdgeServer.PASSWORD_ENV, EdgeServer.PASSWORD))) {
            // 127.0.0.2 is loopback too, but not the address plain HTTP is bound to; HTTPS (on 0.0.0.0) answers there
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.2", s.port()).close());
            new Socket("127.0.0.2", s.httpsPort()).close();
            new Socket("127.0.0.1", s.port()).close();
        }
    }

    @Test
    void aWrongOrMissingKeystorePasswordStopsTheServerWithAMessage(@TempDir Path own) throws Exception {
        Path keystore = EdgeServer.keystore(own);
        ServerConfig config = new ServerConfig("127.0.0.1", 0, own.resolve("data"), null, Engine.ClockMode.WALL, 30, 100,
                1 << 20, 1024).withEdge(ServerConfig.Edge.DEFAULT.withTls(keystore, 0));
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> VigilServer.start(config,
                TestServer.CLOCK, null, Map.of(EdgeServer.PASSWORD_ENV, "not-the-password")));
        assertTrue(wrong.getMessage().contains("cannot be opened"), wrong.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> VigilServer.start(config,
                TestServer.CLOCK, null, Map.of()));
        assertTrue(missing.getMessage().contains("keystore password is missing"), missing.getMessage());
    }
}
