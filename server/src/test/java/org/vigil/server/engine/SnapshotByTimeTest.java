package org.vigil.server.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.VigilServer;
import org.vigil.server.snapshots.Snapshots;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.TestServer.envelope;

/**
 * A snapshot is taken every {@code --snapshot-every-minutes} of event time once a tenth of
 * {@code --snapshot-every-records} records came in (docs/operations.md § Snapshots) — the first one too. Found by an
 * audit: before any snapshot the elapsed time was measured from {@link Long#MIN_VALUE}, overflowed negative, and a
 * quiet server's first snapshot waited for the full count of records (days, with the defaults), so its restarts
 * replayed the whole journal and retention could delete nothing.
 */
class SnapshotByTimeTest {

    @Test
    @Timeout(120)
    void theFirstSnapshotIsTakenByTimeLikeTheOthers(@TempDir Path data) throws Exception {
        Instant t = Instant.parse("2026-03-09T20:00:00Z");
        try (VigilServer s = SnapshotRestartTest.start(data, new Snapshots.Settings(100, 60, 3, 0))) {
            SnapshotRestartTest.send(s, pulses("a", t, 20));
            assertTrue(snapshotsWithin(data, 1, Duration.ofSeconds(20)),
                    "none yet, and 10 records or more came in: a snapshot");
            SnapshotRestartTest.send(s, pulses("b", t.plus(Duration.ofHours(3)), 20));
            assertTrue(snapshotsWithin(data, 2, Duration.ofSeconds(20)), "and again after the next 60 minutes");
        }
    }

    /** {@code n} reliability ratings on RVT-W12 five minutes apart from {@code from}. */
    private static List<String> pulses(String prefix, Instant from, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(envelope(prefix + "-" + i, "pulse", from.plus(Duration.ofMinutes(5L * i)), "RVT-W12")
                    .put("rating", 1 + i % 5).encode());
        }
        return out;
    }

    private static boolean snapshotsWithin(Path data, int n, Duration within) throws Exception {
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < end) {
            Path dir = data.resolve("snapshots");
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    if (files.filter(f -> f.getFileName().toString().endsWith(".vsnap")).count() >= n) {
                        return true;
                    }
                }
            }
            Thread.sleep(100);
        }
        return false;
    }
}
