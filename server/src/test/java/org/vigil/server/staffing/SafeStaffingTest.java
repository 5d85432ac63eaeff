package org.vigil.server.staffing;

import org.vigil.server.TestJson;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.events.Consciousness;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.events.Shift;
import org.vigil.events.Vitals;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.alerts.AlertState;
import org.vigil.server.rules.EngineState;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NICE SG1 (2014) red flags, Safer Staffing fill rates and CHPPD, driven through a real EngineState. */
class SafeStaffingTest {
    private static final String WARD = "RVT-W12"; // day 07:30, night 19:30: 12-hour shifts
    private static final String DATE = "2026-11-23"; // GMT: UTC is local time
    private static final long MIN = 60_000L;
    private static final String RN_SHORTFALL = DATE + "/DAY/RN_SHORTFALL";
    private static final String FEWER_THAN_TWO = DATE + "/DAY/FEWER_THAN_TWO_RNS";

    /** Wards whose day shift is 1 hour (heads are hours, for NICE's worked examples) and 8 hours. */
    private static final String HOURS_ORG = """
            system: { id: T, name: Test }
            places:
              - id: P
                name: Place
                trusts:
                  - id: TR
                    name: Trust
                    wards:
                      - { id: T-1H, name: "One-hour day shift", beds: 60, shifts: { day: "07:00", night: "08:00" } }
                      - { id: T-8H, name: "Eight-hour day shift", beds: 30, shifts: { day: "07:00", night: "15:00" } }
            """;

    private static long ids;
    private EngineState state;

    @BeforeEach
    void setUp() throws IOException {
        state = new EngineState(OrganisationLoader.demo());
    }

    static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    static Event event(EventType type, long time, String unit, Payload payload) {
        return new Event("s-" + ++ids, type, time, unit, payload);
    }

    static Event staffing(long time, String unit, String date, Shift shift, int rnPlanned, int rnActual,
                          int unregPlanned, int unregActual) {
        return event(EventType.STAFFING, time, unit,
                new Payload.Staffing(date, shift, rnPlanned, rnActual, unregPlanned, unregActual));
    }

    static Event tick(long time) {
        return new Event(null, EventType.TICK, time, null, Payload.Tick.INSTANCE);
    }

    /** Admits and observes (NEWS2 0, due again in 12 h), so the first-set rule adds no red flag of its own. */
    private void admit(int patients, long time) {
        for (int i = 1; i <= patients; i++) {
            state.apply(event(EventType.ADMISSION, time, WARD, new Payload.Movement("p" + i, "B" + i, 70)));
            state.apply(event(EventType.OBSERVATION, time, WARD, new Payload.Observation("p" + i,
                    new Vitals(16, 97, 1, false, 125, 72, Consciousness.A, 37.0))));
        }
    }

    private JsonObject staffing() {
        return TestJson.unit(state, WARD).getJsonObject("staffing");
    }

    private Alert redFlag(String subject) {
        return redFlag(WARD, subject);
    }

    private Alert redFlag(String unit, String subject) {
        return state.alerts().active(unit, AlertKind.STAFFING_RED_FLAG, subject);
    }

    private int redFlagsToday(SafeStaffingRedFlag flag) {
        return staffing().getJsonObject("redFlagsTodayByType").getInteger(flag.name());
    }

    // --- red flag 5: registered nurse shortfall ---------------------------------------------------------------

