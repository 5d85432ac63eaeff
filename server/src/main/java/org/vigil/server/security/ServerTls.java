package org.vigil.server.security;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;
import org.vigil.organisation.cli.FileProblem;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * HTTPS for the server from the same PKCS12 keystore the gateway uses (the launcher makes a development one),
 * TLS 1.3 and 1.2 only. The keystore is opened here, at start-up, so a wrong password or a keystore without a
 * key stops the server with a message rather than failing every handshake later.
 */
public final class ServerTls {
    private ServerTls() {
    }

    /** Options for the HTTPS listener; {@code password} comes from the environment, never the command line. */
    public static HttpServerOptions options(Path keystore, String password) {
        if (password == null) {
            throw new IllegalArgumentException("the keystore password is missing: set the environment variable named by "
                    + "--tls-password-env (default VIGIL_TLS_PASSWORD)");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(keystore);
        } catch (IOException e) {
            throw new IllegalArgumentException(FileProblem.describe("--tls-keystore", keystore, e));
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(new ByteArrayInputStream(bytes), password.toCharArray());
            boolean hasKey = false;
            for (String alias : Collections.list(ks.aliases())) {
                hasKey |= ks.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw new IllegalArgumentException("--tls-keystore " + keystore + " holds no private key");
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("--tls-keystore " + keystore + " cannot be opened (wrong password, or not "
                    + "PKCS12?): " + e.getMessage());
        }
        HttpServerOptions options = new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(new PfxOptions().setValue(Buffer.buffer(bytes)).setPassword(password))
                .setEnabledSecureTransportProtocols(Set.of("TLSv1.3", "TLSv1.2"));
        CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
        return options;
    }

    /**
     * TLS 1.3's suites, and for TLS 1.2 only forward-secret AEAD ones (ECDHE with AES-GCM or ChaCha20-Poly1305,
     * for an EC or an RSA certificate): Mozilla's "intermediate" configuration, ASVS 9.1.2. The JDK would otherwise
     * also offer RSA key exchange (no forward secrecy) and CBC suites with SHA-1 on TLS 1.2.
     */
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
}
