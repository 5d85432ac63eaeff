package org.vigil.server.ingest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigil.server.TestServer;
import org.vigil.server.TestServer.Reply;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.TestServer.BOOTSTRAP;
import static org.vigil.server.TestServer.JSON;
import static org.vigil.server.TestServer.NDJSON;
import static org.vigil.server.TestServer.NOW;
import static org.vigil.server.TestServer.admission;
import static org.vigil.server.TestServer.envelope;

/**
 * {@code POST /api/v1/events} over real HTTP against the real engine and journal: every kind of rejection, with
 * its status and field, leaves the state as it was (and its id unused); accepted events are idempotent.
 */
class IngestApiTest {
    static final int MAX_BATCH = 50;
    static final int MAX_BODY = 256 * 1024;
    /** Above this the handler parses on a worker thread (IngestHandler.PARSE_INLINE_LIMIT): both paths are tested. */
    static final int INLINE_PARSE_LIMIT = 64 * 1024;
    static final Instant T = NOW.minusSeconds(2 * 3600);

    @TempDir
    static Path dir;
    static TestServer server;
    static final AtomicInteger ids = new AtomicInteger();

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, MAX_BATCH, MAX_BODY);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static String newId() {
        return "ingest-" + ids.incrementAndGet();
    }

    /** A valid admission to RVT-W12 of a patient named after the id. */
    static JsonObject admissionOf(String id) {
        return envelope(id, "admission", T, "RVT-W12").put("patient", "P-" + id).put("bed", "B1");
    }

    static JsonObject observationOf(String id) {
        return envelope(id, "observation", T, "RVT-W12").put("patient", "P-" + id).put("respirationRate", 18)
                .put("spo2", 96).put("onOxygen", false).put("systolicBp", 120).put("pulse", 80)
                .put("consciousness", "A").put("temperature", 37.1);
    }

    /** A staffing return for the day shift of {@code date} (yyyy-MM-dd), sent at {@link #T}. */
    static JsonObject staffingOf(String id, String date) {
        return envelope(id, "staffing", T, "RVT-W12").put("date", date).put("shift", "DAY")
                .put("registeredPlanned", 5).put("registeredActual", 4).put("unregisteredPlanned", 9)
                .put("unregisteredActual", 9);
    }

    static double ingestedCount(String type, String result) {
        return server.ingestedCount(type, result);
    }

    @Test
    void aRejectedEventIsCountedInMetricsByTheTypeItMeantToBe() {
        double observations = ingestedCount("observation", "rejected_400");
        double unknown = ingestedCount("unknown", "rejected_400");
        Reply r = server.postEvent(observationOf(newId()).put("temperature", 385).encode());
        assertEquals(400, r.status(), r::toString);
        assertEquals("temperature", r.json().getString("field"));
        Reply batch = server.postBatch(admissionOf(newId()).encode(), observationOf(newId()).put("spo2", 101).encode());
        assertEquals(400, batch.status(), batch::toString);
        assertEquals(observations + 2, ingestedCount("observation", "rejected_400"),
                "a bad temperature or SpO2 is an observation turned away, not an unknown event");
        assertEquals(unknown, ingestedCount("unknown", "rejected_400"));
        assertEquals(400, server.postEvent(observationOf(newId()).put("type", "nonsense").encode()).status());
        assertEquals(unknown + 1, ingestedCount("unknown", "rejected_400"), "an unknown type stays unknown");
    }

    // ------------------------------------------------------------------ 400: one case per field rule

    /** name, body made from a fresh id, the field the answer must name (null: the whole document). */
    static Stream<Arguments> badEvents() {
        List<Arguments> cases = new ArrayList<>();
        Function<Function<String, JsonObject>, Function<String, String>> encoded = f -> id -> f.apply(id).encode();
        cases.add(Arguments.of("unknown type", encoded.apply(id -> admissionOf(id).put("type", "admit")), "type"));
        cases.add(Arguments.of("internal type", encoded.apply(id -> admissionOf(id).put("type", "tick")), "type"));
        cases.add(Arguments.of("missing id", encoded.apply(id -> {
            JsonObject e = admissionOf(id);
            e.remove("id");
            return e;
        }), "id"));
        cases.add(Arguments.of("missing patient", encoded.apply(id -> {
            JsonObject e = admissionOf(id);
            e.remove("patient");
            return e;
        }), "patient"));
        cases.add(Arguments.of("missing time", encoded.apply(id -> {
            JsonObject e = admissionOf(id);
            e.remove("time");
            return e;
        }), "time"));
        cases.add(Arguments.of("wrong type (age as string)", encoded.apply(id -> admissionOf(id).put("age", "81")), "age"));
        cases.add(Arguments.of("wrong type (patient as number)", encoded.apply(id -> admissionOf(id).put("patient", 7)), "patient"));
        cases.add(Arguments.of("out of range (temperature in °F)", encoded.apply(id -> observationOf(id).put("temperature", 98.6)), "temperature"));
        cases.add(Arguments.of("out of range (spo2 101)", encoded.apply(id -> observationOf(id).put("spo2", 101)), "spo2"));
        cases.add(Arguments.of("out of range (age 131)", encoded.apply(id -> admissionOf(id).put("age", 131)), "age"));
        cases.add(Arguments.of("not a whole number", encoded.apply(id -> admissionOf(id).put("age", 80.5)), "age"));
        cases.add(Arguments.of("unknown enum value", encoded.apply(id -> observationOf(id).put("consciousness", "X")), "consciousness"));
        cases.add(Arguments.of("time unparseable", encoded.apply(id -> admissionOf(id).put("time", "10/03/2026 10:00")), "time"));
        cases.add(Arguments.of("time without offset", encoded.apply(id -> admissionOf(id).put("time", "2026-03-10T10:00:00")), "time"));
        cases.add(Arguments.of("time > 5 min in the future", encoded.apply(id -> admissionOf(id).put("time", NOW.plusSeconds(301).toString())), "time"));
        cases.add(Arguments.of("time beyond epoch millis", encoded.apply(id -> admissionOf(id).put("time", "+999999999-12-31T23:59:59Z")), "time"));
        // a mistyped year or an "open-ended" placeholder was journaled and held for ever (an independent audit)
        cases.add(Arguments.of("staffing dated 9999-12-31", encoded.apply(id -> staffingOf(id, "9999-12-31")), "date"));
        cases.add(Arguments.of("staffing dated 0001-01-01", encoded.apply(id -> staffingOf(id, "0001-01-01")), "date"));
        cases.add(Arguments.of("dose due in 2200", encoded.apply(id -> envelope(id, "doseScheduled", T, "RVT-W12")
                .put("doseId", "D-" + id).put("patient", "P-" + id).put("medicine", "Co-careldopa 25/100")
                .put("critical", true).put("dueAt", "2200-01-01T08:00:00Z")), "dueAt"));
        cases.add(Arguments.of("id too long", encoded.apply(id -> admissionOf(id).put("id", id + "x".repeat(65 - id.length()))), "id"));
        cases.add(Arguments.of("blank id", encoded.apply(id -> admissionOf(id).put("id", " ")), "id"));
        cases.add(Arguments.of("unknown unit", encoded.apply(id -> admissionOf(id).put("unit", "RVT-W99")), "unit"));
        cases.add(Arguments.of("unknown field", encoded.apply(id -> admissionOf(id).put("nhsNumber", "9434765919")), "nhsNumber"));
        cases.add(Arguments.of("restore2 for a ward", encoded.apply(id -> envelope(id, "restore2", T, "RVT-W12")
                .put("resident", "R-" + id).put("softSigns", new JsonArray().add("RESTLESS"))), "unit"));
        cases.add(Arguments.of("duplicate key", (Function<String, String>) id ->
                admissionOf(id).encode().replace("}", ",\"patient\":\"P-other\"}"), "patient"));
        cases.add(Arguments.of("nested object", encoded.apply(id -> admissionOf(id).put("patient", new JsonObject().put("id", "P1"))), "patient"));
        cases.add(Arguments.of("bad JSON", (Function<String, String>) id -> {
            String s = admissionOf(id).encode();
            return s.substring(0, s.length() - 5);
        }, null));
        cases.add(Arguments.of("not an object", (Function<String, String>) id -> "[" + admissionOf(id).encode() + "]", null));
        cases.add(Arguments.of("two events as application/json", (Function<String, String>) id ->
                admissionOf(id).encode() + "\n" + admissionOf(newId()).encode(), null));
        cases.add(Arguments.of("whitespace only", (Function<String, String>) id -> " \n ", null));
        cases.add(Arguments.of("empty body", (Function<String, String>) id -> "", null));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEvents")
    void badEventIs400NamingTheFieldAndChangesNothing(String name, Function<String, String> body, String field) {
        JsonObject before = server.overview();
        String id = newId();

        Reply r = server.postEvent(body.apply(id));

        assertRejected(r, 400, field, null);
        assertEquals(before, server.overview(), "a rejected event must not reach the state");
        // nor the idempotency keys: the id is still free for a valid event
        assertAccepted(server.postEvent(admissionOf(id).encode()), 1, 0);
    }

    /** The answer to a rejection: the status, {"error", "field", "index"} with field and index only when known. */
    static void assertRejected(Reply r, int status, String field, Integer index) {
        assertEquals(status, r.status(), r::toString);
        assertTrue(r.contentType() != null && r.contentType().startsWith("application/json"), r::toString);
        JsonObject body = r.json();
        assertFalse(body.getString("error", "").isBlank(), "an error message: " + r);
        assertEquals(field, body.getString("field"), () -> "field of " + r);
        assertEquals(index, body.getInteger("index"), () -> "index of " + r);
    }

    static void assertAccepted(Reply r, int accepted, int duplicates) {
        assertEquals(200, r.status(), r::toString);
        assertEquals(accepted, r.json().getInteger("accepted"), r::toString);
        assertEquals(duplicates, r.json().getInteger("duplicates"), r::toString);
    }

    // ------------------------------------------------------------------ NDJSON: all or nothing, index of the bad line

    @Test
    void batchWithABadThirdLineIsRejectedWhole() {
        String a = newId(), b = newId(), c = newId();
        JsonObject ward = server.unit("RVT-W12");
        String good1 = admissionOf(a).encode();
        String good2 = admissionOf(b).put("bed", "B2").encode();
        String bad = observationOf(c).put("spo2", 101).encode();

        assertRejected(server.postBatch(good1, good2, bad), 400, "spo2", 2);

        assertEquals(ward, server.unit("RVT-W12"), "the two good lines must not have been applied");
        assertAccepted(server.postBatch(good1, good2), 2, 0);
        assertEquals(ward.getInteger("patients") + 2, server.unit("RVT-W12").getInteger("patients"));
    }

    @Test
    void batchIndexCountsEventsNotLines() {
        JsonObject before = server.overview();
        Reply r = server.postEvents(NDJSON, "\n" + admissionOf(newId()).encode() + "\r\n\r\n   \n{\"id\":\n");
        assertRejected(r, 400, null, 1);
        assertRejected(server.postBatch("not json", admissionOf(newId()).encode()), 400, null, 0);
        assertEquals(before, server.overview());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "\n \r\n\t\n"})
    void batchWithoutEventsIs400(String body) {
        JsonObject before = server.overview();
        assertRejected(server.postEvents(NDJSON, body), 400, null, null);
        assertEquals(before, server.overview());
    }

    @Test
    void oneEventAsNdjsonIsABatchOfOne() {
        assertAccepted(server.postEvents(NDJSON, admissionOf(newId()).encode()), 1, 0);
    }

    // ------------------------------------------------------------------ 401 and 403

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer ", "Bearer nope", "Basic dGVzdDp0ZXN0", "demo-feed", "Bearer demo-feed-x",
            "Bearer " + BOOTSTRAP + "x"})
    void missingOrUnknownTokenIs401(String authorization) {
        JsonObject before = server.overview();
        String id = newId();
        Reply r = TestServer.sendAuthorized(server.port(), "POST", "/api/v1/events",
                authorization.isEmpty() ? null : authorization, JSON, admissionOf(id).encode().getBytes(StandardCharsets.UTF_8));
        assertRejected(r, 401, null, null);
        assertEquals(before, server.overview());
        assertAccepted(server.postEvent(admissionOf(id).encode()), 1, 0);
    }

    /** token, unit, field: each token lacks the ingest scope for that unit (one with none at all for any unit). */
    @ParameterizedTest(name = "{0} → {1}")
    @org.junit.jupiter.params.provider.CsvSource({
            "demo-exec, RVT-W12, ",             // read:system only: refused before its body is read
            "demo-ward-rvt-w12, RVT-W12, ",     // read and ack its ward, no ingest
            "demo-home-bayv, RVT-W12, unit",    // a care home's tablet writing to a hospital ward
            "demo-home-bayv, CH-OAKS, unit",    // ... or to another care home
    })
    void tokenWithoutTheUnitsIngestScopeIs403(String token, String unit, String field) {
        JsonObject before = server.overview();
        String id = newId();
        Reply r = server.post("/api/v1/events", token, JSON, admissionOf(id).put("unit", unit).encode());
        assertRejected(r, 403, field, null);
        assertEquals(before, server.overview());
        assertAccepted(server.postEvent(admissionOf(id).put("unit", unit).encode()), 1, 0);
    }

    /**
     * A discharge or a bed update acts on the patient where the census has them: from a token that may not send for
     * that unit it is 403 naming the patient, alone or in a batch, and nothing of it is stored — a care-home tablet
     * holding a hospital patient's id took them off the ward and resolved their alerts (found by a security audit).
     * The patient's own trust's feed still discharges them from another of its wards (a lost transfer).
     */
    @Test
    void aDischargeOrBedUpdateOfAPatientOnAUnitTheTokenMayNotSendForIs403() {
        String patient = "P-scope-" + newId();
        assertAccepted(server.postEvent(envelope(newId(), "admission", T, "RVT-W12").put("patient", patient)
                .put("bed", "B7").encode()), 1, 0);
        JsonObject ward = server.unit("RVT-W12");
        JsonObject home = server.unit("CH-BAYV");
        String discharge = envelope(newId(), "discharge", T.plusSeconds(60), "CH-BAYV").put("patient", patient).encode();
        assertRejected(server.post("/api/v1/events", TestServer.HOME_BAYV, JSON, discharge), 403, "patient", null);
        String bed = envelope(newId(), "placeUpdate", T.plusSeconds(60), "CH-BAYV").put("patient", patient)
                .put("bed", "R1").encode();
        assertRejected(server.post("/api/v1/events", TestServer.HOME_BAYV, JSON, bed), 403, "patient", null);
        String own = envelope(newId(), "restore2", T, "CH-BAYV").put("resident", "R-own")
                .put("softSigns", new JsonArray().add("NOT_EATING_OR_DRINKING")).encode();
        assertRejected(server.post("/api/v1/events", TestServer.HOME_BAYV, NDJSON, own + "\n" + discharge), 403,
                "patient", 1);
        assertEquals(ward, server.unit("RVT-W12"), "the patient is still on the ward, as they were");
        assertEquals(home, server.unit("CH-BAYV"), "the batch's own event was not stored either");

        assertAccepted(server.post("/api/v1/events", TestServer.FEED, JSON, envelope(newId(), "discharge",
                T.plusSeconds(120), "RVT-W14").put("patient", patient).encode()), 1, 0);
        assertEquals(ward.getInteger("patients") - 1, server.unit("RVT-W12").getInteger("patients"));
    }

    /** A token that may send nothing learns nothing of the schema: 403, not which field is wrong (an audit). */
    @ParameterizedTest
    @ValueSource(strings = {"demo-exec", "demo-ward-rvt-w12"})
    void aTokenThatMaySendNothingIsRefusedBeforeItsBodyIsRead(String token) {
        assertEquals(403, server.post("/api/v1/events", token, JSON, "{\"id\": 1}").status());
        assertEquals(403, server.post("/api/v1/events", token, JSON, "not json").status());
    }

    @Test
    void tokensWithTheScopeAreAccepted() {
        String restore2 = envelope(newId(), "restore2", T, "CH-BAYV").put("resident", "R1")
                .put("softSigns", new JsonArray().add("NOT_EATING_OR_DRINKING")).encode();
        assertAccepted(server.post("/api/v1/events", TestServer.HOME_BAYV, JSON, restore2), 1, 0);
        assertAccepted(server.post("/api/v1/events", TestServer.FEED, JSON, admissionOf(newId()).encode()), 1, 0);
    }

    @Test
    void forbiddenEventInABatchRejectsTheWholeBatchWithItsIndex() {
        JsonObject home = server.unit("CH-BAYV");
        String own = admissionOf(newId()).put("unit", "CH-BAYV").encode();
        String other = admissionOf(newId()).encode();
        Reply r = server.post("/api/v1/events", TestServer.HOME_BAYV, NDJSON, own + "\n" + other + "\n");
        assertRejected(r, 403, "unit", 1);
        assertEquals(home, server.unit("CH-BAYV"), "the permitted first event must not be applied either");
        assertAccepted(server.post("/api/v1/events", TestServer.HOME_BAYV, NDJSON, own), 1, 0);
    }

    // ------------------------------------------------------------------ 413

    @Test
    void moreEventsThanTheLimitIs413AndNothingIsApplied() {
        JsonObject before = server.overview();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i <= MAX_BATCH; i++) {
            lines.add(admissionOf(newId()).encode());
        }
        assertRejected(server.postBatch(lines.toArray(String[]::new)), 413, null, null);
        assertEquals(before, server.overview());
        assertAccepted(server.postBatch(lines.subList(0, MAX_BATCH).toArray(String[]::new)), MAX_BATCH, 0);
    }

    @Test
    void bodyLargerThanTheLimitIs413() {
        JsonObject before = server.overview();
        String padded = padded(admissionOf(newId()), MAX_BODY + 1);
        assertRejected(server.postEvent(padded), 413, null, null);
        assertEquals(before, server.overview());
    }

    /** The event's JSON with insignificant whitespace making it {@code bytes} long. */
    static String padded(JsonObject event, int bytes) {
        String s = event.encode();
        return "{" + " ".repeat(Math.max(0, bytes - s.length())) + s.substring(1);
    }

    /** Batches above the inline limit are parsed on a worker thread; their rejections must be answered the same. */
    @Test
    void largeBatchWithABadLastLineIs400WithItsIndex() {
        JsonObject before = server.overview();
        int n = 40;
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n - 1; i++) {
            lines.add(padded(admissionOf(newId()), 2048));
        }
        lines.add(padded(observationOf(newId()).put("temperature", 98.6), 2048));
        String body = String.join("\n", lines);
        assertTrue(body.length() > INLINE_PARSE_LIMIT);

        assertRejected(server.postEvents(NDJSON, body), 400, "temperature", n - 1);
        assertEquals(before, server.overview());
        assertAccepted(server.postEvents(NDJSON, String.join("\n", lines.subList(0, n - 1))), n - 1, 0);
    }

    @Test
    void largeBatchWithTooManyEventsIs413() {
        JsonObject before = server.overview();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i <= MAX_BATCH; i++) {
            lines.add(padded(admissionOf(newId()), 1500));
        }
        String body = String.join("\n", lines);
        assertTrue(body.length() > INLINE_PARSE_LIMIT && body.length() < MAX_BODY);
        assertRejected(server.postEvents(NDJSON, body), 413, null, null);
        assertEquals(before, server.overview());
    }

    // ------------------------------------------------------------------ 415

    @ParameterizedTest
    @ValueSource(strings = {"", "text/plain", "application/xml", "application/jsonx", "multipart/form-data; boundary=x"})
    void wrongOrMissingContentTypeIs415(String contentType) {
        JsonObject before = server.overview();
        String id = newId();
        Reply r = server.post("/api/v1/events", BOOTSTRAP, contentType.isEmpty() ? null : contentType, admissionOf(id).encode());
        assertRejected(r, 415, null, null);
        assertEquals(before, server.overview());
        assertAccepted(server.postEvent(admissionOf(id).encode()), 1, 0);
    }

    /**
     * Every other API body is one JSON document: text/plain or XML is 415 naming the Content-Type, and nothing is
     * answered from it (found by an independent check: the calculators and the alert answers took them); JSON is
     * answered as before.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/news2", "/api/v1/spc", "/api/v1/alerts/AL-999999/ack"})
    void theOtherApiBodiesAreJsonAndAnythingElseIs415(String path) {
        for (String contentType : new String[]{"text/plain", "application/xml"}) {
            Reply r = server.post(path, BOOTSTRAP, contentType, "{}");
            assertEquals(415, r.status(), () -> path + " " + contentType + ": " + r);
            assertEquals("Content-Type", r.json().getString("field"));
        }
        Reply json = server.post(path, BOOTSTRAP, "application/json; charset=utf-8", "{}");
        assertTrue(json.status() != 415, () -> path + ": " + json);
    }

    /** A batch to the events path with a trailing slash is still a batch (the router routes it to ingest: a review). */
    @Test
    void aBatchToTheEventsPathWithATrailingSlashIsNotRefusedAsNotJson() {
        assertAccepted(server.post("/api/v1/events/", BOOTSTRAP, "application/x-ndjson", admissionOf(newId()).encode()),
                1, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=utf-8", "Application/JSON", "application/x-ndjson; charset=UTF-8"})
    void contentTypeParametersAndCaseAreAccepted(String contentType) {
        assertAccepted(server.post("/api/v1/events", BOOTSTRAP, contentType, admissionOf(newId()).encode()), 1, 0);
    }

    // ------------------------------------------------------------------ idempotency

    @Test
    void repeatedIdIsADuplicateAndChangesNothing() {
        String id = newId();
        String event = admissionOf(id).encode();
        assertAccepted(server.postEvent(event), 1, 0);
        JsonObject after = server.overview();

        assertAccepted(server.postEvent(event), 0, 1);
        // the id is the key, whatever the content: a discharge under the same id is the same event again
        assertAccepted(server.postEvent(TestServer.movement("discharge", id, T.plusSeconds(60), "RVT-W12", "P-" + id, null)), 0, 1);
        assertAccepted(server.postBatch(event), 0, 1);
        assertEquals(after, server.overview());
    }

    @Test
    void duplicatesWithinOneBatchAreAppliedOnce() {
        String id = newId();
        JsonObject w12 = server.unit("RVT-W12");
        String first = admissionOf(id).encode();
        String sameIdSameWard = admissionOf(id).put("patient", "P-other-" + id).encode();

        assertAccepted(server.postBatch(first, sameIdSameWard, first), 1, 2);

        assertEquals(w12.getInteger("patients") + 1, server.unit("RVT-W12").getInteger("patients"),
                "the events repeating the id must not be applied");
    }

    /**
     * Ids are kept per unit: a sender scoped to one unit cannot, by reusing an id (a gateway's are predictable:
     * hl7:MSH-3:MSH-4:MSH-10), have another unit's event dropped as its duplicate while that unit's sender is told it
     * was stored (found by an independent security check: a care home's tablet token silenced a ward's admission).
     */
    @Test
    void anIdUsedForAnotherUnitNeverSilencesThisUnitsEvent() {
        String id = "hl7:RVTPAS:" + newId();
        Reply home = TestServer.send(server.port(), "POST", "/api/v1/events", TestServer.HOME_BAYV, JSON,
                envelope(id, "restore2", T, "CH-BAYV").put("resident", "r-" + id)
                        .put("softSigns", new io.vertx.core.json.JsonArray().add("SEEMS_DIFFERENT")).encode()
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertAccepted(home, 1, 0);
        int before = server.unit("RVT-W12").getInteger("patients");
        assertAccepted(server.postEvent(admissionOf(id).encode()), 1, 0);
        assertEquals(before + 1, server.unit("RVT-W12").getInteger("patients"), "the ward's admission is applied");
        assertAccepted(server.postEvent(admissionOf(id).encode()), 0, 1); // and is itself idempotent
    }

    @Test
    void batchOfNewAndSeenEventsCountsEach() {
        String seen = admissionOf(newId()).encode();
        assertAccepted(server.postEvent(seen), 1, 0);
        assertAccepted(server.postBatch(admissionOf(newId()).encode(), seen, admissionOf(newId()).encode()), 2, 1);
    }

    // ------------------------------------------------------------------ never a 500

    /**
     * Every truncation of a valid event, and seeded random corruptions of it, get a 400 or (when the corruption
     * still leaves a valid event) a 200: bad input is never a server fault, and every request is answered.
     */
    @Test
    void corruptedBodiesAreNeverA500() {
        final int mutations = 200;
        String valid = observationOf(newId()).encode();
        for (int len = 0; len < valid.length(); len++) {
            Reply r = server.postEvent(valid.substring(0, len));
            assertEquals(400, r.status(), () -> "prefix answered " + r);
        }
        SplittableRandom random = new SplittableRandom(20261110);
        String alphabet = "{}[]\":,.-+eE0123456789 \\\nAZaz\u00e9\u0000";
        byte[] original = valid.getBytes(StandardCharsets.UTF_8);
        int accepted = 0;
        for (int i = 0; i < mutations; i++) {
            byte[] b = original.clone();
            int edits = 1 + random.nextInt(3);
            for (int k = 0; k < edits; k++) {
                int at = random.nextInt(b.length);
                b[at] = random.nextBoolean()
                        ? (byte) alphabet.charAt(random.nextInt(alphabet.length()))
                        : (byte) random.nextInt(256);
            }
            String contentType = i % 2 == 0 ? JSON : NDJSON;
            Reply r = TestServer.send(server.port(), "POST", "/api/v1/events", BOOTSTRAP, contentType, b);
            assertTrue(r.status() == 200 || r.status() == 400, () -> "corrupted body answered " + r
                    + " for " + new String(b, StandardCharsets.ISO_8859_1));
            if (r.status() == 400) {
                assertNotNull(r.json().getString("error"));
            } else {
                accepted++;
            }
        }
        assertTrue(accepted < mutations / 2, "most corruptions must be rejected");
    }

    // ------------------------------------------------------------------ the journal keeps no trace of rejections

    @Test
    void rejectedRequestsNeverReachTheJournal(@TempDir Path own) {
        try (TestServer fresh = TestServer.start(own, MAX_BATCH, MAX_BODY)) {
            badEvents().forEach(a -> {
                @SuppressWarnings("unchecked")
                Function<String, String> body = (Function<String, String>) a.get()[1];
                assertEquals(400, fresh.postEvent(body.apply(newId())).status());
            });
            fresh.postBatch(admissionOf(newId()).encode(), admissionOf(newId()).encode(), "{bad");
            fresh.post("/api/v1/events", TestServer.HOME_BAYV, JSON, admissionOf(newId()).encode());
            fresh.post("/api/v1/events", BOOTSTRAP, "text/plain", admissionOf(newId()).encode());
            fresh.post("/api/v1/events", "unknown", JSON, admissionOf(newId()).encode());
            List<String> tooMany = new ArrayList<>();
            for (int i = 0; i <= MAX_BATCH; i++) {
                tooMany.add(admissionOf(newId()).encode());
            }
            fresh.postBatch(tooMany.toArray(String[]::new));
            assertAccepted(fresh.postEvent(admissionOf(newId()).encode()), 1, 0);
            JsonObject live = fresh.overview();

            fresh.restart();

            assertEquals(1L, fresh.health().getLong("replayedEvents"), "only the accepted event is in the journal");
            assertEquals(live, fresh.overview());
        }
    }
}
