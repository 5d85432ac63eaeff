package org.vigil.server.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.TestServer;
import org.vigil.server.VigilServer;
import org.vigil.server.journal.Journal;
import org.vigil.server.snapshots.SnapshotFile;
import org.vigil.server.snapshots.Snapshots;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cluster node with no data of its own starts from the cluster's snapshot (docs/cluster.md), here without Kafka:
 * another node's snapshot kept as this node's seed, plus the records after it in this node's journal, rebuild the
 * state of the node that wrote it — every unit, every alert with its history, the idempotency keys and the pending
 * deadlines — and keep doing so across restarts, once this node's own snapshots stand on the seed. A seed this build
 * cannot use is refused before it is kept; one broken on disk stops the start, saying what to do.
 */
class SnapshotSeedTest {
    private static final long LOG_OFFSET = 4_242;

    @Test
    void aSeedAndTheRecordsAfterItRebuildTheStateOfTheNodeThatWroteTheSnapshot(@TempDir Path dir) throws Exception {
        List<String> events = SnapshotRestartTest.scenario(1200, 31);
        List<String> ids = SnapshotRestartTest.ids(events);
        Path source = dir.resolve("source");
        byte[] snapshot;
        long covered;
        Map<String, Object> live;
        try (VigilServer s = SnapshotRestartTest.start(source, SnapshotRestartTest.OFTEN)) {
            SnapshotRestartTest.send(s, events.subList(0, events.size() / 2));
            Snapshots.Written w = SnapshotRestartTest.awaitSnapshot(s,
                    s.journal().lastIndex() - (SnapshotRestartTest.OFTEN.everyRecords() - 1));
            snapshot = Files.readAllBytes(w.file()); // nothing more is sent until it is read: no newer one prunes it
            covered = w.journalIndex();
            SnapshotRestartTest.answerSome(s);
            SnapshotRestartTest.send(s, events.subList(events.size() / 2, events.size()));
            live = SnapshotRestartTest.view(s, ids);
        }

        // the new node: the seed, then the cluster's log after it (here: the source's journal after the snapshot)
        Path fresh = dir.resolve("fresh");
        long seedTime;
        int after = 0;
        try (Journal from = new Journal(source.resolve("journal"));
             Journal to = new Journal(fresh.resolve("journal"))) {
            Snapshots snapshots = new Snapshots(fresh.resolve("snapshots"), SnapshotFilesTest.demoRules(),
                    SnapshotFilesTest.demoFile(), to, TestServer.CLOCK, 3);
            Snapshots.Seed seed = snapshots.seed(snapshot, LOG_OFFSET);
            assertEquals(LOG_OFFSET, seed.logOffset());
            seedTime = seed.eventTime();
            int[] n = {0};
            from.replayAfter(covered, (e, index) -> {
                to.append(e);
                n[0]++;
            });
            after = n[0];
        }
        assertTrue(after > SnapshotRestartTest.OFTEN.everyRecords(), after + " records after the seed");

        try (VigilServer s = SnapshotRestartTest.start(fresh, SnapshotRestartTest.OFTEN)) {
            assertEquals(0L, SnapshotRestartTest.health(s).getLong("snapshotIndex"), "the seed stands before record 1");
            assertEquals(after, SnapshotRestartTest.health(s).getLong("replayedRecords"), "only the records after it");
            assertEquals(live, SnapshotRestartTest.view(s, ids));
            assertEquals(LOG_OFFSET, s.snapshots().seeded().orElseThrow().logOffset());
            assertTrue(s.snapshots().nearestAtOrBefore(Instant.ofEpochMilli(seedTime - 1)).isEmpty(),
                    "no past before the seed");
            // this node's own snapshots, written on top of the seed, are what the next start restores
            SnapshotRestartTest.awaitSnapshot(s, s.journal().lastIndex()
                    - (SnapshotRestartTest.OFTEN.everyRecords() - 1) * 2L);
        }
        try (VigilServer s = SnapshotRestartTest.start(fresh, SnapshotRestartTest.OFTEN)) {
            assertTrue(SnapshotRestartTest.health(s).getLong("snapshotIndex") > 0, "its own snapshot restored");
            assertEquals(live, SnapshotRestartTest.view(s, ids));
        }
    }

