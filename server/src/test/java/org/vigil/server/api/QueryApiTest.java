package org.vigil.server.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.server.TestServer;
import org.vigil.server.TestServer.Reply;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.TestServer.BOOTSTRAP;
import static org.vigil.server.TestServer.EXEC;
import static org.vigil.server.TestServer.FEED;
import static org.vigil.server.TestServer.HOME_BAYV;
import static org.vigil.server.TestServer.NOW;
import static org.vigil.server.TestServer.WARD_W12;
import static org.vigil.server.TestServer.admission;

/** The read endpoints, with the demo organisation's tokens: what each may see, and the shape of what it gets. */
class QueryApiTest {
    /** The demo organisation's units, in file order. */
    static final List<String> ALL_UNITS = List.of("BFW-AMU", "BFW-W3", "BFW-W7", "BFW-W10", "BFW-W16",
            "CH-BAYV", "CH-MARS", "CH-WIND", "RVT-W12", "RVT-W14", "RVT-W21", "RVT-W23", "RVT-W25", "CH-OAKS", "CH-PEND");
    static final Instant T = NOW.minusSeconds(3600);

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
        List<String> batch = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            batch.add(admission("q-w12-" + i, T, "RVT-W12", "P-W12-" + i, "B" + i));
        }
        for (int i = 1; i <= 2; i++) {
            batch.add(admission("q-bayv-" + i, T, "CH-BAYV", "R-BAYV-" + i, "Room " + i));
        }
        Reply r = server.postBatch(batch.toArray(String[]::new));
        assertEquals(200, r.status(), r::toString);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static void assertError(Reply r, int status) {
        assertEquals(status, r.status(), r::toString);
        assertFalse(r.json().getString("error", "").isBlank(), r::toString);
    }

    // ------------------------------------------------------------------ parameters

    /**
     * A parameter the endpoint does not take is refused, 400 naming it, before anything else is asked: read
     * leniently, {@code ?as_of=} was answered with the live state as if it were the past asked about, and
     * {@code ?units=} with every unit (found by an HTTP audit).
     */
    @ParameterizedTest
    @CsvSource({
            "/api/v1/wards/RVT-W12?as_of=2026-11-01T00:00:00Z, as_of, at",
            "/api/v1/carehomes/CH-BAYV?At=2026-11-01T00:00:00Z, At, at",
            "/api/v1/carehomes/CH-BAYV/residents?at=2026-11-01T00:00:00Z&x=1, x, at",
            "/api/v1/overview?as_of=2026-11-01T00:00:00Z, as_of, at",
            "/api/v1/alerts?units=RVT-W14, units, 'unit, state, at'",
            "/api/v1/alerts/AL-1?asAt=2026-11-01T00:00:00Z, asAt, at",
            "/api/v1/walls/system?when=2026-11-01T00:00:00Z, when, at",
            "/api/v1/walls/trust/RVT?time=2026-11-01T00:00:00Z, time, at",
            "/api/v1/audit?frm=2026-11-01T00:00:00Z, frm, 'unit, from, to, limit, after'",
            "/api/v1/incidents/RVT-W12/P-W12-1?form=2026-11-01T00:00:00Z, form, 'from, to'",
            "/api/v1/spc/RVT-W12?baselinePoints=20, baselinePoints, 'from, to'",
            "/api/v1/spc/RVT-W12/reliabilityPulseMean?form=2026-01-01, form, 'from, to, baselinePoints'"})
    void aParameterTheEndpointDoesNotTakeIs400NamingIt(String path, String field, String takes) {
        Reply r = server.get(path, path.contains("/residents") ? HOME_BAYV : BOOTSTRAP);
        assertEquals(400, r.status(), r::toString);
        assertEquals(field, r.json().getString("field"), r::toString);
        assertTrue(r.json().getString("error").contains("(it takes: " + takes + ")"), r::toString);
    }

    // ------------------------------------------------------------------ one unit

    @Test
    void wardSnapshotForItsOwnToken() {
        Reply r = server.get("/api/v1/wards/RVT-W12", WARD_W12);
        assertEquals(200, r.status(), r::toString);
        JsonObject w = r.json();
        assertEquals("RVT-W12", w.getString("id"));
        assertEquals("Ward 12 — Acute Medicine", w.getString("name"));
        assertEquals("ward", w.getString("kind"));
        assertEquals("RVT", w.getString("trust"));
        assertEquals("RIB", w.getString("place"));
        assertEquals(28, w.getInteger("beds"));
        assertEquals(3, w.getInteger("patients"));
        assertEquals(3, w.getInteger("admissionsToday"));
        assertEquals(0, w.getInteger("patientsWithoutBed"));
        assertEquals(T.toString(), w.getJsonObject("lastEventAt").getString("admission"));
    }

    @Test
    void careHomeSnapshotForItsOwnToken() {
        Reply r = server.get("/api/v1/carehomes/CH-BAYV", HOME_BAYV);
        assertEquals(200, r.status(), r::toString);
        JsonObject h = r.json();
        assertEquals("CH-BAYV", h.getString("id"));
        assertEquals("Bayview Lodge Care Home", h.getString("name"));
        assertEquals("careHome", h.getString("kind"));
        assertEquals("FYL", h.getString("place"));
        assertNull(h.getString("trust"), "a care home belongs to a place, not a trust");
        assertEquals(42, h.getInteger("beds"));
        assertEquals(2, h.getInteger("patients"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "/api/v1/wards/RVT-W99",      // no such unit
            "/api/v1/wards/CH-BAYV",      // a care home is not a ward
            "/api/v1/carehomes/RVT-W12",  // nor a ward a care home
            "/api/v1/carehomes/CH-NONE",
            "/api/v1/wards/rvt-w12",      // ids are exact
            "/api/v1/nowhere",
    })
    void unknownIs404(String path) {
        assertError(server.get(path, BOOTSTRAP), 404);
    }

    @ParameterizedTest(name = "{0} reading {1}")
    @CsvSource({
            "demo-ward-rvt-w12, /api/v1/wards/RVT-W14",
            "demo-ward-rvt-w12, /api/v1/carehomes/CH-BAYV",
            "demo-home-bayv, /api/v1/carehomes/CH-OAKS",
            "demo-home-bayv, /api/v1/wards/RVT-W12",
            "demo-feed, /api/v1/wards/RVT-W12",        // ingest is not read
    })
    void anotherUnitsTokenIs403(String token, String path) {
        assertError(server.get(path, token), 403);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/api/v1/wards/RVT-W12", "/api/v1/carehomes/CH-BAYV", "/api/v1/overview"})
    void noOrUnknownTokenIs401(String path) {
        assertError(server.get(path, null), 401);
        assertError(server.get(path, "not-a-token"), 401);
    }

    // ------------------------------------------------------------------ overview

    static List<String> ids(JsonObject overview) {
        List<String> ids = new ArrayList<>();
        for (Object o : overview.getJsonArray("units")) {
            ids.add(((JsonObject) o).getString("id"));
        }
        return ids;
    }

    JsonObject overview(String token) {
        Reply r = server.get("/api/v1/overview", token);
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    @Test
    void wardTokenSeesOnlyItsWard() {
        JsonObject o = overview(WARD_W12);
        assertEquals(List.of("RVT-W12"), ids(o));
        assertEquals(3, o.getJsonArray("units").getJsonObject(0).getInteger("patients"));
    }

    @Test
    void careHomeTokenSeesOnlyItsHome() {
        assertEquals(List.of("CH-BAYV"), ids(overview(HOME_BAYV)));
    }

    @Test
    void ingestOnlyTokenSeesNothing() {
        assertEquals(List.of(), ids(overview(FEED)));
    }

    @Test
    void executiveSeesEveryUnitWithItsKindAndPlaceInTheOrganisation() {
        JsonObject o = overview(EXEC);
        assertEquals("NWC", o.getString("system"));
        assertEquals(ALL_UNITS, ids(o), "every unit, in organisation-file order");
        JsonArray units = o.getJsonArray("units");
        for (int i = 0; i < units.size(); i++) {
            JsonObject u = units.getJsonObject(i);
            String kind = u.getString("kind");
            assertNotNull(u.getString("name"));
            assertTrue(u.getInteger("beds") > 0, u::encode);
            assertNotNull(u.getString("place"), u::encode);
            assertNotNull(u.getString("placeName"), u::encode);
            if (u.getString("id").startsWith("CH-")) {
                assertEquals("careHome", kind, u::encode);
            } else {
                assertEquals("ward", kind, u::encode);
                assertNotNull(u.getString("trust"), u::encode);
                assertNotNull(u.getString("trustName"), u::encode);
            }
        }
        assertEquals(overview(BOOTSTRAP), o, "the operator and the executive wall see the same");
    }

    @Test
    void overviewEntryIsTheUnitsSnapshot() {
        JsonObject fromOverview = overview(EXEC).getJsonArray("units").getJsonObject(ALL_UNITS.indexOf("RVT-W12"));
        assertEquals(server.get("/api/v1/wards/RVT-W12", BOOTSTRAP).json(), fromOverview);
    }
}
