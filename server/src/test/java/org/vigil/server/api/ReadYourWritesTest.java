package org.vigil.server.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.TestServer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * GET reads the engine's published snapshots without a round trip through the engine; the engine answers a POST
 * only once the turn that applied it is published. So a GET sent the moment a 200 arrives always sees the write —
 * ward, overview and alert answers alike, every time (a missed publication would fail one of the iterations).
 */
class ReadYourWritesTest {
    private static final String WARD = "RVT-W12";

    @Test
    void aGetRightAfterEach200SeesTheWrite(@TempDir Path dir) {
        try (TestServer s = TestServer.start(dir)) {
            Instant t = TestServer.NOW.minus(Duration.ofMinutes(5));
            for (int i = 1; i <= 100; i++) {
                assertEquals(200, s.postEvent(TestServer.admission("ryw-a" + i, t, WARD, "P-RYW-" + i, "B" + i))
                        .status());
                assertEquals(i, s.unit(WARD).getInteger("patients"), "GET right after the 200 of admission " + i);
                JsonObject ward = s.overview().getJsonArray("units").stream().map(JsonObject.class::cast)
                        .filter(u -> u.getString("id").equals(WARD)).findFirst().orElseThrow();
                assertEquals(i, ward.getInteger("patients"), "overview right after the 200 of admission " + i);
            }
            assertEquals(200, s.postEvent(TestServer.envelope("ryw-c", "concern", t, WARD).put("patient", "P-RYW-7")
                    .put("raisedBy", "FAMILY").encode()).status());
            JsonObject alert = s.unit(WARD).getJsonArray("alerts").getJsonObject(0);
            assertEquals("PATIENT_CONCERN", alert.getString("kind"));
            TestServer.Reply ack = s.post("/api/v1/alerts/" + alert.getString("id") + "/ack", "demo-ward-rvt-w12",
                    "application/json", new JsonObject().put("by", "JS").put("role", "Registered nurse").encode());
            assertEquals(200, ack.status(), ack::toString);
            assertEquals("JS", s.unit(WARD).getJsonArray("alerts").getJsonObject(0).getString("acknowledgedBy"),
                    "an acknowledgement is on the ward right after its 200");
        }
    }
}
