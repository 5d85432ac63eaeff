package org.vigil.server.engine;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.TestServer;
import org.vigil.server.VigilServer;
import org.vigil.server.snapshots.Snapshots;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.TestServer.envelope;

/**
 * An incident review replays from a state snapshot before its period. One whose clock stands exactly at the
 * period's start already holds that instant's records, whose transitions the review would never see (found by an
 * independent check: the same review answered differently with snapshots and without). The review now starts
 * from a snapshot strictly before {@code from}.
 */
class IncidentReviewOriginTest {
    static final Instant T = Instant.parse("2026-03-10T02:00:00Z");

    @Test
    void aSnapshotAtThePeriodsStartStillLetsTheReviewSeeThatInstantsTransitions(@TempDir Path dir) throws Exception {
        try (VigilServer s = SnapshotRestartTest.start(dir, new Snapshots.Settings(1, 10_080, 50, 0))) {
            // P2 never observed: overdue at 03:00:00.001 (W21's pulse moves the clock), resolved by a set at 03:15
            SnapshotRestartTest.send(s, List.of(TestServer.admission("o-1", T, "RVT-W12", "P2", "B2"),
                    envelope("o-2", "pulse", T.plusSeconds(70 * 60), "RVT-W21").put("rating", 3).encode(),
                    envelope("o-3", "observation", T.plusSeconds(75 * 60), "RVT-W12").put("patient", "P2")
                            .put("respirationRate", 16).put("spo2", 97).put("onOxygen", false).put("systolicBp", 125)
                            .put("pulse", 72).put("consciousness", "A").put("temperature", 37.0).encode()));
            SnapshotRestartTest.awaitSnapshot(s, s.journal().lastIndex()); // a snapshot at 03:15 itself
            JsonObject review = SnapshotRestartTest.get(s,
                    "/api/v1/incidents/RVT-W12/P2?from=2026-03-10T03:15:00Z&to=2026-03-10T03:15:00Z");
            assertTrue(review.getJsonArray("alerts").stream().map(JsonObject.class::cast)
                    .anyMatch(a -> a.getString("kind").equals("OBSERVATIONS_OVERDUE")
                            && a.getString("state").equals("RESOLVED")), review::encode);
            // admitted before the period: the review still names the bed (it said null)
            assertEquals("B2", review.getString("bed"));
        }
    }

    /**
     * A review is the same whatever snapshot it replays from (a review of the change found a dose charted on one
     * ward and moved, still open, with its patient listed on the ward that charted it from one origin and not from
     * another): doses are where the medicines rule counts them.
     */
    @Test
    void aReviewIsTheSameFromASnapshotAfterATransferAndFromTheJournalsStart(@TempDir Path dir) throws Exception {
        try (VigilServer s = SnapshotRestartTest.start(dir, new Snapshots.Settings(1, 10_080, 50, 0))) {
            SnapshotRestartTest.send(s, List.of(TestServer.admission("t-1", T, "RVT-W21", "P4", "B4"),
                    charted("t-2", "RVT-W21", "P4", "dose-4", T.plusSeconds(30 * 60)),
                    envelope("t-3", "transfer", T.plusSeconds(2 * 60), "RVT-W23").put("patient", "P4")
                            .put("bed", "B9").encode()));
            SnapshotRestartTest.awaitSnapshot(s, s.journal().lastIndex()); // at 02:02, after the transfer
            SnapshotRestartTest.send(s, List.of(envelope("t-4", "doseOutcome", T.plusSeconds(35 * 60), "RVT-W23")
                    .put("doseId", "dose-4").put("patient", "P4").put("outcome", "OMITTED")
                    .put("reason", "NOT_AVAILABLE").encode()));
            String[] paths = {"/api/v1/incidents/RVT-W21/P4?from=2026-03-10T02:03:00Z&to=2026-03-10T02:35:00Z",
                    "/api/v1/incidents/RVT-W23/P4?from=2026-03-10T02:03:00Z&to=2026-03-10T02:35:00Z"};
            JsonObject[] fromSnapshot = {SnapshotRestartTest.get(s, paths[0]), SnapshotRestartTest.get(s, paths[1])};
            assertEquals(1, fromSnapshot[1].getJsonArray("doses").size(), fromSnapshot[1]::encode);
            for (Path f : s.snapshots().files()) {
                Files.delete(f); // now the journal's start is the only origin
            }
            for (int i = 0; i < paths.length; i++) {
                assertEquals(fromSnapshot[i], SnapshotRestartTest.get(s, paths[i]), paths[i]);
            }
        }
    }

    /**
     * A dose charted before the replay's origin (a state snapshot) and due in the period is in the review (found by
     * an independent check: a dose charted ahead of a night's review was missing from it).
     */
    @Test
    void aDoseChartedBeforeTheSnapshotTheReviewStartsFromIsInIt(@TempDir Path dir) throws Exception {
        try (VigilServer s = SnapshotRestartTest.start(dir, new Snapshots.Settings(1, 10_080, 50, 0))) {
            SnapshotRestartTest.send(s, List.of(TestServer.admission("d-1", T, "RVT-W12", "P3", "B3"),
                    charted("d-2", "RVT-W12", "P3", "dose-1", T.plusSeconds(3 * 3600)),
                    envelope("d-3", "pulse", T.plusSeconds(3600), "RVT-W21").put("rating", 3).encode()));
            SnapshotRestartTest.awaitSnapshot(s, s.journal().lastIndex()); // at 03:00, after the charting
            SnapshotRestartTest.send(s, List.of(envelope("d-4", "doseOutcome", T.plusSeconds(3 * 3600 + 300),
                    "RVT-W12").put("doseId", "dose-1").put("patient", "P3").put("outcome", "GIVEN").encode()));
            JsonObject review = SnapshotRestartTest.get(s,
                    "/api/v1/incidents/RVT-W12/P3?from=2026-03-10T04:30:00Z&to=2026-03-10T05:05:00Z");
            assertEquals(1, review.getJsonArray("doses").size(), review::encode);
            JsonObject dose = review.getJsonArray("doses").getJsonObject(0);
            assertEquals("dose-1", dose.getString("doseId"));
            assertEquals("GIVEN", dose.getString("outcome"));
            assertEquals("2026-03-10T05:05:00Z", dose.getString("recordedAt"));
        }
    }

    /** A critical dose charted a minute after {@link #T}. */
    private static String charted(String id, String unit, String patient, String dose, Instant due) {
        return envelope(id, "doseScheduled", T.plusSeconds(60), unit).put("doseId", dose).put("patient", patient)
                .put("medicine", "Levodopa").put("critical", true).put("dueAt", due.toString()).encode();
    }
}
