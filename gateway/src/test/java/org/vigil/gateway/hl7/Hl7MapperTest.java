package org.vigil.gateway.hl7;

import ca.uhn.hl7v2.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.events.Consciousness;
import org.vigil.events.DoseResult;
import org.vigil.events.OmissionReason;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.events.Vitals;
import org.vigil.gateway.hl7.Hl7Rejection.Where;
import org.vigil.clinical.news2.News2;
import org.vigil.clinical.news2.News2Score;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.gateway.hl7.Messages.msh;
import static org.vigil.gateway.hl7.Messages.oru;

class Hl7MapperTest {
    static final Hl7Mapper DEFAULTS = Messages.mapper(Messages.defaults());

    static Vitals vitals(Hl7Mapper mapper, String text) throws Exception {
        List<Event> events = mapper.map(Messages.parse(text)).events();
        assertEquals(1, events.size());
        return ((Payload.Observation) events.get(0).payload()).vitals();
    }

    static Hl7Rejection rejected(Hl7Mapper mapper, String text) {
        return assertThrows(Hl7Rejection.class, () -> mapper.map(Messages.parse(text)));
    }

    @Test
    void theDefaultSetMapsToTheVitals() throws Exception {
        assertEquals(new Vitals(18, 97, 1, false, 120, 70, Consciousness.A, 37.0), vitals(DEFAULTS, oru().text()));
    }

    /** The UK Core SNOMED CT codes for the raw readings read the same as their LOINC twins. */
    @Test
    void snomedCodedReadingsMapLikeLoinc() throws Exception {
        String text = oru().with("NM|9279-1", "NM|86290005^Respiratory rate^SCT||18|/min")
                .with("NM|59408-5", "NM|103228002^SpO2^SCT||97|%")
                .with("NM|8480-6", "NM|72313002^Systolic BP^SCT||120|mm[Hg]")
                .with("NM|8867-4", "NM|78564009^Pulse^SCT||70|/min")
                .with("NM|8310-5", "NM|276885007^Core temperature^SCT||37.0|Cel").text();
        assertEquals(vitals(DEFAULTS, oru().text()), vitals(DEFAULTS, text));
    }