    @Test
    void aSnapshotOfAnotherOrganisationFileIsRefusedBeforeItIsKept(@TempDir Path dir) throws Exception {
        byte[] snapshot = aSnapshot(dir.resolve("source"));
        try (Journal journal = new Journal(dir.resolve("fresh/journal"))) {
            byte[] otherFile = SnapshotFilesTest.edited("graceMinutes: 60", "graceMinutes: 45");
            Snapshots snapshots = new Snapshots(dir.resolve("fresh/snapshots"), SnapshotFilesTest.demoRules(),
                    otherFile, journal, TestServer.CLOCK, 3);
            SnapshotFile.Unusable refused = assertThrows(SnapshotFile.Unusable.class,
                    () -> snapshots.seed(snapshot, LOG_OFFSET));
            assertTrue(refused.getMessage().contains("organisation file"), refused::getMessage);
            assertFalse(snapshots.seeded().isPresent());
            try (var files = Files.list(dir.resolve("fresh/snapshots"))) {
                assertEquals(0, files.count(), "nothing of it kept");
            }
        }
    }

    @Test
    void aSeedBrokenOnDiskStopsTheStartAndSaysWhatToDo(@TempDir Path dir) throws Exception {
        byte[] snapshot = aSnapshot(dir.resolve("source"));
        Path seedFile;
        try (Journal journal = new Journal(dir.resolve("fresh/journal"))) {
            seedFile = new Snapshots(dir.resolve("fresh/snapshots"), SnapshotFilesTest.demoRules(),
                    SnapshotFilesTest.demoFile(), journal, TestServer.CLOCK, 3).seed(snapshot, LOG_OFFSET).file();
        }
        byte[] bytes = Files.readAllBytes(seedFile);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(seedFile, bytes);
        try (Journal journal = new Journal(dir.resolve("fresh/journal"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Snapshots(
                    dir.resolve("fresh/snapshots"), SnapshotFilesTest.demoRules(), SnapshotFilesTest.demoFile(),
                    journal, TestServer.CLOCK, 3));
            assertTrue(e.getMessage().contains("checksum") && e.getMessage().contains("data directory aside"),
                    e::getMessage);
        }
    }

    @Test
    void aSeedIsRetiredOnceRetentionHasDeletedTheJournalRecordsAfterIt(@TempDir Path dir) throws Exception {
        byte[] snapshot = aSnapshot(dir.resolve("source"));
        try (Journal journal = new Journal(dir.resolve("fresh/journal"))) {
            Snapshots snapshots = new Snapshots(dir.resolve("fresh/snapshots"), SnapshotFilesTest.demoRules(),
                    SnapshotFilesTest.demoFile(), journal, TestServer.CLOCK, 3);
            Path file = snapshots.seed(snapshot, LOG_OFFSET).file();
            snapshots.retireSeed(); // VigilServer: when retention deleted cycles (a snapshot of its own covers them)
            assertFalse(snapshots.seeded().isPresent());
            assertFalse(Files.exists(file));
            assertTrue(snapshots.newest().isEmpty(), "no longer the origin of the journal");
            assertFalse(new Snapshots(dir.resolve("fresh/snapshots"), SnapshotFilesTest.demoRules(),
                    SnapshotFilesTest.demoFile(), journal, TestServer.CLOCK, 3).seeded().isPresent(), "nor after a restart");
        }
    }

    /** A snapshot of a short scenario, as a node writes it. */
    private static byte[] aSnapshot(Path data) throws Exception {
        List<String> events = SnapshotRestartTest.scenario(300, 7);
        try (VigilServer s = SnapshotRestartTest.start(data, SnapshotRestartTest.OFTEN)) {
            SnapshotRestartTest.send(s, events);
            Snapshots.Written w = SnapshotRestartTest.awaitSnapshot(s,
                    s.journal().lastIndex() - (SnapshotRestartTest.OFTEN.everyRecords() - 1));
            return Files.readAllBytes(w.file());
        }
    }
}
