package org.vigil.server.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.TestServer.EXEC;
import static org.vigil.server.TestServer.FEED;
import static org.vigil.server.TestServer.WARD_W12;
import static org.vigil.server.TestServer.envelope;

/**
 * {@code GET /api/v1/spc/{unit}[/{metric}]} over real HTTP on a server on event time: a ward's reliability pulse over
 * twenty days, whose last nine days shift above the average, read as the ward, its trust and its place; today's
 * value apart; every 4xx naming its field; scope like the ward API; and the same answers after a restart (replay).
 */
class SpcSeriesApiTest {
    static final LocalDate FIRST = LocalDate.of(2026, 2, 1);
    /** Twelve days alternating 3 and 5 (mean 4), then eight of 5: nine days in a row (the last 5 of the twelve and the eight) above the chart's mean 4.4. */
    static final int[] RATINGS = {3, 5, 3, 5, 3, 5, 3, 5, 3, 5, 3, 5, 5, 5, 5, 5, 5, 5, 5, 5};

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.startOnEventTime(dir);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < RATINGS.length; i++) {
            lines.add(pulse("p" + i, FIRST.plusDays(i), RATINGS[i]).encode());
        }
        lines.add(pulse("today", FIRST.plusDays(RATINGS.length), 1).encode()); // today so far: 1
        Reply r = server.postBatch(lines.toArray(String[]::new));
        assertEquals(200, r.status(), r::toString);
    }

    static JsonObject pulse(String id, LocalDate day, int rating) {
        return envelope(id, "pulse", Instant.parse(day + "T12:00:00Z"), "RVT-W12").put("rating", rating);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static JsonObject get(String path) {
        Reply r = server.get(path, EXEC);
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    @Test
    void aWardsMetricIsItsWholeDaysChartedToMakingDataCountWithTodayApart() {
        JsonObject c = get("/api/v1/spc/RVT-W12/reliabilityPulseMean");
        assertEquals("RVT-W12", c.getString("unit"));
        assertEquals("ward", c.getString("level"));
        assertEquals("reliabilityPulseMean", c.getString("metric"));
        assertEquals("UP", c.getString("improvement"));
        assertNull(c.getValue("target"));
        assertEquals(20, c.getJsonArray("dates").size());
        assertEquals("2026-02-01", c.getJsonArray("dates").getString(0));
        assertEquals("2026-02-20", c.getJsonArray("dates").getString(19));
        assertEquals(5.0, c.getJsonArray("values").getDouble(19));
        assertEquals("2026-02-21", c.getString("today"));
        assertEquals(1.0, c.getDouble("todayValue"));
        assertEquals(4.4, c.getDouble("mean"), 1e-9);
        assertEquals("SPECIAL_CAUSE_IMPROVEMENT_HIGH", c.getString("variationIcon"));
        JsonArray points = c.getJsonArray("points");
        assertEquals("IMPROVEMENT", points.getJsonObject(19).getString("specialCause"));
        assertEquals("2026-02-20", points.getJsonObject(19).getString("date"));
        assertEquals(new JsonArray().add("Reliability pulse (mean, 1–5) on Ward 12 — Acute Medicine: 9 days in a row"
                + " above the average since 12 Feb — improvement"), c.getJsonArray("readings"));
    }

    @Test
    void theSameChartAsPostingTheValuesToTheCalculator() {
        JsonObject live = get("/api/v1/spc/RVT-W12/reliabilityPulseMean");
        JsonObject body = new JsonObject().put("values", live.getJsonArray("values"))
                .put("dates", live.getJsonArray("dates")).put("improvement", "UP");
        Reply posted = server.post("/api/v1/spc", EXEC, TestServer.JSON, body.encode());
        assertEquals(200, posted.status(), posted::toString);
        for (String key : posted.json().fieldNames()) {
            assertEquals(posted.json().getValue(key), live.getValue(key), key);
        }
    }

    @Test
    void aWindowAndABaselineAreAsked() {
        JsonObject c = get("/api/v1/spc/RVT-W12/reliabilityPulseMean?from=2026-02-05&to=2026-02-10");
        assertEquals(6, c.getJsonArray("values").size());
        assertNull(c.getValue("upperProcessLimit")); // 6 points: under the 13 MDC needs for limits
        JsonObject b = get("/api/v1/spc/RVT-W12/reliabilityPulseMean?baselinePoints=12");
        assertEquals(12, b.getInteger("baselinePoints"));
        assertEquals(4.0, b.getDouble("mean"), 1e-9);
    }

    @Test
    void aRollUpAddsItsUnitsUpAndNamesThem() {
        JsonObject trust = get("/api/v1/spc/trust:RVT/reliabilityPulseMean");
        assertEquals("trust", trust.getString("level"));
        assertEquals(5, trust.getJsonArray("members").size());
        assertEquals(get("/api/v1/spc/RVT-W12/reliabilityPulseMean").getJsonArray("values"),
                trust.getJsonArray("values"));
        JsonObject place = get("/api/v1/spc/place:RIB");
        assertTrue(place.getJsonArray("metrics").stream()
                .anyMatch(m -> ((JsonObject) m).getString("metric").equals("restore2Escalations")));
        JsonObject ward = get("/api/v1/spc/RVT-W12");
        assertTrue(ward.getJsonArray("metrics").stream()
                .noneMatch(m -> ((JsonObject) m).getString("metric").equals("restore2Escalations")));
        assertEquals(new JsonArray().add("missedCriticalDoses").add("patientsNews2AtLeast5").add("rnFillRateDay")
                .add("staffingRedFlags"), ward.getJsonArray("wallMetrics"));
        JsonObject pulse = ward.getJsonArray("metrics").stream().map(m -> (JsonObject) m)
                .filter(m -> m.getString("metric").equals("reliabilityPulseMean")).findFirst().orElseThrow();
        assertEquals("SPECIAL_CAUSE_IMPROVEMENT_HIGH", pulse.getString("variationIcon"));
        assertEquals(20, pulse.getInteger("points"));
        assertEquals("2026-02-20", pulse.getString("latestDate"));
    }

    @ParameterizedTest
    @CsvSource({
            "/api/v1/spc/NOPE/reliabilityPulseMean, 404, unit",
            "/api/v1/spc/trust:NOPE, 404, unit",
            "/api/v1/spc/RVT-W12/nope, 400, metric",
            "/api/v1/spc/RVT-W12/restore2Escalations, 400, metric",
            "/api/v1/spc/RVT-W12/reliabilityPulseMean?from=2026-13-01, 400, from",
            "/api/v1/spc/RVT-W12/reliabilityPulseMean?to=yesterday, 400, to",
            "/api/v1/spc/RVT-W12/reliabilityPulseMean?from=2026-02-10&to=2026-02-01, 400, from",
            "/api/v1/spc/RVT-W12/reliabilityPulseMean?baselinePoints=1, 400, baselinePoints",
            "/api/v1/spc/RVT-W12/reliabilityPulseMean?baselinePoints=x, 400, baselinePoints",
            "/api/v1/spc/RVT-W12/reliabilityPulseMean?from=2026-02-01&from=2026-02-05, 400, from",
            "/api/v1/spc/system?to=2026-02-05&to=2026-02-10, 400, to",
            // not yyyy-MM-dd, though ISO-8601 reads them: the default window before such a 'to' is before the
            // first day a date can hold, and was a 500 (found by an independent check)
            "/api/v1/spc/RVT-W12/reliabilityPulseMean?to=-999999999-01-01, 400, to",
            "/api/v1/spc/RVT-W12?to=-999999999-01-01, 400, to",
            "/api/v1/spc/RVT-W12/reliabilityPulseMean?from=-999999999-01-01, 400, from",
            "/api/v1/spc/RVT-W12/reliabilityPulseMean?to=-2026-02-05, 400, to",
            "/api/v1/spc/RVT-W12/reliabilityPulseMean?to=12026-02-05, 400, to",
    })
    void badRequestsNameTheirField(String path, int status, String field) {
        Reply r = server.get(path, EXEC);
        assertEquals(status, r.status(), r::toString);
        assertEquals(field, r.json().getString("field"));
    }

    @ParameterizedTest
    @CsvSource({
            "/api/v1/spc/RVT-W12/reliabilityPulseMean, getSpcSeries",
            "/api/v1/spc/system/missedCriticalDoses, getSpcSeries",
            "/api/v1/spc/RVT-W12/reliabilityPulseMean?from=2026-02-05&to=2026-02-10, getSpcSeries",
            "/api/v1/spc/RVT-W12/nope, getSpcSeries",
            "/api/v1/spc/NOPE/nope, getSpcSeries",
            "/api/v1/spc/place:RIB, getSpcUnit",
            "/api/v1/spc/CH-OAKS, getSpcUnit",
    })
    void answersValidateAgainstTheDocumentedSchemas(String path, String operation) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            ResponseValidator validator = SpcOpenApiTest.validator(vertx);
            Reply r = server.get(path, EXEC);
            // fails with a ValidatorException naming what does not match
            SpcOpenApiTest.await(validator.validate(
                    ValidatableResponse.create(r.status(), Buffer.buffer(r.body()), r.contentType()), operation));
        } finally {
            SpcOpenApiTest.await(vertx.close());
        }
    }

    @Test
    void scopedLikeTheWardApi() {
        assertEquals(200, server.get("/api/v1/spc/RVT-W12/reliabilityPulseMean", WARD_W12).status());
        assertEquals(403, server.get("/api/v1/spc/RVT-W14/reliabilityPulseMean", WARD_W12).status());
        assertEquals(403, server.get("/api/v1/spc/trust:RVT", WARD_W12).status());
        assertEquals(401, server.get("/api/v1/spc/RVT-W12", null).status());
        assertEquals(403, server.get("/api/v1/spc/RVT-W12", FEED).status());
    }

    /** Before the first record there is no day at all: empty series, never a 500. */
    @Test
    void aServerWithNoRecordsYetAnswersEmptySeries(@TempDir Path empty) {
        try (TestServer fresh = TestServer.startOnEventTime(empty)) {
            Reply list = fresh.get("/api/v1/spc/trust:RVT", EXEC);
            assertEquals(200, list.status(), list::toString);
            Reply chart = fresh.get("/api/v1/spc/system/missedCriticalDoses?from=2026-01-01", EXEC);
            assertEquals(200, chart.status(), chart::toString);
            assertEquals(new JsonArray(), chart.json().getJsonArray("values"));
            assertNull(chart.json().getValue("today"));
            assertNull(chart.json().getValue("variationIcon"));
        }
    }

    @Test
    void aRestartRebuildsTheSameSeriesByReplay() {
        List<JsonObject> before = new ArrayList<>();
        for (String unit : List.of("RVT-W12", "trust:RVT", "place:RIB", "system")) {
            before.add(get("/api/v1/spc/" + unit));
        }
        JsonObject chart = get("/api/v1/spc/RVT-W12/reliabilityPulseMean");
        server.restart();
        List<JsonObject> after = new ArrayList<>();
        for (String unit : List.of("RVT-W12", "trust:RVT", "place:RIB", "system")) {
            after.add(get("/api/v1/spc/" + unit));
        }
        assertEquals(before, after);
        assertEquals(chart, get("/api/v1/spc/RVT-W12/reliabilityPulseMean"));
    }
}
