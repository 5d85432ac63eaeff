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
import org.vigil.server.rules.EngineState;
import org.vigil.organisation.OrganisationLoader;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An unknown age fails safe (every age-dependent assessment applies until an age arrives, then the ones it rules
 * out are withdrawn), and where assessments apply: every kind on wards, pressure ulcer in care homes with nursing
 * (NICE QS89 statement 1, within 6 hours of admission). 2026-01-15 is GMT.
 */
class UnknownAgeAndSettingTest {
    private static final String WARD = "RVT-W12";
    private static final String RESIDENTIAL = "CH-BAYV";
    private static final String NURSING = "CH-MARS"; // nursing: true in the demo organisation
    private static final long HOUR = 3_600_000L;
    private static final long T0 = Instant.parse("2026-01-15T09:00:00Z").toEpochMilli();

    private EngineState state;
    private int seq;

    @BeforeEach
    void engine() throws IOException {
        state = new EngineState(OrganisationLoader.demo());
    }

    private void send(EventType type, long time, String unit, Payload payload) {
        state.apply(new Event("a" + (++seq), type, time, unit, payload));
    }

    private void admit(String unit, int age, long time) {
        send(EventType.ADMISSION, time, unit, new Payload.Movement("P1", "B3", age));
    }

    private void clock(long time) {
        state.apply(new Event(null, EventType.TICK, time, null, Payload.Tick.INSTANCE));
    }

    private int outstanding(String unit, AssessmentKind kind) {
        return TestJson.unit(state, unit).getJsonObject("outstandingAssessments").getInteger(kind.name());
    }

    private Alert alert(AssessmentKind kind) {
        List<Alert> a = state.alerts().find(x -> x.kind() == AlertKind.ASSESSMENT_OVERDUE
                && x.subject().equals("P1:" + kind.name()));
        return a.isEmpty() ? null : a.get(0);
    }

    @Test
    void anUnknownAgeNeedsEveryAgeDependentAssessment() {
        admit(WARD, -1, T0);
        clock(T0 + 24 * HOUR);
        assertEquals(0, outstanding(WARD, AssessmentKind.FALLS), "due within 24 h, inclusive");
        clock(T0 + 24 * HOUR + 1);
        assertEquals(1, outstanding(WARD, AssessmentKind.FALLS), "NICE NG249 65+: unknown age is not taken as younger");
        assertEquals(1, outstanding(WARD, AssessmentKind.VTE), "NHS England VTE 16+");
    }

    /** The age arrives as an admission or transfer for the patient on the same unit, carrying {@code age}. */
    @ParameterizedTest(name = "{0} with age {1}: FALLS {2}, VTE {3}")
    @CsvSource({
            "ADMISSION, 40, 0, 1",
            "TRANSFER, 40, 0, 1",
            "ADMISSION, 10, 0, 0",   // a child: neither
            "ADMISSION, 65, 1, 1",   // at the threshold: both stay
            "TRANSFER, 64, 0, 1",
    })
    void anAgeArrivingLaterWithdrawsWhatItRulesOut(EventType type, int age, int falls, int vte) {
        admit(WARD, -1, T0);
        clock(T0 + 25 * HOUR);
        assertEquals(1, outstanding(WARD, AssessmentKind.FALLS));
        send(type, T0 + 26 * HOUR, WARD, new Payload.Movement("P1", "B3", age));
        assertEquals(falls, outstanding(WARD, AssessmentKind.FALLS));
        assertEquals(vte, outstanding(WARD, AssessmentKind.VTE));
        assertEquals(1, outstanding(WARD, AssessmentKind.PRESSURE_ULCER), "not age-dependent");
        if (falls == 0) {
            Alert a = alert(AssessmentKind.FALLS);
            assertEquals("not required at age " + age, TestJson.alert(a).getString("resolution"));
        }
        assertEquals(1, TestJson.unit(state, WARD).getInteger("patients"), "an update of the same patient");
    }

