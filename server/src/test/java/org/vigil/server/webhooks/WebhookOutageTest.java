package org.vigil.server.webhooks;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.VigilServer;
import org.vigil.server.timeseries.Scenario;
import org.vigil.server.webhooks.WebhookReceiver.Delivery;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.vigil.server.webhooks.WebhookFixture.endpoint;
import static org.vigil.server.webhooks.WebhookReceiver.Mode.FAIL_500;
import static org.vigil.server.webhooks.WebhookReceiver.Mode.OK;

/**
 * A receiver down across a restart of the server ({@link Outage}): the failing endpoint says so in /health and
 * delays no other; after the restart nothing is lost, nothing committed is sent again, and an endpoint added at
 * the restart starts from then.
 */
class WebhookOutageTest {
    @Test
    @Timeout(240)
    void aRestartInTheMiddleOfAnOutageLosesNothingAndResendsOnlyTheRecordInFlight(@TempDir Path dir) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (WebhookReceiver rvt = WebhookReceiver.start(vertx, null);
             WebhookReceiver bfw = WebhookReceiver.start(vertx, null);
             WebhookReceiver late = WebhookReceiver.start(vertx, null)) {
            String secret = "{ file: \"" + WebhookFixture.secretFile(dir) + "\" }";
            String rvtEntry = endpoint("rvt", rvt.url(), "[ \"trust:RVT\" ]", secret);
            String bfwEntry = endpoint("bfw", bfw.url(), "[ \"trust:BFW\" ]", secret);
            Path data = dir.resolve("data");
            Set<String> acceptedBefore = new TreeSet<>();
            try (VigilServer s = WebhookFixture.start(data, WebhookFixture.orgFile(dir, rvtEntry, bfwEntry))) {
                Outage.post(s.port(), Outage.before());
                WebhookFixture.awaitDelivered(s.port(), "rvt", "bfw");
                rvt.accepted().forEach(d -> acceptedBefore.add(d.key()));

                rvt.plan(OK);
                rvt.otherwise(FAIL_500);
                Outage.post(s.port(), Outage.pulse());
                Scenario.await("rvt to refuse the pulse's second transition three times", 60,
                        () -> rvt.answered(FAIL_500) >= 3);
                Outage.post(s.port(), Outage.duringOnBfw());
                WebhookFixture.awaitDelivered(s.port(), "bfw");
                Outage.assertHealthSaysRvtIsFailing(s.port());
            }
            rvt.otherwise(OK);
            String lateEntry = endpoint("late", late.url(), "[ \"system\" ]", secret);
            try (VigilServer s = WebhookFixture.start(data, WebhookFixture.orgFile(dir, rvtEntry, bfwEntry, lateEntry))) {
                WebhookFixture.awaitDelivered(s.port(), "rvt", "bfw", "late");
                Outage.post(s.port(), Outage.after());
                WebhookFixture.awaitDelivered(s.port(), "rvt", "bfw", "late");
                Outage.assertNothingLostNorResentBeyondTheRecordInFlight(WebhookFixture.alerts(s.port()),
                        acceptedBefore, rvt, bfw, late);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
