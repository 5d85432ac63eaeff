package org.vigil.server.deterioration;

import org.vigil.server.TestJson;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.alerts.Severity;
import org.vigil.server.rules.EngineState;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.organisation.TestOrganisations;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.engine.Events.admission;
import static org.vigil.server.engine.Events.at;
import static org.vigil.server.engine.Events.discharge;
import static org.vigil.server.engine.Events.high;
import static org.vigil.server.engine.Events.normal;
import static org.vigil.server.engine.Events.observation;
import static org.vigil.server.engine.Events.tick;
import static org.vigil.server.engine.Events.transfer;

/**
 * A first set of observations is due within {@code observations.firstSetMinutes} (default 60) of admission to a
 * ward (NICE CG50: at admission or initial assessment); a patient never observed becomes overdue like any other.
 * 2026-11-23 is GMT, so 10:00Z is 10:00 on the ward.
 */
class FirstObservationsTest {
    private static final String WARD = "RVT-W12";
    private static final long T0 = at("2026-11-23T10:00:00Z");
    private static final long MIN = 60_000L;

    private EngineState state;

    @BeforeEach
    void setUp() throws IOException {
        state = new EngineState(OrganisationLoader.demo());
    }

    private List<Alert> overdue() {
        return state.alerts().find(a -> a.kind() == AlertKind.OBSERVATIONS_OVERDUE && a.state().active());
    }

    private static int vitalSignsRedFlags(JsonObject ward) {
        return ward.getJsonObject("staffing").getJsonObject("redFlagsTodayByType").getInteger("VITAL_SIGNS_NOT_RECORDED");
    }

    @Test
    void aPatientNeverObservedIsOverdueFromTheMillisecondAfterTheFirstSetWasDue() {
        state.apply(admission(T0, WARD, "p1", "B1", 70));
        state.apply(tick(T0 + 60 * MIN));
        assertTrue(overdue().isEmpty(), "within 60 minutes includes the 60th");
        assertEquals(0, TestJson.unit(state, WARD).getInteger("observationsOverdue"));

        state.apply(tick(T0 + 60 * MIN + 1));
        Alert a = overdue().get(0);
        assertEquals(Severity.MEDIUM, a.severity(), "risk unknown: not LOW");
        assertEquals("B1", a.bed());
        assertTrue(a.detail().startsWith("first observations not recorded"), a.detail());
        assertTrue(a.detail().contains("10:00"), a.detail());
        JsonObject w = TestJson.unit(state, WARD);
        assertEquals(1, w.getInteger("observationsOverdue"));
        assertEquals(0, w.getInteger("patientsObserved"), "no set, so not counted as observed");
        assertEquals(1, vitalSignsRedFlags(w), "NICE SG1 red flag 3, as any other overdue set");
    }

    @Test
    void aFirstSetAtExactlyTheDueTimeIsOnTime() {
        state.apply(admission(T0, WARD, "p1", "B1", 70));
        state.apply(observation(T0 + 60 * MIN, WARD, "p1", normal()));
        state.apply(tick(T0 + 61 * MIN));
        assertTrue(overdue().isEmpty());
        JsonObject w = TestJson.unit(state, WARD);
        assertEquals(1, w.getInteger("patientsObserved"));
        assertEquals(0, vitalSignsRedFlags(w));
    }

    @Test
    void aFirstSetAfterTheDueTimeResolvesTheAlertAndStartsTheChart4Schedule() {
        state.apply(admission(T0, WARD, "p1", "B1", 70));
        state.apply(tick(T0 + 90 * MIN));
        assertEquals(1, overdue().size());
        state.apply(observation(T0 + 95 * MIN, WARD, "p1", high()));
        assertTrue(overdue().isEmpty());
        assertEquals("observations recorded", TestJson.alert(state.alerts().find(a -> a.kind() == AlertKind.OBSERVATIONS_OVERDUE)
                .get(0)).getString("resolution"));
        state.apply(tick(T0 + 110 * MIN + 1));
        assertEquals(Severity.HIGH, overdue().get(0).severity(), "NEWS2 ≥ 7: continuous, overdue after 15 min");
    }

