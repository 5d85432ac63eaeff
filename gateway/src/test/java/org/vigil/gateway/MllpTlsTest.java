package org.vigil.gateway;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.StandardSocketFactory;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.ServerConfig;
import org.vigil.server.VigilServer;
import org.vigil.server.engine.Engine;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.gateway.GatewayHarness.admitA01;
import static org.vigil.gateway.GatewayHarness.control;
import static org.vigil.gateway.GatewayHarness.frame;

/**
 * MLLP over mutual TLS, end to end: the gateway started from its options as {@code ./vigil gateway} starts it, in
 * front of a real server; certificates made by keytool; HAPI's own MLLP initiator as the sender. HL7 v2 has no
 * credential of its own, so the sender's certificate is what stands between the network and the ingest token
 * (docs/security.md 9.1.1, hazard log HAZ-21).
 */
class MllpTlsTest {
    private static final String TOKEN = "mllp-tls-test-token";

    @TempDir
    static Path dir;
    static VigilServer server;
    static Gateway gateway;
    static TestCertificates certs;

    @BeforeAll
    static void start() throws Exception {
        server = VigilServer.start(new ServerConfig("127.0.0.1", 0, dir.resolve("server"), null, Engine.ClockMode.WALL,
                30, 10_000, 8 * 1024 * 1024, 65_536), Clock.systemUTC(), TOKEN);
        certs = new TestCertificates(dir);
        certs.selfSigned("gateway", "localhost", false);
        certs.selfSigned("trust-ca", "RVT integration CA", true);
        certs.signedBy("trust-ca", "ice", "ice-engine.rvt.nhs.uk");
        certs.selfSigned("stranger", "stranger", false);
        gateway = start("--mllp-client-ca", certs.pem("trust-ca").toString());
    }

    static Gateway start(String... mllp) throws Exception {
        Path secret = Files.write(dir.resolve("h.secret"), new byte[32]);
        String[] common = {"--hmac-secret-file", secret.toString(), "--tls-keystore", dir.resolve("gateway.p12").toString(),
                "--locations", "W12=RVT-W12", "--mllp-port", "0", "--https-port", "0",
                "--server", "http://127.0.0.1:" + server.port()};
        String[] args = new String[common.length + mllp.length];
        System.arraycopy(common, 0, args, 0, common.length);
        System.arraycopy(mllp, 0, args, common.length, mllp.length);
        return Gateway.start(GatewayCommand.parse(args),
                Map.of("VIGIL_GATEWAY_TOKEN", TOKEN, "VIGIL_TLS_PASSWORD", TestCertificates.PASSWORD));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        server.close();
    }

    @Test
    void hapisSenderWithACertificateTheTrustSignedIsServed() throws Exception {
        SSLContext tls = TestCertificates.client(dir.resolve("ice.p12"), dir.resolve("gateway.p12"));
        HapiContext hapi = new DefaultHapiContext();
        hapi.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
        hapi.setSocketFactory(new StandardSocketFactory() {
            @Override
            public Socket createTlsSocket() throws IOException {
                return tls.getSocketFactory().createSocket();
            }
        });
        int before = patients();
        try (hapi) {
            Connection connection = hapi.newClient("127.0.0.1", gateway.mllpPort(), true);
            Message a01 = hapi.getPipeParser().parse(admitA01(control(), "9434765919", "W12", "T1").replace('\n', '\r'));
            Message ack = connection.getInitiator().sendAndReceive(a01);
            assertEquals("AA", new Terser(ack).get("/MSA-1"));
            connection.close();
        }
        assertEquals(before + 1, patients());
    }

    /** No certificate, or one the trust's authority did not sign: the handshake fails, no HL7 is read, no ACK. */
    @Test
    void aSenderWithoutSuchACertificateGetsNoAckAndNothingIsStored() throws Exception {
        int before = patients();
        for (Path key : new Path[] {null, dir.resolve("stranger.p12")}) {
            SSLContext tls = TestCertificates.client(key, dir.resolve("gateway.p12"));
            assertThrows(IOException.class, () -> exchange(tls.getSocketFactory().createSocket("127.0.0.1",
                    gateway.mllpPort())), String.valueOf(key));
        }
        assertEquals(before, patients());
    }

    /**
     * Plain MLLP to the TLS port: its bytes are not a TLS record, so the connection ends with no ACK. The log says
     * so without the bytes: Netty's message quoted them in hex, a patient's name and NHS number among them.
     */
    @Test
    void plainMllpOnTheTlsPortGetsNoAckNothingIsStoredAndTheMessageIsNotLogged() throws Exception {
        int before = patients();
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            assertThrows(IOException.class, () -> exchange(new Socket("127.0.0.1", gateway.mllpPort())));
            // the TLS layer closes the connection itself; the I/O thread logs why, perhaps a moment later
            for (int i = 0; i < 100 && !log.toString(StandardCharsets.UTF_8).contains("MLLP connection from"); i++) {
                Thread.sleep(100);
            }
        } finally {
            System.setErr(err);
        }
        assertEquals(before, patients());
        String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("plain MLLP (not TLS) on the TLS port"), logged);
        String smithInHex = HexFormat.of().formatHex("SMITH".getBytes(StandardCharsets.US_ASCII));
        assertFalse(logged.contains(smithInHex) || logged.contains("SMITH"), logged);
    }

    /** --mllp-tls alone: TLS with the gateway's certificate, and no sender certificate asked for. */
    @Test
    void withTlsAloneASenderNeedsNoCertificate() throws Exception {
        int before = patients();
        try (Gateway tlsOnly = start("--mllp-tls")) {
            SSLContext tls = TestCertificates.client(null, dir.resolve("gateway.p12"));
            assertEquals("AA", GatewayHarness.ackCode(exchange(tls.getSocketFactory().createSocket("127.0.0.1",
                    tlsOnly.mllpPort()))));
            assertThrows(IOException.class, () -> exchange(new Socket("127.0.0.1", tlsOnly.mllpPort())));
        }
        assertEquals(before + 1, patients());
    }

    @Test
    void anAuthorityFileThatHoldsNoCertificateStopsTheGatewayNamingTheOption() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
        IOException e = assertThrows(IOException.class, () -> start("--mllp-client-ca", empty.toString()));
        assertTrue(e.getMessage().startsWith("--mllp-client-ca " + empty), e.getMessage());
        IOException missing = assertThrows(IOException.class,
                () -> start("--mllp-client-ca", dir.resolve("missing.pem").toString()));
        assertTrue(missing.getMessage().contains("--mllp-client-ca"), missing.getMessage());
    }

    /** One framed admission on the socket, then its ACK; an IOException when the connection ends first. */
    private static String exchange(Socket socket) throws IOException {
        try (socket) {
            socket.setSoTimeout(10_000);
            if (socket instanceof SSLSocket s) {
                s.startHandshake();
            }
            OutputStream out = socket.getOutputStream();
            out.write(frame(admitA01(control(), "4010232137", "W12", "T" + System.nanoTime() % 1000)));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder ack = new StringBuilder();
            int b = in.read();
            if (b != 0x0B) {
                throw new IOException("no ACK: the connection ended (" + b + ")");
            }
            while ((b = in.read()) != 0x1C) {
                if (b < 0) {
                    throw new IOException("the connection ended inside the ACK");
                }
                ack.append((char) b);
            }
            return ack.toString();
        }
    }

    private static int patients() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/api/v1/wards/RVT-W12"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        return new JsonObject(r.body()).getInteger("patients");
    }
}
