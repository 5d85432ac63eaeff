package org.vigil.server.assessments;

import org.vigil.server.TestJson;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.events.AssessmentKind;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.alerts.AlertState;
import org.vigil.server.rules.EngineState;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Admission risk assessments outstanding (reference/assessments.md), driven through a real engine with the demo
 * organisation's policy (VTE 16+ 14 h; PRESSURE_ULCER 6 h; MUST 24 h then weekly; FALLS 65+ 24 h).
 */
class AssessmentsTest {
    private static final String W12 = "RVT-W12";
    private static final String W14 = "RVT-W14";
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long T0 = ZonedDateTime.of(LocalDate.of(2026, 1, 15), LocalTime.of(9, 0), LONDON)
            .toInstant().toEpochMilli();

    private EngineState state;
    private int seq;

    @BeforeEach
    void engine() throws IOException {
        state = new EngineState(OrganisationLoader.demo());
    }

    // ------------------------------------------------------------------ due on admission, by kind and age

    @ParameterizedTest(name = "[{index}] {0}, age {1}: applies {2}, due {3} h after admission")
    @CsvSource({
            // kind, age, applies, due hours (source)
            "VTE, 16, true, 14",            // NHS England VTE risk assessment: adults 16+, within 14 h
            "VTE, 15, false, 14",
            "VTE, 90, true, 14",
            "VTE, -1, true, 14",            // age unknown fails safe: every age-dependent kind applies
            "PRESSURE_ULCER, 0, true, 6",   // NICE QS89 statement 1: all inpatients, within 6 h
            "PRESSURE_ULCER, 40, true, 6",
            "PRESSURE_ULCER, -1, true, 6",
            "MUST, 3, true, 24",            // NICE CG32: all inpatients on admission (default 24 h)
            "MUST, -1, true, 24",
            "FALLS, 65, true, 24",          // NICE CG161 / NG249: 65+ (default 24 h)
            "FALLS, 64, false, 24",
            "FALLS, -1, true, 24",          // age unknown fails safe: as if 65+, until an age arrives
    })
    void dueAfterAdmissionWhenTheAgeRuleApplies(AssessmentKind kind, int age, boolean applies, int dueHours) {
        admit("P1", "B3", age, T0);
        long due = T0 + dueHours * HOUR;
        clock(due);                 // "within 14 hours": the last millisecond of the window is still in time
        assertEquals(0, outstanding(kind));
        clock(due + 1);
        assertEquals(applies ? 1 : 0, outstanding(kind));
        assertEquals(applies, alert("P1", kind) != null);
        clock(due + 30 * DAY);
        assertEquals(applies ? 1 : 0, outstanding(kind));
    }

    /** An A01 arriving after its A02: due from the admission, not the transfer (found by an independent check). */
    @Test
    void anAdmissionArrivingAfterItsTransferMakesAssessmentsDueFromTheAdmission() {
        transfer("P1", "RVT-W21", "C3", 70, T0 + HOUR);
        admit("P1", "B3", 70, T0);
        clock(T0 + 6 * HOUR);
        assertEquals(0, outstanding("RVT-W21", AssessmentKind.PRESSURE_ULCER));
        clock(T0 + 6 * HOUR + 1);
        assertEquals(1, outstanding("RVT-W21", AssessmentKind.PRESSURE_ULCER), "6 hours from the admission");
        clock(T0 + 14 * HOUR + 1);
        assertEquals(1, outstanding("RVT-W21", AssessmentKind.VTE), "14 hours from the admission");
    }

    @Test
    void vteAtTheFourteenHourBoundary() {
        admit("P1", "B3", 50, T0);
        clock(T0 + 14 * HOUR - 1);
        assertEquals(0, outstanding(AssessmentKind.VTE));
        clock(T0 + 14 * HOUR);
        assertEquals(0, outstanding(AssessmentKind.VTE));
        clock(T0 + 14 * HOUR + 1);
        assertEquals(1, outstanding(AssessmentKind.VTE));
        Alert a = alert("P1", AssessmentKind.VTE);
        assertEquals("B3", a.bed());
        assertEquals(W12, a.unit());
        assertEquals(AlertKind.ASSESSMENT_OVERDUE.defaultSeverity(), a.severity());
        assertTrue(a.detail().startsWith("VTE risk assessment overdue, due 15 Jan 23:00"), a.detail());
    }