    @ParameterizedTest(name = "{0}: {1} h planned, {2} h actual → flag {3}")
    @CsvSource({
            // NICE SG1 worked example: a 40-hour requirement flags below 32 hours (8 h is reached before 25 %)
            "T-1H, 40, 32, false",
            "T-1H, 40, 31, true",
            // NICE SG1 worked example: a 15-hour requirement flags at 11 hours or less (25 % = 3.75 h first)
            "T-1H, 15, 12, false",
            "T-1H, 15, 11, true",
            "T-1H, 15, 10, true",
            // 25 % exactly is not a flag, more is
            "T-1H, 20, 15, false",
            "T-1H, 20, 14, true",
            // both thresholds exactly (32 h: 8 h = 25 %)
            "T-1H, 32, 24, false",
            "T-1H, 32, 23, true",
            // 8 hours exactly is not a flag even when well under 25 %; 9 hours is
            "T-1H, 100, 92, false",
            "T-1H, 100, 91, true",
            // nobody planned, or more than planned: no shortfall
            "T-1H, 0, 0, false",
            "T-1H, 10, 12, false",
            // 8-hour shifts: 5 nurses planned (40 h), 4 on shift is exactly 8 h short, 3 is 16 h short
            "T-8H, 5, 4, false",
            "T-8H, 5, 3, true",
    })
    void registeredNurseShortfall(String ward, int planned, int actual, boolean flagged) throws IOException {
        Organisation org = OrganisationLoader.load(
                new ByteArrayInputStream(HOURS_ORG.getBytes(StandardCharsets.UTF_8)), "test organisation");
        EngineState s = new EngineState(org);
        // 07:00 local: the start of both wards' day shift
        s.apply(staffing(at(DATE + "T07:00:00Z"), ward, DATE, Shift.DAY, planned, actual, 2, 2));
        Alert a = s.alerts().active(ward, AlertKind.STAFFING_RED_FLAG, RN_SHORTFALL);
        assertEquals(flagged, a != null);
        assertEquals(flagged ? 1 : 0, TestJson.unit(s, ward).getJsonObject("staffing")
                .getJsonObject("redFlagsTodayByType").getInteger("RN_SHORTFALL"));
        if (flagged) {
            assertNull(a.patient());
            assertNull(a.bed());
            assertEquals(AlertState.RAISED, a.state());
            assertTrue(a.detail().startsWith(SafeStaffingRedFlag.RN_SHORTFALL.description()), a.detail());
        }
    }

    @ParameterizedTest(name = "{0} planned, {1} on shift → flag {2}")
    @CsvSource({
            "4, 4, false",
            "4, 3, true",  // 12 h short: one nurse fewer on a 12-hour shift is always more than 8 hours
            "4, 5, false",
            "2, 1, true",
    })
    void oneNurseFewerOnATwelveHourShiftIsAShortfall(int planned, int actual, boolean flagged) {
        state.apply(staffing(at(DATE + "T08:00:00Z"), WARD, DATE, Shift.DAY, planned, actual, 3, 3));
        assertEquals(flagged, redFlag(RN_SHORTFALL) != null);
        if (flagged) {
            assertEquals("registered nurse time short by more than 8 hours or 25%: " + 12 * actual + " of "
                    + 12 * planned + " planned registered nurse hours", redFlag(RN_SHORTFALL).detail());
        }
    }

    // --- red flag 6: fewer than 2 registered nurses -----------------------------------------------------------

    @ParameterizedTest(name = "{1} registered nurses on shift ({0} planned) → flag {2}")
    @CsvSource({
            "2, 0, true",
            "2, 1, true",
            "2, 2, false",
            "1, 1, true",  // planning for one does not make one enough
            "0, 0, true",
            "3, 3, false",
    })
    void fewerThanTwoRegisteredNurses(int planned, int actual, boolean flagged) {
        state.apply(staffing(at(DATE + "T08:00:00Z"), WARD, DATE, Shift.DAY, planned, actual, 3, 3));
        Alert a = redFlag(FEWER_THAN_TWO);
        assertEquals(flagged, a != null);
        assertEquals(flagged ? 1 : 0, redFlagsToday(SafeStaffingRedFlag.FEWER_THAN_TWO_RNS));
        if (flagged) {
            assertEquals("fewer than 2 registered nurses on shift: " + actual + " on shift (" + planned + " planned)",
                    a.detail());
        }
    }

    @Test
    void theNightShiftIsJudgedOnItsOwn() {
        state.apply(staffing(at(DATE + "T20:00:00Z"), WARD, DATE, Shift.NIGHT, 3, 1, 2, 2));
        assertNotNull(redFlag(DATE + "/NIGHT/FEWER_THAN_TWO_RNS"));
        assertNotNull(redFlag(DATE + "/NIGHT/RN_SHORTFALL"));
        assertNull(redFlag(FEWER_THAN_TWO));
        assertEquals(2, staffing().getInteger("redFlagsToday"));
        assertEquals(2, staffing().getJsonObject("night").getInteger("redFlags"));
    }

