package org.vigil.server.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.server.TestServer;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A care home sees and writes only its own residents (DESIGN.md, "Organisation, security, privacy"), checked both
 * ways over HTTP with the demo tablets' tokens: Bayview Lodge's tablet and The Oaks'.
 */
class CareHomeAccessTest {
    private static final String HOME_OAKS = "demo-home-oaks";

    @TempDir
    static Path data;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(data);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static String submission(String id, String home, String resident) {
        return TestServer.envelope(id, "restore2", TestServer.NOW.minusSeconds(600), home)
                .put("resident", resident).put("softSigns", new JsonArray().add("SEEMS_DIFFERENT")).encode();
    }

    @ParameterizedTest(name = "{0} may post and list for {1} but not for {2}")
    @CsvSource({"demo-home-bayv, CH-BAYV, CH-OAKS", "demo-home-oaks, CH-OAKS, CH-BAYV"})
    void aHomesTokenReachesItsOwnResidentsOnly(String token, String own, String other) {
        // its own home: accepted and listed
        TestServer.Reply ok = server.post("/api/v1/events", token, TestServer.JSON, submission("acc-" + own, own, "R-" + own));
        assertEquals(200, ok.status(), ok::toString);
        TestServer.Reply list = server.get("/api/v1/carehomes/" + own + "/residents", token);
        assertEquals(200, list.status(), list::toString);
        assertTrue(list.body().contains("R-" + own), list.body());

        // the other home: refused both ways, and nothing of the other home leaks into the refusal
        TestServer.Reply post = server.post("/api/v1/events", token, TestServer.JSON,
                submission("acc-cross-" + own, other, "R-cross-" + own));
        assertEquals(403, post.status(), post::toString);
        TestServer.Reply read = server.get("/api/v1/carehomes/" + other + "/residents", token);
        assertEquals(403, read.status(), read::toString);
        assertFalse(read.body().contains("R-"), read.body());
        TestServer.Reply snapshot = server.get("/api/v1/carehomes/" + other, token);
        assertEquals(403, snapshot.status(), snapshot::toString);
        assertFalse(server.get("/api/v1/carehomes/" + other + "/residents", TestServer.BOOTSTRAP).body()
                .contains("R-cross-" + own), "a refused submission must not be stored");
    }

    @ParameterizedTest(name = "{0} may read CH-BAYV's counts but not list its residents")
    @CsvSource({"demo-place-fyl", "demo-exec"})
    void communityTokensSeeCountsNeverResidents(String token) {
        TestServer.Reply counts = server.get("/api/v1/carehomes/CH-BAYV", token);
        assertEquals(200, counts.status(), counts::toString);
        JsonObject home = counts.json();
        assertTrue(home.containsKey("residentsUrgentOrEmergency"), home::encode);
        assertEquals(403, server.get("/api/v1/carehomes/CH-BAYV/residents", token).status());
    }
}
