package org.vigil.server.census;

import org.vigil.server.TestJson;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.server.rules.EngineState;
import org.vigil.organisation.OrganisationLoader;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The census rules of {@link Movements} (ADT feeds arrive late, out of order and incomplete), applied through
 * {@link EngineState#apply}, the one path live ingest and replay share, with the demo organisation.
 */
class CensusTest {
    /** 08:00 UTC on a March day: the same local day in Europe/London for every event below. */
    private static final Instant T0 = Instant.parse("2026-03-10T08:00:00Z");

    private EngineState state;
    private int seq;

    @BeforeEach
    void setUp() throws IOException {
        state = new EngineState(OrganisationLoader.demo());
    }

    private void apply(EventType type, int minute, String unit, String patient, String bed) {
        state.apply(new Event("c-" + (++seq), type, T0.plusSeconds(60L * minute).toEpochMilli(), unit,
                new Payload.Movement(patient, bed, -1)));
    }

    private void admit(int minute, String unit, String patient, String bed) {
        apply(EventType.ADMISSION, minute, unit, patient, bed);
    }

    private void transfer(int minute, String unit, String patient, String bed) {
        apply(EventType.TRANSFER, minute, unit, patient, bed);
    }

    private void discharge(int minute, String unit, String patient) {
        apply(EventType.DISCHARGE, minute, unit, patient, null);
    }

    private Patient on(String unit, String patient) {
        return state.unit(unit).census().patient(patient);
    }

    /** The units (of the demo organisation) where the patient is in the census: at most one, always. */
    private List<String> whereIs(String patient) {
        List<String> found = new ArrayList<>();
        for (var u : state.organisation().units()) {
            if (state.unit(u.id()).census().patient(patient) != null) {
                found.add(u.id());
            }
        }
        return found;
    }

    private JsonObject snapshot(String unit) {
        return TestJson.unit(state, unit);
    }

    @Test
    void admissionPutsThePatientInTheirBed() {
        admit(0, "RVT-W12", "P1", "B4");
        Patient p = on("RVT-W12", "P1");
        assertNotNull(p);
        assertEquals("B4", p.bed());
        assertEquals("RVT-W12", p.unit());
        assertEquals(1, snapshot("RVT-W12").getInteger("patients"));
        assertEquals(1, snapshot("RVT-W12").getInteger("admissionsToday"));
    }

    @Test
    void transferBetweenWardsMovesThePatient() {
        admit(0, "RVT-W12", "P1", "B4");
        transfer(30, "RVT-W14", "P1", "B9");

        assertEquals(List.of("RVT-W14"), whereIs("P1"));
        assertEquals("B9", on("RVT-W14", "P1").bed());
        assertEquals(0, snapshot("RVT-W12").getInteger("patients"));
        assertEquals(1, snapshot("RVT-W14").getInteger("patients"));
        assertEquals(0, snapshot("RVT-W14").getInteger("admissionsToday"), "a transfer in is not an admission");
        assertEquals(1, snapshot("RVT-W12").getInteger("admissionsToday"));
    }

    @Test
    void transferWithinAWardChangesTheBed() {
        admit(0, "RVT-W12", "P1", "B4");
        transfer(10, "RVT-W12", "P1", "B5");
        assertEquals("B5", on("RVT-W12", "P1").bed());
        assertEquals(1, snapshot("RVT-W12").getInteger("patients"));
    }

    /**
     * A place update (HL7 A08) moves a patient on a unit as a transfer does, and never admits: an A08 after discharge
     * re-admitted the patient when it was a transfer (found by an independent audit).
     */
    @Test
    void aPlaceUpdateMovesAPatientOnAUnitAndNeverAdmitsOne() {
        admit(0, "RVT-W12", "P1", "B4");
        apply(EventType.PLACE_UPDATE, 10, "RVT-W12", "P1", "B5");
        assertEquals("B5", on("RVT-W12", "P1").bed());
        apply(EventType.PLACE_UPDATE, 20, "RVT-W14", "P1", "B9");
        assertEquals(List.of("RVT-W14"), whereIs("P1"));
        assertEquals(0, snapshot("RVT-W14").getInteger("admissionsToday"), "a move, not an admission");
        discharge(30, "RVT-W14", "P1");
        apply(EventType.PLACE_UPDATE, 40, "RVT-W14", "P1", "B9");
        assertEquals(List.of(), whereIs("P1"), "discharged stays discharged");
        apply(EventType.PLACE_UPDATE, 40, "RVT-W12", "P2", "B1");
        assertEquals(List.of(), whereIs("P2"), "never seen is not admitted");
        assertEquals(0, snapshot("RVT-W12").getInteger("patients"));
        admit(50, "RVT-W12", "P2", "B1");
        apply(EventType.PLACE_UPDATE, 45, "RVT-W12", "P2", "B2");
        assertEquals("B1", on("RVT-W12", "P2").bed(), "an update older than the admission does not move the patient");
    }

    @Test
    void dischargeRemovesThePatient() {
        admit(0, "RVT-W12", "P1", "B4");
        discharge(60, "RVT-W12", "P1");

        assertEquals(List.of(), whereIs("P1"));
        assertEquals(0, snapshot("RVT-W12").getInteger("patients"));
        assertEquals(1, snapshot("RVT-W12").getInteger("dischargesToday"));
    }

    @Test
    void lateMovementDoesNotMoveThePatient() {
        admit(0, "RVT-W12", "P1", "B4");
        transfer(30, "RVT-W14", "P1", "B9");
        transfer(15, "RVT-W21", "P1", "B1"); // older than the move to W14: recorded late, superseded
        admit(5, "RVT-W23", "P1", "B2");

        assertEquals(List.of("RVT-W14"), whereIs("P1"));
        assertEquals("B9", on("RVT-W14", "P1").bed());
        assertEquals(0, snapshot("RVT-W21").getInteger("patients"));
    }

    @Test
    void lateDischargeDoesNotUndoALaterTransfer() {
        admit(0, "RVT-W12", "P1", "B4");
        transfer(30, "RVT-W14", "P1", "B9");
        discharge(20, "RVT-W14", "P1");
        assertEquals(List.of("RVT-W14"), whereIs("P1"));
    }

    @Test
    void dischargeArrivingBeforeItsEarlierAdmissionLeavesThePatientOut() {
        discharge(120, "RVT-W12", "P1");
        admit(0, "RVT-W12", "P1", "B4"); // the admission message, delayed past the discharge
        transfer(60, "RVT-W14", "P1", "B2");

        assertEquals(List.of(), whereIs("P1"));
        assertEquals(0, snapshot("RVT-W12").getInteger("patients"));

        admit(180, "RVT-W12", "P1", "B4"); // a real readmission, after the discharge
        assertEquals(List.of("RVT-W12"), whereIs("P1"));
    }

    @Test
    void transferOfAnUnknownPatientAdmitsThemToTheReceivingUnit() {
        transfer(0, "RVT-W14", "P1", "B3"); // the admission message was lost
        assertEquals(List.of("RVT-W14"), whereIs("P1"));
        assertEquals("B3", on("RVT-W14", "P1").bed());
        assertEquals(1, snapshot("RVT-W14").getInteger("patients"));
    }

    @Test
    void admissionToAnOccupiedBedGivesItToTheNewcomer() {
        admit(0, "RVT-W12", "P1", "B4");
        admit(10, "RVT-W12", "P2", "B4");

        assertEquals("B4", on("RVT-W12", "P2").bed());
        assertNull(on("RVT-W12", "P1").bed(), "the previous occupant stays on the ward without a bed");
        assertEquals(2, snapshot("RVT-W12").getInteger("patients"));
        assertEquals(1, snapshot("RVT-W12").getInteger("patientsWithoutBed"));

        transfer(20, "RVT-W12", "P1", "B6");
        assertEquals(0, snapshot("RVT-W12").getInteger("patientsWithoutBed"));
    }

    /**
     * Admission to W12 at 08:00, transfer to W14 at 08:30, discharge from W14 at 09:00, delivered as admission,
     * discharge, transfer: the discharge is the latest movement, so the patient is gone, and the late transfer
     * must not put them back on W14 (it once left a phantom patient there).
     */
    @Test
    void aDischargeNewerThanALateTransferWins() {
        admit(0, "RVT-W12", "P1", "B4");
        discharge(60, "RVT-W14", "P1");
        assertEquals(List.of(), whereIs("P1"));
        transfer(30, "RVT-W14", "P1", "C2");
        assertEquals(List.of(), whereIs("P1"));
        assertEquals(0, snapshot("RVT-W12").getInteger("patients"));
        assertEquals(0, snapshot("RVT-W14").getInteger("patients"));
    }

    @Test
    void aDischargeOlderThanTheLatestMovementIsIgnoredWhateverUnitItNames() {
        admit(0, "RVT-W12", "P1", "B4");
        transfer(40, "RVT-W14", "P1", "C2");
        discharge(30, "RVT-W12", "P1");
        assertEquals(List.of("RVT-W14"), whereIs("P1"));
    }

    @Test
    void repeatedAdmissionToTheSameBedChangesNothing() {
        admit(0, "RVT-W12", "P1", "B4");
        JsonObject before = snapshot("RVT-W12");
        admit(5, "RVT-W12", "P1", "B4"); // a resent message under a new id
        JsonObject after = snapshot("RVT-W12");
        assertEquals(before.getInteger("patients"), after.getInteger("patients"));
        assertEquals(1, after.getInteger("admissionsToday"));
    }

    @Test
    void careHomeResidentsMoveLikePatients() {
        admit(0, "CH-BAYV", "R1", "Room 3");
        transfer(60, "RVT-W12", "R1", "B1"); // to hospital
        assertEquals(List.of("RVT-W12"), whereIs("R1"));
        transfer(600, "CH-BAYV", "R1", "Room 3"); // and home again
        assertEquals(List.of("CH-BAYV"), whereIs("R1"));
    }
}
