package org.vigil.server.medicines;

import org.vigil.server.TestJson;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.events.Consciousness;
import org.vigil.events.DoseResult;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.OmissionReason;
import org.vigil.events.Payload;
import org.vigil.events.Vitals;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.alerts.AlertState;
import org.vigil.server.rules.EngineState;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.organisation.TestOrganisations;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delayed critical doses (NPSA/2010/RRR009: a delay is a reportable incident, as an omission is), time-critical
 * doses omitted because the patient is nil by mouth (Parkinson's UK, Get It On Time), and NICE SG1 red flag 1
 * over every medicine or, by policy, critical ones only. 2026-01-15 is GMT.
 */
class DelayedAndNilByMouthDosesTest {
    private static final String WARD = "RVT-W12";
    private static final long MIN = 60_000L;
    private static final long DUE = Instant.parse("2026-01-15T10:00:00Z").toEpochMilli();

    private EngineState state;
    private int seq;

    private void engine(Organisation org, String ward) {
        state = new EngineState(org);
        send(EventType.ADMISSION, DUE - 4 * 60 * MIN, ward, new Payload.Movement("P1", "B3", 70));
        send(EventType.OBSERVATION, DUE - 4 * 60 * MIN, ward, new Payload.Observation("P1",
                new Vitals(16, 97, 1, false, 125, 72, Consciousness.A, 37.0)));
    }

    private void demo() throws IOException {
        engine(OrganisationLoader.demo(), WARD);
    }

    private void send(EventType type, long time, String unit, Payload payload) {
        state.apply(new Event("m" + (++seq), type, time, unit, payload));
    }

    private void schedule(String dose, boolean critical, String medicineClass) {
        schedule(WARD, dose, critical, medicineClass);
    }

    private void schedule(String unit, String dose, boolean critical, String medicineClass) {
        send(EventType.DOSE_SCHEDULED, DUE - 3 * 60 * MIN, unit,
                new Payload.DoseScheduled(dose, "P1", "Co-careldopa", critical, medicineClass, DUE));
    }

    private void outcome(String dose, DoseResult result, OmissionReason reason, long time) {
        outcome(WARD, dose, result, reason, time);
    }

    private void outcome(String unit, String dose, DoseResult result, OmissionReason reason, long time) {
        send(EventType.DOSE_OUTCOME, time, unit, new Payload.DoseOutcome(dose, "P1", result, reason));
    }

    private void clock(long time) {
        state.apply(new Event(null, EventType.TICK, time, null, Payload.Tick.INSTANCE));
    }

    private JsonObject ward() {
        return TestJson.unit(state, WARD);
    }

    private List<Alert> doseAlerts(boolean active) {
        return state.alerts().find(a -> a.kind() == AlertKind.CRITICAL_DOSE_MISSED && a.state().active() == active);
    }

    /** Given one millisecond either side of the end of its window (due + grace). */
    @ParameterizedTest(name = "class {0}, critical {1}, given {2} min + {3} ms after due: delayed {4}")
    @CsvSource({
            "'', true, 60, 0, false",          // exactly due + 60: on time
            "'', true, 60, 1, true",           // one millisecond later: delayed
            "'', true, 59, 59999, false",
            "PARKINSONS, true, 30, 0, false",  // Parkinson's UK: within 30 minutes
            "PARKINSONS, true, 30, 1, true",
            "'', false, 90, 0, false",         // not critical: not in the critical count
    })
    void aCriticalDoseGivenAfterItsWindowIsCountedAsDelayed(String medicineClass, boolean critical, int minutes,
                                                           int millis, boolean delayed) throws IOException {
        demo();
        schedule("D1", critical, medicineClass.isEmpty() ? null : medicineClass);
        outcome("D1", DoseResult.GIVEN, null, DUE + minutes * MIN + millis);
        JsonObject w = ward();
        assertEquals(delayed ? 1 : 0, w.getInteger("criticalDosesDelayedToday"));
        assertEquals(0, w.getInteger("missedCriticalDosesToday"), "given is never missed");
        assertEquals(0, w.getInteger("missedDosesToday"));
        assertEquals(0, state.failed());
    }

    @Test
    void theAlertRaisedAtTheEndOfTheWindowIsResolvedAsGivenLate() throws IOException {
        demo();
        schedule("D1", true, "PARKINSONS");
        clock(DUE + 30 * MIN);
        assertTrue(doseAlerts(true).isEmpty());
        clock(DUE + 30 * MIN + 1);
        Alert a = doseAlerts(true).get(0);
        assertEquals(1, ward().getInteger("missedCriticalDosesToday"));

        outcome("D1", DoseResult.GIVEN, null, DUE + 75 * MIN);
        assertEquals(AlertState.RESOLVED, a.state());
        assertEquals("given late, 75 min after due", TestJson.alert(a).getString("resolution"));
        JsonObject w = ward();
        assertEquals(0, w.getInteger("missedCriticalDosesToday"), "no longer missed: it was given");
        assertEquals(1, w.getInteger("criticalDosesDelayedToday"));
        assertEquals(1, w.getJsonObject("staffing").getJsonObject("redFlagsTodayByType")
                .getInteger("UNPLANNED_MEDICINE_OMISSION"), "the omission while it lasted stays counted");
    }

    @Test
    void anAdministrationTimedWithinTheWindowButRecordedLateIsNotDelayed() throws IOException {
        demo();
        schedule("D1", true, null);
        clock(DUE + 90 * MIN); // the window passed with no record: alert
        assertEquals(1, doseAlerts(true).size());
        outcome("D1", DoseResult.GIVEN, null, DUE + 20 * MIN); // given at 10:20, keyed in at 11:30
        assertEquals(0, ward().getInteger("criticalDosesDelayedToday"));
        assertEquals("dose given", TestJson.alert(doseAlerts(false).get(0)).getString("resolution"));
    }

    @Test
    void aDelayedDoseCountsOnTheDayItWasDueAndFollowsNoLaterCorrection() throws IOException {
        demo();
        schedule("D1", true, null);
        outcome("D1", DoseResult.GIVEN, null, DUE + 2 * 60 * MIN);
        assertEquals(1, ward().getInteger("criticalDosesDelayedToday"));
        // the ePMA corrects the record: the dose was in fact given at 10:40, on time
        outcome("D1", DoseResult.GIVEN, null, DUE + 2 * 60 * MIN + 1);
        assertEquals(1, ward().getInteger("criticalDosesDelayedToday"), "the latest record by event time wins");
        clock(DUE + 24 * 60 * MIN);
        assertEquals(0, ward().getInteger("criticalDosesDelayedToday"), "a new day");
    }

    @ParameterizedTest(name = "class {0}, reason {1}: counted {2}")
    @CsvSource({
            "PARKINSONS, NIL_BY_MOUTH, 1",
            "Parkinsons, NIL_BY_MOUTH, 1",     // class matched case-blind, as for the grace window
            "PARKINSONS, PATIENT_REFUSED, 0",
            "PARKINSONS, CLINICAL_HOLD, 0",
            "'', NIL_BY_MOUTH, 0",             // not time-critical
            "ANTICOAGULANT, NIL_BY_MOUTH, 0",  // critical, but no time-critical window in policy
    })
    void timeCriticalDosesOmittedForNilByMouthAreCountedOnTheirOwn(String medicineClass, OmissionReason reason,
                                                                   int counted) throws IOException {
        demo();
        schedule("D1", true, medicineClass.isEmpty() ? null : medicineClass);
        outcome("D1", DoseResult.OMITTED, reason, DUE + 5 * MIN);
        JsonObject w = ward();
        assertEquals(counted, w.getInteger("timeCriticalNilByMouthOmissionsToday"));
        assertEquals(0, w.getInteger("missedCriticalDosesToday"), "an accounted-for omission is not 'missed'");
    }

    @Test
    void aNilByMouthOmissionLaterCorrectedToGivenLeavesTheCount() throws IOException {
        demo();
        schedule("D1", true, "PARKINSONS");
        outcome("D1", DoseResult.OMITTED, OmissionReason.NIL_BY_MOUTH, DUE + 5 * MIN);
        assertEquals(1, ward().getInteger("timeCriticalNilByMouthOmissionsToday"));
        outcome("D1", DoseResult.GIVEN, null, DUE + 20 * MIN); // given by another route (e.g. a patch)
        assertEquals(0, ward().getInteger("timeCriticalNilByMouthOmissionsToday"));
    }

    @ParameterizedTest(name = "redFlagOmissions {0}: {1} red flags")
    @CsvSource({"ALL, 2", "CRITICAL_ONLY, 1"})
    void redFlagOneCoversEveryMedicineUnlessPolicyNarrowsIt(String policy, int flags) {
        engine(TestOrganisations.withPolicies("medicines: { redFlagOmissions: " + policy + " }"), "W1");
        schedule("W1", "D1", true, null);
        schedule("W1", "D2", false, null);
        outcome("W1", "D1", DoseResult.OMITTED, OmissionReason.NOT_AVAILABLE, DUE + 5 * MIN);
        outcome("W1", "D2", DoseResult.OMITTED, OmissionReason.NO_REASON, DUE + 5 * MIN);
        assertEquals(flags, TestJson.unit(state, "W1").getJsonObject("staffing").getJsonObject("redFlagsTodayByType")
                .getInteger("UNPLANNED_MEDICINE_OMISSION"));
    }
}
