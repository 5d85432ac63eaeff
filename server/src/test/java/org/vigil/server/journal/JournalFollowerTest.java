package org.vigil.server.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.events.Event;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.engine.Events.tick;

/**
 * The follower on a real journal: it produces each record once, commits only what its sink accepted, rebuilds
 * silently up to its committed record after a restart, and re-produces what was read but not accepted.
 */
class JournalFollowerTest {
    private static final long T0 = 1_763_900_000_000L;

    /** Records the times of the records it is given, rebuilt or produced; its sink accepts when told to. */
    private static final class Recorder implements JournalFollower.Consumer {
        final List<Long> rebuilt = new CopyOnWriteArrayList<>();
        final List<Long> produced = new CopyOnWriteArrayList<>();
        final List<Long> accepted = new CopyOnWriteArrayList<>();
        final List<Long> batch = new ArrayList<>();
        volatile CountDownLatch sinkOpen = new CountDownLatch(0);
        JournalFollower follower;

        @Override
        public boolean apply(Event e, long index, boolean rebuilding) {
            (rebuilding ? rebuilt : produced).add(e.time());
            if (!rebuilding) {
                batch.add(e.time());
            }
            return false;
        }

        @Override
        public boolean deliver() {
            while (sinkOpen.getCount() > 0) {
                if (!follower.sleep(5)) {
                    batch.clear();
                    return false;
                }
            }
            accepted.addAll(batch);
            batch.clear();
            return true;
        }
    }

    private static Recorder follow(Journal journal, String name) {
        Recorder r = new Recorder();
        r.follower = new JournalFollower(journal, name, "test-follower", 2, Clock.systemUTC(), r);
        return r;
    }

    private static void append(Journal journal, int from, int to) {
        for (int i = from; i < to; i++) {
            journal.append(tick(T0 + i));
        }
    }

    private static List<Long> times(int from, int to) {
        List<Long> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(T0 + i);
        }
        return out;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    @Test
    @Timeout(60)
    void everyRecordIsProducedOnceAndARestartRebuildsSilentlyUpToTheCommit(@TempDir Path dir) throws Exception {
        try (Journal journal = new Journal(dir)) {
            append(journal, 0, 5);
            Recorder first = follow(journal, "test");
            first.follower.start();
            await("the first five", () -> first.accepted.size() == 5 && first.follower.lagRecords() == 0);
            append(journal, 5, 7);
            await("two more", () -> first.accepted.size() == 7 && first.follower.lagRecords() == 0);
            first.follower.close();
            assertEquals(times(0, 7), first.accepted);
            assertEquals(List.of(), first.rebuilt);

            append(journal, 7, 10);
            Recorder second = follow(journal, "test");
            second.follower.start();
            await("the three after the restart", () -> second.accepted.size() == 3 && second.follower.lagRecords() == 0);
            second.follower.close();
            assertEquals(times(0, 7), second.rebuilt, "what was accepted is rebuilt from, never produced again");
            assertEquals(times(7, 10), second.accepted);
        }
    }

    @Test
    @Timeout(60)
    void whatTheSinkHasNotAcceptedIsNotCommittedAndIsProducedAgain(@TempDir Path dir) throws Exception {
        try (Journal journal = new Journal(dir)) {
            append(journal, 0, 2);
            Recorder first = follow(journal, "test");
            first.follower.start();
            await("the first two", () -> first.accepted.size() == 2);
            first.sinkOpen = new CountDownLatch(1); // the sink refuses from now
            append(journal, 2, 6);
            await("the next batch read", () -> first.produced.size() >= 4);
            long committed = first.follower.committedIndex();
            assertEquals(4, first.follower.lagRecords(), "nothing after the refusal is committed");
            first.follower.close();
            assertEquals(committed, first.follower.committedIndex());
            assertFalse(first.follower.running());

            Recorder second = follow(journal, "test");
            second.follower.start();
            await("the four after the restart", () -> second.accepted.size() == 4 && second.follower.lagRecords() == 0);
            second.follower.close();
            assertEquals(times(0, 2), second.rebuilt);
            assertEquals(times(2, 6), second.accepted, "read before the restart but never accepted: produced again");
        }
    }

    @Test
    @Timeout(60)
    void aNewFollowerStartingAtTheEndOnlyRebuildsFromWhatCameBefore(@TempDir Path dir) throws Exception {
        try (Journal journal = new Journal(dir)) {
            assertFalse(JournalFollower.startAtEndIfNew(journal, "empty-journal"), "nothing to skip");
            append(journal, 0, 4);
            assertFalse(JournalFollower.startAtEndIfNew(journal, "empty-journal"),
                    "seen when the journal was empty, and never committed since: not new, so nothing is skipped");
            assertTrue(JournalFollower.startAtEndIfNew(journal, "webhook:late"));
            assertFalse(JournalFollower.startAtEndIfNew(journal, "webhook:late"), "only when new");
            append(journal, 4, 6);
            assertFalse(JournalFollower.startAtEndIfNew(journal, "webhook:late"), "nor moved on at the next start");
            Recorder r = follow(journal, "webhook:late");
            r.follower.start();
            await("the two after it started", () -> r.accepted.size() == 2 && r.follower.lagRecords() == 0);
            r.follower.close();
            assertEquals(times(0, 4), r.rebuilt);
            assertEquals(times(4, 6), r.accepted);

            Recorder fromStart = follow(journal, "empty-journal");
            fromStart.follower.start();
            await("everything", () -> fromStart.accepted.size() == 6);
            fromStart.follower.close();
        }
    }
}