    @Test
    void aLaterReportResolvesTheFlagAndAnOlderOneArrivingLateIsIgnored() {
        state.apply(staffing(at(DATE + "T08:00:00Z"), WARD, DATE, Shift.DAY, 4, 3, 3, 3));
        Alert raised = redFlag(RN_SHORTFALL);
        assertNotNull(raised);

        state.apply(staffing(at(DATE + "T09:00:00Z"), WARD, DATE, Shift.DAY, 4, 4, 3, 3));
        assertNull(redFlag(RN_SHORTFALL), "a bank nurse arrived: no longer short");
        assertEquals(AlertState.RESOLVED, raised.state());
        assertEquals(1, redFlagsToday(SafeStaffingRedFlag.RN_SHORTFALL), "the red flag happened and stays counted");

        // a report made at 08:30 but delivered after the 09:00 one: the 09:00 figures stand
        state.apply(staffing(at(DATE + "T08:30:00Z"), WARD, DATE, Shift.DAY, 4, 1, 3, 3));
        assertNull(redFlag(RN_SHORTFALL));
        assertNull(redFlag(FEWER_THAN_TWO));
        assertEquals(4, staffing().getJsonObject("day").getInteger("registeredActual"));

        // short again later the same shift: the same red flag, still counted once
        state.apply(staffing(at(DATE + "T11:00:00Z"), WARD, DATE, Shift.DAY, 4, 3, 3, 3));
        assertNotNull(redFlag(RN_SHORTFALL));
        assertEquals(1, redFlagsToday(SafeStaffingRedFlag.RN_SHORTFALL));
        assertEquals(1, staffing().getInteger("redFlagsToday"));
    }

    @Test
    void aRosterSentAheadOfTheShiftIsJudgedWhenTheShiftStarts() {
        // 06:00 is still the night of the 22nd; the day shift's roster has no actuals yet
        state.apply(staffing(at(DATE + "T06:00:00Z"), WARD, DATE, Shift.DAY, 4, 0, 3, 0));
        state.apply(staffing(at(DATE + "T06:30:00Z"), WARD, "2026-11-24", Shift.DAY, 4, 0, 3, 0));
        assertNull(redFlag(RN_SHORTFALL));
        assertNull(redFlag(FEWER_THAN_TWO));
        state.apply(staffing(at(DATE + "T07:00:00Z"), WARD, DATE, Shift.DAY, 4, 1, 3, 3));
        state.apply(tick(at(DATE + "T07:29:59Z")));
        assertNull(redFlag(FEWER_THAN_TWO));

        state.apply(tick(at(DATE + "T07:30:00Z")));
        assertNotNull(redFlag(FEWER_THAN_TWO), "judged on the latest report once the shift starts");
        assertNotNull(redFlag(RN_SHORTFALL));
        assertEquals(2, staffing().getInteger("redFlagsToday"));
        assertNull(redFlag("2026-11-24/DAY/FEWER_THAN_TWO_RNS"), "tomorrow's roster is not judged today");
    }

    @Test
    void aRosterCorrectedBeforeTheShiftStartsRaisesNothing() {
        state.apply(staffing(at(DATE + "T06:00:00Z"), WARD, DATE, Shift.DAY, 4, 1, 3, 3));
        state.apply(staffing(at(DATE + "T07:00:00Z"), WARD, DATE, Shift.DAY, 4, 4, 3, 3));
        state.apply(tick(at(DATE + "T07:30:00Z")));
        assertNull(redFlag(FEWER_THAN_TWO));
        assertEquals(0, staffing().getInteger("redFlagsToday"));
    }

    @Test
    void theRedFlagEndsWithItsShiftButStaysCountedForTheDay() {
        state.apply(staffing(at(DATE + "T08:00:00Z"), WARD, DATE, Shift.DAY, 4, 1, 3, 3));
        Alert a = redFlag(FEWER_THAN_TWO);
        state.apply(tick(at(DATE + "T19:29:59Z")));
        assertTrue(a.state().active());
        state.apply(tick(at(DATE + "T19:30:00Z")));
        assertEquals(AlertState.RESOLVED, a.state());
        assertTrue(TestJson.alert(a).getString("resolution").contains("shift ended"));
        assertEquals(2, staffing().getInteger("redFlagsToday"));
    }

