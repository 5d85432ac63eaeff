package org.vigil.server.engine;

import org.vigil.server.rules.EngineState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.events.Event;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.journal.Journal;
import org.vigil.organisation.OrganisationLoader;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.engine.Events.admission;
import static org.vigil.server.engine.Events.at;

/**
 * On the wall clock, what a command sees must not depend on how the engine happened to batch it with the
 * commands before it: a query drained in the same turn as an event must see the deadlines that event made due
 * already fired, as it would one turn later and as replay (which applies that tick) rebuilds. The wall clock is
 * fixed (not the subject); the engine thread is held on a latch so that the event and the query are, for certain,
 * taken in one turn.
 */
class EngineBatchingTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    @Test
    void aQueryBatchedBehindAnEventSeesTheDeadlinesItMadeDue(@TempDir Path dir) throws Exception {
        EngineState state = new EngineState(OrganisationLoader.demo());
        try (Journal journal = new Journal(dir);
             Engine engine = new Engine(state, journal, Engine.ClockMode.WALL, Clock.fixed(NOW, ZoneOffset.UTC), 64)) {
            engine.start();
            for (int i = 0; i < 1000 && !engine.ready(); i++) {
                Thread.sleep(10); // the (empty) journal's replay; commands before it are refused
            }
            assertTrue(engine.ready(), "replay done");
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Boolean> hold = engine.read(s -> {
                held.countDown();
                try {
                    return release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            });
            held.await(10, TimeUnit.SECONDS);
            // admitted at 10:00, never observed: the first set was due at 11:00, before the wall clock's 12:00
            Event admitted = admission(at("2026-03-10T10:00:00Z"), "RVT-W12", "p1", "B1", 70);
            CompletableFuture<Engine.IngestResult> ingest = engine.ingest(List.of(admitted));
            CompletableFuture<Long> clock = engine.read(s -> s.clock().now());
            CompletableFuture<Integer> overdue = engine.read(s -> s.alerts().find(a ->
                    a.kind() == AlertKind.OBSERVATIONS_OVERDUE && a.state().active()).size());
            release.countDown();
            assertEquals(true, hold.get(10, TimeUnit.SECONDS), "the engine was held");
            assertEquals(1, ingest.get(10, TimeUnit.SECONDS).accepted());
            assertEquals(NOW.toEpochMilli(), clock.get(10, TimeUnit.SECONDS), "the due tick came before the query");
            assertEquals(1, overdue.get(10, TimeUnit.SECONDS), "the first set's deadline fired");
        }
    }
}
