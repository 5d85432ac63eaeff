package org.vigil.server.engine;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.server.TestServer;
import org.vigil.server.kernel.Feature;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.TestServer.envelope;

/**
 * An engine thread held by a rule that does not return (hazard log O5): nothing is applied or escalated meanwhile,
 * so {@code /health} says {@code "stalled"} with 503 — a load balancer takes the node out, and in a cluster the
 * node gives up owning the partition (PartitionOwnershipTest) — and says {@code "ok"} again once the rule returns.
 * The real server, engine thread and journal; the holding rule is a site rule, registered as any site's would be.
 */
class EngineStallTest {
    /** Holds the engine thread on a reliability pulse rated 5 until released (at most a minute: never for ever). */
    static final class HoldingRule implements Feature {
        private final CountDownLatch release;

        HoldingRule(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public void apply(Event e) {
            if (e.payload() instanceof Payload.Pulse p && p.rating() == 5) {
                try {
                    release.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Test
    void aHeldEngineIsStalledOnHealthWith503AndOkOnceItRunsAgain(@TempDir Path dir) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (TestServer server = TestServer.startOnEventTimeWithRules(dir,
                r -> r.add(ctx -> new HoldingRule(release), EventType.PULSE))) {
            String t = Instant.parse("2026-03-10T09:00:00Z").toString();
            assertEquals(200, server.postBatch(envelope("p-1", "pulse", Instant.parse(t), "RVT-W12").put("rating", 3)
                    .encode()).status());
            assertEquals("ok", awaitHealth(server, "ok").json().getString("status"));

            CompletableFuture<TestServer.Reply> held = CompletableFuture.supplyAsync(() -> server.postBatch(
                    envelope("p-2", "pulse", Instant.parse(t), "RVT-W12").put("rating", 5).encode()));
            TestServer.Reply health = awaitHealth(server, "stalled");
            assertEquals(503, health.status(), health::toString);
            assertTrue(health.json().getLong("stalledSeconds") >= Engine.STALLED_AFTER_MILLIS / 1000, health::toString);

            release.countDown();
            health = awaitHealth(server, "ok");
            assertEquals(200, health.status(), health::toString);
            held.exceptionally(e -> null).get(1, TimeUnit.MINUTES); // answered, or its client gave up waiting
            // either way the held event was stored once: sent again, it is a duplicate
            JsonObject again = server.postBatch(envelope("p-2", "pulse", Instant.parse(t), "RVT-W12").put("rating", 5)
                    .encode()).json();
            assertEquals(0, again.getInteger("accepted"), again::encode);
            assertEquals(1, again.getInteger("duplicates"), again::encode);
        }
    }

    /** Throws an {@link Error} on a reliability pulse rated 1, as a class that would not load does. */
    static final class FailingRule implements Feature {
        @Override
        public void apply(Event e) {
            if (e.payload() instanceof Payload.Pulse p && p.rating() == 1) {
                throw new NoClassDefFoundError("org/example/SiteRule$1 (the jar replaced under the running server)");
            }
        }
    }

    /**
     * An Error stops the engine thread for good (the state may be half-applied; restart and replay rebuild it):
     * the request that met it, every request after it and every read through the engine are answered 503 at once
     * rather than left to hang, and /health says so with the error. Found by an independent check whose server's
     * jar was rebuilt under it: requests then hung for as long as their clients waited.
     */
    @Test
    void anEngineStoppedByAnErrorRefusesEveryRequestAtOnceAndSaysWhy(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.startOnEventTimeWithRules(dir,
                r -> r.add(ctx -> new FailingRule(), EventType.PULSE))) {
            Instant t = Instant.parse("2026-03-10T09:00:00Z");
            assertEquals(200, server.postBatch(envelope("p-1", "pulse", t, "RVT-W12").put("rating", 3).encode())
                    .status());

            TestServer.Reply failed = server.postBatch(envelope("p-2", "pulse", t, "RVT-W12").put("rating", 1).encode());
            assertEquals(503, failed.status(), failed::toString);
            TestServer.Reply after = server.postBatch(envelope("p-3", "pulse", t, "RVT-W12").put("rating", 3).encode());
            assertEquals(503, after.status(), after::toString);
            assertTrue(after.body().contains("engine stopped"), after::toString);
            TestServer.Reply read = server.get("/api/v1/wards/RVT-W12", TestServer.BOOTSTRAP);
            assertEquals(503, read.status(), read::toString);

            TestServer.Reply health = TestServer.send(server.port(), "GET", "/health", null, null, null);
            assertEquals(503, health.status(), health::toString);
            assertEquals("stalled", health.json().getString("status"), health::toString);
            assertEquals("java.lang.NoClassDefFoundError", health.json().getString("engineStopped"),
                    "the error's class, not its message (a path, a class name): /health needs no token");
        }
    }

    /** Polls /health (bounded: the stall shows after 10 s) until its status is {@code status}. */
    private static TestServer.Reply awaitHealth(TestServer server, String status) throws InterruptedException {
        TestServer.Reply r = null;
        for (int i = 0; i < 300; i++) {
            r = TestServer.send(server.port(), "GET", "/health", null, null, null);
            if (status.equals(new JsonObject(r.body()).getString("status"))) {
                return r;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("/health never said " + status + ": " + r);
    }
}
