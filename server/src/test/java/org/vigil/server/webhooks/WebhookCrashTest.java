package org.vigil.server.webhooks;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.ChildServer;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.vigil.server.webhooks.WebhookFixture.endpoint;

/**
 * The worst case of {@link Outage}: the server, in its own JVM with its secret in the environment, is killed with
 * SIGKILL while a receiver is down and a record's transitions are half delivered. Restarted: nothing lost,
 * nothing committed sent again, only the record in flight re-sent.
 */
class WebhookCrashTest {
    private static final String SECRET_ENV = "VIGIL_WEBHOOK_TEST_SECRET";

    @Test
    @Timeout(300)
    void aSigkillInTheMiddleOfAnOutageLosesNothingAndResendsOnlyTheRecordInFlight(@TempDir Path dir) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (WebhookReceiver rvt = WebhookReceiver.start(vertx, null);
             WebhookReceiver bfw = WebhookReceiver.start(vertx, null);
             WebhookReceiver late = WebhookReceiver.start(vertx, null)) {
            String secret = "{ env: " + SECRET_ENV + " }";
            String rvtEntry = endpoint("rvt", rvt.url(), "[ \"trust:RVT\" ]", secret);
            String bfwEntry = endpoint("bfw", bfw.url(), "[ \"trust:BFW\" ]", secret);
            Map<String, String> env = Map.of(SECRET_ENV, WebhookFixture.SECRET);
            Path data = dir.resolve("data");
            Set<String> acceptedBefore;
            ChildServer child = ChildServer.start(data, dir.resolve("first.log"), env, "--clock", "event",
                    "--org", WebhookFixture.orgFile(dir, rvtEntry, bfwEntry).toString());
            try {
                acceptedBefore = Outage.runUpToTheStop(child.port, rvt);
                child.kill();
            } finally {
                child.process.destroyForcibly();
            }
            rvt.otherwise(WebhookReceiver.Mode.OK);
            String lateEntry = endpoint("late", late.url(), "[ \"system\" ]", secret);
            ChildServer again = ChildServer.start(data, dir.resolve("second.log"), env, "--clock", "event",
                    "--org", WebhookFixture.orgFile(dir, rvtEntry, bfwEntry, lateEntry).toString());
            try {
                Outage.finishAfterTheRestart(again.port, acceptedBefore, rvt, bfw, late);
            } finally {
                again.process.destroyForcibly();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
