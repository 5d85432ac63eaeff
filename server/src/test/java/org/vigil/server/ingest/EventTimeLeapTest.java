package org.vigil.server.ingest;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.TestServer;
import org.vigil.server.TestServer.Reply;

import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vigil.server.TestServer.envelope;

/**
 * On event time, one record dated years after the server's clock (9999-12-31, an "open-ended" placeholder) was
 * journaled and leapt the engine clock there: the engine thread fired every day's deadlines of eight thousand years
 * and the request, and every one after it, went unanswered (found by an independent audit). Refused, 400 naming
 * {@code time}, nothing stored, and the engine answers at once.
 */
class EventTimeLeapTest {
    private static final Instant T0 = Instant.parse("2026-03-10T09:00:00Z");

    @Test
    void anEventYearsAfterTheServersEventTimeClockIsRefusedAndTheEngineGoesOn(@TempDir Path dir) {
        try (TestServer server = TestServer.startOnEventTime(dir)) {
            assertEquals(200, server.postEvent(TestServer.admission("leap-1", T0, "RVT-W12", "P1", "B1")).status());
            JsonObject before = server.overview();

            Reply leap = server.postEvent(envelope("leap-2", "pulse", Instant.parse("9999-12-31T12:00:00Z"),
                    "RVT-W12").put("rating", 3).encode());

            assertEquals(400, leap.status(), leap::toString);
            assertEquals("time", leap.json().getString("field"));
            assertEquals(before, server.overview(), "nothing of it applied");
            assertEquals(200, server.postEvent(TestServer.admission("leap-3", T0.plusSeconds(600), "RVT-W12", "P2",
                    "B2")).status(), "the engine goes on");
            server.restart();
            assertEquals(2L, server.health().getLong("replayedEvents"), "nothing of it journaled");
        }
    }
}
