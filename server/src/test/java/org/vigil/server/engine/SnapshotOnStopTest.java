package org.vigil.server.engine;

import io.vertx.core.json.JsonObject;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.VigilServer;
import org.vigil.server.snapshots.Snapshots;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.engine.SnapshotRestartTest.health;
import static org.vigil.server.engine.SnapshotRestartTest.pulses;
import static org.vigil.server.engine.SnapshotRestartTest.send;

/**
 * A clean stop takes a last snapshot once a tenth of {@code everyRecords} changed the state since the last one, so
 * that the restart restores it and replays nothing: a 1,000-bed trust's tail of 8,000 records took a second of a
 * restart to replay, its engine code not yet compiled (BENCHMARKS.md, "Restart"). A tail of fewer is replayed, as
 * after a crash. Either way the restarted state is the one stopped.
 */
class SnapshotOnStopTest {
    /** A tenth of it, 100, is the least tail a stop snapshots; no periodic snapshot comes within the test's records. */
    private static final Snapshots.Settings SETTINGS = new Snapshots.Settings(1_000, 10_080, 5, 0);

    @Test
    @Timeout(300)
    void aCleanStopSnapshotsATailOfATenthOfEveryRecordsAndTheRestartReplaysNothing(@TempDir Path dir)
            throws Exception {
        List<String> sent = new ArrayList<>(SnapshotRestartTest.scenario(50, 5));
        assertTrue(sent.size() < 100, "a scenario shorter than the first snapshot waits for: " + sent.size());
        long first;
        long tail;
        Map<String, Object> stopped;
        try (VigilServer s = SnapshotRestartTest.start(dir, SETTINGS)) {
            send(s, sent);
            // with none yet, the writer takes one as soon as it is caught up with a tenth of everyRecords; after it,
            // none for a week of event time or 1,000 records
            first = 0;
            for (int b = 0; first == 0 && b < 10; b++) {
                List<String> fill = pulses("fill-" + b, 40, sent.get(sent.size() - 1));
                send(s, fill);
                sent.addAll(fill);
                first = awaitSnapshot(s);
            }
            assertTrue(first > 0, "a first snapshot");
            tail = recordsAfter(s, first);
            assertTrue(tail < 40, "at most the rest of a batch after it: " + tail);
            List<String> more = pulses("below", (int) (99 - tail), sent.get(sent.size() - 1));
            send(s, more);
            sent.addAll(more);
            assertEquals(99, recordsAfter(s, first));
        }
        try (VigilServer s = SnapshotRestartTest.start(dir, SETTINGS)) {
            JsonObject h = health(s);
            assertEquals(first, h.getLong("snapshotIndex"), "99 records: no snapshot on the stop " + h);
            assertEquals(99L, h.getLong("replayedRecords"), "the tail replayed, as after a crash: " + h);
            List<String> one = pulses("at", 1, sent.get(sent.size() - 1));
            send(s, one);
            sent.addAll(one);
            tail = s.journal().lastIndex();
            stopped = SnapshotRestartTest.view(s, SnapshotRestartTest.ids(sent));
        }
        try (VigilServer s = SnapshotRestartTest.start(dir, SETTINGS)) {
            JsonObject h = health(s);
            assertTrue(h.getLong("snapshotIndex") >= tail, "100 records: the stop's snapshot covers them " + h);
            assertEquals(0L, h.getLong("replayedRecords"), "nothing replayed: " + h);
            assertEquals(stopped, SnapshotRestartTest.view(s, SnapshotRestartTest.ids(sent)), "the state stopped");
        }
    }

    /**
     * Once the writer has read everything journaled: the journal record of its snapshot, or 0 when it wrote none
     * within a second of being caught up (it takes one the moment it is, with records enough).
     */
    private static long awaitSnapshot(VigilServer s) throws InterruptedException {
        long last = s.journal().lastIndex();
        for (int i = 0; i < 1200 && s.snapshotWriter().follower().committedIndex() < last; i++) {
            Thread.sleep(50);
        }
        assertTrue(s.snapshotWriter().follower().committedIndex() >= last, "the writer caught up");
        for (int i = 0; i < 20 && s.snapshotWriter().lastWritten() == null; i++) {
            Thread.sleep(50);
        }
        Snapshots.Written w = s.snapshotWriter().lastWritten();
        return w == null ? 0 : w.journalIndex();
    }

    /** Journal records after the one at {@code index}; counted, as an index leaps at the journal's daily roll. */
    private static long recordsAfter(VigilServer s, long index) {
        SingleChronicleQueue q = (SingleChronicleQueue) s.journal().queue();
        return q.countExcerpts(index, q.lastIndex());
    }
}