    @Test
    void inTheSmallHoursTheWallShowsTheNightOnDutyAndItsRedFlags() {
        state.apply(staffing(at(DATE + "T19:00:00Z"), WARD, DATE, Shift.NIGHT, 2, 1, 2, 2));
        state.apply(tick(at("2026-11-24T03:00:00Z")));
        assertEquals(DATE, staffing().getJsonObject("currentShift").getString("date"));
        assertEquals(DATE, staffing().getJsonObject("night").getString("date"), "the night rostered on the 23rd");
        assertTrue(staffing().getJsonObject("night").getBoolean("reported"));
        assertEquals(2, staffing().getInteger("redFlagsToday"), "its red flags, while it is on duty");
        state.apply(tick(at("2026-11-24T07:29:59.999Z")));
        assertEquals(DATE, staffing().getJsonObject("day").getString("date"));
        state.apply(tick(at("2026-11-24T07:30:00Z")));
        assertEquals("2026-11-24", staffing().getJsonObject("day").getString("date"), "the 24th's day shift begins");
        assertEquals(0, staffing().getInteger("redFlagsToday"));
    }

    @Test
    void aReportForAShiftAlreadyOverRaisesNothing() {
        state.apply(tick(at("2026-11-24T10:00:00Z")));
        state.apply(staffing(at("2026-11-24T10:00:00Z"), WARD, DATE, Shift.NIGHT, 4, 1, 3, 3));
        assertNull(redFlag(DATE + "/NIGHT/FEWER_THAN_TWO_RNS"));
        assertEquals(0, staffing().getInteger("redFlagsToday"), "counted on the 23rd, not today (the 24th)");
    }

    @Test
    void aStaffingRedFlagEscalatesWhenNobodyAcknowledgesIt() {
        state.apply(staffing(at(DATE + "T08:00:00Z"), WARD, DATE, Shift.DAY, 4, 1, 3, 3));
        state.apply(tick(at(DATE + "T08:15:00Z")));
        assertEquals(AlertState.ESCALATED, redFlag(FEWER_THAN_TWO).state(), "HIGH ladder: its second rung at 15 min");
    }

    // --- fill rates, hours, CHPPD ------------------------------------------------------------------------------

    @ParameterizedTest(name = "RN {1} ({0}), HCA {3} ({2}) → {4} %, {5} %")
    @CsvSource(nullValues = "null", value = {
            // the reference dashboard's day shift: Registered 4 (5), Unregistered 9 (9)
            "5, 4, 9, 9, 80.0, 100.0",
            // more staff than planned: over 100 % is allowed
            "4, 5, 7, 8, 125.0, 114.3",
            // nothing planned: no rate
            "0, 2, 0, 0, null, null",
            "3, 0, 2, 1, 0.0, 50.0",
    })
    void fillRateIsActualOverPlannedHours(int rnPlanned, int rnActual, int unPlanned, int unActual,
                                          Double rnRate, Double unRate) {
        state.apply(staffing(at(DATE + "T08:00:00Z"), WARD, DATE, Shift.DAY, rnPlanned, rnActual, unPlanned, unActual));
        JsonObject day = staffing().getJsonObject("day");
        assertEquals(rnRate, day.getDouble("registeredFillRatePercent"));
        assertEquals(unRate, day.getDouble("unregisteredFillRatePercent"));
        assertEquals(12.0, day.getDouble("shiftHours"));
        assertEquals(12.0 * rnPlanned, day.getDouble("registeredPlannedHours"));
        assertEquals(12.0 * rnActual, day.getDouble("registeredActualHours"));
        assertEquals(12.0 * unPlanned, day.getDouble("unregisteredPlannedHours"));
        assertEquals(12.0 * unActual, day.getDouble("unregisteredActualHours"));
        assertEquals(rnPlanned, day.getInteger("registeredPlanned"));
        assertEquals(unActual, day.getInteger("unregisteredActual"));
    }

    @Test
    void theReferenceDashboardsStaffingAndItsCareHoursPerPatientDay() {
        admit(22, at(DATE + "T06:00:00Z"));
        state.apply(staffing(at(DATE + "T08:00:00Z"), WARD, DATE, Shift.DAY, 5, 4, 9, 9));
        JsonObject s = staffing();
        assertEquals(DATE, s.getJsonObject("day").getString("date"));
        assertFalse(s.getJsonObject("night").getBoolean("reported"));
        assertNull(s.getJsonObject("night").getInteger("registeredActual"));
        assertEquals(new JsonObject().put("date", DATE).put("shift", "DAY"), s.getJsonObject("currentShift"));
        // so far: (4 + 9) × 12 h ÷ 22 patients = 7.09
        assertEquals(7.1, s.getDouble("chppd"));
        // and NICE SG1 flags that day shift: 4 of 5 RNs is 12 h of 60 short, only 20 % but more than 8 h
        assertNotNull(redFlag(RN_SHORTFALL));

        state.apply(staffing(at(DATE + "T19:45:00Z"), WARD, DATE, Shift.NIGHT, 4, 4, 7, 7));
        // (4 + 9 + 4 + 7) × 12 h = 288 h ÷ 22 = 13.09
        assertEquals(13.1, staffing().getDouble("chppd"));
        assertNull(redFlag(RN_SHORTFALL), "the day shift is over");
        assertEquals(1, redFlagsToday(SafeStaffingRedFlag.RN_SHORTFALL), "but its red flag counts for the day");
    }