    @Test
    void aSetRecordedBeforeTheAdmissionMessageCounts() {
        state.apply(observation(T0 - 30 * MIN, WARD, "p1", normal())); // taken in the emergency department
        state.apply(admission(T0, WARD, "p1", "B1", 70));
        state.apply(tick(T0 + 3 * 60 * MIN));
        assertTrue(overdue().isEmpty());
    }

    @Test
    void anAdmissionMessageArrivingLateIsOverdueAtOnce() {
        state.apply(tick(T0 + 2 * 60 * MIN));
        state.apply(admission(T0, WARD, "p1", "B1", 70));
        assertEquals(1, overdue().size());
    }

    /** An A01 arriving after its A02: the stay began at the admission, not at the transfer (independent check). */
    @Test
    void anAdmissionArrivingAfterItsTransferMakesTheFirstSetDueFromTheAdmission() {
        state.apply(transfer(T0 + 30 * MIN, "RVT-W21", "p1", "C4"));
        state.apply(admission(T0, WARD, "p1", "B1", 70));
        state.apply(tick(T0 + 60 * MIN));
        assertTrue(overdue().isEmpty());
        state.apply(tick(T0 + 60 * MIN + 1));
        assertEquals("RVT-W21", overdue().get(0).unit(), "due 60 min after the admission, not the transfer");
        assertTrue(overdue().get(0).detail().endsWith("of admission at 10:00)"), overdue().get(0).detail());
    }

    @Test
    void anAdmissionArrivingAfterItsTransferWhenAlreadyPastDueIsOverdueAtOnce() {
        state.apply(transfer(T0 + 90 * MIN, "RVT-W21", "p1", "C4"));
        state.apply(tick(T0 + 120 * MIN));
        assertTrue(overdue().isEmpty(), "due at 150 min from the transfer as the census had it");
        state.apply(admission(T0, WARD, "p1", "B1", 70));
        assertEquals(1, overdue().size());
    }

    @Test
    void thePendingFirstSetFollowsATransferWithItsDueTime() {
        state.apply(admission(T0, WARD, "p1", "B1", 70));
        state.apply(transfer(T0 + 30 * MIN, "RVT-W21", "p1", "C4"));
        state.apply(tick(T0 + 60 * MIN));
        assertTrue(overdue().isEmpty());
        state.apply(tick(T0 + 60 * MIN + 1));
        assertEquals("RVT-W21", overdue().get(0).unit());
        assertEquals(1, TestJson.unit(state, "RVT-W21").getInteger("observationsOverdue"));
        assertEquals(0, TestJson.unit(state, WARD).getInteger("observationsOverdue"));
    }

    @Test
    void aDischargeBeforeTheDueTimeEndsIt() {
        state.apply(admission(T0, WARD, "p1", "B1", 70));
        state.apply(discharge(T0 + 20 * MIN, WARD, "p1"));
        state.apply(tick(T0 + 2 * 60 * MIN));
        assertTrue(overdue().isEmpty());
        assertEquals(0, TestJson.unit(state, WARD).getInteger("observationsOverdue"));
    }

    @Test
    void careHomeResidentsAreObservedWithRestore2NotThisRule() {
        state.apply(admission(T0, "CH-BAYV", "r1", "Room 4", 88));
        state.apply(tick(T0 + 3 * 60 * MIN));
        assertTrue(overdue().isEmpty());
    }

    @ParameterizedTest(name = "firstSetMinutes {0}")
    @ValueSource(ints = {30, 120})
    void theWindowIsPolicy(int minutes) {
        state = new EngineState(TestOrganisations.withPolicies("observations: { firstSetMinutes: " + minutes + " }"));
        state.apply(admission(T0, "W1", "p1", "B1", 70));
        state.apply(tick(T0 + minutes * MIN));
        assertTrue(overdue().isEmpty());
        state.apply(tick(T0 + minutes * MIN + 1));
        assertEquals(1, overdue().size());
    }
}
