package org.vigil.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigil.events.Consciousness;
import org.vigil.events.EventParser;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.events.Vitals;
import org.vigil.server.TestServer;
import org.vigil.server.fhir.ObservationSets.ObservationSet;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ingest parser without a server: the documented examples become exactly the schema-v1 observation events
 * their readings say, every code of the table in docs/fhir.md reads as its parameter (as an Observation of a
 * transaction), and the parse cost is measured (printed, never asserted).
 */
class FhirIngestTest {
    static final FhirIngest INGEST = ingest();

    static FhirIngest ingest() {
        try {
            Organisation org = OrganisationLoader.demo();
            return new FhirIngest(FhirContext.forR4Cached(), org, new EventParser(org::exists, TestServer.CLOCK, true), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theTransactionExampleIsTheRcpWorkedExampleAsOneEvent() throws FhirRejection {
        List<ObservationSet> sets = INGEST.transaction(bytes(FhirDocs.example("transaction"))).sets();
        assertEquals(1, sets.size());
        var e = sets.get(0).event();
        assertEquals(EventType.OBSERVATION, e.type());
        assertEquals("RVT-W12", e.unit());
        assertEquals(java.time.Instant.parse("2026-03-10T09:00:00Z").toEpochMilli(), e.time());
        assertEquals(new Payload.Observation("P-8F3A21", new Vitals(22, 94, 1, true, 105, 45, Consciousness.C, 35.5)),
                e.payload());
        assertEquals(e.id(), INGEST.transaction(bytes(FhirDocs.example("transaction"))).sets().get(0).event().id(),
                "the same readings make the same id (idempotent resends)");
    }

    @Test
    void thePanelExampleIsOneEventToo() throws FhirRejection {
        var e = INGEST.observation(bytes(FhirDocs.example("panel"))).sets().get(0).event();
        assertEquals(new Payload.Observation("P-2C91D0", new Vitals(24, 93, 1, true, 105, 105, Consciousness.A, 38.5)),
                e.payload());
    }

    /** Each documented code, replacing the code of the matching reading in the transaction example. */
    @ParameterizedTest(name = "{0}|{1} → {2}")
    @CsvSource({
            "http://loinc.org, 9279-1, 0, respirationRate",
            "http://snomed.info/sct, 86290005, 0, respirationRate",
            "http://loinc.org, 59408-5, 1, spo2",
            "http://loinc.org, 2708-6, 1, spo2",
            "http://snomed.info/sct, 103228002, 1, spo2",
            "http://loinc.org, 8867-4, 4, pulse",
            "http://snomed.info/sct, 78564009, 4, pulse",
            "http://loinc.org, 8310-5, 6, temperature",
            "http://snomed.info/sct, 276885007, 6, temperature",
    })
    void everyDocumentedReadingCodeReadsAsItsParameter(String system, String code, int entry, String field) throws FhirRejection {
        JsonObject b = new JsonObject(FhirDocs.example("transaction"));
        JsonObject resource = b.getJsonArray("entry").getJsonObject(entry).getJsonObject("resource");
        resource.put("code", new JsonObject().put("coding", new JsonArray().add(new JsonObject()
                .put("system", system).put("code", code))));
        Vitals v = ((Payload.Observation) INGEST.transaction(bytes(b.encode())).sets().get(0).event().payload()).vitals();
        Vitals expected = new Vitals(22, 94, 1, true, 105, 45, Consciousness.C, 35.5);
        assertEquals(expected, v, field);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "72313002, systolic as SNOMED CT", "8480-6, systolic as LOINC"})
    void aStandaloneSystolicReadingReplacesTheBloodPressurePanel(String code, String name) throws FhirRejection {
        JsonObject b = new JsonObject(FhirDocs.example("transaction"));
        JsonObject bp = b.getJsonArray("entry").getJsonObject(3).getJsonObject("resource");
        bp.remove("component");
        bp.put("code", new JsonObject().put("coding", new JsonArray().add(new JsonObject()
                .put("system", code.contains("-") ? News2Coding.LOINC : News2Coding.SNOMED).put("code", code))));
        bp.put("valueQuantity", new JsonObject().put("value", 221).put("system", News2Coding.UCUM).put("code", "mm[Hg]"));
        Vitals v = ((Payload.Observation) INGEST.transaction(bytes(b.encode())).sets().get(0).event().payload()).vitals();
        assertEquals(221, v.systolicBp(), name);
    }

    @ParameterizedTest(name = "ACVPU {0} → {1}")
    @CsvSource({"248234008, A", "130987000, C", "300202002, V", "450847001, P", "422768004, U"})
    void everyAcvpuFindingReadsAsItsLevel(String finding, Consciousness level) throws FhirRejection {
        JsonObject b = new JsonObject(FhirDocs.example("transaction"));
        b.getJsonArray("entry").getJsonObject(5).getJsonObject("resource").getJsonObject("valueCodeableConcept")
                .getJsonArray("coding").getJsonObject(0).put("code", finding);
        Vitals v = ((Payload.Observation) INGEST.transaction(bytes(b.encode())).sets().get(0).event().payload()).vitals();
        assertEquals(level, v.consciousness());
    }

    @ParameterizedTest(name = "oxygen flow {0} L/min → on oxygen {1}")
    @CsvSource({"0, false", "0.5, true", "15, true", "80, true"})
    void oxygenFlowAboveZeroIsOxygen(double flow, boolean onOxygen) throws FhirRejection {
        JsonObject b = new JsonObject(FhirDocs.example("transaction"));
        b.getJsonArray("entry").getJsonObject(2).getJsonObject("resource").getJsonObject("valueQuantity").put("value", flow);
        Vitals v = ((Payload.Observation) INGEST.transaction(bytes(b.encode())).sets().get(0).event().payload()).vitals();
        assertEquals(onOxygen, v.onOxygen());
    }

    /**
     * FiO2 (LOINC 3150-0) at its range's edges, read as the gateway reads it (Hl7MapperTest#oxygenFromFlowAndFio2):
     * above room air's 21 % is oxygen; in UCUM 1 it is a fraction; outside 21–100 % it is refused, never scored as
     * air (0.28 sent in % is a fraction in the wrong unit). Both forms: an Observation of its own in place of the
     * flow's, and a component of the SpO2 reading (the US Core pulse-oximetry profile's), with no flow beside it.
     */
    static Stream<Arguments> fio2AtItsEdges() {
        List<List<String>> edges = List.of(List.of("%", "20.9", "refused"), List.of("%", "21", "air"),
                List.of("%", "21.5", "oxygen"), List.of("%", "100", "oxygen"), List.of("%", "101", "refused"),
                List.of("%", "0.28", "refused"), List.of("1", "0.21", "air"), List.of("1", "0.28", "oxygen"),
                List.of("1", "1.0", "oxygen"), List.of("1", "1.2", "refused"));
        return Stream.of(true, false).flatMap(standalone -> edges.stream()
                .map(e -> Arguments.of(standalone ? "an Observation" : "a component", e.get(0), e.get(1), e.get(2))));
    }

    @ParameterizedTest(name = "FiO2 {2} {1} as {0} → {3}")
    @MethodSource("fio2AtItsEdges")
    void fio2AboveRoomAirIsOxygenAndOutsideItsRangeIsRefused(String form, String unit, String value, String outcome)
            throws FhirRejection {
        JsonObject b = new JsonObject(FhirDocs.example("transaction"));
        JsonObject fio2 = reading("3150-0", value, unit);
        String at;
        if (form.equals("an Observation")) {
            resource(b, 2).mergeIn(fio2);
            at = "Bundle.entry[2].resource";
        } else {
            b.getJsonArray("entry").remove(2);
            resource(b, 1).put("component", new JsonArray().add(fio2));
            at = "Bundle.entry[1].resource.component[0]";
        }
        if (outcome.equals("refused")) {
            FhirRejection r = assertThrows(FhirRejection.class, () -> INGEST.transaction(bytes(b.encode())));
            assertEquals(List.of(422, "value", List.of(at + ".valueQuantity.value")),
                    List.of(r.status(), r.type().toCode(), r.expressions()), r.getMessage());
        } else {
            assertEquals(outcome.equals("oxygen"), vitals(b).onOxygen());
        }
    }

    /**
     * The SpO2 reading with the flow, the FiO2 or both as components (the US Core pulse-oximetry profile), in place
     * of the flow's own Observation: when both are given and agree, the set is scored from them.
     */
    @ParameterizedTest(name = "flow {0} L/min, FiO2 {1} % → on oxygen {2}")
    @CsvSource(nullValues = "none", value = {"none, 21, false", "none, 35, true", "2, none, true", "0, none, false",
            "0, 21, false", "2, 28, true", "60, 100, true"})
    void theSpo2ReadingCarriesTheFlowAndFio2AsComponents(String flow, String fio2, boolean onOxygen) throws FhirRejection {
        JsonObject b = new JsonObject(FhirDocs.example("transaction"));
        b.getJsonArray("entry").remove(2);
        JsonArray components = new JsonArray();
        if (flow != null) {
            components.add(reading("3151-8", flow, "L/min"));
        }
        if (fio2 != null) {
            components.add(reading("3150-0", fio2, "%"));
        }
        resource(b, 1).put("component", components);
        assertEquals(new Vitals(22, 94, 1, onOxygen, 105, 45, Consciousness.C, 35.5), vitals(b));
    }

    /**
     * Readings of air or oxygen that disagree (a flow says oxygen, FiO2 room air; or the reverse; or a code beside a
     * number) score oxygen, as at the HL7 gateway: which one is wrong is not known, and oxygen read as air would
     * miss 2 points where the other way errs high.
     */
    static Stream<Arguments> disagreeingOxygen() {
        return Stream.of(
                Arguments.of("flow 2 L/min and FiO2 21 %, Observations", true,
                        (Consumer<JsonObject>) b -> b.getJsonArray("entry").add(entry(b, 2).copy()
                                .put("fullUrl", "urn:uuid:7d1a3c52-8e0b-4f4e-9a51-0c4b2e9f0098")
                                .put("resource", resource(b, 2).copy().mergeIn(reading("3150-0", "21", "%"))))),
                Arguments.of("flow 0 L/min and FiO2 28 %, components of the SpO2 reading", true,
                        (Consumer<JsonObject>) b -> {
                            b.getJsonArray("entry").remove(2);
                            resource(b, 1).put("component", new JsonArray().add(reading("3151-8", "0", "L/min"))
                                    .add(reading("3150-0", "28", "%")));
                        }),
                Arguments.of("patient on oxygen and FiO2 0.21, panel components", false,
                        (Consumer<JsonObject>) o -> o.getJsonArray("component").add(reading("3150-0", "0.21", "1"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("disagreeingOxygen")
    void airOrOxygenReadingsThatDisagreeScoreOxygen(String name, boolean isTransaction, Consumer<JsonObject> change)
            throws FhirRejection {
        JsonObject body = new JsonObject(FhirDocs.example(isTransaction ? "transaction" : "panel"));
        change.accept(body);
        Payload.Observation o = (Payload.Observation) (isTransaction ? INGEST.transaction(bytes(body.encode()))
                : INGEST.observation(bytes(body.encode()))).sets().get(0).event().payload();
        assertTrue(o.vitals().onOxygen(), name);
    }

    /**
     * "On oxygen" and "room air" as two codings of one code score oxygen in either order, as readings that disagree
     * do (found in review: the last coding won, so room air written second read as air).
     */
    @ParameterizedTest(name = "room air coded {0} on oxygen")
    @ValueSource(strings = {"after", "before"})
    void onOxygenAndRoomAirCodingsOfOneCodeScoreOxygen(String where) throws FhirRejection {
        JsonObject panel = new JsonObject(FhirDocs.example("panel"));
        JsonArray codings = comp(panel, 2).getJsonObject("code").getJsonArray("coding");
        assertEquals("371825009", codings.getJsonObject(0).getString("code"), "the example's oxygen component");
        JsonObject air = new JsonObject().put("system", News2Coding.SNOMED).put("code", "722742002");
        if (where.equals("after")) {
            codings.add(air);
        } else {
            codings.getList().add(0, air.getMap());
        }
        Payload.Observation o = (Payload.Observation) INGEST.observation(bytes(panel.encode())).sets().get(0).event()
                .payload();
        assertTrue(o.vitals().onOxygen());
    }

    @Test
    void aSendersOwnNews2ScoreIsRecognisedAndNotRead() throws FhirRejection {
        JsonObject b = new JsonObject(FhirDocs.example("transaction"));
        JsonObject score = b.getJsonArray("entry").getJsonObject(0).copy();
        JsonObject r = score.getJsonObject("resource");
        r.put("code", new JsonObject().put("coding", new JsonArray().add(new JsonObject()
                .put("system", News2Coding.SNOMED).put("code", News2Coding.NEWS2_TOTAL))));
        r.put("valueQuantity", new JsonObject().put("value", 2).put("system", News2Coding.UCUM).put("code", "{score}"));
        b.getJsonArray("entry").add(score.put("fullUrl", "urn:uuid:7d1a3c52-8e0b-4f4e-9a51-0c4b2e9f0099"));
        Vitals v = ((Payload.Observation) INGEST.transaction(bytes(b.encode())).sets().get(0).event().payload()).vitals();
        assertEquals(new Vitals(22, 94, 1, true, 105, 45, Consciousness.C, 35.5), v, "the sender's score 2 is not taken");
        FhirRejection alone = assertThrows(FhirRejection.class, () -> INGEST.observation(bytes(r.encode())));
        assertEquals(422, alone.status());
    }

    /**
     * Refusals the audit of 2026-12 found missing, each with its status, issue code and the one element at fault:
     * a change to the documented panel ({@code panel}) or transaction ({@code transaction}) example.
     */
    static Stream<Arguments> refusals() {
        return Stream.of(
                // an alert and an unresponsive finding: scoring the first would give 0 for a patient who scores 3
                panel("ACVPU codings naming two levels", 422, "code-invalid", "Observation.component[5].valueCodeableConcept",
                        o -> acvpu(o).add(new JsonObject().put("system", News2Coding.SNOMED).put("code", "422768004"))),
                // a negative flow was read as air, 900 L/min (mL/min sent as L/min) as oxygen
                transaction("oxygen flow -2 L/min", 422, "value", "Bundle.entry[2].resource.valueQuantity.value",
                        b -> oxygenFlow(b).put("value", -2)),
                transaction("oxygen flow 900 L/min", 422, "value", "Bundle.entry[2].resource.valueQuantity.value",
                        b -> oxygenFlow(b).put("value", 900)),
                transaction("FiO2 in L/min", 422, "value", "Bundle.entry[2].resource.valueQuantity.code",
                        b -> resource(b, 2).mergeIn(reading("3150-0", "28", "L/min"))),
                // a flow and an FiO2 may stand side by side; two FiO2s are two readings of one thing, as two flows are
                transaction("two FiO2 readings on the SpO2 reading", 422, "duplicate",
                        "Bundle.entry[1].resource.component[1].valueQuantity.value", b -> {
                            b.getJsonArray("entry").remove(2);
                            resource(b, 1).put("component", new JsonArray().add(reading("3150-0", "28", "%"))
                                    .add(reading("3150-0", "28", "%")));
                        }),
                // on the panel it was ignored, and the set scored on Scale 1 against the clinician's decision
                panel("the SpO2 scale on the panel, not on its SpO2 reading", 422, "value", "Observation.extension",
                        o -> o.put("extension", new JsonArray().add(new JsonObject()
                                .put("url", News2Coding.SPO2_SCALE).put("valueInteger", 2)))),
                // R4: a resource with a modifier extension the system does not understand must not be processed
                panel("a modifierExtension on the Observation", 422, "not-supported", "Observation.modifierExtension",
                        o -> o.put("modifierExtension", modifier())),
                panel("a modifierExtension on a component", 422, "not-supported",
                        "Observation.component[2].modifierExtension", o -> comp(o, 2).put("modifierExtension", modifier())),
                panel("a modifierExtension in the contained Encounter", 422, "not-supported",
                        "Observation.contained[0].location[0].modifierExtension",
                        o -> o.getJsonArray("contained").getJsonObject(0).getJsonArray("location").getJsonObject(0)
                                .put("modifierExtension", modifier())),
                transaction("a modifierExtension on an entry's Observation", 422, "not-supported",
                        "Bundle.entry[3].resource.modifierExtension",
                        b -> entry(b, 3).getJsonObject("resource").put("modifierExtension", modifier())),
                transaction("a modifierExtension on an entry", 422, "not-supported", "Bundle.entry[1].modifierExtension",
                        b -> entry(b, 1).put("modifierExtension", modifier())),
                // R4 invariants HAPI's parser does not check: bdl-7 (fullUrl unique), dom-2 (no nested contained)
                transaction("two entries with one fullUrl", 400, "invariant", "Bundle.entry[2].fullUrl",
                        b -> entry(b, 2).put("fullUrl", entry(b, 1).getString("fullUrl"))),
                panel("an Encounter that contains resources", 400, "invariant", "Observation.contained[0].contained",
                        o -> o.getJsonArray("contained").getJsonObject(0).put("contained", new JsonArray().add(
                                new JsonObject().put("resourceType", "Location").put("id", "ward").put("name", "Ward 12")))),
                // HAPI's parser names only the element: where it is in the request is found after the fact
                transaction("a misspelt element in entry 6", 400, "structure", "Bundle.entry[6].resource.valueQuantiy",
                        b -> {
                            JsonObject r = entry(b, 6).getJsonObject("resource");
                            r.put("valueQuantiy", r.remove("valueQuantity"));
                        }),
                transaction("an unknown status in entry 2 (the Encounter's status is fine)", 400, "structure",
                        "Bundle.entry[2].resource.status", b -> entry(b, 2).getJsonObject("resource").put("status", "bogus")),
                transaction("an unknown request method in entry 4", 400, "structure", "Bundle.entry[4].request.method",
                        b -> entry(b, 4).getJsonObject("request").put("method", "FOO")),
                transaction("entry 2 without its resourceType", 400, "structure", "Bundle.entry[2].resource.resourceType",
                        b -> entry(b, 2).getJsonObject("resource").remove("resourceType")),
                transaction("an unknown element twice in entry 1: which one HAPI meant is not known", 400, "structure",
                        "Bundle.entry[1]", b -> {
                            JsonObject r = entry(b, 1).getJsonObject("resource");
                            r.put("note2", "x");
                            r.getJsonObject("code").put("note2", "x");
                        }),
                panel("a misspelt element in a component", 400, "structure", "Observation.component[6].valueQuantiy",
                        o -> comp(o, 6).put("valueQuantiy", comp(o, 6).remove("valueQuantity"))),
                panel("no resourceType", 400, "structure", "resourceType", o -> o.remove("resourceType")));
    }

    static Arguments panel(String name, int status, String code, String expression, Consumer<JsonObject> change) {
        return Arguments.of(name, false, status, code, expression, change);
    }

    static Arguments transaction(String name, int status, String code, String expression, Consumer<JsonObject> change) {
        return Arguments.of(name, true, status, code, expression, change);
    }

    static JsonArray modifier() {
        return new JsonArray().add(new JsonObject().put("url", "https://sender.example/fhir/not-done").put("valueBoolean", true));
    }

    static JsonObject comp(JsonObject panel, int i) {
        return panel.getJsonArray("component").getJsonObject(i);
    }

    static JsonObject entry(JsonObject transaction, int i) {
        return transaction.getJsonArray("entry").getJsonObject(i);
    }

    static JsonObject resource(JsonObject transaction, int i) {
        return entry(transaction, i).getJsonObject("resource");
    }

    /** A LOINC-coded reading's code and valueQuantity: an Observation's (merged in) or a component. */
    static JsonObject reading(String loinc, String value, String unit) {
        return new JsonObject()
                .put("code", new JsonObject().put("coding", new JsonArray().add(new JsonObject()
                        .put("system", News2Coding.LOINC).put("code", loinc))))
                .put("valueQuantity", new JsonObject().put("value", new BigDecimal(value))
                        .put("system", News2Coding.UCUM).put("code", unit));
    }

    static Vitals vitals(JsonObject transaction) throws FhirRejection {
        return ((Payload.Observation) INGEST.transaction(bytes(transaction.encode())).sets().get(0).event().payload()).vitals();
    }

    static JsonObject oxygenFlow(JsonObject transaction) {
        return transaction.getJsonArray("entry").getJsonObject(2).getJsonObject("resource").getJsonObject("valueQuantity");
    }

    static JsonArray acvpu(JsonObject panel) {
        return panel.getJsonArray("component").getJsonObject(5).getJsonObject("valueCodeableConcept").getJsonArray("coding");
    }

    @ParameterizedTest(name = "{0} → {2} {3}")
    @MethodSource("refusals")
    void refusedNamingTheElement(String name, boolean isTransaction, int status, String code, String expression,
                                 Consumer<JsonObject> change) {
        FhirRejection r = refusal(isTransaction, change);
        assertEquals(List.of(status, code, List.of(expression)), List.of(r.status(), r.type().toCode(), r.expressions()),
                r.getMessage());
    }

    /** The documented transaction or panel, changed, as the edge refuses it. */
    private static FhirRejection refusal(boolean isTransaction, Consumer<JsonObject> change) {
        JsonObject body = new JsonObject(FhirDocs.example(isTransaction ? "transaction" : "panel"));
        change.accept(body);
        return assertThrows(FhirRejection.class, () -> {
            if (isTransaction) {
                INGEST.transaction(bytes(body.encode()));
            } else {
                INGEST.observation(bytes(body.encode()));
            }
        });
    }

    /** Parse and map of the documented transaction, warm; printed for docs/fhir.md and FhirRoutes, never asserted. */
    @Test
    void measureTheParseCostOnce() throws FhirRejection {
        byte[] body = bytes(FhirDocs.example("transaction"));
        for (int i = 0; i < 300; i++) {
            INGEST.transaction(body);
        }
        long[] micros = new long[1000];
        for (int i = 0; i < micros.length; i++) {
            long t0 = System.nanoTime();
            INGEST.transaction(body);
            micros[i] = (System.nanoTime() - t0) / 1000;
        }
        Arrays.sort(micros);
        System.out.printf("FHIR transaction example (7 Observations, %d bytes): parse+map median %d µs, p99 %d µs%n",
                body.length, micros[500], micros[990]);
    }
}