    @Test
    void chppdOfADayThatIsOverUsesTheCensusAtMidnight() {
        admit(22, at(DATE + "T06:00:00Z"));
        state.apply(staffing(at(DATE + "T08:00:00Z"), WARD, DATE, Shift.DAY, 5, 5, 9, 9));
        state.apply(staffing(at(DATE + "T19:45:00Z"), WARD, DATE, Shift.NIGHT, 4, 4, 7, 7));
        assertNull(staffing().getDouble("chppdYesterday"));
        state.apply(event(EventType.DISCHARGE, at("2026-11-24T01:00:00Z"), WARD, new Payload.Movement("p1", null, -1)));
        state.apply(event(EventType.DISCHARGE, at("2026-11-24T01:00:00Z"), WARD, new Payload.Movement("p2", null, -1)));
        JsonObject s = staffing();
        // in the small hours the tiles are the night on duty's date, the 23rd, which is over:
        // (5 + 9 + 4 + 7) × 12 h = 300 h ÷ 22 patients in beds at midnight = 13.6 (not ÷ the 20 there now)
        assertEquals(13.6, s.getDouble("chppd"));
        assertNull(s.getDouble("chppdYesterday"), "nothing reported for the 22nd");
        assertEquals(DATE, s.getJsonObject("day").getString("date"));
        assertEquals(new JsonObject().put("date", DATE).put("shift", "NIGHT"), s.getJsonObject("currentShift"));
        state.apply(tick(at("2026-11-24T07:30:00Z")));
        s = staffing();
        assertEquals(13.6, s.getDouble("chppdYesterday"));
        assertNull(s.getDouble("chppd"), "nothing reported yet for the 24th");
        assertEquals("2026-11-24", s.getJsonObject("day").getString("date"));
    }

    /**
     * A shift's start rebuilds every unit's snapshot, so a wall names the shift that is on now even when nothing
     * happens on the ward (found by an independent check: a live wall said DAY at 20:30 while time travel to the
     * same instant said NIGHT). The turn falls at the earliest ward's shift start.
     */
    @Test
    void aShiftStartMakesTheWardsSnapshotBeBuiltAgain() {
        // the clock starts past the 19:00 turn (wards whose night starts then), and W12 has no deadline of its own
        // before its night report falls due at 20:30: the next turn is 19:30
        state.apply(event(EventType.PULSE, at(DATE + "T19:10:00Z"), "RVT-W21", new Payload.Pulse(4)));
        state.drainChanged();
        state.apply(org.vigil.server.engine.Events.tick(at(DATE + "T19:29:59.999Z")));
        assertFalse(state.drainChanged().contains(WARD), "nothing has changed on the ward yet");
        state.apply(org.vigil.server.engine.Events.tick(at(DATE + "T19:45:00Z"))); // W12's night began at 19:30
        assertTrue(state.drainChanged().contains(WARD));
        assertEquals(new JsonObject().put("date", DATE).put("shift", "NIGHT"), staffing().getJsonObject("currentShift"));
    }

    @Test
    void chppdWithNobodyOnTheWardIsUndefined() {
        state.apply(staffing(at(DATE + "T08:00:00Z"), WARD, DATE, Shift.DAY, 5, 5, 9, 9));
        assertNull(staffing().getDouble("chppd"));
    }

    @Test
    void theNightTheClocksGoBackIsThirteenHours() {
        state.apply(staffing(at("2026-10-24T18:45:00Z"), WARD, "2026-10-24", Shift.NIGHT, 4, 4, 2, 2));
        JsonObject night = staffing().getJsonObject("night");
        assertEquals(13.0, night.getDouble("shiftHours"));
        assertEquals(52.0, night.getDouble("registeredActualHours"));
        assertEquals(100.0, night.getDouble("registeredFillRatePercent"));
    }

    // --- patients per registered nurse (a warning, not a red flag) ---------------------------------------------

