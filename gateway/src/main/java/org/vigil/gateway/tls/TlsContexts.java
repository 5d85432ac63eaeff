package org.vigil.gateway.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProtocols;
import org.vigil.organisation.cli.FileProblem;

import javax.net.ssl.KeyManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/**
 * The gateway's server side of TLS, for the HTTPS edge and for MLLP: its certificate and key from one PKCS12
 * keystore, TLS 1.3 and 1.2 only. For MLLP it can also require each sender's certificate (mutual TLS), since HL7 v2
 * carries no credential of its own: whoever completes the handshake sends under the gateway's ingest token.
 */
public final class TlsContexts {
    private TlsContexts() {
    }

    /** The certificate and key in a PKCS12 keystore; a file that cannot be read is named as {@code --tls-keystore}. */
    public static KeyManagerFactory keys(Path pkcs12, char[] password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = open("--tls-keystore", pkcs12)) {
            ks.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        return kmf;
    }

    /** TLS with the gateway's certificate; clients are not asked for one. */
    public static SslContext server(KeyManagerFactory keys) throws IOException {
        return SslContextBuilder.forServer(keys).protocols(SslProtocols.TLS_v1_3, SslProtocols.TLS_v1_2).build();
    }

    /**
     * Mutual TLS: a client that presents no certificate, or one no certificate authority in {@code sendersCa}
     * (PEM) signed, fails the handshake before a byte of HL7 is read.
     */
    public static SslContext mutual(KeyManagerFactory keys, Path sendersCa) throws IOException {
        return SslContextBuilder.forServer(keys).protocols(SslProtocols.TLS_v1_3, SslProtocols.TLS_v1_2)
                .trustManager(authorities(sendersCa)).clientAuth(ClientAuth.REQUIRE).build();
    }

    /** Every certificate in a PEM file; none, or a file that cannot be read, is refused naming the option. */
    static X509Certificate[] authorities(Path pem) throws IOException {
        try (InputStream in = open("--mllp-client-ca", pem)) {
            X509Certificate[] certs = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
            if (certs.length == 0) {
                throw new IOException("--mllp-client-ca " + pem + " holds no certificate (PEM, '-----BEGIN CERTIFICATE-----')");
            }
            return certs;
        } catch (CertificateException e) {
            throw new IOException("--mllp-client-ca " + pem + " is not PEM certificates: " + e.getMessage(), e);
        }
    }

    /** The file an option names, or an error naming the option, the file and why (missing, unreadable…). */
    private static InputStream open(String option, Path file) throws IOException {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new IOException(FileProblem.describe(option, file, e), e);
        }
    }
}
