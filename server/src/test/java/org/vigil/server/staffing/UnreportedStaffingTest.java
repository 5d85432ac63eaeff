package org.vigil.server.staffing;

import org.vigil.server.TestJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.events.Shift;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.alerts.AlertState;
import org.vigil.server.alerts.Severity;
import org.vigil.server.rules.EngineState;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.organisation.TestOrganisations;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shift with no staffing report 60 minutes (policy) after it starts raises STAFFING_NOT_REPORTED instead of
 * silence: without a report NICE SG1 red flags 5 and 6 cannot be judged. RVT-W12's day shift is 07:30–19:30;
 * 2026-11-23 is GMT.
 */
class UnreportedStaffingTest {
    private static final String WARD = "RVT-W12";
    private static final String DATE = "2026-11-23";
    private static final long MIN = 60_000L;
    private static final long DAY_START = at(DATE + "T07:30:00Z");
    private static final long NIGHT_START = at(DATE + "T19:30:00Z");

    private EngineState state;
    private int ids;

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @BeforeEach
    void engine() throws IOException {
        state = new EngineState(OrganisationLoader.demo());
        clock(at(DATE + "T06:00:00Z")); // watching starts during the night shift of the 22nd
    }

    private void clock(long t) {
        state.apply(new Event(null, EventType.TICK, t, null, Payload.Tick.INSTANCE));
    }

    private void report(String unit, long time, String date, Shift shift) {
        state.apply(new Event("st-" + ++ids, EventType.STAFFING, time, unit,
                new Payload.Staffing(date, shift, 5, 5, 4, 4)));
    }

    private List<Alert> notReported(String unit) {
        return state.alerts().find(a -> a.kind() == AlertKind.STAFFING_NOT_REPORTED && a.unit().equals(unit));
    }

    private boolean flag(String unit) {
        return TestJson.unit(state, unit).getBoolean("staffingNotReported");
    }

    @Test
    void aShiftWithoutAReportSixtyMinutesAfterItStartsRaisesTheAlert() {
        clock(DAY_START + 60 * MIN);
        assertTrue(notReported(WARD).isEmpty(), "within 60 minutes includes the 60th");
        assertFalse(flag(WARD));
        clock(DAY_START + 60 * MIN + 1);
        Alert a = notReported(WARD).get(0);
        assertEquals(DATE + "/DAY", a.subject());
        assertEquals(Severity.MEDIUM, a.severity());
        assertNull(a.bed());
        assertTrue(a.detail().contains("no staffing report for the day shift"), a.detail());
        assertTrue(flag(WARD), "the wall's staffing tile says so");

        report(WARD, DAY_START + 90 * MIN, DATE, Shift.DAY);
        assertEquals(AlertState.RESOLVED, a.state());
        assertEquals("staffing report received", TestJson.alert(a).getString("resolution"));
        assertFalse(flag(WARD));
    }

    @Test
    void aReportAtExactlyTheDueTimeIsInTime() {
        report(WARD, DAY_START + 60 * MIN, DATE, Shift.DAY);
        clock(DAY_START + 4 * 60 * MIN);
        assertTrue(notReported(WARD).isEmpty());
    }

    @Test
    void aRosterSentBeforeTheShiftCountsAsItsReport() {
        report(WARD, at(DATE + "T06:30:00Z"), DATE, Shift.DAY);
        clock(DAY_START + 4 * 60 * MIN);
        assertTrue(notReported(WARD).isEmpty());
    }

    @Test
    void theAlertEndsWithItsShiftAndTheNextShiftIsWatched() {
        clock(DAY_START + 2 * 60 * MIN);
        Alert day = notReported(WARD).get(0);
        clock(NIGHT_START - 1);
        assertTrue(day.state().active(), "active until the shift ends");
        clock(NIGHT_START);
        assertEquals(AlertState.RESOLVED, day.state());
        assertEquals("shift ended without a staffing report", TestJson.alert(day).getString("resolution"));
        assertFalse(flag(WARD), "the night's report is not due yet");
        clock(NIGHT_START + 60 * MIN + 1);
        assertTrue(flag(WARD));
        assertEquals(1, notReported(WARD).stream().filter(a -> a.subject().equals(DATE + "/NIGHT")).count());
    }

    @Test
    void reportsForOtherShiftsOrWardsDoNotCount() {
        report(WARD, DAY_START, "2026-11-22", Shift.DAY);
        report("RVT-W14", DAY_START, DATE, Shift.DAY);
        report(WARD, DAY_START, DATE, Shift.NIGHT);
        clock(DAY_START + 60 * MIN + 1);
        assertTrue(flag(WARD));
        assertFalse(flag("RVT-W14"));
    }

    @Test
    void aShiftAlreadyDueWhenWatchingStartsIsNotJudged() throws IOException {
        state = new EngineState(OrganisationLoader.demo());
        clock(DAY_START + 3 * 60 * MIN); // the first record ever: the day's report was due two hours ago
        clock(DAY_START + 4 * 60 * MIN);
        assertTrue(notReported(WARD).isEmpty());
        clock(NIGHT_START + 60 * MIN + 1);
        assertEquals(1, notReported(WARD).size(), "the night shift is");
    }

    @Test
    void theDueTimeIsPolicy() {
        state = new EngineState(TestOrganisations.withPolicies("staffing: { reportDueMinutes: 30 }"));
        clock(at(DATE + "T06:00:00Z"));
        clock(DAY_START + 30 * MIN);
        assertFalse(flag("W1"));
        clock(DAY_START + 30 * MIN + 1);
        assertTrue(flag("W1"));
    }

    @Test
    void careHomesHaveNoShiftsToReport() {
        clock(DAY_START + 12 * 60 * MIN);
        assertTrue(notReported("CH-BAYV").isEmpty());
        assertNull(TestJson.unit(state, "CH-BAYV").getValue("staffingNotReported"));
    }
}
