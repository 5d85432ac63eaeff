package org.vigil.server.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.events.Event;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.server.TestServer;
import org.vigil.server.engine.Engine;
import org.vigil.server.journal.Journal;
import org.vigil.server.journal.JournalFollower;
import org.vigil.server.rules.EngineState;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal follower (state snapshots, the InfluxDB writer, a webhook endpoint) whose thread died makes /health
 * "degraded" and names it: found by an independent check, a snapshot writer killed by an error left /health "ok",
 * and a dead webhook follower would have read as an endpoint still "delivering", its lag growing, while nothing
 * more reached the bleeps.
 */
class FollowerStoppedHealthTest {
    @Test
    void aFollowerThatStoppedOnItsOwnMakesHealthDegradedAndNamesIt(@TempDir Path dir) throws Exception {
        Organisation org = OrganisationLoader.demo();
        Vertx vertx = Vertx.vertx();
        try (Journal journal = new Journal(dir);
             Engine engine = new Engine(new EngineState(org), journal, Engine.ClockMode.EVENT, Clock.systemUTC(), 16)) {
            engine.start();
            JournalFollower broken = new JournalFollower(journal, "webhook:bleep", "test-follower", 10,
                    Clock.systemUTC(), new JournalFollower.Consumer() {
                        @Override
                        public long restoredIndex() {
                            throw new IllegalStateException("a bug in the consumer");
                        }

                        @Override
                        public boolean apply(Event e, long index, boolean rebuilding) {
                            return false;
                        }

                        @Override
                        public boolean deliver() {
                            return true;
                        }
                    });
            Router router = Router.router(vertx);
            new HealthApi(engine, null, null, engine.ruleFailures(), null, List.of(broken)).mount(router);
            HttpServer http = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!engine.ready() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            JsonObject before = TestServer.send(http.actualPort(), "GET", "/health", null, null, null).json();
            assertEquals("ok", before.getString("status"), before::encode);
            assertNull(before.getValue("followersStopped"));

            broken.start();
            while (broken.stoppedBy() == null && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            TestServer.Reply after = TestServer.send(http.actualPort(), "GET", "/health", null, null, null);
            assertEquals(200, after.status(), after::toString);
            assertEquals("degraded", after.json().getString("status"), after::toString);
            assertEquals(new JsonObject().put("webhook:bleep", "IllegalStateException"),
                    after.json().getJsonObject("followersStopped"));
            assertTrue(!after.body().contains("a bug in the consumer"), "no exception text: /health needs no token");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
