package org.vigil.server.webhooks;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.TestServer;
import org.vigil.server.VigilServer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.TestServer.envelope;

/**
 * A webhook receiver that fails — 500, 400, no answer within the timeout — is logged by the endpoint, the
 * delivery's key (alert and sequence) and the failure, never with the patient (hazard log HAZ-13, open item O10):
 * the server's log, captured while an alert for a patient whose id is an NHS number is retried past each failure,
 * does not name them.
 */
class WebhookLogRedactionTest {
    private static final String NHS_NUMBER = "9434765919";

    @Test
    void aFailingReceiverIsLoggedWithoutThePatient(@TempDir Path dir) throws Exception {
        Vertx vertx = Vertx.vertx();
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (WebhookReceiver receiver = WebhookReceiver.start(vertx, null)) {
            receiver.plan(WebhookReceiver.Mode.FAIL_500, WebhookReceiver.Mode.REJECT_400, WebhookReceiver.Mode.HANG);
            receiver.otherwise(WebhookReceiver.Mode.OK);
            String secret = "{ file: \"" + WebhookFixture.secretFile(dir) + "\" }";
            Path org = WebhookFixture.orgFile(dir, WebhookFixture.hanging("rvt", receiver.url(), "[ \"trust:RVT\" ]",
                    secret));
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            try (VigilServer s = WebhookFixture.start(dir.resolve("data"), org)) {
                Instant t0 = Instant.parse("2026-03-10T09:00:00Z");
                String batch = TestServer.admission("wl-1", t0, "RVT-W12", NHS_NUMBER, "B1") + "\n"
                        + envelope("wl-2", "observation", t0.plusSeconds(60), "RVT-W12").put("patient", NHS_NUMBER)
                        .put("respirationRate", 26).put("spo2", 90).put("onOxygen", true).put("systolicBp", 88)
                        .put("pulse", 135).put("consciousness", "V").put("temperature", 39.5).encode() + "\n";
                assertEquals(200, TestServer.send(s.port(), "POST", "/api/v1/events", TestServer.BOOTSTRAP,
                        TestServer.NDJSON, batch.getBytes(StandardCharsets.UTF_8)).status());
                for (int i = 0; i < 300 && receiver.accepted().isEmpty(); i++) {
                    Thread.sleep(100); // past the 500, the 400 and the 3-second timeout
                }
                assertFalse(receiver.accepted().isEmpty(), "delivered once the receiver answers");
                JsonObject first = receiver.deliveries().get(0).json();
                assertFalse(first.encode().contains(NHS_NUMBER), "the body names no patient (HAZ-13 C4)");
            }
        } finally {
            System.setErr(err);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("not delivered") && logged.contains("refused"), "the failures were logged: " + logged);
        assertFalse(logged.contains(NHS_NUMBER), () -> "the log names the patient:\n" + logged);
    }
}