    /**
     * Unit conversion at NEWS2 band edges (RCP Chart 1): the converted value lands in the band the same reading in
     * the canonical unit would, after Vigil's half-up rounding. °C = (°F − 32) × 5/9; 1 kPa = 1/0.133322 mmHg (UCUM).
     */
    @ParameterizedTest(name = "{0} {1} {2} → {3} (score {4})")
    @CsvSource({
            "temperature, [degF], 95.0, 35.0, 3", "temperature, [degF], 95.18, 35.1, 1",
            "temperature, degF, 96.8, 36.0, 1", "temperature, °F, 96.98, 36.1, 0",
            "temperature, [degF], 100.4, 38.0, 0", "temperature, F, 100.58, 38.1, 1",
            "temperature, [degF], 102.2, 39.0, 1", "temperature, [degF], 102.38, 39.1, 2",
            "temperature, Cel, 39.1, 39.1, 2", "temperature, degC, 35.0, 35.0, 3", "temperature, '', 36.1, 36.1, 0",
            "systolicBp, kPa, 12.0, 90.0075, 3", "systolicBp, kPa, 12.1, 90.7575, 2",
            "systolicBp, kPa, 13.4655, 101.0, 1", "systolicBp, kPa, 14.799, 111.0019, 0",
            "systolicBp, kPa, 29.33, 219.9937, 3", "systolicBp, mmHg, 219, 219, 0", "systolicBp, mm[Hg], 90, 90, 3"})
    void unitsAreConvertedAtTheBandEdges(String parameter, String unit, double value, double expected, int score) throws Exception {
        String code = parameter.equals("temperature") ? "8310-5" : "8480-6";
        String text = oru().with("NM|" + code, "NM|" + code + "^x^LN||" + value + "|" + unit).text();
        Vitals v = vitals(DEFAULTS, text);
        News2Score s = News2.score(v);
        if (parameter.equals("temperature")) {
            assertEquals(expected, v.temperature(), 0.005);
            assertEquals(score, s.temperature());
        } else {
            assertEquals(expected, v.systolicBp(), 0.0005);
            assertEquals(score, s.systolicBp());
        }
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({"8310-5, K", "8310-5, mmHg", "8480-6, cmH2O", "8867-4, Hz", "59408-5, ratio"})
    void aUnitThatCannotBeConvertedIsRefusedAtObx6(String code, String unit) throws Exception {
        String text = oru().with("NM|" + code, "NM|" + code + "^x^LN||1|" + unit).text();
        Hl7Rejection r = rejected(DEFAULTS, text);
        assertEquals(ErrorCode.TABLE_VALUE_NOT_FOUND, r.code());
        assertEquals(6, r.where().field());
        assertEquals("OBX", r.where().segment());
        assertTrue(r.getMessage().contains("'" + unit + "' cannot be converted"), r.getMessage());
    }

    /** Air or oxygen (RCP Chart 1): flow above 0, FiO2 above room air's 21 % (or 0.21 as a fraction). */
    @ParameterizedTest(name = "{0} {1} {2} → oxygen {3}")
    @CsvSource({
            "3151-8, L/min, 0, false", "3151-8, L/min, 0.5, true", "3151-8, mL/min, 500, true",
            "3151-8, L/min, 80, true", "3150-0, %, 21, false", "3150-0, %, 21.5, true", "3150-0, %, 100, true",
            "3150-0, 1, 0.21, false", "3150-0, 1, 0.28, true"})
    void oxygenFromFlowAndFio2(String code, String unit, double value, boolean onOxygen) throws Exception {
        String text = oru().with("NM|" + code, "NM|" + code + "^x^LN||" + value + "|" + unit).text();
        assertEquals(onOxygen, vitals(DEFAULTS, text).onOxygen());
    }

    /**
     * Air or oxygen is one of NEWS2's seven parameters (RCP Chart 1): a set that does not say is incomplete, as at
     * the FHIR edge. Scored as air, it lost 2 points for each patient on oxygen whose feed left it out (found by an
     * independent audit); a device the sender's value set calls air says it as well as a flow of 0.
     */
    @Test
    void aSetThatDoesNotSayAirOrOxygenIsIncomplete() throws Exception {
        Hl7Rejection r = rejected(DEFAULTS, oru().without("NM|3151-8").text());
        assertEquals(ErrorCode.REQUIRED_FIELD_MISSING, r.code());
        assertEquals(Where.segment("OBX"), r.where());
        assertTrue(r.getMessage().contains("incomplete NEWS2 set: air or oxygen"), r.getMessage());
        String roomAir = oru().from("NERVECENTRE").without("NM|3151-8")
                .with("CWE|O2DEV", "CWE|O2DEV^Device^99NC||RA^Room air^99NC").text().replace("AMU^^A2", "WARD12^^B7");
        assertFalse(vitals(Messages.mapper(CodeMapsTest.file()), roomAir).onOxygen());
    }

    /**
     * Only "on oxygen" reaches the server, which cannot range-check the flow or FiO2 behind it: a negative flow, or
     * FiO2 0.28 sent as a percentage, would read as air (found by an independent check of the FHIR edge).
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"3151-8, L/min, -2", "3151-8, L/min, 80.5", "3151-8, mL/min, 90000", "3150-0, %, 0.28",
            "3150-0, %, 20.9", "3150-0, %, 101", "3150-0, 1, 1.2"})
    void anOxygenReadingOutOfRangeIsRefusedAtObx5(String code, String unit, double value) {
        String text = oru().with("NM|" + code, "NM|" + code + "^x^LN||" + value + "|" + unit).text();
        Hl7Rejection r = rejected(DEFAULTS, text);
        assertEquals(ErrorCode.DATA_TYPE_ERROR, r.code());
        assertEquals(new Where("OBX", r.where().occurrence(), 5, 0), r.where());
        assertTrue(r.getMessage().contains("out of range"), r.getMessage());
    }

    @Test
    void theScale2SubScoreCodeChartsTheSetOnScale2() throws Exception {
        String text = oru().with("NM|1104321000000108", "NM|1104321000000108^SpO2 scale 2 score^SCT||0").text();
        assertEquals(2, vitals(DEFAULTS, text).spo2Scale());
    }

    /** A sender's own codes, value sets and units, through its code map: the e-obs case of issue 16. */
    @Test
    void aLocalEobsFeedIsReadThroughItsSendersMap() throws Exception {
        Hl7Mapper mapper = Messages.mapper(CodeMapsTest.file());
        String text = oru().from("NERVECENTRE")
                .with("NM|9279-1", "NM|RESP^Resp rate^99NC||22|/min")
                .with("NM|8310-5", "NM|TEMPF^Temp^99NC||95.9|deg F")
                .with("ST|1104441000000107", "CWE|1104441000000107^ACVPU^SCT||NC-C^New confusion^99NC")
                .with("CWE|O2DEV", "CWE|O2DEV^Device^99NC||NCAN^Nasal cannula^99NC").text()
                .replace("AMU^^A2", "WARD12^^B7");
        Vitals v = vitals(mapper, text);
        assertEquals(new Vitals(22, 97, 1, true, 120, 70, Consciousness.C, (95.9 - 32) * 5 / 9), v);
        // the same local code from a sender without that map is an unknown code, named in the refusal
        Hl7Rejection r = rejected(Messages.mapper(CodeMapsTest.file()), text.replace("NERVECENTRE|RVT", "OTHER|LTH")
                .replace("WARD12^^B7", "W12^^B7"));
        assertEquals(ErrorCode.TABLE_VALUE_NOT_FOUND, r.code());
        assertEquals(new Where("OBX", 1, 3, 1), r.where());
        assertTrue(r.getMessage().contains("RESP (99NC)"), r.getMessage());
    }

    /**
     * OBX-11, the observation result status (HL7 v2.5.1 table 0085): only a reading that stands is scored — final,
     * corrected, or entered and not yet verified (or no status given). One posted as wrong, deleted, preliminary,
     * pending or not obtained is refused at its OBX-11 (AR 103), whatever its value.
     */
    @ParameterizedTest(name = "OBX-11 ''{0}'' scored: {1}")
    @CsvSource({"F, true", "C, true", "R, true", "'', true", "W, false", "D, false", "X, false", "P, false", "I, false",
            "N, false", "O, false", "S, false", "U, false", "Z, false"})
    void aReadingIsScoredOnlyWhenItsResultStatusStands(String status, boolean scored) throws Exception {
        String text = oru().with("NM|8867-4", "NM|8867-4^HR^LN||70|/min|||||" + status).text();
        if (scored) {
            assertEquals(70, vitals(DEFAULTS, text).pulse());
            return;
        }
        Hl7Rejection r = rejected(DEFAULTS, text);
        assertEquals(ErrorCode.TABLE_VALUE_NOT_FOUND, r.code(), r.getMessage());
        assertEquals(new Where("OBX", 4, 11, 0), r.where());
        assertTrue(r.getMessage().contains("'" + status + "'"), r.getMessage());
    }

    /** A result Vigil does not score (a weight) may carry any status: it is not read. */
    @Test
    void theStatusOfAResultVigilDoesNotScoreIsNotRead() throws Exception {
        String text = oru().with("NM|29463-7", "NM|29463-7^Body weight^LN||70|kg|||||W").text();
        assertEquals(new Vitals(18, 97, 1, false, 120, 70, Consciousness.A, 37.0), vitals(DEFAULTS, text));
    }

    /** Each refusal's table 0357 code and place (ERR-2), from the message alone. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "SEGMENT_SEQUENCE_ERROR|no PV1|PV1|0",
            "REQUIRED_FIELD_MISSING|no respiration rate|OBX|0",
            "REQUIRED_FIELD_MISSING|no bed|PV1|3",
            "DATA_TYPE_ERROR|a pulse in words|OBX|5",
            "DATA_TYPE_ERROR|an NHS number failing Modulus 11|PID|3",
            "DATA_TYPE_ERROR|two different pulses|OBX|5",
            "DATA_TYPE_ERROR|an unreadable OBR-7|OBR|7",
            "TABLE_VALUE_NOT_FOUND|an unmapped ward|PV1|3",
            "TABLE_VALUE_NOT_FOUND|an unknown consciousness value|OBX|5",
            "TABLE_VALUE_NOT_FOUND|an unknown unit|OBX|6",
            "TABLE_VALUE_NOT_FOUND|a local code nobody mapped|OBX|3",
            "UNSUPPORTED_MESSAGE_TYPE|a scheduling message|MSH|9",
            "UNSUPPORTED_EVENT_CODE|a pre-admission|MSH|9",
            "UNSUPPORTED_PROCESSING_ID|a training message|MSH|11"})
    void eachRefusalCarriesItsCodeAndPlace(ErrorCode code, String what, String segment, int field) {
        String text = switch (what) {
            case "no PV1" -> oru().text().replaceAll("PV1[^\n]*\n", "");
            case "no respiration rate" -> oru().without("NM|9279-1").text();
            case "no bed" -> msh("PAS", "ADT^A01") + "PID|1||9434765919^^^NHS^NH\nPV1|1|I|W12\n";
            case "a pulse in words" -> oru().with("NM|8867-4", "NM|8867-4^HR^LN||seventy|/min").text();
            case "an NHS number failing Modulus 11" -> oru().text().replace("9434765919", "9434765918");
            case "two different pulses" -> oru().with("NM|78564009", "NM|78564009^Pulse^SCT||72|/min").text();
            case "an unreadable OBR-7" -> oru().text().replace("|||" + Messages.TIME + "\n", "|||yesterday\n");
            case "an unmapped ward" -> oru().text().replace("AMU^^A2", "W99^^A2");
            case "an unknown consciousness value" -> oru().with("ST|1104441000000107", "ST|1104441000000107^ACVPU^SCT||Sleepy").text();
            case "an unknown unit" -> oru().with("NM|8867-4", "NM|8867-4^HR^LN||70|Hz").text();
            case "a local code nobody mapped" -> oru().with("NM|9279-1", "NM|RESP^Resp^99LOCAL||18|/min").text();
            case "a scheduling message" -> msh("PAS", "SIU^S12") + "PID|1||9434765919^^^NHS^NH\n";
            case "a pre-admission" -> msh("PAS", "ADT^A05") + "PID|1||9434765919^^^NHS^NH\nPV1|1|I|W12^^B1\n";
            case "a training message" -> oru().text().replace("|P|2.5.1", "|T|2.5.1");
            default -> throw new IllegalArgumentException(what);
        };
        Hl7Rejection r = rejected(DEFAULTS, text);
        assertEquals(code, r.code(), r.getMessage());
        assertEquals(segment, r.where().segment(), r.getMessage());
        assertEquals(field, r.where().field(), r.getMessage());
        assertTrue(r.getMessage().startsWith(r.where().toString() + ": "), r.getMessage());
    }

    /**
     * A bed label longer than a Vigil bed keeps its end after a tag from the whole label, so two long labels alike at
     * the end stay two beds (cut alone they became one, and the second patient took the first one's bed: an
     * independent check); a discharge's bed is ignored, so a long one is no reason to refuse it (a review).
     */
    @Test
    void longBedLabelsStayDistinctAndADischargeIgnoresItsBed() throws Exception {
        String east = bedOf(adt("A01", "9434765919^^^NHS^NH", "W12^EAST-WING-SIDEROOM^B1", ""));
        String west = bedOf(adt("A01", "9434765919^^^NHS^NH", "W12^WEST-WING-SIDEROOM^B1", ""));
        assertEquals(16, east.length(), east);
        assertTrue(east.endsWith("SIDEROOM-B1") && west.endsWith("SIDEROOM-B1"), east + " " + west);
        assertFalse(east.equals(west), east + " " + west);
        assertEquals(east, bedOf(adt("A01", "9434765919^^^NHS^NH", "W12^EAST-WING-SIDEROOM^B1", "")), "stable");
        assertEquals("B7", bedOf(adt("A01", "9434765919^^^NHS^NH", "W12^^B7", "")), "a short one as it is");
        assertNull(bedOf(adt("A03", "9434765919^^^NHS^NH", "W12^EAST-WING-SIDEROOM^B1", "")));
    }

    private static String bedOf(String message) throws Exception {
        return ((Payload.Movement) DEFAULTS.map(Messages.parse(message)).events().get(0).payload()).bed();
    }

    @Test
    void eachEventFieldKnowsWhereItCameFrom() throws Exception {
        Hl7Mapper.Mapped m = DEFAULTS.map(Messages.parse(oru().text()));
        assertEquals(new Where("OBX", 5, 5, 0), m.sources().get("temperature"));
        assertEquals(new Where("PV1", 1, 3, 1), m.sources().get("unit"));
        assertEquals(new Where("PID", 1, 3, 0), m.sources().get("patient"));
    }

    /** MSH-10 is unique within the sending system, MSH-3 with MSH-4 (HL7 v2.5.1 §2.14.9.10): the id carries all three. */
    @Test
    void theEventIdIsTheSendingSystemAndItsControlId() throws Exception {
        String pas = adt("A01", "9434765919^^^NHS^NH", "W12^^B7", "").replaceFirst("\\|C\\d+\\|", "|1|");
        String eobs = pas.replace("|PAS|RVT|", "|EOBS|RVT|");
        assertEquals("hl7:PAS:RVT:1", DEFAULTS.map(Messages.parse(pas)).events().get(0).id());
        assertEquals("hl7:EOBS:RVT:1", DEFAULTS.map(Messages.parse(eobs)).events().get(0).id());
        assertEquals("hl7:PAS:RVT:1", DEFAULTS.map(Messages.parse(pas)).events().get(0).id(), "a resend is the same event");
        assertFalse(Hl7Mapper.idBase("A:B", "C", "1").equals(Hl7Mapper.idBase("A", "B:C", "1")));
    }

    static String adt(String trigger, String pid, String pv1, String more) {
        return msh("PAS", "ADT^" + trigger) + "EVN|" + trigger + "|" + Messages.TIME + "\nPID|1||" + pid + "\n" + more + "PV1|1|I|" + pv1 + "\n";
    }

    /** ADT corrections and updates (HL7 v2.5.1 ch. 3): what each becomes in Vigil's movement events. */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"A11, DISCHARGE, RVT-W12, ''", "A12, TRANSFER, RVT-W21, B3", "A13, ADMISSION, RVT-W12, B7",
            "A08, PLACE_UPDATE, RVT-W12, B7"})
    void cancellationsBecomeTheMovementThatUndoesThem(String trigger, EventType type, String unit, String bed) throws Exception {
        String text = adt(trigger, "9434765919^^^NHS^NH", "W12^^B7|||WD21^^B3", "");
        List<Event> events = DEFAULTS.map(Messages.parse(text)).events();
        assertEquals(1, events.size());
        assertEquals(type, events.get(0).type());
        assertEquals(unit, events.get(0).unit());
        if (!bed.isEmpty()) {
            assertEquals(bed, ((Payload.Movement) events.get(0).payload()).bed());
        }
    }

    @Test
    void aMergeDischargesTheMergedRecordAndPlacesTheSurvivor() throws Exception {
        String text = adt("A40", "9434765919^^^NHS^NH~RX1^^^RVT^MR", "W12^^B7", "MRG|RX9^^^RVT^MR\n");
        List<Event> events = DEFAULTS.map(Messages.parse(text)).events();
        assertEquals(2, events.size());
        assertEquals(EventType.DISCHARGE, events.get(0).type());
        assertEquals(Messages.NHS.pseudonym("mrn", "RVT:RX9"), ((Payload.Movement) events.get(0).payload()).patient());
        assertEquals(EventType.TRANSFER, events.get(1).type());
        assertEquals(Messages.NHS.pseudonym("nhs", "9434765919"), ((Payload.Movement) events.get(1).payload()).patient());
        assertEquals("B7", ((Payload.Movement) events.get(1).payload()).bed());
        assertFalse(events.get(0).id().equals(events.get(1).id()));
        // the same patient on both sides: nothing to merge
        assertTrue(DEFAULTS.map(Messages.parse(adt("A40", "9434765919^^^NHS^NH", "W12^^B7",
                "MRG|9434765919^^^NHS^NH\n"))).events().isEmpty());
        assertEquals(ErrorCode.SEGMENT_SEQUENCE_ERROR, rejected(DEFAULTS, adt("A40", "9434765919^^^NHS^NH", "W12^^B7", "")).code());
    }

    /**
     * When a set was taken (docs/gateway.md "What each message becomes"): OBR-7, or a later OBX-14; without OBR-7 the
     * latest OBX-14; MSH-7, the sending time, only when neither says. A set queued for an hour and stamped with its
     * sending time looked fresher than it was and its next set fell due late (found by an independent audit).
     */
    @Test
    void aSetIsTakenWhenItsReadingsWereNotWhenItWasSent() throws Exception {
        long taken = Hl7Time.parse(Messages.TIME, Messages.ZONE);
        String queued = oru().text().replaceFirst("\\|" + Messages.TIME + "\\|", "|20261123111500|");
        String noObr7 = queued.replace("NEWS2|||" + Messages.TIME, "NEWS2|||");
        assertEquals(taken + 3_600_000L, timeOf(noObr7), "neither OBR-7 nor OBX-14: the sending time");
        assertEquals(taken, timeOf(queued), "OBR-7");
        String withObx14 = noObr7.replace("|37.0|Cel\n", "|37.0|Cel||||||||20261123101000\n")
                .replace("|97|%\n", "|97|%||||||||20261123101500\n");
        assertEquals(taken, timeOf(withObx14), "the latest OBX-14, not the later MSH-7");
        String obxAfterObr = queued.replace("|97|%\n", "|97|%||||||||20261123102000\n");
        assertEquals(taken + 300_000L, timeOf(obxAfterObr), "a reading after OBR-7: the set is as fresh as it");
    }

    private static long timeOf(String text) throws Exception {
        return DEFAULTS.map(Messages.parse(text)).events().get(0).time();
    }

    static String ras(String... rxas) {
        StringBuilder b = new StringBuilder(msh("EPMA", "RAS^O17^RAS_O17"))
                .append("PID|1||9434765919^^^NHS^NH\nPV1|1|I|W12^^B7\nORC|RE|ORD-1|FIL-77\n");
        for (String rxa : rxas) {
            b.append(rxa).append('\n');
        }
        return b.toString();
    }

    /** An RXA: RXA-2 the administration sub-id, RXA-3 its time, RXA-18 the reason not given, RXA-20, RXA-21. */
    static String rxa(int subId, String reason, String status, String action) {
        String[] f = new String[22];
        Arrays.fill(f, "");
        f[0] = "RXA";
        f[1] = "0";
        f[2] = Integer.toString(subId);
        f[3] = Messages.TIME;
        f[5] = "LEVO^Co-careldopa 25/100";
        f[6] = status.equals("CP") ? "1" : "0";
        f[7] = "tab";
        f[18] = reason;
        f[20] = status;
        f[21] = action;
        return String.join("|", f);
    }

    /** The dose is ORC-3 (else ORC-2) "/" RXA-2; RXA-20 says given or not, RXA-18 why not. */
    @Test
    void eachAdministrationIsTheOutcomeOfTheOrdersDose() throws Exception {
        List<Event> events = DEFAULTS.map(Messages.parse(ras(
                rxa(1, "", "CP", ""), rxa(2, "NIL_BY_MOUTH", "NA", ""), rxa(3, "OOS^Out of stock^99L", "NA", ""),
                rxa(4, "", "RE", "")))).events();
        assertEquals(List.of(
                new Payload.DoseOutcome("FIL-77/1", Messages.NHS.pseudonym("nhs", "9434765919"), DoseResult.GIVEN, null),
                new Payload.DoseOutcome("FIL-77/2", Messages.NHS.pseudonym("nhs", "9434765919"), DoseResult.OMITTED, OmissionReason.NIL_BY_MOUTH),
                new Payload.DoseOutcome("FIL-77/3", Messages.NHS.pseudonym("nhs", "9434765919"), DoseResult.OMITTED, OmissionReason.NO_REASON),
                new Payload.DoseOutcome("FIL-77/4", Messages.NHS.pseudonym("nhs", "9434765919"), DoseResult.OMITTED, OmissionReason.PATIENT_REFUSED)),
                events.stream().map(Event::payload).toList());
        // an ePMA's own codes and words, through its sender's value set (CodeMapsTest.FILE)
        List<Event> local = Messages.mapper(CodeMapsTest.file()).map(Messages.parse(ras(
                rxa(3, "OOS^Out of stock^99L", "NA", ""), rxa(5, "^Patient nil by mouth", "NA", "")))).events();
        assertEquals(List.of(OmissionReason.NOT_AVAILABLE, OmissionReason.NIL_BY_MOUTH),
                local.stream().map(e -> ((Payload.DoseOutcome) e.payload()).reason()).toList());
        String placerOnly = ras(rxa(1, "", "CP", "")).replace("|ORD-1|FIL-77", "|ORD-1|");
        assertEquals("ORD-1/1", ((Payload.DoseOutcome) DEFAULTS.map(Messages.parse(placerOnly)).events().get(0).payload()).doseId());
    }

    /**
     * RXA-21 D (HL7 table 0323) withdraws an administration record: Vigil cannot un-record a dose, and taken as it
     * came the dose stayed charted as given (found by an independent audit). Refused at RXA-21; A and U are outcomes.
     */
    @ParameterizedTest(name = "RXA-21 ''{0}'' taken: {1}")
    @CsvSource({"'', true", "A, true", "U, true", "D, false"})
    void aDeletedAdministrationIsRefusedNotTakenAsGiven(String action, boolean taken) throws Exception {
        String text = ras(rxa(1, "", "CP", action));
        if (taken) {
            assertEquals(DoseResult.GIVEN, ((Payload.DoseOutcome) DEFAULTS.map(Messages.parse(text)).events().get(0).payload()).outcome());
            return;
        }
        Hl7Rejection r = rejected(DEFAULTS, text);
        assertEquals(ErrorCode.TABLE_VALUE_NOT_FOUND, r.code());
        assertEquals(new Where("RXA", 1, 21, 0), r.where());
        assertTrue(r.getMessage().contains("cannot withdraw"), r.getMessage());
    }

    /**
     * Every message about a patient must give the key {@code --patient-key} names. Preferring the NHS number, a PAS
     * sending the hospital number and the NHS number and an e-obs system sending the hospital number alone made two
     * patients (found by an independent audit); keyed by the hospital number they are one, and a message without the
     * key is refused at PID-3 rather than becoming a patient of its own.
     */
    @Test
    void thePatientIsTheIdentifierThePatientKeyNames() throws Exception {
        String both = "RX123^^^RVT^MR~9434765919^^^NHS^NH";
        String adt = adt("A01", both, "W12^^B7", "");
        String oruByHospitalNumber = oru().text().replace("9434765919^^^NHS^NH", "RX123^^^RVT^MR");
        Hl7Mapper preferNhs = Messages.mapper(Messages.defaults(), PatientKey.NHS_ELSE_LOCAL);
        assertFalse(patientOf(preferNhs, adt).equals(patientOf(preferNhs, oruByHospitalNumber)),
                "the split the default leaves to the trust's feeds");
        Hl7Mapper local = Messages.mapper(Messages.defaults(), PatientKey.LOCAL);
        assertEquals(patientOf(local, adt), patientOf(local, oruByHospitalNumber));
        assertEquals(Messages.NHS.pseudonym("mrn", "RVT:RX123"), patientOf(local, adt));
        Hl7Mapper byNhs = Messages.mapper(Messages.defaults(), PatientKey.NHS);
        assertEquals(patientOf(byNhs, adt), patientOf(byNhs, oru().text()));
        Hl7Rejection noNhs = rejected(byNhs, oruByHospitalNumber);
        assertEquals(ErrorCode.REQUIRED_FIELD_MISSING, noNhs.code());
        assertEquals(new Where("PID", 1, 3, 0), noNhs.where());
        assertTrue(noNhs.getMessage().contains("no NHS number"), noNhs.getMessage());
        Hl7Rejection noLocal = rejected(local, oru().text());
        assertEquals(ErrorCode.REQUIRED_FIELD_MISSING, noLocal.code());
        assertTrue(noLocal.getMessage().contains("no local patient identifier"), noLocal.getMessage());
        assertEquals(ErrorCode.DATA_TYPE_ERROR, rejected(local, adt.replace("9434765919", "9434765918")).code(),
                "an NHS number failing Modulus 11 is refused whatever the key");
    }

    private static String patientOf(Hl7Mapper mapper, String text) throws Exception {
        Payload p = mapper.map(Messages.parse(text)).events().get(0).payload();
        return p instanceof Payload.Movement m ? m.patient() : ((Payload.Observation) p).patient();
    }
}