    @ParameterizedTest(name = "{0} patients, {1} RNs → {2} per RN, warning {3}")
    @CsvSource(nullValues = "null", value = {
            "24, 3, 8.0, false",
            "25, 3, 8.3, true",
            "27, 3, 9.0, true",
            "8, 2, 4.0, false",
            "16, 2, 8.0, false",
            "18, 2, 9.0, true",
    })
    void patientsPerRegisteredNurseOnTheDayShift(int patients, int rns, Double ratio, boolean warning) {
        admit(patients, at(DATE + "T06:00:00Z"));
        state.apply(staffing(at(DATE + "T08:00:00Z"), WARD, DATE, Shift.DAY, rns, rns, 3, 3));
        JsonObject s = staffing();
        assertEquals(ratio, s.getDouble("patientsPerRegisteredNurseDay"));
        assertEquals(warning, s.getBoolean("patientsPerRegisteredNurseWarning"));
        assertEquals(0, s.getInteger("redFlagsToday"), "NICE SG1: more than 8 per RN is not a red flag");
        assertTrue(state.alerts().active(WARD).isEmpty());
    }

    @Test
    void noRegisteredNurseWithPatientsIsAWarningWithoutARatio() {
        admit(1, at(DATE + "T06:00:00Z"));
        state.apply(staffing(at(DATE + "T08:00:00Z"), WARD, DATE, Shift.DAY, 2, 0, 3, 3));
        assertNull(staffing().getDouble("patientsPerRegisteredNurseDay"));
        assertTrue(staffing().getBoolean("patientsPerRegisteredNurseWarning"));
    }

    @Test
    void withoutAReportThereIsNoRatioAndNoWarning() {
        admit(20, at(DATE + "T06:00:00Z"));
        JsonObject s = staffing();
        assertNull(s.getDouble("patientsPerRegisteredNurseDay"));
        assertFalse(s.getBoolean("patientsPerRegisteredNurseWarning"));
        assertEquals(0, s.getInteger("redFlagsToday"));
        for (SafeStaffingRedFlag f : SafeStaffingRedFlag.values()) {
            assertEquals(0, s.getJsonObject("redFlagsTodayByType").getInteger(f.name()));
        }
    }

    // --- red flag 3 from the observation schedule, through the RedFlagSink --------------------------------------

    /** NEWS2 3 from a single parameter (new confusion): hourly observations (RCP NEWS2 Chart 4). */
    private static Vitals singleThree() {
        return new Vitals(16, 97, 1, false, 125, 72, Consciousness.C, 37.0);
    }

    private void observe(long time, String patient) {
        state.apply(event(EventType.OBSERVATION, time, WARD, new Payload.Observation(patient, singleThree())));
    }

    @Test
    void vitalSignsNotRecordedIsOneAlertPerShiftCountingEachOccurrenceOnce() {
        String subject = DATE + "/DAY/VITAL_SIGNS_NOT_RECORDED";
        admit(2, at(DATE + "T06:00:00Z"));
        observe(at(DATE + "T08:00:00Z"), "p1");
        observe(at(DATE + "T08:30:00Z"), "p2");
        state.apply(tick(at(DATE + "T09:00:00.001Z"))); // p1's hourly set was due by 09:00
        Alert a = redFlag(subject);
        assertNotNull(a);
        assertNull(a.patient());
        assertEquals("vital signs not recorded as planned: 1 this shift", a.detail());

        state.apply(tick(at(DATE + "T09:30:00.001Z"))); // p2's too
        assertEquals("vital signs not recorded as planned: 2 this shift", redFlag(subject).detail());
        assertEquals(2, redFlagsToday(SafeStaffingRedFlag.VITAL_SIGNS_NOT_RECORDED));

        // p1's 08:00 set resent late by the feed: the same missed set is reported again and counted once
        observe(at(DATE + "T08:00:00Z"), "p1");
        assertEquals(2, redFlagsToday(SafeStaffingRedFlag.VITAL_SIGNS_NOT_RECORDED));
        assertEquals("vital signs not recorded as planned: 2 this shift", redFlag(subject).detail());

        // p1 observed, then misses the next hourly set: a new occurrence on the same alert
        observe(at(DATE + "T09:40:00Z"), "p1");
        state.apply(tick(at(DATE + "T10:40:00.001Z")));
        assertEquals("vital signs not recorded as planned: 3 this shift", redFlag(subject).detail());
        assertEquals(1, state.alerts().find(x -> x.kind() == AlertKind.STAFFING_RED_FLAG).size());

        state.apply(tick(at(DATE + "T19:30:00Z")));
        assertEquals(AlertState.RESOLVED, a.state(), "resolved when the shift ends");
        assertEquals(3, redFlagsToday(SafeStaffingRedFlag.VITAL_SIGNS_NOT_RECORDED));
        assertEquals(3, staffing().getInteger("redFlagsToday"));
        assertEquals(3, staffing().getJsonObject("day").getInteger("redFlags"));
    }

