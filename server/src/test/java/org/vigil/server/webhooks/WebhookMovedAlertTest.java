package org.vigil.server.webhooks;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.TestServer;
import org.vigil.server.VigilServer;
import org.vigil.server.timeseries.Scenario;
import org.vigil.server.webhooks.WebhookReceiver.Delivery;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.TestServer.envelope;
import static org.vigil.server.webhooks.WebhookFixture.TOKEN;

/**
 * An endpoint told of an alert hears the rest of it wherever its patient takes it. An alert moves with its patient
 * from ward to ward; one that went to another trust's ward was not heard of again by the first trust's endpoint,
 * so its receiver kept the alert open for ever, never told it climbed to the site manager or was resolved (HAZ-04).
 */
class WebhookMovedAlertTest {
    private static final Instant T = Instant.parse("2026-11-02T08:00:00Z");

    @Test
    void anEndpointHearsTheRestOfAnAlertWhosePatientWentToAnotherTrustsWard(@TempDir Path dir) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            WebhookReceiver rvt = WebhookReceiver.start(vertx, null);
            String secret = "{ file: \"" + WebhookFixture.secretFile(dir) + "\" }";
            Path org = WebhookFixture.orgFile(dir, WebhookFixture.endpoint("rvt", rvt.url(), "[ \"trust:RVT\" ]",
                    secret, "kinds: [ NEWS2_HIGH ]"));
            try (VigilServer server = WebhookFixture.start(dir.resolve("data"), org)) {
                int port = server.port();
                Scenario.post(port, TOKEN, List.of(
                        TestServer.admission("mv-1", T, "RVT-W12", "P-MOVE", "B1"),
                        observation("mv-2", T.plusSeconds(60), "RVT-W12", 25, 90, 95, 130),
                        envelope("mv-3", "transfer", T.plusSeconds(300), "BFW-AMU").put("patient", "P-MOVE")
                                .put("bed", "B7").encode(),
                        // the clock passes the ladder's outreach (15 min) and site manager (30 min) rungs on BFW-AMU
                        envelope("mv-4", "pulse", T.plusSeconds(40 * 60), "BFW-W3").put("rating", 3).encode(),
                        observation("mv-5", T.plusSeconds(45 * 60), "BFW-AMU", 16, 97, 125, 72)));
                WebhookFixture.awaitDelivered(port, "rvt");

                Map<String, List<JsonObject>> expected = WebhookFixture.expected(WebhookFixture.alerts(port),
                        (a, t) -> a.getString("kind").equals("NEWS2_HIGH"));
                assertEquals(1, expected.size(), expected::toString);
                List<String> types = expected.values().iterator().next().stream().map(t -> t.getString("type"))
                        .toList();
                assertTrue(types.contains("ESCALATED") && types.get(types.size() - 1).equals("RESOLVED"),
                        "the alert climbed and was resolved on BFW-AMU: " + types);
                WebhookFixture.assertEveryTransitionInOrder("rvt", rvt.deliveries(), expected);
                Delivery last = rvt.deliveries().get(rvt.deliveries().size() - 1);
                assertEquals("BFW-AMU", last.json().getJsonObject("alert").getString("unit"), last::text);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static String observation(String id, Instant t, String unit, int respirationRate, int spo2,
                                      int systolicBp, int pulse) {
        return envelope(id, "observation", t, unit).put("patient", "P-MOVE").put("respirationRate", respirationRate)
                .put("spo2", spo2).put("onOxygen", false).put("systolicBp", systolicBp).put("pulse", pulse)
                .put("consciousness", "A").put("temperature", 37.0).encode();
    }
}
