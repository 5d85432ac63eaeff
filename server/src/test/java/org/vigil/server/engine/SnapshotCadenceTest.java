package org.vigil.server.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.VigilServer;
import org.vigil.server.snapshots.Snapshots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A large state is snapshotted less often: after a snapshot of B bytes the next waits for B / bytesPerRecord records
 * that change the state, and never fewer than everyRecords (docs/operations.md § State snapshots). Before, at 10,000
 * events/s a 45 MB state was written every second, the writer's thread using more of a core than the engine's
 * (BENCHMARKS.md). After a restart the restored snapshot's size counts as the last one's.
 */
class SnapshotCadenceTest {
    private static final int EVERY = 100;
    private static final long BYTES_PER_RECORD = 50;

    @Test
    @Timeout(300)
    void theNextSnapshotWaitsForRecordsInProportionToTheLastOnesSize(@TempDir Path dir) throws Exception {
        Snapshots.Settings settings = new Snapshots.Settings(EVERY, 10_080, 50, BYTES_PER_RECORD);
        List<String> scenario = SnapshotRestartTest.scenario(4_000, 11);
        try (VigilServer s = SnapshotRestartTest.start(dir, settings)) {
            SnapshotRestartTest.send(s, scenario);
            awaitCaughtUp(s);
            List<Path> files = oldestFirst(s);
            assertTrue(files.size() >= 2, "snapshots written: " + files);
            for (int i = 1; i < files.size(); i++) {
                assertGapFits(files.get(i - 1), files.get(i));
            }
        }
        try (VigilServer s = SnapshotRestartTest.start(dir, settings)) {
            List<Path> before = oldestFirst(s);
            Path restored = before.get(before.size() - 1);
            long waits = Files.size(restored) / BYTES_PER_RECORD;
            assertTrue(waits > 2 * EVERY, "the restored snapshot asks for more than everyRecords: " + waits);
            SnapshotRestartTest.send(s, SnapshotRestartTest.pulses("after", (int) waits + EVERY,
                    scenario.get(scenario.size() - 1)));
            SnapshotRestartTest.awaitSnapshot(s, index(restored) + 1);
            List<Path> files = oldestFirst(s);
            Path next = files.get(files.indexOf(restored) + 1);
            assertGapFits(restored, next);
        }
    }

    /** The records between two snapshots are at least what the first one's size asked for (journal indexes). */
    private static void assertGapFits(Path before, Path after) throws Exception {
        long asked = Math.max(EVERY, Files.size(before) / BYTES_PER_RECORD);
        long gap = index(after) - index(before);
        assertTrue(gap >= asked, () -> after.getFileName() + " came " + gap + " records after " + before.getFileName()
                + " whose " + size(before) + " bytes ask for " + asked);
    }

    /** The journal record a snapshot covers, from its name ({@code snapshot-<record>.vsnap}). */
    private static long index(Path file) {
        String name = file.getFileName().toString();
        return Long.parseLong(name.substring("snapshot-".length(), name.length() - ".vsnap".length()));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Path> oldestFirst(VigilServer s) {
        List<Path> files = new ArrayList<>(s.snapshots().files());
        Collections.reverse(files);
        return files;
    }

    private static void awaitCaughtUp(VigilServer s) throws InterruptedException {
        long last = s.journal().lastIndex();
        for (int i = 0; i < 1200 && s.snapshotWriter().follower().committedIndex() < last; i++) {
            Thread.sleep(50);
        }
        assertEquals(last, Math.min(last, s.snapshotWriter().follower().committedIndex()), "the writer caught up");
    }
}