    /**
     * NICE SG1 red flag 3 is vital signs "not assessed or recorded as outlined in the care plan": a set taken by its
     * due time (Chart 4's interval, inclusive) but arriving after the deadline fired was assessed on time, so the
     * red flag is withdrawn with the overdue alert, as an omission corrected to given within its window is for
     * red flag 1; a set taken after the due time leaves it counted.
     */
    @Test
    void aSetTakenInTimeButSentAfterTheDeadlineWithdrawsRedFlagThree() {
        String subject = DATE + "/DAY/VITAL_SIGNS_NOT_RECORDED";
        admit(2, at(DATE + "T06:00:00Z"));
        observe(at(DATE + "T08:00:00Z"), "p1"); // hourly: due by 09:00
        observe(at(DATE + "T08:00:00Z"), "p2");
        state.apply(tick(at(DATE + "T09:02:00Z")));
        assertNotNull(redFlag(subject));
        assertEquals(2, redFlagsToday(SafeStaffingRedFlag.VITAL_SIGNS_NOT_RECORDED));

        observe(at(DATE + "T09:00:00Z"), "p1"); // taken at exactly its due time, sent two minutes later
        assertEquals(1, redFlagsToday(SafeStaffingRedFlag.VITAL_SIGNS_NOT_RECORDED), "p1's set was on time");
        assertEquals("vital signs not recorded as planned: 1 this shift", redFlag(subject).detail());

        observe(at(DATE + "T09:00:00.001Z"), "p2"); // one millisecond late: the red flag stands
        assertEquals(1, redFlagsToday(SafeStaffingRedFlag.VITAL_SIGNS_NOT_RECORDED));
        assertNotNull(redFlag(subject));
    }

    @Test
    void aFirstSetTakenInTimeButSentLateLeavesNoRedFlag() {
        String subject = DATE + "/DAY/VITAL_SIGNS_NOT_RECORDED";
        state.apply(event(EventType.ADMISSION, at(DATE + "T08:00:00Z"), WARD, new Payload.Movement("p1", "B1", 70)));
        state.apply(tick(at(DATE + "T09:05:00Z"))); // the first set was due within 60 min
        assertNotNull(redFlag(subject));
        observe(at(DATE + "T08:55:00Z"), "p1");
        assertNull(redFlag(subject), "no vital signs red flag left on the shift: its alert resolves");
        assertEquals(0, redFlagsToday(SafeStaffingRedFlag.VITAL_SIGNS_NOT_RECORDED));
    }

    @Test
    void aMissedSetInTheNightCountsAgainstTheNightShift() {
        admit(1, at(DATE + "T06:00:00Z"));
        observe(at(DATE + "T19:00:00Z"), "p1");
        state.apply(tick(at(DATE + "T20:00:00.001Z")));
        assertNull(redFlag(DATE + "/DAY/VITAL_SIGNS_NOT_RECORDED"));
        assertNotNull(redFlag(DATE + "/NIGHT/VITAL_SIGNS_NOT_RECORDED"));
        assertEquals(1, staffing().getJsonObject("night").getInteger("redFlags"));
        state.apply(tick(at("2026-11-24T07:30:00Z")));
        assertNull(redFlag(DATE + "/NIGHT/VITAL_SIGNS_NOT_RECORDED"), "the night ends at 07:30");
    }

    // --- care homes --------------------------------------------------------------------------------------------

    @Test
    void careHomesAreNotInpatientWards() {
        state.apply(staffing(at(DATE + "T08:00:00Z"), "CH-OAKS", DATE, Shift.DAY, 2, 0, 3, 3));
        assertNull(TestJson.unit(state, "CH-OAKS").getJsonObject("staffing"));
        List<Alert> flags = state.alerts().find(x -> x.kind() == AlertKind.STAFFING_RED_FLAG);
        assertTrue(flags.isEmpty());
    }
}
