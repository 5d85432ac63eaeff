package org.vigil.gateway;

import io.netty.handler.ssl.SslContext;
import org.vigil.gateway.edge.HttpsEdge;
import org.vigil.gateway.edge.Upstream;
import org.vigil.gateway.hl7.CodeMaps;
import org.vigil.gateway.hl7.Hl7Mapper;
import org.vigil.gateway.hl7.LocationMap;
import org.vigil.gateway.hl7.NhsNumber;
import org.vigil.gateway.mllp.MllpServer;
import org.vigil.gateway.tls.TlsContexts;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.organisation.cli.FileProblem;
import org.vigil.organisation.tokens.Tokens;

import javax.net.ssl.KeyManagerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

/** The wiring: MLLP listener and HTTPS edge, both forwarding to one server, or to a cluster's nodes. */
public final class Gateway implements AutoCloseable {
    /** Long enough for a large batch behind a busy engine; a sender that gets 503 retries with the same ids. */
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);

    private final MllpServer mllp;
    private final HttpsEdge https;

    private Gateway(MllpServer mllp, HttpsEdge https) {
        this.mllp = mllp;
        this.https = https;
    }

    /** Starts from configuration and the environment; a missing secret stops it with a message saying which. */
    public static Gateway start(GatewayConfig c, Map<String, String> env) throws Exception {
        String token = env.get(c.tokenEnv());
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the gateway's ingest token is missing: set " + c.tokenEnv());
        }
        String password = env.get(c.tlsPasswordEnv());
        if (password == null) {
            throw new IllegalArgumentException("the keystore password is missing: set " + c.tlsPasswordEnv());
        }
        byte[] secret = readSecret(c);
        CodeMaps codeMaps = c.locations() != null ? CodeMaps.withLocations(LocationMap.parse(c.locations()))
                : CodeMaps.load(c.codeMaps());
        Organisation org = c.orgFile() == null ? OrganisationLoader.demo() : OrganisationLoader.load(c.orgFile());
        Tokens tokens = new Tokens(org, env.get(Tokens.BOOTSTRAP_ENV));
        KeyManagerFactory keys = TlsContexts.keys(c.tlsKeystore(), password.toCharArray());
        SslContext ssl = TlsContexts.server(keys);
        SslContext mllpTls = c.mllpClientCa() != null ? TlsContexts.mutual(keys, c.mllpClientCa())
                : c.mllpTls() ? ssl : null;

        Hl7Mapper mapper = new Hl7Mapper(codeMaps, new NhsNumber(secret), org.zone(), c.patientKey());
        ServerNodes nodes = new ServerNodes(c.serverUrls());
        MllpServer mllp = new MllpServer(c.mllpHost(), c.mllpPort(), mllpTls, c.maxMllpBytes(), mapper,
                new ServerClient(nodes, token, FORWARD_TIMEOUT));
        try {
            HttpsEdge https = new HttpsEdge(c.host(), c.httpsPort(), ssl, tokens,
                    new Upstream(nodes, FORWARD_TIMEOUT),
                    new HttpsEdge.Limits(c.rate(), c.burst(), c.maxBodyBytes(), c.maxInFlight(),
                            HttpsEdge.Limits.IDLE_SECONDS));
            return new Gateway(mllp, https);
        } catch (Exception e) {
            mllp.close();
            throw e;
        }
    }

    private static byte[] readSecret(GatewayConfig c) throws IOException {
        byte[] secret;
        try {
            secret = Files.readAllBytes(c.hmacSecretFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(FileProblem.describe("--hmac-secret-file", c.hmacSecretFile(), e));
        }
        if (secret.length < 16) {
            throw new IllegalArgumentException("--hmac-secret-file " + c.hmacSecretFile()
                    + " holds " + secret.length + " bytes; at least 16 are needed");
        }
        return secret;
    }

    public int mllpPort() {
        return mllp.port();
    }

    public int httpsPort() {
        return https.port();
    }

    @Override
    public void close() {
        // the MLLP stop forwards the messages it had read through its ServerClient, which nothing closes before it
        https.close();
        mllp.close();
    }
}
