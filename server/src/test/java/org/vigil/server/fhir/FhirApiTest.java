package org.vigil.server.fhir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigil.server.TestServer;
import org.vigil.server.rules.EngineState;
import org.vigil.server.fhir.FhirHttp.Answer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.TestServer.BOOTSTRAP;
import static org.vigil.server.TestServer.EXEC;
import static org.vigil.server.TestServer.FEED;
import static org.vigil.server.TestServer.HOME_BAYV;
import static org.vigil.server.TestServer.NOW;
import static org.vigil.server.TestServer.WARD_W12;

/**
 * The FHIR endpoints over real HTTP with raw JSON (what {@code curl} sends), against the real engine and journal:
 * the documented examples are accepted and scored; every refusal is an OperationOutcome with its status and the
 * element at fault, and stores nothing; the export answers what was computed, within the token's scopes.
 */
class FhirApiTest {
    static final String FHIR = "application/fhir+json";
    static final int MAX_BODY = 256 * 1024;

    @TempDir
    static Path dir;
    static TestServer server;
    static final AtomicInteger patients = new AtomicInteger();

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, 50, MAX_BODY);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static Answer post(String path, String token, String body) {
        return FhirHttp.post(server.port(), path, token, FHIR, body);
    }

    static JsonObject news2(String patient, String token) {
        Answer a = FhirHttp.get(server.port(), "/fhir/Observation?patient=Patient/" + patient
                + "&code=http://snomed.info/sct%7C1104051000000101", token);
        assertEquals(200, a.status(), a::toString);
        return a.json();
    }

    static int knownIds() throws Exception {
        return server.server().engine().read(EngineState::knownIds).get(10, TimeUnit.SECONDS);
    }

    /** The docs' panel example for a fresh patient, so each case's "nothing stored" is about that patient alone. */
    static JsonObject panel(String patient) {
        JsonObject o = new JsonObject(FhirDocs.example("panel"));
        o.getJsonObject("subject").put("reference", "Patient/" + patient);
        return o;
    }

    static JsonObject transaction(String patient) {
        JsonObject b = new JsonObject(FhirDocs.example("transaction"));
        for (Object e : b.getJsonArray("entry")) {
            ((JsonObject) e).getJsonObject("resource").getJsonObject("subject").put("reference", "Patient/" + patient);
        }
        return b;
    }

    static String fresh() {
        return "P-FHIR-" + patients.incrementAndGet();
    }

    static List<Integer> components(JsonObject news2Observation) {
        return news2Observation.getJsonArray("component").stream()
                .map(c -> ((JsonObject) c).getJsonObject("valueQuantity").getInteger("value")).toList();
    }

    // ---------------------------------------------------------------------------------------------- accepted

    @Test
    void theDocumentedTransactionIsOneSetScoredAsTheRcpWorkedExample() throws Exception {
        int high = server.unit("RVT-W12").getInteger("news2High");
        Answer a = post("/fhir", FEED, FhirDocs.example("transaction"));
        assertEquals(200, a.status(), a::toString);
        JsonObject response = a.json();
        assertEquals("transaction-response", response.getString("type"));
        assertEquals(7, response.getJsonArray("entry").size());
        for (Object e : response.getJsonArray("entry")) {
            assertEquals("201 Created", ((JsonObject) e).getJsonObject("response").getString("status"));
        }
        JsonObject found = news2("P-8F3A21", EXEC);
        assertEquals(1, found.getInteger("total"));
        JsonObject o = found.getJsonArray("entry").getJsonObject(0).getJsonObject("resource");
        // RCP NEWS2 2017 worked example: 2+1+2+1+1+3+1 = 11
        assertEquals(11, o.getJsonObject("valueQuantity").getInteger("value"));
        assertEquals(List.of(2, 1, 2, 1, 1, 3, 1), components(o));
        assertEquals("2026-03-10T09:00:00Z", o.getString("effectiveDateTime"));
        // the same event as any other feed's: the ward's wall counts one more patient at NEWS2 ≥ 7
        assertEquals(high + 1, server.unit("RVT-W12").getInteger("news2High"));

        int ids = knownIds();
        Answer again = post("/fhir", FEED, FhirDocs.example("transaction"));
        assertEquals(200, again.status(), again::toString);
        assertEquals("200 OK", again.json().getJsonArray("entry").getJsonObject(0).getJsonObject("response").getString("status"));
        assertEquals(ids, knownIds(), "a resent transaction is a duplicate: nothing new journaled");
        assertEquals(1, news2("P-8F3A21", EXEC).getInteger("total"));
    }

    @Test
    void aPanelCreateAnswers201WithItsLocationAndTheSameReadingsAgainAre200() {
        String patient = fresh();
        Answer a = post("/fhir/Observation", FEED, panel(patient).encode());
        assertEquals(201, a.status(), a::toString);
        String location = a.header("Location");
        assertNotNull(location);
        assertTrue(location.matches("http://127\\.0\\.0\\.1:\\d+/fhir/Observation/fhir-[0-9a-f]{40}/_history/1"), location);
        assertEquals("information", a.issue().getString("severity"));
        Answer again = post("/fhir/Observation", FEED, panel(patient).encode());
        assertEquals(200, again.status(), again::toString);
        assertEquals(location, again.header("Location"));
        JsonObject o = news2(patient, EXEC).getJsonArray("entry").getJsonObject(0).getJsonObject("resource");
        // RCP NEWS2 2017 worked example: 2+2+2+1+1+0+1 = 9
        assertEquals(9, o.getJsonObject("valueQuantity").getInteger("value"));
        assertEquals(List.of(2, 2, 2, 1, 1, 0, 1), components(o));
    }

    @Test
    void spo2Scale2IsScoredAndExportedWithItsOwnSubScoreCode() {
        String patient = fresh();
        JsonObject o = panel(patient);
        // SpO2 93 % on oxygen: Scale 1 scores 2, Scale 2 scores 1 (RCP NEWS2 2017, Chart 1)
        o.getJsonArray("component").getJsonObject(1).put("extension", new JsonArray().add(new JsonObject()
                .put("url", News2Coding.SPO2_SCALE).put("valueInteger", 2)));
        assertEquals(201, post("/fhir/Observation", FEED, o.encode()).status());
        JsonObject n = news2(patient, EXEC).getJsonArray("entry").getJsonObject(0).getJsonObject("resource");
        assertEquals(8, n.getJsonObject("valueQuantity").getInteger("value"));
        JsonObject spo2 = n.getJsonArray("component").getJsonObject(1);
        assertEquals("1104321000000108", spo2.getJsonObject("code").getJsonArray("coding").getJsonObject(0).getString("code"));
        assertEquals(1, spo2.getJsonObject("valueQuantity").getInteger("value"));
    }

    @Test
    void fahrenheitIsConvertedAndARoomAirCodeIsAir() {
        String patient = fresh();
        JsonObject o = panel(patient);
        JsonArray c = o.getJsonArray("component");
        // 101.3 °F = 38.5 °C (scores 1); breathing room air: air scores 0
        c.getJsonObject(6).getJsonObject("valueQuantity").put("value", 101.3).put("code", "[degF]").put("unit", "F");
        c.getJsonObject(2).put("code", new JsonObject().put("coding", new JsonArray().add(new JsonObject()
                .put("system", News2Coding.SNOMED).put("code", "722742002"))));
        assertEquals(201, post("/fhir/Observation", FEED, o.encode()).status());
        JsonObject n = news2(patient, EXEC).getJsonArray("entry").getJsonObject(0).getJsonObject("resource");
        assertEquals(List.of(2, 2, 0, 1, 1, 0, 1), components(n));
    }

    @Test
    void aPulseOximetryReadingWithFlowAndFio2IsScored() {
        String patient = fresh();
        JsonObject b = transaction(patient);
        // the US Core pulse-oximetry profile's components in place of the flow's own Observation: both say air
        b.getJsonArray("entry").remove(2);
        entry(b, 1).getJsonObject("resource").put("component", new JsonArray()
                .add(FhirIngestTest.reading("3151-8", "0", "L/min")).add(FhirIngestTest.reading("3150-0", "21", "%")));
        assertEquals(200, post("/fhir", FEED, b.encode()).status());
        JsonObject n = news2(patient, EXEC).getJsonArray("entry").getJsonObject(0).getJsonObject("resource");
        // the RCP worked example on air: 2+1+0+1+1+3+1 = 9
        assertEquals(List.of(2, 1, 0, 1, 1, 3, 1), components(n));
    }

    // ---------------------------------------------------------------------------------------------- refused

    static Stream<Arguments> refusedPanels() {
        return Stream.of(
                refused("unknown element", 400, "valueQuantiy", o -> comp(o, 0).put("valueQuantiy", comp(o, 0).remove("valueQuantity"))),
                refused("invalid dateTime", 400, null, o -> o.put("effectiveDateTime", "yesterday")),
                refused("unknown code", 422, "Observation.component[0].code",
                        o -> comp(o, 0).getJsonObject("code").getJsonArray("coding").getJsonObject(0).put("code", "1234-5")),
                refused("no effective time", 422, "Observation.effective", o -> o.remove("effectiveDateTime")),
                refused("a date without a time", 422, "Observation.effectiveDateTime", o -> o.put("effectiveDateTime", "2026-03-10")),
                refused("future time", 422, "Observation.effective", o -> o.put("effectiveDateTime", NOW.plusSeconds(3600).toString())),
                refused("unmapped location", 422, "Observation.contained[0].location[0].location.identifier.value",
                        o -> ward(o).put("value", "NO-SUCH-WARD")),
                refused("a care home", 422, "Observation.contained[0].location[0].location.identifier.value",
                        o -> ward(o).put("value", "CH-BAYV")),
                refused("no encounter", 422, "Observation.encounter", o -> o.remove("encounter")),
                refused("encounter not contained", 422, "Observation.encounter",
                        o -> o.put("encounter", new JsonObject().put("reference", "Encounter/123"))),
                refused("missing temperature", 422, "Observation", o -> o.getJsonArray("component").remove(6)),
                refused("two respiration rates", 422, "Observation.component[7].valueQuantity.value",
                        o -> o.getJsonArray("component").add(comp(o, 0).copy())),
                refused("NHS number", 422, "Observation.subject.identifier.system",
                        o -> o.getJsonObject("subject").put("identifier", new JsonObject()
                                .put("system", "https://fhir.nhs.uk/Id/nhs-number").put("value", "9434765919"))),
                refused("no subject", 422, "Observation.subject", o -> o.remove("subject")),
                refused("preliminary", 422, "Observation.status", o -> o.put("status", "preliminary")),
                // FHIR JSON decimals are numbers; HAPI's parser alone would read "37" (found by an independent check)
                refused("a reading as a string", 400, "Observation.component[6].valueQuantity.value",
                        o -> comp(o, 6).getJsonObject("valueQuantity").put("value", "37")),
                refused("a reading as null", 400, "Observation.component[3].valueQuantity.value",
                        o -> comp(o, 3).getJsonObject("valueQuantity").putNull("value")),
                // a fraction sent in %: scored, it would be air
                refused("FiO2 0.28 in %", 422, "Observation.component[2].valueQuantity.value",
                        o -> o.getJsonArray("component").set(2, FhirIngestTest.reading("3150-0", "0.28", "%"))),
                refused("95 °C", 422, "Observation.component[6].valueQuantity.value",
                        o -> comp(o, 6).getJsonObject("valueQuantity").put("value", 95)),
                refused("wrong unit", 422, "Observation.component[0].valueQuantity.code",
                        o -> comp(o, 0).getJsonObject("valueQuantity").put("code", "/h")),
                refused("comparator", 422, "Observation.component[4].valueQuantity.comparator",
                        o -> comp(o, 4).getJsonObject("valueQuantity").put("comparator", ">")),
                refused("data absent", 422, "Observation.component[1].dataAbsentReason",
                        o -> comp(o, 1).put("dataAbsentReason", new JsonObject().put("text", "probe off")).remove("valueQuantity")),
                refused("ACVPU not a finding", 422, "Observation.component[5].valueCodeableConcept",
                        o -> comp(o, 5).getJsonObject("valueCodeableConcept").getJsonArray("coding").getJsonObject(0).put("code", "1")),
                refused("SpO2 scale 3", 422, "Observation.component[1].extension",
                        o -> comp(o, 1).put("extension", new JsonArray().add(new JsonObject()
                                .put("url", News2Coding.SPO2_SCALE).put("valueInteger", 3)))),
                refused("a panel with a value", 422, "Observation.value",
                        o -> o.put("valueQuantity", new JsonObject().put("value", 1))),
                refused("not an Observation", 400, "Patient", o -> {
                    o.clear();
                    o.put("resourceType", "Patient").put("id", "x");
                }));
    }

    static Arguments refused(String name, int status, String expression, Consumer<JsonObject> change) {
        return Arguments.of(name, status, expression, change);
    }

    static JsonObject comp(JsonObject o, int i) {
        return o.getJsonArray("component").getJsonObject(i);
    }

    static JsonObject ward(JsonObject o) {
        return o.getJsonArray("contained").getJsonObject(0).getJsonArray("location").getJsonObject(0)
                .getJsonObject("location").getJsonObject("identifier");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("refusedPanels")
    void aRefusedObservationIsAnOperationOutcomeNamingTheElementAndStoresNothing(String name, int status, String expression,
                                                                                Consumer<JsonObject> change) throws Exception {
        String patient = fresh();
        JsonObject o = panel(patient);
        change.accept(o);
        int ids = knownIds();
        Answer a = post("/fhir/Observation", FEED, o.encode());
        assertEquals(status, a.status(), a::toString);
        assertEquals("error", a.issue().getString("severity"));
        assertTrue(a.issue().getString("diagnostics").length() > 5, a::toString);
        if (expression != null) {
            assertTrue(a.expressions().stream().anyMatch(e -> e.contains(expression)), () -> expression + " in " + a);
        }
        assertTrue(a.header("Content-Type").startsWith("application/fhir+json"), a.header("Content-Type"));
        assertEquals(ids, knownIds(), "nothing journaled");
        assertEquals(0, news2(patient, EXEC).getInteger("total"));
    }

    @Test
    void aRefusalIsCountedInMetricsAsTheObservationItMeantToBe() {
        double before = server.ingestedCount("observation", "rejected_422");
        JsonObject b = transaction(fresh());
        entry(b, 6).getJsonObject("resource").getJsonObject("valueQuantity").put("value", 95);
        assertEquals(422, post("/fhir", FEED, b.encode()).status());
        assertEquals(before + 1, server.ingestedCount("observation", "rejected_422"),
                "counted by its real type, not as unknown");
    }

    @Test
    void theDocumentedOperationOutcomeIsWhatTheServerAnswers() {
        JsonObject b = transaction(fresh());
        entry(b, 6).getJsonObject("resource").getJsonObject("valueQuantity").put("value", 95);
        Answer a = post("/fhir", FEED, b.encode());
        assertEquals(422, a.status());
        assertEquals(new JsonObject(FhirDocs.example("outcome")), a.json());
    }

    /**
     * A member given twice is not FHIR R4 JSON: 400 naming it, nothing stored (found by an independent check: HAPI
     * took the last of two respiration rates, 24 then 8, and 8 was scored).
     */
    @Test
    void aMemberGivenTwiceIs400NamingItAndStoresNothing() throws Exception {
        String patient = fresh();
        String twice = panel(patient).encode().replaceFirst("\"valueQuantity\":\\{\"value\":",
                "\"valueQuantity\":{\"value\":24,\"value\":");
        int ids = knownIds();
        Answer a = post("/fhir/Observation", FEED, twice);
        assertEquals(400, a.status(), a::toString);
        assertTrue(a.expressions().stream().anyMatch(e -> e.startsWith("Observation.component[")
                && e.endsWith("].valueQuantity.value")), a::toString);
        assertEquals(ids, knownIds(), "nothing journaled");
        assertEquals(0, news2(patient, EXEC).getInteger("total"));
    }

    @Test
    void unparseableAndEmptyBodiesAre400() {
        assertEquals(400, post("/fhir/Observation", FEED, "{").status());
        assertEquals(400, post("/fhir/Observation", FEED, "").status());
        assertEquals(400, post("/fhir", FEED, "[1,2]").status());
        Answer a = post("/fhir", FEED, panel(fresh()).encode());
        assertEquals(400, a.status(), a::toString);
        assertEquals(List.of("Observation"), a.expressions());
    }

    /**
     * Found by an HTTP audit: HAPI reads the body leniently, a byte that is not UTF-8 becoming U+FFFD, and the check
     * after it strictly, so a patient id holding 0xFF was a 500 with a stack trace in the log.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/fhir", "/fhir/Observation"})
    void aBodyThatIsNotUtf8Is400AndStoresNothing(String path) throws Exception {
        String patient = fresh();
        String json = path.equals("/fhir") ? transaction(patient).encode() : panel(patient).encode();
        // ISO-8859-1 writes each char as one byte: U+00FF is the byte 0xFF, which UTF-8 never has
        byte[] bad = json.replace(patient, patient + "\u00ff").getBytes(StandardCharsets.ISO_8859_1);
        int ids = knownIds();
        Answer a = FhirHttp.post(server.port(), path, FEED, FHIR, bad);
        assertEquals(400, a.status(), a::toString);
        assertTrue(a.issue().getString("diagnostics").contains("UTF-8"), a::toString);
        assertEquals(ids, knownIds(), "nothing journaled");
        assertEquals(0, news2(patient, EXEC).getInteger("total"));
    }

    static Stream<Arguments> refusedTransactions() {
        return Stream.of(
                Arguments.of("a batch", 422, "Bundle.type", (Consumer<JsonObject>) b -> b.put("type", "batch")),
                Arguments.of("no entries", 422, "Bundle.entry", (Consumer<JsonObject>) b -> b.put("entry", new JsonArray())),
                Arguments.of("a PUT", 422, "Bundle.entry[2].request", (Consumer<JsonObject>) b ->
                        entry(b, 2).getJsonObject("request").put("method", "PUT").put("url", "Observation/1")),
                Arguments.of("a Patient entry", 422, "Bundle.entry[0].resource", (Consumer<JsonObject>) b ->
                        entry(b, 0).put("resource", new JsonObject().put("resourceType", "Patient"))),
                Arguments.of("one set incomplete", 422, "Bundle.entry[0].resource", (Consumer<JsonObject>) b ->
                        b.getJsonArray("entry").remove(6)),
                Arguments.of("FiO2 101 % on the SpO2 reading", 422, "Bundle.entry[1].resource.component[0].valueQuantity.value",
                        (Consumer<JsonObject>) b -> entry(b, 1).getJsonObject("resource").put("component",
                                new JsonArray().add(FhirIngestTest.reading("3150-0", "101", "%")))),
                Arguments.of("the last reading of a second set is wrong", 422, "Bundle.entry[13].resource.valueQuantity.value",
                        (Consumer<JsonObject>) b -> {
                            JsonObject second = transaction(fresh());
                            for (Object e : second.getJsonArray("entry")) {
                                ((JsonObject) e).put("fullUrl", ((JsonObject) e).getString("fullUrl") + "-2")
                                        .getJsonObject("resource").put("effectiveDateTime", "2026-03-10T10:00:00Z");
                            }
                            entry(second, 6).getJsonObject("resource").getJsonObject("valueQuantity").put("value", 95);
                            b.getJsonArray("entry").addAll(second.getJsonArray("entry"));
                        }));
    }

    static JsonObject entry(JsonObject bundle, int i) {
        return bundle.getJsonArray("entry").getJsonObject(i);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("refusedTransactions")
    void aTransactionIsAllOrNothing(String name, int status, String expression, Consumer<JsonObject> change) throws Exception {
        String patient = fresh();
        JsonObject b = transaction(patient);
        change.accept(b);
        int ids = knownIds();
        Answer a = post("/fhir", FEED, b.encode());
        assertEquals(status, a.status(), a::toString);
        assertTrue(a.expressions().contains(expression), () -> expression + " in " + a);
        assertEquals(ids, knownIds(), "nothing of the transaction journaled");
        assertEquals(0, news2(patient, EXEC).getInteger("total"), "the valid set of the transaction is not stored either");
    }

    @Test
    void tokensAndScopesAreTheApis() {
        Answer none = post("/fhir/Observation", null, panel(fresh()).encode());
        assertEquals(401, none.status());
        assertEquals("login", none.issue().getString("code"));
        assertEquals("Bearer", none.header("WWW-Authenticate"));
        assertEquals(401, FhirHttp.get(server.port(), "/fhir/Observation?patient=P-1", "not-a-token").status());
        // a ward wall token reads its ward but may send nothing: refused before its body is read, so it is told
        // nothing of what is wrong in one
        Answer forbidden = post("/fhir/Observation", WARD_W12, panel(fresh()).encode());
        assertEquals(403, forbidden.status(), forbidden::toString);
        assertEquals("forbidden", forbidden.issue().getString("code"));
        assertEquals(403, post("/fhir/Observation", WARD_W12, "{\"resourceType\": \"Observation\"}").status());
        assertEquals(403, post("/fhir", WARD_W12, "not json").status());
        // a care home's tablet may send, but not for a ward: the unit at fault is named
        Answer elsewhere = post("/fhir/Observation", HOME_BAYV, panel(fresh()).encode());
        assertEquals(403, elsewhere.status(), elsewhere::toString);
        assertEquals(List.of("Observation.contained[0].location[0].location.identifier.value"), elsewhere.expressions());
        String patient = fresh();
        assertEquals(201, post("/fhir/Observation", BOOTSTRAP, panel(patient).encode()).status());
        assertEquals(1, news2(patient, WARD_W12).getInteger("total"));
        assertEquals(0, news2(patient, HOME_BAYV).getInteger("total"), "a care home's token reads nothing of a ward");
    }

    @Test
    void contentTypeAndSizeAreChecked() {
        Answer xml = FhirHttp.post(server.port(), "/fhir/Observation", FEED, "application/fhir+xml", "<Observation/>");
        assertEquals(415, xml.status(), xml::toString);
        assertEquals("not-supported", xml.issue().getString("code"));
        JsonObject big = panel(fresh());
        big.getJsonObject("code").put("text", "x".repeat(MAX_BODY));
        Answer tooBig = post("/fhir/Observation", FEED, big.encode());
        assertEquals(413, tooBig.status(), tooBig::toString);
        assertEquals("too-costly", tooBig.issue().getString("code"));
    }

    /** {@code _format} (which overrides Accept, FHIR R4 http.html) and Accept: JSON only, else 406, never JSON anyway. */
    @ParameterizedTest(name = "{0} {1} Accept {2} → {3}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "GET  | /fhir/metadata?_format=xml                           | none                                   | 406",
            "GET  | /fhir/Observation?patient=P-1&_format=xml            | none                                   | 406",
            "GET  | /fhir/Observation?patient=P-1&_format=text/turtle    | none                                   | 406",
            "GET  | /fhir/metadata                                       | application/fhir+xml                   | 406",
            "GET  | /fhir/Observation?patient=P-1                        | application/xml, text/html             | 406",
            "GET  | /fhir/Observation?patient=P-1                        | application/fhir+json;q=0, */*;q=0     | 406",
            "POST | /fhir/Observation                                    | application/fhir+xml                   | 406",
            "POST | /fhir/Observation?_format=xml                        | none                                   | 406",
            "GET  | /fhir/Observation?patient=P-1&_format=json           | none                                   | 200",
            "GET  | /fhir/Observation?patient=P-1&_format=application/fhir%2Bjson | none                          | 200",
            "GET  | /fhir/Observation?patient=P-1&_format=application/fhir+json   | none                          | 200",
            "GET  | /fhir/Observation?patient=P-1&_format=json           | application/fhir+xml                   | 200",
            "GET  | /fhir/metadata                                       | application/fhir+json; fhirVersion=4.0 | 200",
            "GET  | /fhir/metadata                                       | application/fhir+xml, application/json;q=0.5 | 200",
            "GET  | /fhir/metadata                                       | text/html, */*;q=0.8                   | 200",
            "POST | /fhir/Observation                                    | application/fhir+json                  | 201"})
    void onlyJsonIsAnsweredAndAnythingElseIs406(String method, String path, String accept, int status) throws Exception {
        String patient = fresh();
        int ids = knownIds();
        Answer a = FhirHttp.send(server.port(), method, path, method.equals("POST") ? FEED : EXEC,
                method.equals("POST") ? FHIR : null, method.equals("POST") ? panel(patient).encode() : null, accept);
        assertEquals(status, a.status(), a::toString);
        assertTrue(a.header("Content-Type").startsWith("application/fhir+json"), a.header("Content-Type"));
        if (status == 406) {
            assertEquals("not-supported", a.issue().getString("code"));
            assertEquals(ids, knownIds(), "nothing journaled");
        }
    }

    @Test
    void theCapabilityStatementIsPublicAndSearchIsStrictAboutItsParameters() {
        Answer meta = FhirHttp.get(server.port(), "/fhir/metadata", null);
        assertEquals(200, meta.status());
        assertEquals("CapabilityStatement", meta.json().getString("resourceType"));
        assertEquals("4.0.1", meta.json().getString("fhirVersion"));
        assertEquals(400, FhirHttp.get(server.port(), "/fhir/Observation?subject=Patient/P-1", EXEC).status());
        assertEquals(400, FhirHttp.get(server.port(), "/fhir/Observation?code=1104051000000101", EXEC).status());
        assertEquals(400, FhirHttp.get(server.port(), "/fhir/Observation?patient=P-1&patient=P-2", EXEC).status(),
                "a repeated parameter is refused, not resolved one way or the other");
        Answer other = FhirHttp.get(server.port(), "/fhir/Observation?patient=P-8F3A21&code=http://loinc.org%7C8867-4", EXEC);
        assertEquals(200, other.status());
        assertEquals(0, other.json().getInteger("total"), "Vigil answers NEWS2 totals only");
        Answer read = FhirHttp.get(server.port(), "/fhir/Observation/some-id", EXEC);
        assertEquals(404, read.status());
        assertEquals("OperationOutcome", read.json().getString("resourceType"));
    }

    @Test
    void theHistoryIsRebuiltByReplayExactlyAsItWasLive(@TempDir Path own) {
        try (TestServer s = TestServer.start(own)) {
            int port = s.port();
            assertEquals(200, FhirHttp.post(port, "/fhir", FEED, FHIR, FhirDocs.example("transaction")).status());
            JsonObject later = transaction("P-8F3A21");
            for (Object e : later.getJsonArray("entry")) {
                ((JsonObject) e).getJsonObject("resource").put("effectiveDateTime", "2026-03-10T11:00:00Z");
            }
            entry(later, 0).getJsonObject("resource").getJsonObject("valueQuantity").put("value", 16);
            assertEquals(200, FhirHttp.post(port, "/fhir", FEED, FHIR, later.encode()).status());
            String path = "/fhir/Observation?patient=P-8F3A21";
            JsonObject live = FhirHttp.get(port, path, EXEC).json();
            assertEquals(2, live.getInteger("total"));
            assertEquals("2026-03-10T11:00:00Z", live.getJsonArray("entry").getJsonObject(0).getJsonObject("resource")
                    .getString("effectiveDateTime"), "newest first");
            s.restart();
            JsonObject replayed = FhirHttp.get(s.port(), path, EXEC).json();
            assertEquals(live.getJsonArray("entry").encode().replace(":" + port + "/", ":" + s.port() + "/"),
                    replayed.getJsonArray("entry").encode());
        }
    }
}
