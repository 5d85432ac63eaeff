package org.vigil.gateway.edge;

import org.vigil.gateway.tls.TlsContexts;
import org.vigil.server.ServerConfig;
import org.vigil.server.VigilServer;
import org.vigil.server.engine.Engine;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.organisation.tokens.Tokens;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real server, a real HTTPS edge in front of it with a keystore made by keytool (as the launcher makes it), and
 * an HTTPS client that trusts only that certificate.
 */
final class EdgeFixture implements AutoCloseable {
    static final String BOOTSTRAP = "edge-test-bootstrap";
    static final String FEED = "demo-feed";
    static final String PASSWORD = "test-store-pass";

    final VigilServer server;
    final List<HttpsEdge> edges = new ArrayList<>();
    final Path dir;
    final HttpClient client;
    /** Trusts only the edge's certificate: for raw sockets to the edge. */
    final SSLContext tls;

    EdgeFixture(Path dir) throws Exception {
        this.dir = dir;
        server = VigilServer.start(new ServerConfig("127.0.0.1", 0, dir.resolve("server"), null, Engine.ClockMode.WALL,
                30, 10_000, 8 * 1024 * 1024, 65_536), Clock.systemUTC(), BOOTSTRAP);
        Path keystore = keystore(dir);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        this.tls = tls;
        client = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The launcher's keytool command, in a temporary directory. */
    static Path keystore(Path dir) throws Exception {
        Path p12 = dir.resolve("edge-test.p12");
        if (Files.exists(p12)) {
            return p12;
        }
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "vigil", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "365", "-storetype", "PKCS12",
                "-keystore", p12.toString(), "-storepass", PASSWORD)
                .redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        if (!keytool.waitFor(30, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        return p12;
    }

    HttpsEdge edge(int rate, int burst, int maxBody, int maxInFlight) throws Exception {
        return edge(rate, burst, maxBody, maxInFlight, HttpsEdge.Limits.IDLE_SECONDS);
    }

    HttpsEdge edge(int rate, int burst, int maxBody, int maxInFlight, int idleSeconds) throws Exception {
        HttpsEdge edge = new HttpsEdge("127.0.0.1", 0,
                TlsContexts.server(TlsContexts.keys(keystore(dir), PASSWORD.toCharArray())),
                new Tokens(OrganisationLoader.demo(), BOOTSTRAP),
                new Upstream("http://127.0.0.1:" + server.port(), Duration.ofSeconds(5)),
                new HttpsEdge.Limits(rate, burst, maxBody, maxInFlight, idleSeconds));
        edges.add(edge);
        return edge;
    }

    HttpResponse<String> post(HttpsEdge edge, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + edge.port() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(HttpsEdge edge, String path, String token) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + edge.port() + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String admission(String unit) {
        return "{\"id\":\"edge-" + UUID.randomUUID() + "\",\"type\":\"admission\",\"time\":\""
                + Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS) + "\",\"unit\":\"" + unit
                + "\",\"patient\":\"p-edge\",\"bed\":\"B1\"}";
    }

    private boolean serverStopped;

    void stopServer() {
        if (!serverStopped) {
            serverStopped = true;
            server.close();
        }
    }

    @Override
    public void close() {
        edges.forEach(HttpsEdge::close);
        stopServer();
    }
}