    @Test
    void anAgeArrivingBeforeTheDueTimeMeansNoAlertEver() {
        admit(WARD, -1, T0);
        send(EventType.ADMISSION, T0 + HOUR, WARD, new Payload.Movement("P1", "B3", 40));
        clock(T0 + 48 * HOUR);
        assertEquals(0, outstanding(WARD, AssessmentKind.FALLS));
        assertNull(alert(AssessmentKind.FALLS));
    }

    @Test
    void anAgeArrivingWithATransferToAnotherWardAlsoCounts() {
        admit(WARD, -1, T0);
        send(EventType.TRANSFER, T0 + HOUR, "RVT-W14", new Payload.Movement("P1", "C1", 30));
        clock(T0 + 48 * HOUR);
        assertEquals(0, outstanding("RVT-W14", AssessmentKind.FALLS));
        assertEquals(1, outstanding("RVT-W14", AssessmentKind.VTE));
    }

    @Test
    void aKindDeclaredByAnEventOrAlreadyCompletedIsNotWithdrawn() {
        admit(WARD, -1, T0);
        // NICE NG249: 50–64 judged at higher risk: declared by the ward, so a later age of 55 does not remove it
        send(EventType.ASSESSMENT, T0 + HOUR, WARD, new Payload.Assessment("P1", AssessmentKind.FALLS, false));
        send(EventType.ASSESSMENT, T0 + HOUR, WARD, new Payload.Assessment("P1", AssessmentKind.VTE, true));
        send(EventType.ADMISSION, T0 + 2 * HOUR, WARD, new Payload.Movement("P1", "B3", 10));
        clock(T0 + 48 * HOUR);
        assertEquals(1, outstanding(WARD, AssessmentKind.FALLS));
        assertEquals(0, outstanding(WARD, AssessmentKind.VTE));
    }

    @Test
    void aCorrectedAgeThatBringsAKindInMakesItDueFromAdmission() {
        admit(WARD, 40, T0);
        send(EventType.TRANSFER, T0 + 30 * HOUR, WARD, new Payload.Movement("P1", "B3", 70));
        assertEquals(1, outstanding(WARD, AssessmentKind.FALLS), "due 24 h after admission: already outstanding");
    }

    @Test
    void aResidentialCareHomeTracksNoAdmissionAssessments() {
        admit(RESIDENTIAL, 88, T0);
        clock(T0 + 48 * HOUR);
        JsonObject kinds = TestJson.unit(state, RESIDENTIAL).getJsonObject("outstandingAssessments");
        for (AssessmentKind k : AssessmentKind.values()) {
            assertEquals(0, kinds.getInteger(k.name()), k.name());
        }
    }

    @Test
    void aNursingHomeNeedsAPressureUlcerRiskAssessmentWithinSixHours() {
        admit(NURSING, -1, T0);
        clock(T0 + 6 * HOUR);
        assertEquals(0, outstanding(NURSING, AssessmentKind.PRESSURE_ULCER), "within 6 hours, inclusive");
        clock(T0 + 6 * HOUR + 1);
        assertEquals(1, outstanding(NURSING, AssessmentKind.PRESSURE_ULCER));
        assertEquals(NURSING, alert(AssessmentKind.PRESSURE_ULCER).unit());
        clock(T0 + 48 * HOUR);
        for (AssessmentKind k : List.of(AssessmentKind.VTE, AssessmentKind.MUST, AssessmentKind.FALLS)) {
            assertEquals(0, outstanding(NURSING, k), k + " is a hospital admission standard");
        }
        send(EventType.ASSESSMENT, T0 + 49 * HOUR, NURSING,
                new Payload.Assessment("P1", AssessmentKind.PRESSURE_ULCER, true));
        assertEquals(0, outstanding(NURSING, AssessmentKind.PRESSURE_ULCER));
        assertTrue(state.alerts().active(NURSING).stream().noneMatch(a -> a.kind() == AlertKind.ASSESSMENT_OVERDUE));
    }
}
