package org.vigil.server;

import org.vigil.server.engine.Engine;
import org.vigil.organisation.OrganisationLoader;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real server for the edge tests: the demo organisation plus extra token grants, a wall clock the test sets,
 * and optionally HTTPS from a keystore made by keytool exactly as the launcher makes the development certificate.
 */
public final class EdgeServer implements AutoCloseable {
    public static final String PASSWORD = "edge-test-password";
    public static final String PASSWORD_ENV = "VIGIL_TLS_PASSWORD";

    public final MutableClock clock;
    public final VigilServer server;
    public final Path keystore;

    private EdgeServer(MutableClock clock, VigilServer server, Path keystore) {
        this.clock = clock;
        this.server = server;
        this.keystore = keystore;
    }

    /**
     * @param extraTokens YAML lines appended to the demo organisation's {@code tokens:} list
     * @param tls         serve HTTPS too (on a free port)
     */
    public static EdgeServer start(Path dir, Instant now, String extraTokens, boolean tls, List<String> allowedOrigins) throws Exception {
        Path org = dir.resolve("organisation.yaml");
        String demo;
        try (InputStream in = OrganisationLoader.class.getResourceAsStream(OrganisationLoader.DEMO_RESOURCE)) {
            demo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Files.writeString(org, demo.stripTrailing() + "\n" + extraTokens); // tokens: is the file's last list
        Path keystore = tls ? keystore(dir) : null;
        ServerConfig config = new ServerConfig("127.0.0.1", 0, dir.resolve("data"), org, Engine.ClockMode.WALL, 30,
                10_000, 8 << 20, 65_536).withEdge(ServerConfig.Edge.DEFAULT.withTls(keystore, 0)
                .withAllowedOrigins(allowedOrigins));
        MutableClock clock = new MutableClock(now);
        VigilServer server = VigilServer.start(config, clock, TestServer.BOOTSTRAP, Map.of(PASSWORD_ENV, PASSWORD));
        TestServer.awaitHealthy(server.port(), java.time.Duration.ofSeconds(60));
        return new EdgeServer(clock, server, keystore);
    }

    /** The launcher's keytool command (./vigil dev_tls), in the test's directory. */
    public static Path keystore(Path dir) throws IOException, InterruptedException {
        Path p12 = dir.resolve("dev-cert.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "vigil", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "365", "-storetype", "PKCS12",
                "-keystore", p12.toString(), "-storepass", PASSWORD).redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        return p12;
    }

    /** A TLS context that trusts the development certificate and nothing else. */
    public SSLContext trustingTheDevCertificate() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls;
    }

    public int port() {
        return server.port();
    }

    public int httpsPort() {
        return server.httpsPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
