package org.vigil.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Schema v1 field rules: every wire type parses, and every rule rejects with the field it names. Valid events are
 * written as ordered maps of field → JSON literal so each case changes exactly one member.
 */
class EventParserTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final Set<String> UNITS = Set.of("RVT-W12", "CH-BAYV");
    private static final EventParser PARSER = new EventParser(UNITS::contains, Clock.fixed(NOW, ZoneOffset.UTC), true);

    private static final String[] WIRE_TYPES = {
            "admission", "transfer", "discharge", "observation", "doseScheduled", "doseOutcome", "assessment",
            "staffing", "flag", "restore2", "concern", "pulse", "residentDischarged", "marthasRuleAsk", "sepsisScreen"};

    /** Types a care home sends (the rest are sent for a ward here; the unit's kind is checked at ingest). */
    private static String unitFor(String type) {
        return type.equals("restore2") || type.equals("residentDischarged") ? "CH-BAYV" : "RVT-W12";
    }

    // ------------------------------------------------------------------ building events

    /** A valid event of the wire type: field name → JSON literal, in wire order. */
    private static Map<String, String> valid(String type) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("id", q("evt-1"));
        f.put("type", q(type));
        f.put("time", q("2026-03-10T11:58:00Z"));
        f.put("unit", q(unitFor(type)));
        switch (type) {
            case "admission", "transfer" -> {
                f.put("patient", q("P1"));
                f.put("bed", q("B07"));
                f.put("age", "81");
            }
            case "discharge" -> {
                f.put("patient", q("P1"));
                f.put("bed", q("B07"));
            }
            case "observation" -> {
                f.put("patient", q("P1"));
                vitals(f);
            }
            case "doseScheduled" -> {
                f.put("doseId", q("D1"));
                f.put("patient", q("P1"));
                f.put("medicine", q("Co-careldopa 25/100"));
                f.put("critical", "true");
                f.put("medicineClass", q("PARKINSONS"));
                f.put("dueAt", q("2026-03-10T14:00:00+00:00"));
            }
            case "doseOutcome" -> {
                f.put("doseId", q("D1"));
                f.put("patient", q("P1"));
                f.put("outcome", q("OMITTED"));
                f.put("reason", q("NIL_BY_MOUTH"));
            }
            case "assessment" -> {
                f.put("patient", q("P1"));
                f.put("kind", q("VTE"));
                f.put("completed", "true");
            }
            case "staffing" -> {
                f.put("date", q("2026-03-10"));
                f.put("shift", q("DAY"));
                f.put("registeredPlanned", "6");
                f.put("registeredActual", "5");
                f.put("unregisteredPlanned", "4");
                f.put("unregisteredActual", "4");
            }
            case "flag" -> {
                f.put("patient", q("P1"));
                f.put("flag", q("SEPSIS"));
                f.put("active", "true");
            }
            case "restore2" -> {
                f.put("resident", q("R1"));
                f.put("softSigns", "[\"RESTLESS\",\"NOT_EATING_OR_DRINKING\"]");
                vitals(f);
            }
            case "concern" -> {
                f.put("patient", q("P1"));
                f.put("raisedBy", q("FAMILY"));
            }
            case "pulse" -> f.put("rating", "4");
            case "residentDischarged" -> {
                f.put("resident", q("R1"));
                f.put("reason", q("HOSPITAL"));
            }
            case "marthasRuleAsk" -> {
                f.put("patient", q("P1"));
                f.put("asked", q("FAMILY"));
                f.put("answer", q("WORSE"));
            }
            case "sepsisScreen" -> {
                f.put("patient", q("P1"));
                f.put("outcome", q("SEPSIS_SUSPECTED"));
            }
            default -> throw new IllegalArgumentException(type);
        }
        return f;
    }

    private static void vitals(Map<String, String> f) {
        f.put("respirationRate", "18");
        f.put("spo2", "95");
        f.put("spo2Scale", "1");
        f.put("onOxygen", "false");
        f.put("systolicBp", "112");
        f.put("pulse", "92");
        f.put("consciousness", q("A"));
        f.put("temperature", "37.9");
    }

    /** The fields a type cannot do without (the rest of {@link #valid} is optional). */
    private static List<String> required(String type) {
        List<String> names = new ArrayList<>(valid(type).keySet());
        names.removeAll(List.of("age", "medicineClass", "reason", "spo2Scale"));
        if (type.equals("discharge")) {
            names.remove("bed");
        }
        if (type.equals("restore2")) {
            names.remove("softSigns"); // vitals alone are a valid restore2; tested separately
            names.removeAll(EventParser.VITALS_FIELDS); // soft signs alone too
        }
        return names;
    }

    private static String q(String s) {
        return '"' + s + '"';
    }

    private static String json(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder("{");
        fields.forEach((k, v) -> sb.append(sb.length() == 1 ? "" : ",").append(q(k)).append(':').append(v));
        return sb.append('}').toString();
    }

    private static String with(String type, String field, String literal) {
        Map<String, String> f = valid(type);
        f.put(field, literal);
        return json(f);
    }

    private static String without(String type, String... fields) {
        Map<String, String> f = valid(type);
        for (String name : fields) {
            f.remove(name);
        }
        return json(f);
    }

    private static Event parse(String json) throws InvalidEventException {
        return PARSER.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static InvalidEventException rejected(String json) {
        return assertThrows(InvalidEventException.class, () -> parse(json), json);
    }

    private static void assertRejected(String json, String field, String reasonContains) {
        InvalidEventException e = rejected(json);
        assertEquals(field, e.field(), () -> "field for " + json + " (" + e.getMessage() + ")");
        assertTrue(e.getMessage().contains(reasonContains), () -> "'" + e.getMessage() + "' should say '" + reasonContains + "'");
        assertEquals(-1, e.index(), "a single event carries no batch index");
    }

    private static Stream<String> wireTypes() {
        return Stream.of(WIRE_TYPES);
    }

    // ------------------------------------------------------------------ every type parses and round-trips

    @ParameterizedTest(name = "{0}")
    @MethodSource("wireTypes")
    void everyWireTypeParsesAndRoundTripsThroughEventJson(String type) throws Exception {
        Event e = parse(json(valid(type)));
        assertEquals(type, e.type().wireName());
        assertEquals("evt-1", e.id());
        assertEquals(Instant.parse("2026-03-10T11:58:00Z").toEpochMilli(), e.time());
        assertEquals(unitFor(type), e.unit());
        assertEquals(e, parse(EventJson.write(e)), "what EventJson writes, the parser reads back unchanged");
    }

    @Test
    void fieldsLandInThePayload() throws Exception {
        Payload.Movement m = (Payload.Movement) parse(json(valid("admission"))).payload();
        assertEquals(new Payload.Movement("P1", "B07", 81), m);

        Payload.Observation o = (Payload.Observation) parse(json(valid("observation"))).payload();
        assertEquals(new Vitals(18, 95, 1, false, 112, 92, Consciousness.A, 37.9), o.vitals());

        Payload.DoseScheduled d = (Payload.DoseScheduled) parse(json(valid("doseScheduled"))).payload();
        assertEquals(new Payload.DoseScheduled("D1", "P1", "Co-careldopa 25/100", true, "PARKINSONS",
                Instant.parse("2026-03-10T14:00:00Z").toEpochMilli()), d);

        Payload.Staffing s = (Payload.Staffing) parse(json(valid("staffing"))).payload();
        assertEquals(new Payload.Staffing("2026-03-10", Shift.DAY, 6, 5, 4, 4), s);

        Payload.Restore2 r = (Payload.Restore2) parse(json(valid("restore2"))).payload();
        assertEquals(List.of(SoftSign.RESTLESS, SoftSign.NOT_EATING_OR_DRINKING), r.softSigns());

        assertEquals(new Payload.ResidentDischarged("R1", ResidentDischargeReason.HOSPITAL),
                parse(json(valid("residentDischarged"))).payload());
        assertEquals(new Payload.MarthasRuleAsk("P1", DailyAskRespondent.FAMILY, DailyAskAnswer.WORSE),
                parse(json(valid("marthasRuleAsk"))).payload());
        assertEquals(new Payload.SepsisScreen("P1", SepsisScreenOutcome.SEPSIS_SUSPECTED),
                parse(json(valid("sepsisScreen"))).payload());
    }

    @Test
    void timeWithAnOffsetIsTheSameInstant() throws Exception {
        Event e = parse(with("pulse", "time", q("2026-03-10T12:58:00+01:00")));
        assertEquals(Instant.parse("2026-03-10T11:58:00Z").toEpochMilli(), e.time());
    }

    @Test
    void optionalFieldsHaveTheirDefaults() throws Exception {
        assertEquals(-1, ((Payload.Movement) parse(without("admission", "age")).payload()).age());
        assertNull(((Payload.Movement) parse(without("discharge", "bed")).payload()).bed());
        assertNull(((Payload.DoseScheduled) parse(without("doseScheduled", "medicineClass")).payload()).medicineClass());
        // RCP: Scale 2 only by recorded clinical decision, so absent means Scale 1
        assertEquals(1, ((Payload.Observation) parse(without("observation", "spo2Scale")).payload()).vitals().spo2Scale());
        assertEquals(2, ((Payload.Observation) parse(with("observation", "spo2Scale", "2")).payload()).vitals().spo2Scale());
        // null is the same as absent
        assertEquals(-1, ((Payload.Movement) parse(with("admission", "age", "null")).payload()).age());
    }

    @Test
    void doseOutcomeReasonFollowsTheOutcome() throws Exception {
        Payload.DoseOutcome given = (Payload.DoseOutcome) parse(with("doseOutcome", "outcome", q("GIVEN"))).payload();
        assertNull(given.reason(), "a given dose has no omission reason");
        Payload.DoseOutcome silent = (Payload.DoseOutcome) parse(without("doseOutcome", "reason")).payload();
        assertEquals(OmissionReason.NO_REASON, silent.reason(), "an omission without a reason counts as no reason");
    }

    @Test
    void restore2NeedsSoftSignsOrVitals() throws Exception {
        Payload.Restore2 signsOnly = (Payload.Restore2) parse(without("restore2",
                EventParser.VITALS_FIELDS.toArray(String[]::new))).payload();
        assertNull(signsOnly.vitals());
        assertEquals(2, signsOnly.softSigns().size());

        Payload.Restore2 vitalsOnly = (Payload.Restore2) parse(without("restore2", "softSigns")).payload();
        assertEquals(List.of(), vitalsOnly.softSigns());
        assertEquals(37.9, vitalsOnly.vitals().temperature());

        Payload.Restore2 repeated = (Payload.Restore2) parse(with("restore2", "softSigns",
                "[\"RESTLESS\",\"RESTLESS\"]")).payload();
        assertEquals(List.of(SoftSign.RESTLESS), repeated.softSigns(), "a sign listed twice is one sign");

        Map<String, String> neither = valid("restore2");
        neither.keySet().removeAll(EventParser.VITALS_FIELDS);
        neither.remove("softSigns");
        assertRejected(json(neither), "softSigns", "soft signs");
        neither.put("softSigns", "[]");
        assertRejected(json(neither), "softSigns", "soft signs");
        neither.put("spo2Scale", "2");
        assertRejected(json(neither), "softSigns", "soft signs"); // the scale alone is not an observation

        Map<String, String> partial = valid("restore2");
        partial.keySet().removeAll(EventParser.VITALS_FIELDS);
        partial.put("temperature", "38.5");
        assertRejected(json(partial), "respirationRate", "missing field");
    }

    // ------------------------------------------------------------------ missing fields

    private static Stream<Arguments> requiredFields() {
        return wireTypes().flatMap(t -> required(t).stream().map(f -> Arguments.of(t, f)));
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("requiredFields")
    void missingFieldIsNamed(String type, String field) {
        assertRejected(without(type, field), field, "missing field");
    }

    @ParameterizedTest(name = "{0} with {1}: null")
    @MethodSource("requiredFields")
    void nullCountsAsMissing(String type, String field) {
        assertRejected(with(type, field, "null"), field, "missing field");
    }

    // ------------------------------------------------------------------ wrong JSON types

    private static Stream<Arguments> everyField() {
        return wireTypes().flatMap(t -> valid(t).keySet().stream().map(f -> Arguments.of(t, f)));
    }

    /** Every member, given a value of another JSON type: a string for a number or boolean, a number for a string. */
    @ParameterizedTest(name = "{0}.{1} of the wrong type")
    @MethodSource("everyField")
    void wrongTypeIsNamed(String type, String field) {
        String good = valid(type).get(field);
        String bad;
        if (good.startsWith("\"")) {
            bad = "42";
        } else if (good.startsWith("[")) {
            bad = q("RESTLESS");
        } else {
            bad = q(good); // 81 → "81", true → "true": numbers and booleans are not strings in schema v1
        }
        assertRejected(with(type, field, bad), field, "wrong type");
    }

    @ParameterizedTest(name = "{0}.{1} as an array")
    @MethodSource("everyField")
    void arraysOnlyWhereAListIsExpected(String type, String field) {
        if (!field.equals("softSigns")) {
            assertRejected(with(type, field, "[" + valid(type).get(field) + "]"), field, "wrong type");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1]", "[\"RESTLESS\", 2]", "[[\"RESTLESS\"]]", "[true]", "[null]"})
    void softSignsHoldOnlyStrings(String literal) {
        assertRejected(with("restore2", "softSigns", literal), "softSigns", "wrong type");
    }

    @ParameterizedTest(name = "{0}.{1} = {2}")
    @CsvSource({
            "admission, age, 81.5",
            "pulse, rating, 3.5",
            "observation, spo2Scale, 1.5",
            "staffing, registeredPlanned, 5.5",
            "staffing, unregisteredActual, 0.1",
    })
    void countsMustBeWholeNumbers(String type, String field, String value) throws Exception {
        assertRejected(with(type, field, value), field, "whole number");
        parse(with(type, field, value.substring(0, value.indexOf('.')) + ".0")); // 3.0 is the whole number 3
    }

    // ------------------------------------------------------------------ ranges

    @ParameterizedTest(name = "{0}.{1} = {2}")
    @CsvSource({
            "observation, respirationRate, -1", "observation, respirationRate, 80.5",
            "observation, spo2, -0.1", "observation, spo2, 100.1",
            "observation, spo2Scale, 0", "observation, spo2Scale, 3",
            "observation, systolicBp, -5", "observation, systolicBp, 301",
            "observation, pulse, -1", "observation, pulse, 300.5",
            "observation, temperature, 24.9", "observation, temperature, 45.1",
            "observation, temperature, 98.6", // Fahrenheit recorded as Celsius
            "observation, temperature, 1e400", // overflows to infinity
            "restore2, temperature, 46", "restore2, spo2, 101",
            "admission, age, -1", "admission, age, 131", "transfer, age, 200", "discharge, age, -3",
            "staffing, registeredPlanned, -1", "staffing, registeredActual, 501",
            "staffing, unregisteredPlanned, 1000", "staffing, unregisteredActual, -2",
            "pulse, rating, 0", "pulse, rating, 6",
    })
    void outOfRangeIsNamed(String type, String field, String value) {
        assertRejected(with(type, field, value), field, "out of range");
    }

    @ParameterizedTest(name = "{0}.{1} = {2}")
    @CsvSource({
            "observation, respirationRate, 0", "observation, respirationRate, 80",
            "observation, spo2, 0", "observation, spo2, 100",
            "observation, systolicBp, 0", "observation, systolicBp, 300",
            "observation, pulse, 0", "observation, pulse, 300",
            "observation, temperature, 25", "observation, temperature, 45",
            "admission, age, 0", "admission, age, 130",
            "staffing, registeredPlanned, 0", "staffing, registeredActual, 500",
            "pulse, rating, 1", "pulse, rating, 5",
    })
    void rangeBoundsAreInclusive(String type, String field, String value) throws Exception {
        parse(with(type, field, value));
    }

    // ------------------------------------------------------------------ enums

    @ParameterizedTest(name = "{0}.{1} = {2}")
    @CsvSource({
            "observation, consciousness, X", "observation, consciousness, a", "observation, consciousness, Alert",
            "doseOutcome, outcome, REFUSED", "doseOutcome, reason, FORGOT",
            "assessment, kind, vte", "staffing, shift, EVENING", "flag, flag, MRSA",
            "concern, raisedBy, VISITOR", "restore2, consciousness, NEW_CONFUSION",
            "residentDischarged, reason, DISCHARGED", "residentDischarged, reason, died",
            "marthasRuleAsk, asked, STAFF", "marthasRuleAsk, answer, WORSER", "marthasRuleAsk, answer, worse",
            "sepsisScreen, outcome, NEGATIVE", "sepsisScreen, outcome, sepsis_suspected",
    })
    void unknownEnumValueIsNamed(String type, String field, String value) {
        assertRejected(with(type, field, q(value)), field, "unknown value");
    }

    @Test
    void unknownSoftSignIsNamed() {
        assertRejected(with("restore2", "softSigns", "[\"RESTLESS\",\"HUNGRY\"]"), "softSigns", "unknown value");
    }

    // ------------------------------------------------------------------ type and envelope

    @ParameterizedTest
    @ValueSource(strings = {"admit", "Admission", "ADMISSION", "tick", "alertAck", "news2"})
    void unknownOrInternalTypeIsRejected(String type) {
        assertRejected(with("admission", "type", q(type)), "type", "unknown type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RVT-W99", "rvt-w12", "RVT-W12 ", "LTH"})
    void unknownUnitIsRejected(String unit) {
        assertRejected(with("admission", "unit", q(unit)), "unit", "unknown unit");
    }

    @ParameterizedTest(name = "{0}.{1}")
    @CsvSource({
            "admission, name", "admission, Patient", "admission, nhsNumber",
            "admission, respirationRate", // a field of another type
            "observation, bed", "pulse, patient", "staffing, patient", "restore2, patient", "observation, resident",
            "discharge, reason",
            "residentDischarged, patient", "marthasRuleAsk, raisedBy", "sepsisScreen, resident",
            "sepsisScreen, reason",
    })
    void unknownFieldIsRejected(String type, String field) {
        assertRejected(with(type, field, q("x")), field, "unknown field");
    }

    // ------------------------------------------------------------------ strings

    @ParameterizedTest(name = "{0}.{1} at {2} characters")
    @CsvSource({
            "admission, id, 64", "admission, patient, 64", "admission, bed, 16", "doseScheduled, doseId, 64",
            "doseScheduled, medicine, 128", "doseScheduled, medicineClass, 64", "restore2, resident, 64",
            "residentDischarged, resident, 64", "marthasRuleAsk, patient, 64", "sepsisScreen, patient, 64",
    })
    void stringsUpToTheirLimitPassAndOneMoreIsRejected(String type, String field, int max) throws Exception {
        parse(with(type, field, q("x".repeat(max))));
        assertRejected(with(type, field, q("x".repeat(max + 1))), field, "longer than " + max);
    }

    @ParameterizedTest(name = "{0}.{1}")
    @CsvSource({"admission, id", "admission, patient", "admission, bed", "admission, unit", "admission, type",
            "doseScheduled, medicine"})
    void blankStringsAreRejected(String type, String field) {
        assertRejected(with(type, field, q("")), field, "must not be empty");
        assertRejected(with(type, field, q("   ")), field, "must not be empty");
    }

    @Test
    void controlCharactersAreRejected() {
        assertRejected(with("admission", "patient", q("P\\u0007")), "patient", "control character");
        assertRejected(with("admission", "id", q("a\\nb")), "id", "control character");
    }

    /**
     * Found by an independent check: a bed of U+202E then "21B" was accepted and shown as "B12", and half of a
     * character (an unpaired surrogate) was kept as text. Characters beyond the Basic Multilingual Plane are whole.
     */
    @Test
    void bidirectionalControlsAndHalfCharactersAreRejected() throws Exception {
        assertRejected(with("admission", "bed", q("\\u202E21B")), "bed", "bidirectional");
        assertRejected(with("admission", "patient", q("p\\u2067x")), "patient", "bidirectional");
        assertRejected(with("admission", "patient", q("p\\uD800")), "patient", "unpaired surrogate");
        assertRejected(with("admission", "patient", q("p\\uDC00x")), "patient", "unpaired surrogate");
        parse(with("admission", "patient", q("p-\\uD83D\\uDE00"))); // an emoji, whole
        // words people paste keep their direction marks: a medicine's name in Arabic, with a right-to-left mark
        parse(with("doseScheduled", "medicine", q("\\u200F\\u062F\\u0648\\u0627\\u0621 500 mg")));
        assertRejected(with("doseScheduled", "medicine", q("x\\uD800")), "medicine", "unpaired surrogate");
    }

    // ------------------------------------------------------------------ time

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-03-10T11:58:00", "2026-03-10", "2026-03-10 11:58:00Z",
            "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "1741600000000", "2026-03-10T25:00:00Z"})
    void unparseableTimeIsRejected(String time) {
        assertRejected(with("admission", "time", q(time)), "time", "unparseable time");
    }

    /** Valid ISO-8601 with an offset, but beyond what epoch milliseconds hold: a 400, not an ArithmeticException. */
    @ParameterizedTest
    @ValueSource(strings = {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+300000000-01-01T00:00:00Z"})
    void timeBeyondEpochMillisIsRejected(String time) {
        assertRejected(with("admission", "time", q(time)), "time", "out of range");
        assertRejected(with("doseScheduled", "dueAt", q(time)), "dueAt", "out of range");
    }

    @Test
    void unparseableDueAtIsRejected() {
        assertRejected(with("doseScheduled", "dueAt", q("14:00")), "dueAt", "unparseable time");
    }

    @ParameterizedTest
    // a signed or longer year is ISO-8601's extended form, not yyyy-MM-dd (found by an HTTP audit: a staffing return
    // for +999999999-12-31 was journaled, and its shift's start overflowed in the staffing rule, on every replay too)
    @ValueSource(strings = {"2026-02-30", "10/03/2026", "2026-3-10", "2026-03-10T00:00:00Z", "+999999999-12-31",
            "-999999999-01-01", "+2026-03-10", "12026-03-10", "-0001-03-10"})
    void unparseableDateIsRejected(String date) {
        assertRejected(with("staffing", "date", q(date)), "date", "unparseable date");
    }

    @Test
    void timeMoreThanFiveMinutesAheadIsRejected() throws Exception {
        Instant limit = NOW.plusMillis(EventParser.MAX_FUTURE_MILLIS);
        parse(with("admission", "time", q(limit.toString())));
        assertRejected(with("admission", "time", q(limit.plusMillis(1).toString())), "time", "future");
        assertRejected(with("admission", "time", q("2027-01-01T00:00:00Z")), "time", "future");
        // dueAt is a schedule, not a clock reading: a dose due tomorrow is normal
        parse(with("doseScheduled", "dueAt", q(NOW.plusSeconds(86_400).toString())));
    }

    @Test
    void aTimeBeforeTheYear2000IsAnUnsetClock() throws Exception {
        parse(with("observation", "time", q("2000-01-01T00:00:00Z")));
        assertRejected(with("observation", "time", q("1999-12-31T23:59:59.999Z")), "time", "clock fault");
        assertRejected(with("observation", "time", q("1970-01-01T00:00:00Z")), "time", "clock fault");
        assertRejected(with("admission", "time", q("0001-01-01T00:00:00Z")), "time", "clock fault");
        // a dose's due time too: a critical dose due "1970" was accepted, counted nowhere and never alerted
        parse(with("doseScheduled", "dueAt", q("2000-01-01T00:00:00Z")));
        assertRejected(with("doseScheduled", "dueAt", q("1970-01-01T00:00:00Z")), "dueAt", "clock fault");
        assertRejected(with("doseScheduled", "dueAt", q("0000-01-01T00:00:00Z")), "dueAt", "clock fault");
        // the same on event time: a replay of a feed with an unset clock is as wrong
        EventParser eventTime = new EventParser(UNITS::contains, Clock.fixed(NOW, ZoneOffset.UTC), false);
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> eventTime.parse(
                with("admission", "time", q("1970-01-01T00:00:00Z")).getBytes(StandardCharsets.UTF_8)));
        assertEquals("time", e.field());
    }

    /**
     * A dose's due time and a roster's date lie at most six weeks after the event's own time, and not before 2000:
     * a dose due in 2200 or a shift of 9999-12-31 (or 0001-01-01) is a typing or interface fault, refused on either
     * clock (it was journaled and held for ever: found by an independent audit).
     */
    @Test
    void aScheduleOrRosterMoreThanSixWeeksAfterItsEventOrBefore2000IsAFault() throws Exception {
        Instant time = Instant.parse("2026-03-10T11:58:00Z"); // valid()'s
        Instant limit = time.plus(Duration.ofDays(EventParser.MAX_AHEAD_DAYS));
        parse(with("doseScheduled", "dueAt", q(limit.toString())));
        assertRejected(with("doseScheduled", "dueAt", q(limit.plusMillis(1).toString())), "dueAt", "42 days after");
        assertRejected(with("doseScheduled", "dueAt", q("2200-01-01T08:00:00Z")), "dueAt", "42 days after");
        assertRejected(with("doseScheduled", "dueAt", q("9999-12-31T23:59:59Z")), "dueAt", "42 days after");

        parse(with("staffing", "date", q("2026-04-21"))); // midnight on the 42nd day after the event
        assertRejected(with("staffing", "date", q("2026-04-22")), "date", "42 days after");
        assertRejected(with("staffing", "date", q("9999-12-31")), "date", "42 days after");
        parse(with("staffing", "date", q("2000-01-01")));
        assertRejected(with("staffing", "date", q("1999-12-31")), "date", "before 2000-01-01");
        assertRejected(with("staffing", "date", q("0001-01-01")), "date", "before 2000-01-01");

        EventParser eventTime = new EventParser(UNITS::contains, Clock.fixed(NOW, ZoneOffset.UTC), false);
        for (String json : List.of(with("staffing", "date", q("9999-12-31")),
                with("doseScheduled", "dueAt", q("2200-01-01T08:00:00Z")))) {
            assertThrows(InvalidEventException.class, () -> eventTime.parse(json.getBytes(StandardCharsets.UTF_8)),
                    "on event time too: " + json);
        }
    }

    /**
     * On event time a time may lie at most six weeks after the server's clock (the latest event time it applied), or
     * after the events before it in the same batch: one record dated 9999 leapt the clock eight thousand years and
     * held the engine firing every day's deadlines in between. Before the first event there is nothing to leap from.
     */
    @Test
    void onEventTimeATimeMoreThanSixWeeksAfterTheServersClockIsALeap() throws Exception {
        Instant latest = Instant.parse("2026-03-10T11:58:00Z");
        Instant limit = latest.plus(Duration.ofDays(EventParser.MAX_AHEAD_DAYS));
        EventParser eventTime = new EventParser(UNITS::contains, Clock.fixed(NOW, ZoneOffset.UTC), false,
                latest::toEpochMilli);
        eventTime.parse(with("admission", "time", q(limit.toString())).getBytes(StandardCharsets.UTF_8));
        for (Instant leap : List.of(limit.plusMillis(1), Instant.parse("9999-12-31T12:00:00Z"))) {
            InvalidEventException e = assertThrows(InvalidEventException.class, () -> eventTime.parse(
                    with("admission", "time", q(leap.toString())).getBytes(StandardCharsets.UTF_8)));
            assertEquals("time", e.field());
            assertTrue(e.getMessage().contains("42 days after the server's event-time clock"), e.getMessage());
        }
        // a batch moves on from its own events: each a month after the one before
        String steps = with("admission", "time", q(latest.plus(Duration.ofDays(30)).toString())) + "\n"
                + with("admission", "time", q(latest.plus(Duration.ofDays(60)).toString())) + "\n"
                + with("admission", "time", q(latest.plus(Duration.ofDays(90)).toString()));
        assertEquals(3, eventTime.parseBatch(steps.getBytes(StandardCharsets.UTF_8), 10).size());
        String leapInBatch = steps + "\n" + with("admission", "time", q("9999-12-31T12:00:00Z"));
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> eventTime.parseBatch(leapInBatch.getBytes(StandardCharsets.UTF_8), 10));
        assertEquals(3, e.index());
        // a first event has nothing to leap from; on the wall clock the 5-minute bound is the one
        new EventParser(UNITS::contains, Clock.fixed(NOW, ZoneOffset.UTC), false, () -> EventParser.NOT_STARTED)
                .parse(with("admission", "time", q("9999-12-31T12:00:00Z")).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void onEventTimeTheFutureIsTheSimulatedPresent() throws Exception {
        EventParser eventTime = new EventParser(UNITS::contains, Clock.fixed(NOW, ZoneOffset.UTC), false);
        Event e = eventTime.parse(with("admission", "time", q("2027-01-01T00:00:00Z")).getBytes(StandardCharsets.UTF_8));
        assertEquals(Instant.parse("2027-01-01T00:00:00Z").toEpochMilli(), e.time());
    }

    // ------------------------------------------------------------------ the document itself

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"id\":", "{\"id\":\"a\",}", "{'id':'a'}", "not json", "[]",
            "[{\"id\":\"a\"}]", "\"admission\"", "42", "null", "{\"id\":NaN}", "{\"id\" \"a\"}"})
    void malformedDocumentIsRejectedWithoutAField(String body) {
        InvalidEventException e = rejected(body);
        assertNull(e.field(), e.getMessage());
        // the sender's fault in plain words: none of the parser's own settings or source excerpts
        assertFalse(e.getMessage().contains("`") || e.getMessage().contains("Source:"), e.getMessage());
    }

    @Test
    void contentAfterTheObjectIsRejected() {
        String one = json(valid("pulse"));
        InvalidEventException e = rejected(one + one);
        assertNull(e.field());
        assertTrue(e.getMessage().contains("after the JSON object"), e.getMessage());
        assertNull(rejected(one + " x").field());
    }

    @Test
    void invalidUtf8IsRejected() {
        byte[] good = json(valid("admission")).getBytes(StandardCharsets.UTF_8);
        byte[] bad = good.clone();
        int at = new String(good, StandardCharsets.UTF_8).indexOf("P1");
        bad[at] = (byte) 0xC3; // a UTF-8 lead byte followed by an ASCII byte
        bad[at + 1] = (byte) 0x28;
        assertThrows(InvalidEventException.class, () -> PARSER.parse(bad));
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "type", "time", "unit", "patient", "bed"})
    void duplicateKeyIsRejected(String field) {
        String once = json(valid("admission"));
        String twice = once.substring(0, once.length() - 1) + "," + q(field) + ":" + valid("admission").get(field) + "}";
        assertRejected(twice, field, "more than once");
    }

    @Test
    void duplicateKeyIsRejectedEvenWhenTheValuesDiffer() {
        String once = json(valid("admission"));
        assertRejected(once.substring(0, once.length() - 1) + ",\"patient\":\"P2\"}", "patient", "more than once");
    }

    @Test
    void deeplyNestedArraysAreRejectedNotOverflowed() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> parse(with("restore2", "softSigns", deep)));
        assertFalse(e.getMessage().contains("`") || e.getMessage().contains("Source:"), e.getMessage());
        assertThrows(InvalidEventException.class, () -> parse(with("restore2", "softSigns", "[".repeat(5000))));
    }

    /**
     * Found by an HTTP audit: members were checked for repeats one against every earlier one, so a body of a hundred
     * thousand distinct members (1 MiB) took twelve seconds to refuse, on the event loop for an alert answer or a
     * NEWS2 score, and an 8 MiB one minutes: every request on that loop waited. No schema v1 object has more than a
     * couple of dozen members, so more than {@link JsonFields#MAX_MEMBERS} is refused as soon as it is read.
     */
    @Test
    void anObjectWithMoreMembersThanAnySchemaIsRefusedAtItsFirstExtraMember() {
        StringBuilder many = new StringBuilder(json(valid("admission")));
        many.setLength(many.length() - 1);
        for (int i = 0; i < 100_000; i++) {
            many.append(",\"m").append(i).append("\":0");
        }
        String body = many.append('}').toString();
        InvalidEventException e = rejected(body);
        assertEquals("m" + (JsonFields.MAX_MEMBERS - valid("admission").size()), e.field(), e.getMessage());
        assertTrue(e.getMessage().contains("more than " + JsonFields.MAX_MEMBERS + " members"), e.getMessage());
    }

    /**
     * Found by an HTTP audit: an array was read whole before anything was checked, so an alert answer whose "by" was
     * 1.6 million strings (8 MiB) held the event loop 1.5 s, and a restore2 event repeating one soft sign 100,000
     * times was accepted. No schema v1 array has more than {@link JsonFields#MAX_ITEMS} items.
     */
    @Test
    void anArrayLongerThanAnySchemaIsRefusedNamingItsField() throws InvalidEventException {
        String signs = "[" + "\"RESTLESS\",".repeat(100_000) + "\"RESTLESS\"]";
        InvalidEventException e = rejected(with("restore2", "softSigns", signs));
        assertEquals("softSigns", e.field(), e.getMessage());
        assertTrue(e.getMessage().contains("more than " + JsonFields.MAX_ITEMS + " items"), e.getMessage());
        String allSigns = java.util.Arrays.stream(SoftSign.values()).map(v -> q(v.name()))
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
        assertEquals(SoftSign.values().length,
                ((Payload.Restore2) parse(with("restore2", "softSigns", allSigns)).payload()).softSigns().size());
    }

    @Test
    void overlongNumberIsRejected() {
        assertThrows(InvalidEventException.class, () -> parse(with("pulse", "rating", "4" + "0".repeat(2000))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"patient", "bed", "unit", "extra"})
    void nestedObjectIsRejected(String field) {
        assertRejected(with("admission", field, "{\"value\":\"P1\"}"), field, "nested");
    }

    // ------------------------------------------------------------------ NDJSON batches

    private static byte[] lines(String... lines) {
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    private static String admission(String id, String patient) {
        Map<String, String> f = valid("admission");
        f.put("id", q(id));
        f.put("patient", q(patient));
        return json(f);
    }

    @Test
    void batchParsesEveryLineInOrder() throws Exception {
        List<Event> events = PARSER.parseBatch(lines(admission("a", "P1"), admission("b", "P2"), json(valid("pulse"))), 10);
        assertEquals(List.of("a", "b", "evt-1"), events.stream().map(Event::id).toList());
    }

    @Test
    void batchRejectionCarriesTheIndexOfTheBadEvent() {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> PARSER.parseBatch(
                lines(admission("a", "P1"), admission("b", "P2"), with("admission", "spo2", "97")), 10));
        assertEquals(2, e.index());
        assertEquals("spo2", e.field());

        InvalidEventException first = assertThrows(InvalidEventException.class, () -> PARSER.parseBatch(
                lines("{oops", admission("a", "P1")), 10));
        assertEquals(0, first.index());
        assertNull(first.field());
    }

    @Test
    void blankLinesAndCrlfAreIgnoredAndNotCounted() throws Exception {
        byte[] body = ("\n" + admission("a", "P1") + "\r\n\r\n   \n\t\n" + admission("b", "P2") + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(2, PARSER.parseBatch(body, 2).size());

        byte[] bad = ("\n\n" + admission("a", "P1") + "\n\n\n" + "{\"id\":1}\n").getBytes(StandardCharsets.UTF_8);
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> PARSER.parseBatch(bad, 10));
        assertEquals(1, e.index(), "the index counts events, not lines");
        assertEquals("id", e.field());
    }

    @Test
    void aRejectionNamesTheTypeOnceTheTypeIsKnownSoMetricsCountItByType() throws Exception {
        assertEquals(EventType.OBSERVATION, rejected(with("observation", "temperature", "385")).type(),
                "a later field failed: the sender meant an observation");
        assertEquals(EventType.RESTORE2, rejected(with("restore2", "unit", q("NOWHERE"))).type());
        assertNull(rejected(with("observation", "type", q("nonsense"))).type(), "an unknown type is no type");
        assertNull(rejected(without("observation", "type")).type());
        InvalidEventException inBatch = assertThrows(InvalidEventException.class, () -> PARSER.parseBatch(
                lines(admission("a", "P1"), with("assessment", "kind", q("NOPE"))), 10));
        assertEquals(1, inBatch.index());
        assertEquals(EventType.ASSESSMENT, inBatch.type(), "the batch index keeps the type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "\n\n  \r\n\t"})
    void batchWithoutEventsIsRejected(String body) {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> PARSER.parseBatch(body.getBytes(StandardCharsets.UTF_8), 10));
        assertNull(e.field());
        assertTrue(e.getMessage().contains("no events"), e.getMessage());
    }

    @Test
    void batchLargerThanTheLimitIsItsOwnRejection() throws Exception {
        String[] three = {admission("a", "P1"), admission("b", "P2"), admission("c", "P3")};
        assertEquals(3, PARSER.parseBatch(lines(three), 3).size());
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> PARSER.parseBatch(lines(three), 2));
        assertInstanceOf(EventParser.BatchTooLargeException.class, e);
        // the count is checked before the line is read: an oversized batch is refused even if it ends badly
        assertInstanceOf(EventParser.BatchTooLargeException.class, assertThrows(InvalidEventException.class,
                () -> PARSER.parseBatch(lines(three[0], three[1], "{bad"), 2)));
    }

    // ------------------------------------------------------------------ NEWS2 scoring bodies

    private static String vitalsJson() {
        Map<String, String> f = new LinkedHashMap<>();
        vitals(f);
        return json(f);
    }

    @Test
    void vitalsBodyTakesTheNews2FieldsOnly() throws Exception {
        assertEquals(new Vitals(18, 95, 1, false, 112, 92, Consciousness.A, 37.9),
                EventParser.parseVitals(vitalsJson().getBytes(StandardCharsets.UTF_8)));
        String withPatient = vitalsJson().replace("{", "{\"patient\":\"P1\",");
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> EventParser.parseVitals(withPatient.getBytes(StandardCharsets.UTF_8)));
        assertEquals("patient", e.field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"respirationRate", "spo2", "onOxygen", "systolicBp", "pulse", "consciousness", "temperature"})
    void vitalsBodyNamesTheMissingField(String field) {
        Map<String, String> f = new LinkedHashMap<>();
        vitals(f);
        f.remove(field);
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> EventParser.parseVitals(json(f).getBytes(StandardCharsets.UTF_8)));
        assertEquals(field, e.field());
    }
}