    @Test
    void everyKindIsInTheSnapshotWithZeros() {
        JsonObject kinds = ward().getJsonObject("outstandingAssessments");
        assertEquals(Arrays.stream(AssessmentKind.values()).map(Enum::name).collect(Collectors.toSet()),
                kinds.fieldNames());
        for (String k : kinds.fieldNames()) {
            assertEquals(0, kinds.getInteger(k));
        }
        assertEquals(0, ward().getInteger("patientsWithOutstandingAssessments"));
    }

    @Test
    void countsPerKindAndPatientsWithAtLeastOne() {
        admit("P1", "B1", 80, T0);          // VTE, PRESSURE_ULCER, MUST, FALLS
        admit("P2", "B2", 30, T0);          // VTE, PRESSURE_ULCER, MUST
        admit("P3", "B3", 30, T0);
        complete("P3", AssessmentKind.VTE, T0 + HOUR);
        complete("P3", AssessmentKind.PRESSURE_ULCER, T0 + HOUR);
        complete("P3", AssessmentKind.MUST, T0 + HOUR);
        clock(T0 + 25 * HOUR);
        assertEquals(2, outstanding(AssessmentKind.VTE));
        assertEquals(2, outstanding(AssessmentKind.PRESSURE_ULCER));
        assertEquals(2, outstanding(AssessmentKind.MUST));
        assertEquals(1, outstanding(AssessmentKind.FALLS));
        assertEquals(0, outstanding(AssessmentKind.ALCOHOL));
        assertEquals(2, ward().getInteger("patientsWithOutstandingAssessments"));
        assertEquals(7, activeAlerts().size());
    }

    // ------------------------------------------------------------------ completion

    @Test
    void completionClearsTheKindAndResolvesItsAlert() {
        admit("P1", "B3", 50, T0);
        clock(T0 + 6 * HOUR + 1);
        assertEquals(1, outstanding(AssessmentKind.PRESSURE_ULCER));
        Alert a = alert("P1", AssessmentKind.PRESSURE_ULCER);
        complete("P1", AssessmentKind.PRESSURE_ULCER, T0 + 7 * HOUR);
        assertEquals(0, outstanding(AssessmentKind.PRESSURE_ULCER));
        assertEquals(AlertState.RESOLVED, a.state());
        assertEquals("assessment completed", TestJson.alert(a).getString("resolution"));
        // other kinds are untouched, and PRESSURE_ULCER (no repeat) stays done
        clock(T0 + 30 * DAY);
        assertEquals(0, outstanding(AssessmentKind.PRESSURE_ULCER));
        assertEquals(1, outstanding(AssessmentKind.VTE));
    }

    @Test
    void completedInTimeIsNeverOutstanding() {
        admit("P1", "B3", 50, T0);
        complete("P1", AssessmentKind.VTE, T0 + 14 * HOUR);    // at the last moment of the window
        clock(T0 + 3 * DAY);
        assertEquals(0, outstanding(AssessmentKind.VTE));
        assertEquals(null, alert("P1", AssessmentKind.VTE));
    }

    @Test
    void mustIsDueWithin24HoursThenWeeklyAfterEachScreen() {
        admit("P1", "B3", 50, T0);
        clock(T0 + 24 * HOUR);
        assertEquals(0, outstanding(AssessmentKind.MUST));
        clock(T0 + 24 * HOUR + 1);
        assertEquals(1, outstanding(AssessmentKind.MUST));

        long screened = T0 + 30 * HOUR;
        complete("P1", AssessmentKind.MUST, screened);
        assertEquals(0, outstanding(AssessmentKind.MUST));
        clock(screened + 7 * DAY);          // NICE CG32: rescreen weekly
        assertEquals(0, outstanding(AssessmentKind.MUST));
        clock(screened + 7 * DAY + 1);
        assertEquals(1, outstanding(AssessmentKind.MUST));
        assertTrue(alert("P1", AssessmentKind.MUST).state().active());

        long rescreened = screened + 8 * DAY;
        complete("P1", AssessmentKind.MUST, rescreened);
        assertEquals(0, outstanding(AssessmentKind.MUST));
        clock(rescreened + 7 * DAY + 1);
        assertEquals(1, outstanding(AssessmentKind.MUST));
    }

