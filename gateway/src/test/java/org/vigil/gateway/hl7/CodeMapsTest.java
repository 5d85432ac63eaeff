package org.vigil.gateway.hl7;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.events.Consciousness;
import org.vigil.events.OmissionReason;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The code-maps file: built-in defaults (reference/news2.md "Coding"), layering, sender choice, and refusals. */
class CodeMapsTest {
    static final String FILE = """
            locations: {W12: RVT-W12}
            consciousness:
              - {value: Drowsy, acvpu: V}
            senders:
              - name: Nervecentre at RVT
                application: NERVECENTRE
                facility: RVT
                locations: {WARD12: RVT-W12}
                observations:
                  - {system: 99NC, code: RESP, parameter: respirationRate}
                  - {system: 99NC, code: TEMPF, parameter: temperature}
                  - {system: 99NC, code: O2DEV, parameter: oxygenDevice}
                consciousness:
                  - {system: 99NC, code: NC-C, acvpu: C}
                  - {value: Alert and orientated, acvpu: A}
                oxygen:
                  - {value: RA, onOxygen: false}
                  - {system: 99NC, code: NCAN, onOxygen: true}
                units:
                  "deg F": "[degF]"
              - name: any app at BFW
                facility: BFW
                locations: {AMU: BFW-AMU}
              - name: ePMA at RVT
                application: EPMA
                facility: RVT
                locations: {W12: RVT-W12}
                omissionReasons:
                  - {system: 99L, code: OOS, reason: NOT_AVAILABLE}
                  - {value: Patient nil by mouth, reason: NIL_BY_MOUTH}
            """;

    static CodeMaps file() throws IOException {
        return parse(FILE);
    }

