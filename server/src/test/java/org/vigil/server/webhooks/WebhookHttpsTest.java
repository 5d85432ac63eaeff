package org.vigil.server.webhooks;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PfxOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.VigilServer;
import org.vigil.server.timeseries.Scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * https to a receiver whose certificate is self-signed (made by keytool, as an NHS trust's internal CA would make
 * one): trusted through the PKCS12 truststore the endpoint names, with the hostname checked; refused — and so
 * retried, never delivered nor dropped — by an endpoint left on the JVM's default trust.
 */
class WebhookHttpsTest {
    private static final String STORE_PASSWORD = "receiver-store-pass";

    @Test
    @Timeout(180)
    void aConfiguredTruststoreIsTrustedAndTheJvmDefaultIsNot(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("receiver.p12");
        Path cert = dir.resolve("receiver.cer");
        Path truststore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "receiver", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "30", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD);
        keytool("-exportcert", "-alias", "receiver", "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD,
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "receiver", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", "trust-pass");
        Path trustPassword = Files.writeString(dir.resolve("trust.pass"), "trust-pass\n");

        Vertx vertx = Vertx.vertx();
        try (WebhookReceiver receiver = WebhookReceiver.start(vertx,
                new PfxOptions().setPath(keystore.toString()).setPassword(STORE_PASSWORD))) {
            String secret = "{ file: \"" + WebhookFixture.secretFile(dir) + "\" }";
            Path org = WebhookFixture.orgFile(dir,
                    WebhookFixture.endpoint("trusted", receiver.url(), "[ system ]", secret,
                            "truststore: { file: \"" + truststore + "\", password: { file: \"" + trustPassword + "\" } }"),
                    WebhookFixture.endpoint("default-trust", receiver.url(), "[ system ]", secret));
            try (VigilServer s = WebhookFixture.start(dir.resolve("data"), org)) {
                Outage.post(s.port(), Outage.before());
                WebhookFixture.awaitDelivered(s.port(), "trusted");
                Scenario.await("the default-trust endpoint to fail", 60,
                        () -> WebhookFixture.metric(s.port(), "vigil_webhook_attempts_failed_total",
                                "endpoint=\"default-trust\",reason=\"connection\"") >= 2);
                Map<String, List<JsonObject>> all = WebhookFixture.expected(WebhookFixture.alerts(s.port()), (a, t) -> true);
                WebhookFixture.assertEveryTransitionInOrder("trusted", receiver.deliveries(), all);
                assertEquals(WebhookFixture.keys(all).size(), receiver.deliveries().size(),
                        "only the trusted endpoint got through, each once");

                JsonObject untrusted = WebhookFixture.endpoints(WebhookFixture.health(s.port())).get("default-trust");
                assertEquals("failing", untrusted.getString("status"), untrusted::encode);
                assertTrue(untrusted.getLong("lagRecords") > 0, untrusted::encode);
                assertTrue(untrusted.getString("lastFailure").contains("SSLHandshakeException"), untrusted::encode);
                assertEquals(0, WebhookFixture.metric(s.port(), "vigil_webhook_delivered_total", "endpoint=\"default-trust\""));
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool " + args[0] + ": " + out);
    }
}