    // ------------------------------------------------------------------ declared by a clinician

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"ALCOHOL", "STROKE", "ADL", "HYGIENE", "WELFARE", "ALERT"})
    void aKindWithoutAPolicyDeclaredRequiredIsOutstandingAtOnce(AssessmentKind kind) {
        admit("P1", "B3", 50, T0);
        require("P1", kind, T0 + HOUR);
        assertEquals(1, outstanding(kind));
        assertTrue(alert("P1", kind).state().active());
        complete("P1", kind, T0 + 2 * HOUR);
        assertEquals(0, outstanding(kind));
        assertEquals(null, alert("P1", kind));
    }

    @Test
    void aKindWithAPolicyDeclaredRequiredIsDueAfterItsWindow() {
        admit("P1", "B3", 58, T0);          // FALLS not by age; NICE: 50–64 judged at higher risk
        long declared = T0 + 2 * HOUR;
        require("P1", AssessmentKind.FALLS, declared);
        clock(declared + 24 * HOUR);
        assertEquals(0, outstanding(AssessmentKind.FALLS));
        clock(declared + 24 * HOUR + 1);
        assertEquals(1, outstanding(AssessmentKind.FALLS));
    }

    @Test
    void declaringAKindAlreadyDueDoesNotPutItsDueTimeBack() {
        admit("P1", "B3", 50, T0);
        require("P1", AssessmentKind.VTE, T0 + 2 * HOUR);   // would be due at T0 + 16 h
        clock(T0 + 14 * HOUR + 1);
        assertEquals(1, outstanding(AssessmentKind.VTE));
        // nor does it clear one outstanding
        require("P1", AssessmentKind.VTE, T0 + 15 * HOUR);
        assertEquals(1, outstanding(AssessmentKind.VTE));
    }

    @Test
    void declaringAfterCompletionMakesTheKindDueAgain() {
        admit("P1", "B3", 50, T0);
        complete("P1", AssessmentKind.VTE, T0 + HOUR);
        long declared = T0 + 3 * DAY;       // e.g. reassess after a change in clinical condition
        require("P1", AssessmentKind.VTE, declared);
        clock(declared + 14 * HOUR);
        assertEquals(0, outstanding(AssessmentKind.VTE));
        clock(declared + 14 * HOUR + 1);
        assertEquals(1, outstanding(AssessmentKind.VTE));
    }

    @Test
    void theLatestEventByEventTimeWins() {
        admit("P1", "B3", 50, T0);
        complete("P1", AssessmentKind.VTE, T0 + 2 * HOUR);
        require("P1", AssessmentKind.VTE, T0 + HOUR);       // older, delivered late: ignored
        clock(T0 + 30 * HOUR);
        assertEquals(0, outstanding(AssessmentKind.VTE));
    }

    // ------------------------------------------------------------------ messy feeds

    @Test
    void anAssessmentRecordedBeforeTheAdmissionArrivesIsApplied() {
        complete("P1", AssessmentKind.VTE, T0 - 10 * MINUTE);  // done in ED; ADT admission comes later
        admit("P1", "B3", 50, T0);
        clock(T0 + 2 * DAY);
        assertEquals(0, outstanding(AssessmentKind.VTE));
        assertEquals(1, outstanding(AssessmentKind.PRESSURE_ULCER));
        assertEquals(0, state.failed());
    }

    @Test
    void anAssessmentFromThePreviousStayDoesNotCountForTheNext() {
        admit("P1", "B3", 50, T0);
        discharge("P1", "B3", T0 + 3 * HOUR);
        complete("P1", AssessmentKind.VTE, T0 + 2 * HOUR);      // late, from the stay that ended
        admit("P1", "B4", 50, T0 + 5 * HOUR);
        clock(T0 + 5 * HOUR + 14 * HOUR + 1);
        assertEquals(1, outstanding(AssessmentKind.VTE));
    }

    @Test
    void anAssessmentForAPatientNeverAdmittedIsForgotten() {
        complete("GHOST", AssessmentKind.VTE, T0);
        require("GHOST", AssessmentKind.ALCOHOL, T0);
        clock(T0 + 3 * DAY);
        assertEquals(0, state.failed());
        assertEquals(0, ward().getInteger("patientsWithOutstandingAssessments"));
        admit("GHOST", "B3", 50, T0 + 3 * DAY);             // held events have expired
        assertEquals(0, outstanding(AssessmentKind.ALCOHOL));
        clock(T0 + 3 * DAY + 14 * HOUR + 1);
        assertEquals(1, outstanding(AssessmentKind.VTE));
    }

    // ------------------------------------------------------------------ movements

    @Test
    void assessmentsFollowATransferredPatient() {
        admit("P1", "B3", 70, T0);
        clock(T0 + 6 * HOUR + 1);
        assertEquals(1, outstanding(AssessmentKind.PRESSURE_ULCER));
        transfer("P1", W14, "C7", 70, T0 + 7 * HOUR);
        assertEquals(0, outstanding(AssessmentKind.PRESSURE_ULCER));
        assertEquals(1, outstanding(W14, AssessmentKind.PRESSURE_ULCER));
        assertEquals(0, ward().getInteger("patientsWithOutstandingAssessments"));
        Alert a = alert("P1", AssessmentKind.PRESSURE_ULCER);
        assertEquals(W14, a.unit());
        assertEquals("C7", a.bed());

        // the windows still run from the admission, not the transfer
        clock(T0 + 14 * HOUR + 1);
        assertEquals(1, outstanding(W14, AssessmentKind.VTE));
        clock(T0 + 24 * HOUR + 1);
        assertEquals(1, outstanding(W14, AssessmentKind.FALLS));
        assertEquals(0, outstanding(AssessmentKind.FALLS));

        complete("P1", AssessmentKind.PRESSURE_ULCER, T0 + 25 * HOUR);
        assertEquals(0, outstanding(W14, AssessmentKind.PRESSURE_ULCER));
        assertEquals(AlertState.RESOLVED, a.state());
    }

    @Test
    void anAgeFirstGivenOnTransferBringsInTheKindsItRequires() {
        admit("P1", "B3", -1, T0);
        transfer("P1", W14, "C7", 82, T0 + 2 * HOUR);
        clock(T0 + 24 * HOUR + 1);          // due from admission
        assertEquals(1, outstanding(W14, AssessmentKind.FALLS));
    }

    @Test
    void dischargeRemovesThePatientsAssessments() {
        admit("P1", "B3", 80, T0);
        admit("P2", "B4", 80, T0);
        clock(T0 + 6 * HOUR + 1);
        assertEquals(2, outstanding(AssessmentKind.PRESSURE_ULCER));
        Alert a = alert("P1", AssessmentKind.PRESSURE_ULCER);
        discharge("P1", "B3", T0 + 7 * HOUR);
        assertEquals(1, outstanding(AssessmentKind.PRESSURE_ULCER));
        assertEquals(AlertState.RESOLVED, a.state());
        clock(T0 + 30 * HOUR);              // their other deadlines were cancelled
        assertEquals(1, outstanding(AssessmentKind.VTE));
        assertEquals(1, outstanding(AssessmentKind.FALLS));
        assertEquals(1, ward().getInteger("patientsWithOutstandingAssessments"));
        assertEquals(Set.of("P2"), activeAlerts().stream().map(Alert::patient).collect(Collectors.toSet()));
    }

    // ------------------------------------------------------------------ policy from the organisation file

    @Test
    void repeatDaysIsReadFromTheOrganisationFileAndDefaultsToWeeklyForMust() throws IOException {
        state = new EngineState(organisation("MUST: { dueHours: 48, minAge: 0, repeatDays: 3 }"));
        admit("P1", "B3", 50, T0);
        clock(T0 + 48 * HOUR);
        assertEquals(0, outstanding(AssessmentKind.MUST));
        complete("P1", AssessmentKind.MUST, T0 + 48 * HOUR);
        clock(T0 + 48 * HOUR + 3 * DAY + 1);
        assertEquals(1, outstanding(AssessmentKind.MUST));

        // an override that leaves repeatDays out keeps MUST's weekly rescreen rather than dropping it
        state = new EngineState(organisation("MUST: { dueHours: 48, minAge: 0 }"));
        assertEquals(7, state.organisation().policies().assessments().get(AssessmentKind.MUST).repeatDays());
        assertEquals(0, state.organisation().policies().assessments().get(AssessmentKind.VTE).repeatDays());

        IOException bad = assertThrows(IOException.class,
                () -> organisation("MUST: { dueHours: 24, minAge: 0, repeatDays: -1 }"));
        assertTrue(bad.getMessage().contains("policies.assessments.MUST.repeatDays"), bad.getMessage());
    }

    private static Organisation organisation(String mustLine) throws IOException {
        String yaml;
        try (InputStream in = OrganisationLoader.class.getResourceAsStream(OrganisationLoader.DEMO_RESOURCE)) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String edited = yaml.replaceFirst("(?m)^(\\s*)MUST: \\{[^}]*}", "$1" + mustLine);
        assertTrue(!edited.equals(yaml), "demo organisation has a MUST policy line");
        return OrganisationLoader.load(new ByteArrayInputStream(edited.getBytes(StandardCharsets.UTF_8)), "test");
    }

    // ------------------------------------------------------------------ driving the engine

    private void send(EventType type, long time, String unit, Payload payload) {
        state.apply(new Event("e" + (++seq), type, time, unit, payload));
    }

    private void admit(String patient, String bed, int age, long time) {
        send(EventType.ADMISSION, time, W12, new Payload.Movement(patient, bed, age));
    }

    private void transfer(String patient, String unit, String bed, int age, long time) {
        send(EventType.TRANSFER, time, unit, new Payload.Movement(patient, bed, age));
    }

    private void discharge(String patient, String bed, long time) {
        send(EventType.DISCHARGE, time, W12, new Payload.Movement(patient, bed, -1));
    }

    private void complete(String patient, AssessmentKind kind, long time) {
        send(EventType.ASSESSMENT, time, W12, new Payload.Assessment(patient, kind, true));
    }

    private void require(String patient, AssessmentKind kind, long time) {
        send(EventType.ASSESSMENT, time, W12, new Payload.Assessment(patient, kind, false));
    }

    private void clock(long time) {
        state.apply(new Event(null, EventType.TICK, time, null, Payload.Tick.INSTANCE));
    }

    private JsonObject ward() {
        return TestJson.unit(state, W12);
    }

    private int outstanding(AssessmentKind kind) {
        return outstanding(W12, kind);
    }

    private int outstanding(String unit, AssessmentKind kind) {
        assertEquals(0, state.failed(), "rule failures");
        return TestJson.unit(state, unit).getJsonObject("outstandingAssessments").getInteger(kind.name());
    }

    private List<Alert> activeAlerts() {
        return state.alerts().find(a -> a.kind() == AlertKind.ASSESSMENT_OVERDUE && a.state().active());
    }

    /** The patient's active ASSESSMENT_OVERDUE alert for the kind, or null. */
    private Alert alert(String patient, AssessmentKind kind) {
        List<Alert> found = state.alerts().find(a -> a.kind() == AlertKind.ASSESSMENT_OVERDUE
                && a.state().active() && a.subject().equals(patient + ":" + kind.name()));
        assertTrue(found.size() <= 1);
        return found.isEmpty() ? null : found.get(0);
    }
}
