package org.vigil.server.engine;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.TestServer;
import org.vigil.server.VigilServer;
import org.vigil.server.snapshots.Snapshots;

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
        try (VigilServer s = SnapshotRestartTest.start(dir, new Snapshots.Settings(1, 10_080, 50))) {
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
}