    static CodeMaps parse(String yaml) throws IOException {
        try (InputStream in = new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))) {
            return CodeMaps.parse(in, "test.yaml");
        }
    }

    /** Every built-in OBX-3 code (default-code-maps.yaml), with its coding system, and what it means. */
    @ParameterizedTest(name = "{1}^{0} → {2}")
    @CsvSource({
            "LN, 9279-1, RESPIRATION_RATE", "LN, 59408-5, SPO2", "LN, 2708-6, SPO2", "LN, 8480-6, SYSTOLIC_BP",
            "LN, 8867-4, PULSE", "LN, 8310-5, TEMPERATURE", "LN, 3151-8, OXYGEN_FLOW", "LN, 3150-0, FIO2",
            "SCT, 86290005, RESPIRATION_RATE", "SCT, 103228002, SPO2", "SCT, 72313002, SYSTOLIC_BP",
            "SCT, 78564009, PULSE", "SCT, 276885007, TEMPERATURE", "SCT, 1104441000000107, CONSCIOUSNESS",
            "SCT, 1104321000000108, SPO2_SCALE_2"})
    void theDefaultsKeepTheReferenceCodes(String system, String code, News2Parameter parameter) {
        CodeMap map = Messages.defaults().forSender("ANY", "ANY");
        assertEquals(parameter, map.parameter(code, system));
        assertEquals(parameter, map.parameter(code, ""), "without its system a code is still unambiguous");
        assertEquals(parameter, map.parameter(code, system.equals("LN") ? "LOINC" : "SNOMED CT"), "spelled out");
        assertNull(map.parameter(code, "99LOCAL"), "the same code in another system is another code");
    }

    /** Every built-in consciousness entry: letters, words (any case and spacing) and SNOMED CT findings. */
    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
            "'', A, A", "'', alert, A", "'', C, C", "'', Confusion, C", "'', 'new  CONFUSION', C", "'', V, V",
            "'', Voice, V", "'', P, P", "'', Pain, P", "'', U, U", "'', Unresponsive, U",
            "SCT, 248234008, A", "SCT, 300202002, V", "SCT, 450847001, P", "SCT, 422768004, U"})
    void theDefaultConsciousnessValueSet(String system, String value, Consciousness acvpu) {
        assertEquals(acvpu, Messages.defaults().forSender("X", "Y").consciousness(value, null, system));
    }

    @Test
    void aSenderIsChosenByApplicationAndFacilityTheMostSpecificFirst() throws IOException {
        CodeMaps maps = file();
        assertEquals("Nervecentre at RVT", maps.forSender("NERVECENTRE", "RVT").name());
        assertEquals("Nervecentre at RVT", maps.forSender("nervecentre", " rvt ").name(), "MSH values compare without case");
        assertEquals("any app at BFW", maps.forSender("NERVECENTRE", "BFW").name());
        assertEquals("senders not named in the code maps", maps.forSender("NERVECENTRE", "LTH").name());
        assertEquals("senders not named in the code maps", maps.forSender(null, null).name());
    }

    @Test
    void aSendersEntriesAddToTheCommonOnesAndTheDefaults() throws IOException {
        CodeMap nc = file().forSender("NERVECENTRE", "RVT");
        assertEquals(News2Parameter.RESPIRATION_RATE, nc.parameter("RESP", "99NC"));
        assertEquals(News2Parameter.RESPIRATION_RATE, nc.parameter("9279-1", "LN"), "defaults stay");
        assertEquals(Consciousness.C, nc.consciousness("NC-C", "New confusion", "99NC"));
        assertEquals(Consciousness.A, nc.consciousness("Alert and orientated", null, null));
        assertEquals(Consciousness.V, nc.consciousness("drowsy", null, null), "the file's common entries apply");
        assertEquals(Consciousness.A, nc.consciousness("X1", "Alert", "99OTHER"), "an unknown code falls back to its words");
        assertEquals(Boolean.FALSE, nc.onOxygen("RA", null, null));
        assertEquals(Boolean.TRUE, nc.onOxygen("NCAN", "Nasal cannula", "99NC"));
        assertNull(nc.onOxygen("HFNO", null, "99NC"));
        assertEquals(37.0, nc.unit(Quantity.TEMPERATURE, "deg F").applyAsDouble(98.6), 1e-9);
        assertEquals("RVT-W12", nc.locations().unit("WARD12"));
        assertNull(nc.locations().unit("W12"), "a sender's locations replace the common ones");
        CodeMap other = file().forSender("EPIC", "LTH");
        assertNull(other.parameter("RESP", "99NC"), "one sender's local codes are not another's");
        assertEquals("RVT-W12", other.locations().unit("W12"));
    }

    @Test
    void aCodeWithoutItsSystemIsRefusedWhenTwoEntriesDisagree() throws IOException {
        CodeMap map = parse("""
                locations: {W12: RVT-W12}
                observations:
                  - {system: 99A, code: T1, parameter: temperature}
                  - {system: 99B, code: T1, parameter: pulse}
                """).forSender("X", "Y");
        assertNull(map.parameter("T1", ""));
        assertEquals(News2Parameter.TEMPERATURE, map.parameter("T1", "99A"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "senders: []|locations: missing",
            "locations: {W12: RVT-W12}\\nobservation: []|observation: unknown key",
            "locations: {W12: RVT-W12}\\nobservations: [{system: LN, code: X, parameter: rr}]|observations[0].parameter: 'rr' is not one of",
            "locations: {W12: RVT-W12}\\nobservations: [{code: X, parameter: pulse}]|observations[0].system: missing",
            "locations: {W12: RVT-W12}\\nconsciousness: [{value: Sleepy, acvpu: S}]|consciousness[0].acvpu: 'S' is not A, C, V, P or U",
            "locations: {W12: RVT-W12}\\nconsciousness: [{value: X, code: Y, system: L, acvpu: A}]|consciousness[0]: give either value",
            "locations: {W12: RVT-W12}\\noxygen: [{value: RA, onOxygen: maybe}]|oxygen[0].onOxygen: must be true (oxygen) or false (air)",
            "locations: {W12: RVT-W12}\\nunits: {'deg K': K}|units.deg K: 'K' is not a unit Vigil converts",
            "locations: {W12: RVT-W12}\\nomissionReasons: [{value: OOS, reason: OUT_OF_STOCK}]|omissionReasons[0].reason: 'OUT_OF_STOCK' is not one of",
            "senders: [{name: A, locations: {W1: U1}}]|senders[0]: needs application (MSH-3) or facility (MSH-4)",
            "senders: [{name: A, application: X}]|senders[0]: has no locations",
            "locations: {W12: RVT-W12}\\nsenders: [{name: A, application: X}, {name: B, application: x}]|senders[1]: another sender already matches",
            "- just a list|not a YAML mapping",
            "locations: [W12]|locations: must map PV1-3 points of care"})
    void mistakesStopTheGatewayNamingTheEntry(String yaml, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(yaml.replace("\\n", "\n")));
        assertTrue(e.getMessage().startsWith("test.yaml: "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void aFileWithOnlySendersLeavesOthersWithNoPlaceToGo() throws IOException {
        CodeMaps maps = parse("senders: [{name: A, application: X, locations: {W1: U1}}]");
        assertEquals("U1", maps.forSender("X", "").locations().unit("W1"));
        assertNull(maps.forSender("Y", "").locations().unit("W1"));
        assertFalse(maps.forSender("Y", "").name().isEmpty());
    }

    /** The example in docs/ is a file the gateway starts with, and it means what the doc says. */
    @Test
    void theDocumentedExampleLoads() throws IOException {
        CodeMaps maps = CodeMaps.load(java.nio.file.Path.of("../docs/code-maps.example.yaml"));
        CodeMap nc = maps.forSender("NERVECENTRE", "RVT");
        assertEquals(News2Parameter.OXYGEN_DEVICE, nc.parameter("O2DEV", "99NC"));
        assertEquals(Boolean.TRUE, nc.onOxygen("V28", null, "99NC"));
        assertEquals(Consciousness.C, nc.consciousness("New onset confusion", null, null));
        assertEquals("BFW-AMU", maps.forSender("PAS", "BFW").locations().unit("AMU"));
        assertEquals("RVT-W12", maps.forSender("PAS", "RVT").locations().unit("W12"));
        assertEquals(OmissionReason.NOT_AVAILABLE, maps.forSender("EPMA", "RVT").omissionReason("OOS", null, "99EPMA"));
        assertEquals(OmissionReason.CLINICAL_HOLD, maps.forSender("EPMA", "RVT").omissionReason("withheld on medical advice", null, null));
    }
}
