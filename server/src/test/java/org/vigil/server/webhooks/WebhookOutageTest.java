package org.vigil.server.webhooks;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.VigilServer;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.vigil.server.webhooks.WebhookFixture.endpoint;

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
            Set<String> acceptedBefore;
            try (VigilServer s = WebhookFixture.start(data, WebhookFixture.orgFile(dir, rvtEntry, bfwEntry))) {
                acceptedBefore = Outage.runUpToTheStop(s.port(), rvt);
            }
            rvt.otherwise(WebhookReceiver.Mode.OK);
            String lateEntry = endpoint("late", late.url(), "[ \"system\" ]", secret);
            try (VigilServer s = WebhookFixture.start(data, WebhookFixture.orgFile(dir, rvtEntry, bfwEntry, lateEntry))) {
                Outage.finishAfterTheRestart(s.port(), acceptedBefore, rvt, bfw, late);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
