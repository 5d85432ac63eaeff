package org.vigil.server.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.TestServer;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A server says which clock it runs on, in {@code /health} (for a monitor) and {@code /api/v1/meta} (for the screens,
 * which show event time beside their live indicator): on event time nothing falls overdue between events, so a live
 * ward watched by such a server would see no overdue observation on a quiet night, and nothing said so (hazard log
 * HAZ-11, O4).
 */
class ClockModeTest {
    @Test
    void aLiveServerSaysWallClock(@TempDir Path dir) {
        try (TestServer server = TestServer.start(dir)) {
            assertEquals("wall", clock(server, "/health"));
            assertEquals("wall", clock(server, "/api/v1/meta"));
        }
    }

    @Test
    void aServerOnEventTimeSaysSoToMonitorsAndScreens(@TempDir Path dir) {
        try (TestServer server = TestServer.startOnEventTime(dir)) {
            assertEquals("event", clock(server, "/health"));
            assertEquals("event", clock(server, "/api/v1/meta"));
        }
    }

    /** Both answer without a token: a monitor and a screen read them before they have one. */
    private static String clock(TestServer server, String path) {
        TestServer.Reply r = server.get(path, null);
        assertEquals(200, r.status(), path + ": " + r);
        JsonObject body = r.json();
        return body.getString("clock");
    }
}
