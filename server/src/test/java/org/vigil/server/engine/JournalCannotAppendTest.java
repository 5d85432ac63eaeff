package org.vigil.server.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.TestServer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vigil.server.TestServer.envelope;

/**
 * A journal that cannot append (found by an independent check: its directory made immutable) refused the first
 * event by stopping the engine thread for good, while /health had said ok and quoted the exception's path. Now a
 * server whose journal directory cannot be written does not start; and one whose disk stops taking appends
 * refuses each event (503, nothing stored or applied) and takes them again once the disk does. The directory is
 * made immutable with chattr (root on ext4, as CI runs): permission bits do not stop root.
 */
class JournalCannotAppendTest {
    @TempDir
    Path dir;
    private Path immutable;

    @AfterEach
    void writableAgain() throws Exception {
        if (immutable != null) {
            chattr("-i", immutable);
        }
    }

    @Test
    void eventsAreRefusedWhileTheJournalCannotAppendAndTakenAgainAfter() throws Exception {
        try (TestServer server = TestServer.startOnEventTime(dir)) {
            Instant t = Instant.parse("2026-03-10T09:00:00Z");
            immutable = dir.resolve("journal");
            assumeTrue(chattr("+i", immutable), "chattr +i is needed (root, a file system that has the flag)");
            TestServer.Reply refused = server.postBatch(envelope("p-1", "pulse", t, "RVT-W12").put("rating", 3).encode());
            assertEquals(503, refused.status(), refused::toString);
            assertTrue(refused.body().contains("the journal cannot append"), refused::toString);
            TestServer.Reply health = TestServer.send(server.port(), "GET", "/health", null, null, null);
            assertFalse(health.body().contains("engineStopped"), health::toString);

            chattr("-i", immutable);
            immutable = null;
            TestServer.Reply taken = server.postBatch(envelope("p-1", "pulse", t, "RVT-W12").put("rating", 3).encode());
            assertEquals(200, taken.status(), taken::toString);
            assertEquals(1, taken.json().getInteger("accepted"), "the refused event was never stored");
        }
    }

    @Test
    void aJournalDirectoryThatCannotBeWrittenStopsTheStart() throws Exception {
        try (TestServer server = TestServer.startOnEventTime(dir)) {
            assertEquals(200, TestServer.send(server.port(), "GET", "/health", null, null, null).status());
        }
        immutable = dir.resolve("journal");
        assumeTrue(chattr("+i", immutable), "chattr +i is needed (root, a file system that has the flag)");
        Exception e = assertThrows(Exception.class, () -> TestServer.startOnEventTime(dir).close());
        assertTrue(String.valueOf(e.getMessage()).contains("journal") || String.valueOf(e.getCause()).contains("journal"),
                e::toString);
    }

    private static boolean chattr(String flag, Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("chattr", flag, path.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
