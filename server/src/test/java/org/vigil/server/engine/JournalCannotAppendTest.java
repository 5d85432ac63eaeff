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

    /**
     * A read is never answered unrecorded (hazard log HAZ-26 C2): while its audit entry cannot be journaled (the
     * journal's first record needs its day's file, which an immutable directory refuses), the ward's figures and a
     * FHIR search are refused 503 with none of their data, and answered once the journal takes entries again.
     */
    @Test
    void auditedReadsAreRefusedWithoutTheirDataWhileTheJournalCannotAppend() throws Exception {
        try (TestServer server = TestServer.startOnEventTime(dir)) {
            immutable = dir.resolve("journal");
            assumeTrue(chattr("+i", immutable), "chattr +i is needed (root, a file system that has the flag)");
            for (String path : new String[]{"/api/v1/wards/RVT-W12", "/fhir/Observation?patient=P-AUDIT-1"}) {
                TestServer.Reply refused = TestServer.send(server.port(), "GET", path, TestServer.BOOTSTRAP, null, null);
                assertEquals(503, refused.status(), () -> path + ": " + refused);
                assertTrue(refused.body().contains("could not record this request"), () -> path + ": " + refused);
                assertFalse(refused.body().contains("Ward 12") || refused.body().contains("Bundle"),
                        () -> path + " sent data it could not record: " + refused);
            }
            chattr("-i", immutable);
            immutable = null;
            TestServer.Reply answered = TestServer.send(server.port(), "GET", "/api/v1/wards/RVT-W12",
                    TestServer.BOOTSTRAP, null, null);
            assertEquals(200, answered.status(), answered::toString);
            assertEquals("Ward 12 — Acute Medicine", answered.json().getString("name"));
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
