package org.vigil.server.engine;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.ChildServer;
import org.vigil.server.VigilServer;
import org.vigil.server.journal.Journal;
import org.vigil.server.snapshots.SnapshotFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Across a SIGKILL: a server in its own JVM, taking snapshots as it ingests, is killed; the restart restores its
 * newest snapshot and replays the journal after it, and shows exactly what the killed server showed — as does a
 * full replay of the same journal, down to the idempotency keys and the pending deadlines. A snapshot file left
 * corrupt is skipped with a log line naming it.
 */
class SnapshotCrashTest {
    @Test
    @Timeout(240)
    void aRestartAfterSigkillFromTheNewestSnapshotEqualsTheKilledServerAndAFullReplay(@TempDir Path tmp)
            throws Exception {
        Path data = tmp.resolve("data");
        List<String> events = SnapshotRestartTest.scenario(1500, 99);
        List<String> sent = new ArrayList<>(events);
        Map<String, Object> before;
        ChildServer child = ChildServer.start(data, tmp.resolve("first.log"), "--clock", "event",
                "--snapshot-every-records", "150", "--snapshot-bytes-per-record", "0");
        try {
            SnapshotRestartTest.send(child.port, events);
            awaitSnapshotNear(data);
            List<String> tail = SnapshotRestartTest.pulses("after-snapshot", 40, events.get(events.size() - 1));
            SnapshotRestartTest.send(child.port, tail);
            sent.addAll(tail);
            before = SnapshotRestartTest.httpView(child.port);
            child.kill();
        } finally {
            child.process.destroyForcibly();
        }

        // a copy for the full replay, before anything else touches the directory
        Path full = tmp.resolve("full");
        SnapshotRestartTest.copy(data, full);
        SnapshotRestartTest.deleteTree(full.resolve("snapshots"));
        Path inProcess = tmp.resolve("in-process");
        SnapshotRestartTest.copy(data, inProcess);

        ChildServer again = ChildServer.start(data, tmp.resolve("second.log"), "--clock", "event",
                "--snapshot-every-records", "150", "--snapshot-bytes-per-record", "0");
        try {
            JsonObject health = SnapshotRestartTest.get(again.port, "/health");
            assertTrue(health.getLong("snapshotIndex") > 0, health::encode);
            // the 40 pulses after the snapshot are replayed, unless the audit records of the view above (journaled
            // after them) carried the writer to another snapshot past them: never the whole journal
            assertTrue(health.getLong("replayedEvents") < sent.size(), health::encode);
            assertEquals(before, SnapshotRestartTest.httpView(again.port), "snapshot + tail after SIGKILL");
            assertTrue(Files.readString(tmp.resolve("second.log")).contains("restored: journal record "
                    + health.getLong("snapshotIndex")), again::tail);
        } finally {
            again.process.destroyForcibly();
            again.process.waitFor();
        }

        // in this JVM: the same from the snapshot and from the whole journal, to the ids and the deadline wheel
        try (VigilServer fromSnapshot = SnapshotRestartTest.start(inProcess, SnapshotRestartTest.OFTEN);
             VigilServer replayed = SnapshotRestartTest.start(full, SnapshotRestartTest.OFTEN)) {
            assertTrue(SnapshotRestartTest.health(fromSnapshot).getLong("snapshotIndex") > 0);
            assertEquals(0L, SnapshotRestartTest.health(replayed).getLong("snapshotIndex"));
            List<String> ids = SnapshotRestartTest.ids(sent);
            Map<String, Object> restored = SnapshotRestartTest.view(fromSnapshot, ids);
            assertEquals(restored, SnapshotRestartTest.view(replayed, ids));
            assertEquals(List.of(), restored.get("ids"));
            assertTrue(((List<?>) restored.get("deadlines")).size() > 20);
            for (Map.Entry<String, Object> e : before.entrySet()) {
                assertEquals(e.getValue(), restored.get(e.getKey()), e.getKey());
            }
        }

        // the newest snapshot corrupted: the next restart names it, skips it, and still shows the same
        Path newest;
        try (Stream<Path> files = Files.list(data.resolve("snapshots"))) {
            newest = files.filter(p -> p.toString().endsWith(".vsnap")).max(Path::compareTo).orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 10] ^= 1;
        Files.write(newest, bytes);
        ChildServer third = ChildServer.start(data, tmp.resolve("third.log"), "--clock", "event");
        try {
            assertEquals(before, SnapshotRestartTest.httpView(third.port));
            String log = Files.readString(tmp.resolve("third.log"), StandardCharsets.UTF_8);
            assertTrue(log.contains("state snapshot " + newest + " skipped: checksum mismatch"), third::tail);
        } finally {
            third.process.destroyForcibly();
            third.process.waitFor();
        }
    }

    /** Waits (bounded) until the child's newest snapshot is less than 150 records behind its journal's end. */
    private static void awaitSnapshotNear(Path data) throws Exception {
        long last;
        try (Journal journal = new Journal(data.resolve("journal"))) {
            last = journal.lastIndex();
        }
        for (int i = 0; i < 600; i++) {
            try (Stream<Path> files = Files.list(data.resolve("snapshots"))) {
                Path newest = files.filter(p -> p.toString().endsWith(".vsnap")).max(Path::compareTo).orElse(null);
                if (newest != null && SnapshotFile.read(newest).header().journalIndex() > last - 150) {
                    return;
                }
            } catch (java.nio.file.NoSuchFileException | SnapshotFile.Unusable pruned) {
                // replaced while listed: look again
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the child took no snapshot near journal record " + last);
    }
}
