package org.vigil.server.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigil.server.TestServer;
import org.vigil.server.TestServer.Reply;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.vigil.server.TestServer.BOOTSTRAP;
import static org.vigil.server.TestServer.JSON;

/** {@code POST /api/v1/news2} over HTTP: field-level 400s, and scores as RCP NEWS2 Chart 1/3/4 give them. */
class News2EndpointTest {
    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Scores 0 in every parameter. */
    static JsonObject normal() {
        return new JsonObject().put("respirationRate", 16).put("spo2", 98).put("spo2Scale", 1).put("onOxygen", false)
                .put("systolicBp", 120).put("pulse", 70).put("consciousness", "A").put("temperature", 37.0);
    }

    static Reply score(String body) {
        return server.post("/api/v1/news2", BOOTSTRAP, JSON, body);
    }

    static void assertRejected(Reply r, String field) {
        assertEquals(400, r.status(), r::toString);
        assertFalse(r.json().getString("error", "").isBlank(), r::toString);
        assertEquals(field, r.json().getString("field"), r::toString);
        assertNull(r.json().getInteger("index"), r::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"respirationRate", "spo2", "onOxygen", "systolicBp", "pulse", "consciousness", "temperature"})
    void missingFieldIsNamed(String field) {
        JsonObject v = normal();
        v.remove(field);
        assertRejected(score(v.encode()), field);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "respirationRate, '\"16\"'", "spo2, true", "onOxygen, '\"no\"'", "onOxygen, 0", "consciousness, 1",
            "consciousness, '\"X\"'", "consciousness, '\"alert\"'", "temperature, '\"37.0\"'", "pulse, null",
            "respirationRate, 81", "respirationRate, -1", "spo2, 100.5", "systolicBp, 301", "pulse, 301",
            "temperature, 98.6", "temperature, 24", "spo2Scale, 3", "spo2Scale, 0", "spo2Scale, 1.5",
    })
    void invalidOrOutOfRangeFieldIsNamed(String field, String literal) {
        String body = normal().put(field, "@").encode().replace("\"@\"", literal);
        assertRejected(score(body), field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"patient", "id", "unit", "respiratoryRate", "news2"})
    void unknownFieldIsNamed(String field) {
        assertRejected(score(normal().put(field, "x").encode()), field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[]", "not json", "{\"spo2\":{\"value\":98}}"})
    void malformedBodyIs400(String body) {
        Reply r = score(body);
        assertEquals(400, r.status(), r::toString);
        assertFalse(r.json().getString("error", "").isBlank());
    }

    @Test
    void anyValidTokenMayScoreButNotNone() {
        assertEquals(200, server.post("/api/v1/news2", TestServer.EXEC, JSON, normal().encode()).status());
        assertEquals(200, server.post("/api/v1/news2", TestServer.HOME_BAYV, JSON, normal().encode()).status());
        assertEquals(401, server.post("/api/v1/news2", null, JSON, normal().encode()).status());
    }

    /** Observations, expected aggregate, Chart 3 risk and Chart 4 interval (demo policy: 720/240/60/60/0 min). */
    @ParameterizedTest(name = "RR {0} SpO2 {1} O2 {2} SBP {3} HR {4} {5} T {6} -> {7} {8}")
    @CsvSource({
            "16, 98, false, 120, 70, A, 37.0, 0, LOW, 720",
            "20, 96, false, 115, 90, A, 38.0, 0, LOW, 720",
            "21, 98, false, 120, 70, A, 37.0, 2, LOW, 240",
            "25, 98, false, 120, 70, A, 37.0, 3, LOW_MEDIUM, 60",
            "16, 98, false, 120, 70, C, 37.0, 3, LOW_MEDIUM, 60",
            "22, 95, false, 105, 95, A, 38.5, 6, MEDIUM, 60",
            "26, 90, true, 95, 120, V, 39.5, 17, HIGH, 0",
    })
    void validObservationsAreScored(double rr, double spo2, boolean o2, double sbp, double pulse, String acvpu,
                                    double temp, int total, String risk, int interval) {
        JsonObject v = new JsonObject().put("respirationRate", rr).put("spo2", spo2).put("onOxygen", o2)
                .put("systolicBp", sbp).put("pulse", pulse).put("consciousness", acvpu).put("temperature", temp);
        Reply r = score(v.encode());
        assertEquals(200, r.status(), r::toString);
        JsonObject s = r.json();
        assertEquals(total, s.getInteger("score"), r::toString);
        assertEquals(risk, s.getString("risk"), r::toString);
        assertEquals(interval, s.getInteger("monitoringIntervalMinutes"), r::toString);
        JsonObject p = s.getJsonObject("parameterScores");
        int sum = 0;
        for (String name : p.fieldNames()) {
            sum += p.getInteger(name);
        }
        assertEquals(total, sum, "the parameter scores add up to the aggregate");
    }
}
