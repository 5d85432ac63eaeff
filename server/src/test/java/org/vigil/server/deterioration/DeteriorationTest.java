package org.vigil.server.deterioration;

import org.vigil.server.TestJson;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.events.Vitals;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.alerts.AlertState;
import org.vigil.server.alerts.AlertTransition;
import org.vigil.server.rules.EngineState;
import org.vigil.organisation.OrganisationLoader;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.engine.Events.admission;
import static org.vigil.server.engine.Events.at;
import static org.vigil.server.engine.Events.discharge;
import static org.vigil.server.engine.Events.high;
import static org.vigil.server.engine.Events.medium;
import static org.vigil.server.engine.Events.normal;
import static org.vigil.server.engine.Events.observation;
import static org.vigil.server.engine.Events.singleThree;
import static org.vigil.server.engine.Events.tick;
import static org.vigil.server.engine.Events.transfer;

class DeteriorationTest {
    private static final String WARD = "RVT-W12";
    private static final long T0 = at("2026-11-23T10:00:00Z");
    private static final long MIN = 60_000L;

    private EngineState state;

    @BeforeEach
    void setUp() throws IOException {
        state = new EngineState(OrganisationLoader.demo());
        state.apply(admission(T0 - 60 * MIN, WARD, "p1", "B1", 70));
    }

    private JsonObject ward() {
        return TestJson.unit(state, WARD);
    }

    private List<Alert> alerts(AlertKind kind) {
        return state.alerts().find(a -> a.kind() == kind && a.state().active());
    }

    @Test
    void countsEachRiskBandOnTheWard() {
        state.apply(admission(T0, WARD, "p2", "B2", 60));
        state.apply(admission(T0, WARD, "p3", "B3", 50));
        state.apply(admission(T0, WARD, "p4", "B4", 40));
        state.apply(observation(T0, WARD, "p1", normal()));
        state.apply(observation(T0, WARD, "p2", singleThree()));
        state.apply(observation(T0, WARD, "p3", medium()));
        state.apply(observation(T0, WARD, "p4", high()));
        JsonObject w = ward();
        assertEquals(1, w.getInteger("news2LowMedium"));
        assertEquals(1, w.getInteger("news2Medium"));
        assertEquals(1, w.getInteger("news2High"));
        assertEquals(2, w.getInteger("news2AtLeast5"));
        assertEquals(3, w.getInteger("patientsOnHourlyObs"), "single 3, 5–6 and ≥7 are all at least hourly (RCP Chart 4)");
        assertEquals(1, alerts(AlertKind.NEWS2_LOW_MEDIUM).size());
        assertEquals(1, alerts(AlertKind.NEWS2_MEDIUM).size());
        assertEquals(1, alerts(AlertKind.NEWS2_HIGH).size());
        assertEquals("B4", alerts(AlertKind.NEWS2_HIGH).get(0).bed());
    }

    @Test
    void aLaterLowerSetResolvesTheBandAlert() {
        state.apply(observation(T0, WARD, "p1", high()));
        state.apply(observation(T0 + 10 * MIN, WARD, "p1", normal()));
        assertTrue(alerts(AlertKind.NEWS2_HIGH).isEmpty());
        assertEquals(0, ward().getInteger("news2High"));
        Alert resolved = state.alerts().find(a -> a.kind() == AlertKind.NEWS2_HIGH).get(0);
        assertEquals(AlertState.RESOLVED, resolved.state());
    }

    @Test
    void aMoveToAnotherBandSupersedesTheAlert() {
        state.apply(observation(T0, WARD, "p1", medium()));
        state.apply(observation(T0 + 10 * MIN, WARD, "p1", high()));
        assertTrue(alerts(AlertKind.NEWS2_MEDIUM).isEmpty());
        assertEquals(1, alerts(AlertKind.NEWS2_HIGH).size());
    }

    /**
     * An unanswered alert hands its ladder on when the band changes (issue 11: the rung reached is never lowered;
     * a worse band's timings only bring the next rung sooner). Found by an independent check: a MEDIUM alert that
     * had reached outreach was superseded by a HIGH one at the nurse in charge, its clock restarted, so outreach
     * heard again only 15 minutes later and the site manager 30.
     */
    @Test
    void aWorseBandTakesOverAnUnansweredLadderFromItsClockAndRung() {
        state.apply(observation(T0, WARD, "p1", medium()));
        state.apply(tick(T0 + 30 * MIN)); // MEDIUM: outreach at 30 min
        Alert medium = alerts(AlertKind.NEWS2_MEDIUM).get(0);
        assertEquals(1, medium.rung());
        state.apply(observation(T0 + 35 * MIN, WARD, "p1", high()));
        Alert high = alerts(AlertKind.NEWS2_HIGH).get(0);
        // HIGH's ladder from the MEDIUM alert's raise: outreach at 15, the site manager at 30 — both passed
        assertEquals(2, high.rung());
        assertEquals("site-manager", high.rungRole().id());
        assertEquals(AlertState.ESCALATED, high.state());
        assertTrue(high.history().stream().anyMatch(t -> t.why() != null && t.why().contains(medium.id())),
                () -> high.history().toString());
        assertEquals(AlertState.RESOLVED, medium.state());
    }

    @Test
    void aWorseBandBringsTheNextRungSoonerNeverLater() {
        state.apply(observation(T0, WARD, "p1", medium()));
        state.apply(observation(T0 + 10 * MIN, WARD, "p1", high()));
        Alert high = alerts(AlertKind.NEWS2_HIGH).get(0);
        assertEquals(0, high.rung());
        state.apply(tick(T0 + 15 * MIN - 1));
        assertEquals(0, high.rung(), "HIGH's outreach rung, 15 minutes from the first raise: not yet");
        state.apply(tick(T0 + 15 * MIN));
        assertEquals(1, high.rung(), "at 15 minutes from the MEDIUM alert's raise, not from the HIGH one's");
    }

    @Test
    void aBetterBandNeverLowersTheRungReached() {
        state.apply(observation(T0, WARD, "p1", high()));
        state.apply(tick(T0 + 30 * MIN)); // HIGH: the site manager at 30
        state.apply(observation(T0 + 35 * MIN, WARD, "p1", medium()));
        Alert medium = alerts(AlertKind.NEWS2_MEDIUM).get(0);
        assertEquals(2, medium.rung());
        assertEquals("site-manager", medium.rungRole().id());
    }

    /**
     * "Not escalating" is no answer: a worse band ends the pause and takes the ladder on (found by an independent
     * check: a paused MEDIUM alert's HIGH successor started at the nurse in charge with a new clock).
     */
    @Test
    void aWorseBandEndsNotEscalatingAndTakesTheLadderOn() {
        state.apply(observation(T0, WARD, "p1", medium()));
        Alert medium = alerts(AlertKind.NEWS2_MEDIUM).get(0);
        state.apply(tick(T0 + 35 * MIN)); // outreach reached at 30
        state.alerts().apply(new org.vigil.events.Payload.AlertNotEscalating(medium.id(), "OA", "outreach",
                "end-of-life care plan", 120), T0 + 35 * MIN);
        state.apply(observation(T0 + 40 * MIN, WARD, "p1", high()));
        Alert high = alerts(AlertKind.NEWS2_HIGH).get(0);
        assertEquals(2, high.rung(), "HIGH's ladder from the MEDIUM alert's raise: the site manager at 30");
        assertNull(TestJson.alert(high).getJsonObject("notEscalating"), "the pause ends with the worsening");
    }

    /**
     * A single red score (low-medium) rising to an aggregate of 5 (medium) is a worsening though both are MEDIUM
     * severity: RCP Chart 3 makes 5 "the key threshold for urgent response". It ends a "not escalating" pause and
     * tells the rungs reached; it kept the pause, paging nobody for twelve hours (found by an independent audit).
     */
    @Test
    void aSingleRedScoreRisingToFiveEndsNotEscalating() {
        state.apply(observation(T0, WARD, "p1", singleThree()));
        Alert lowMedium = alerts(AlertKind.NEWS2_LOW_MEDIUM).get(0);
        state.apply(tick(T0 + 31 * MIN)); // outreach reached at 30
        assertEquals(org.vigil.server.alerts.AlertBook.Outcome.DONE, state.alerts().apply(
                new org.vigil.events.Payload.AlertNotEscalating(lowMedium.id(), "OA", "outreach",
                        "end-of-life care plan", 720), T0 + 32 * MIN));
        state.apply(observation(T0 + 40 * MIN, WARD, "p1", medium()));
        Alert medium = alerts(AlertKind.NEWS2_MEDIUM).get(0);
        assertNull(TestJson.alert(medium).getJsonObject("notEscalating"), "the pause ends with the worsening");
        assertEquals(AlertState.ESCALATED, medium.state());
        assertTrue(medium.rung() >= 1, "the ladder goes on from the rung reached: " + medium.rung());
        state.apply(tick(T0 + 200 * MIN));
        assertTrue(medium.history().stream().filter(t -> t.at() > T0 + 40 * MIN)
                        .anyMatch(t -> t.type() == AlertTransition.Type.ESCALATED || t.type() == AlertTransition.Type.RENOTIFIED),
                () -> "told again while unanswered: " + medium.history());
    }

    /**
     * The next stay starts with new alerts even when the last one went through another ward: an alert resolved on
     * the ward left was kept for its hold-down and re-opened at the readmission, escalated to the site manager at
     * once with the old stay's history (found by an independent audit).
     */
    @Test
    void aReadmissionAfterATransferStartsWithNewAlerts() {
        state.apply(observation(T0 + 5 * MIN, WARD, "p1", medium()));
        Alert first = alerts(AlertKind.NEWS2_MEDIUM).get(0);
        state.apply(tick(T0 + 35 * MIN)); // outreach
        state.apply(observation(T0 + 50 * MIN, WARD, "p1", normal())); // resolves it
        state.apply(transfer(T0 + 55 * MIN, "RVT-W21", "p1", "C1"));
        state.apply(discharge(T0 + 60 * MIN, "RVT-W21", "p1"));
        state.apply(admission(T0 + 65 * MIN, WARD, "p1", "B7", 70));
        state.apply(observation(T0 + 70 * MIN, WARD, "p1", medium()));
        Alert again = alerts(AlertKind.NEWS2_MEDIUM).get(0);
        assertFalse(again.id().equals(first.id()), "a new alert for the new stay");
        assertEquals(0, again.rung());
        assertEquals(AlertState.RAISED, again.state());
    }

    /**
     * A paused alert that follows its patient to another ward is told to that ward, naming the decision: the pause
     * kept the receiving ward's nurse in charge from hearing of a NEWS2 of 11 for up to twelve hours (found by an
     * independent audit).
     */
    @Test
    void aPausedAlertThatMovesWardsIsToldToTheReceivingWard() {
        state.apply(observation(T0, WARD, "p1", high()));
        Alert high = alerts(AlertKind.NEWS2_HIGH).get(0);
        state.alerts().apply(new org.vigil.events.Payload.AlertNotEscalating(high.id(), "OA", "outreach",
                "end-of-life care plan", 720), T0 + 5 * MIN);
        state.apply(transfer(T0 + 10 * MIN, "RVT-W21", "p1", "C4"));
        assertEquals("RVT-W21", high.unit());
        assertTrue(high.history().stream().anyMatch(t -> t.type() == AlertTransition.Type.RENOTIFIED
                && t.at() == T0 + 10 * MIN && t.why().contains("RVT-W21") && t.why().contains("not escalating")),
                () -> high.history().toString());
        assertNotNull(TestJson.alert(high).getJsonObject("notEscalating"), "the decision stands");
    }

    /** A better band keeps the decision not to escalate, and the rung reached, telling nobody. */
    @Test
    void aBetterBandKeepsNotEscalatingAndTheRungAndTellsNobody() {
        state.apply(observation(T0, WARD, "p1", high()));
        Alert high = alerts(AlertKind.NEWS2_HIGH).get(0);
        state.apply(tick(T0 + 30 * MIN)); // the site manager
        assertEquals(org.vigil.server.alerts.AlertBook.Outcome.DONE, state.alerts().apply(
                new org.vigil.events.Payload.AlertNotEscalating(high.id(), "OA", "outreach", "end-of-life care plan",
                        120), T0 + 31 * MIN));
        state.apply(observation(T0 + 40 * MIN, WARD, "p1", medium()));
        Alert medium = alerts(AlertKind.NEWS2_MEDIUM).get(0);
        assertEquals(2, medium.rung());
        assertEquals(AlertState.ESCALATED, medium.state(), "on the rung reached, not new");
        assertNotNull(TestJson.alert(medium).getJsonObject("notEscalating"), "still not escalating");
        assertTrue(medium.history().stream().noneMatch(t -> t.type() == AlertTransition.Type.ESCALATED),
                () -> medium.history().toString());
        state.apply(tick(T0 + 160 * MIN)); // past the pause's end (T0 + 151 min): the ladder catches up
        assertTrue(medium.history().stream().anyMatch(t -> t.type() == AlertTransition.Type.RENOTIFIED
                || t.type() == AlertTransition.Type.ESCALATED), () -> medium.history().toString());
    }

    /**
     * A patient moved to a care home leaves the ward's rules and their alerts behind; the home's rules (RESTORE2)
     * take over. Found by independent checks: the ward's deadlines went on raising alerts no home event could
     * clear (a sepsis prompt re-notified every 15 minutes for ever), and the ward's NEWS2 alert went with the
     * patient, climbing the home's ladder until someone answered it.
     */
    @Test
    void aMoveToACareHomeEndsTheWardsAlertsAndItsDeadlines() {
        state.apply(observation(T0, WARD, "p1", high()));
        Alert high = alerts(AlertKind.NEWS2_HIGH).get(0);
        state.apply(transfer(T0 + 5 * MIN, "CH-BAYV", "p1", "Room 2"));
        assertEquals(AlertState.RESOLVED, high.state());
        assertEquals("moved to a care home (CH-BAYV)", TestJson.alert(high, true).getString("resolution"));
        assertEquals(WARD, high.unit(), "resolved where it was raised, not carried to the home");
        state.apply(tick(T0 + 6 * 60 * MIN));
        assertTrue(state.alerts().find(a -> a.state().active() && "p1".equals(a.patient())).isEmpty(),
                () -> "no ward rule follows them into the home: " + state.alerts().find(a -> a.state().active())
                        .stream().map(a -> a.kind() + "@" + a.unit() + " " + a.detail()).toList());
    }

    /**
     * A set taken on a ward before the patient left it, arriving after the transfer, is their latest set but does
     * not bring them back (found by an independent check: it moved their observations back to the ward left, whose
     * overdue alert then named their new bed, escalated to the site manager and could not be resolved by observing
     * them where they were).
     */
    @Test
    void aSetFromTheWardLeftArrivingAfterTheTransferDoesNotBringThePatientBack() {
        String other = "RVT-W25";
        state.apply(admission(T0, WARD, "p1", "B1", 70));
        state.apply(observation(T0 + 5 * MIN, WARD, "p1", normal()));
        state.apply(transfer(T0 + 30 * MIN, other, "p1", "B7"));
        state.apply(tick(T0 + 4 * 60 * MIN));
        state.apply(observation(T0 + 25 * MIN, WARD, "p1", normal())); // taken before the transfer, sent late
        state.apply(tick(T0 + 30 * 60 * MIN)); // long past every interval: overdue where the patient is
        List<Alert> overdue = alerts(AlertKind.OBSERVATIONS_OVERDUE).stream().filter(a -> a.state().active()).toList();
        assertFalse(overdue.isEmpty());
        assertTrue(overdue.stream().allMatch(a -> a.unit().equals(other)), () -> overdue.stream()
                .map(a -> a.unit() + " " + a.bed()).toList().toString());
        state.apply(observation(T0 + 30 * 60 * MIN + MIN, other, "p1", normal()));
        assertTrue(alerts(AlertKind.OBSERVATIONS_OVERDUE).stream().noneMatch(a -> a.state().active()),
                () -> "observing them where they are answers every overdue set: " + alerts(AlertKind.OBSERVATIONS_OVERDUE)
                        .stream().filter(a -> a.state().active()).map(a -> a.unit() + " " + a.detail()).toList());
    }

    /**
     * A set taken before the stay on the ward ended (a discharge, a move to a care home) and sent late is counted on
     * its day and raises nothing: taken as a new current state it raised NEWS2, overdue and sepsis alerts no set
     * could clear, climbing to the site manager for a patient gone — on a care home's room named like another
     * patient's bed, at that patient's bed (found by an independent audit).
     */
    @Test
    void aSetTakenBeforeTheStayEndedAndSentLateRaisesNothing() {
        state.apply(admission(T0, WARD, "p2", "B2", 60));
        state.apply(admission(T0, WARD, "p3", "B3", 60));
        for (String p : List.of("p1", "p2", "p3")) {
            state.apply(observation(T0, WARD, p, normal())); // each first set on time: no red flag of its own
        }
        state.apply(discharge(T0 + 60 * MIN, WARD, "p1"));
        state.apply(transfer(T0 + 60 * MIN, "CH-BAYV", "p3", "B2")); // the home's room is named like p2's bed
        state.apply(tick(T0 + 65 * MIN));
        state.apply(observation(T0 + 50 * MIN, WARD, "p1", high())); // taken before the discharge, sent late
        state.apply(observation(T0 + 50 * MIN, WARD, "p3", high())); // taken before the move, sent late
        state.apply(tick(T0 + 180 * MIN));
        List<Alert> active = state.alerts().find(a -> a.state().active()
                && ("p1".equals(a.patient()) || "p3".equals(a.patient()) || a.kind() == AlertKind.STAFFING_RED_FLAG));
        assertEquals(List.of(), active.stream().map(a -> a.unit() + " " + a.bed() + " " + a.kind() + " " + a.detail()).toList());
        assertEquals(0, ward().getInteger("news2High"));
        assertEquals(0, ward().getInteger("observationsOverdue"));
        // a set taken after the discharge is not late against it: as before an admission, it is followed
        state.apply(observation(T0 + 185 * MIN, WARD, "p1", high()));
        assertEquals(1, alerts(AlertKind.NEWS2_HIGH).size());
    }

    /**
     * After a readmission, a set from the stay before, sent late, is not the new stay's first set: it satisfied the
     * first set's hour and raised the old stay's alerts (found by a review).
     */
    @Test
    void aSetFromTheStayBeforeIsNotTheNextStaysFirstSet() {
        state.apply(observation(T0, WARD, "p1", normal()));
        state.apply(discharge(T0 + 60 * MIN, WARD, "p1"));
        state.apply(admission(T0 + 240 * MIN, WARD, "p1", "B9", 70));
        state.apply(observation(T0 + 50 * MIN, WARD, "p1", high())); // from the stay before, sent late
        assertEquals(List.of(), alerts(AlertKind.NEWS2_HIGH));
        state.apply(tick(T0 + 301 * MIN)); // the first set was due within 60 minutes of the readmission
        assertEquals(1, alerts(AlertKind.OBSERVATIONS_OVERDUE).size(), "the new stay's first set is still owed");
    }

    /** Issue 11: worsening re-notifies; an answered alert's answer covered the old band, so the ladder starts now. */
    @Test
    void aWorseBandAfterAnAnswerStartsItsLadderUnansweredFromNow() {
        state.apply(observation(T0, WARD, "p1", medium()));
        Alert medium = alerts(AlertKind.NEWS2_MEDIUM).get(0);
        state.alerts().apply(new org.vigil.events.Payload.AlertAck(medium.id(), "JS", "Staff nurse", null, "wall"),
                T0 + 5 * MIN);
        state.apply(tick(T0 + 40 * MIN));
        state.apply(observation(T0 + 40 * MIN, WARD, "p1", high()));
        Alert high = alerts(AlertKind.NEWS2_HIGH).get(0);
        assertEquals(0, high.rung());
        assertEquals(AlertState.RAISED, high.state());
        state.apply(tick(T0 + 55 * MIN - 1));
        assertEquals(0, high.rung());
        state.apply(tick(T0 + 55 * MIN));
        assertEquals(1, high.rung());
    }

    /**
     * An alert shows the bed the census gives its patient now (HAZ-09, wrong bed). Found by an independent check:
     * a second admission message moving p1 from B1 to B6 left NEWS2_HIGH at B1 while OBSERVATIONS_OVERDUE said B6;
     * a set taken before the admission message kept its alert at no bed.
     */
    @Test
    void anAdmissionMessageNamingAnotherBedMovesThePatientsAlertsThere() {
        state.apply(observation(T0, WARD, "p1", high()));
        assertEquals("B1", alerts(AlertKind.NEWS2_HIGH).get(0).bed());
        state.apply(admission(T0 + MIN, WARD, "p1", "B6", 70));
        assertEquals("B6", alerts(AlertKind.NEWS2_HIGH).get(0).bed());
    }

    @Test
    void aSetTakenBeforeTheAdmissionMessageGetsItsBedWhenTheMessageComes() {
        state.apply(observation(T0, WARD, "p9", high()));
        assertNull(alerts(AlertKind.NEWS2_HIGH).get(0).bed());
        state.apply(admission(T0 + MIN, WARD, "p9", "B2", 70));
        assertEquals("B2", alerts(AlertKind.NEWS2_HIGH).get(0).bed());
    }

    @Test
    void aPatientWhoseBedIsGivenToANewcomerNoLongerShowsAnAlertThere() {
        state.apply(observation(T0, WARD, "p1", high()));
        state.apply(admission(T0 + MIN, WARD, "p2", "B1", 50)); // the feed gives B1 to p2: p1 has no bed now
        assertNull(alerts(AlertKind.NEWS2_HIGH).get(0).bed(), "never at the newcomer's bed");
    }

    @Test
    void aLateSetIsScoredButDoesNotReplaceTheNewerCurrentState() {
        state.apply(observation(T0, WARD, "p1", normal()));
        state.apply(observation(T0 - 30 * MIN, WARD, "p1", high()));
        assertEquals(0, ward().getInteger("news2High"));
        assertTrue(alerts(AlertKind.NEWS2_HIGH).isEmpty());
    }

    /**
     * RCP Chart 4 intervals: NEWS2 0 → 12 h, 1–4 → 4 h, single 3 → 1 h, 5–6 → 1 h, ≥7 → continuous (overdue after
     * 15 min). The next set is due by the interval: at the due instant it is in time, overdue from the next ms.
     */
    @ParameterizedTest(name = "{0}: due after {1} min")
    @CsvSource({"zero, 720", "low, 240", "singleThree, 60", "medium, 60", "high, 15"})
    void observationsBecomeOverdueAtTheMonitoringInterval(String band, int minutes) {
        Vitals v = switch (band) {
            case "zero" -> normal();
            case "low" -> new Vitals(16, 95, 1, false, 125, 72, org.vigil.events.Consciousness.A, 37.0);
            case "singleThree" -> singleThree();
            case "medium" -> medium();
            default -> high();
        };
        state.apply(observation(T0, WARD, "p1", v));
        state.apply(tick(T0 + minutes * MIN));
        assertEquals(0, ward().getInteger("observationsOverdue"), "not overdue at the due instant: due by then");
        assertTrue(alerts(AlertKind.OBSERVATIONS_OVERDUE).isEmpty());
        state.apply(tick(T0 + minutes * MIN + 1));
        assertEquals(1, ward().getInteger("observationsOverdue"), "overdue from the millisecond after");
        assertEquals(1, alerts(AlertKind.OBSERVATIONS_OVERDUE).size());
        state.apply(observation(T0 + minutes * MIN + 5 * MIN, WARD, "p1", normal()));
        assertEquals(0, ward().getInteger("observationsOverdue"), "a new set clears it");
        assertTrue(alerts(AlertKind.OBSERVATIONS_OVERDUE).isEmpty());
    }

    @Test
    void aLateSetThatIsAlreadyOverdueRaisesAtOnce() {
        state.apply(tick(T0 + 2 * 60 * MIN));
        state.apply(observation(T0, WARD, "p1", medium()));
        assertEquals(1, ward().getInteger("observationsOverdue"));
    }

    @Test
    void transferMovesTheCurrentStateAndAlerts() {
        state.apply(observation(T0, WARD, "p1", high()));
        state.apply(transfer(T0 + MIN, "RVT-W21", "p1", "C4"));
        assertEquals(0, ward().getInteger("news2High"));
        assertEquals(1, TestJson.unit(state, "RVT-W21").getInteger("news2High"));
        Alert a = alerts(AlertKind.NEWS2_HIGH).get(0);
        assertEquals("RVT-W21", a.unit());
        assertEquals("C4", a.bed());
    }

    @Test
    void dischargeStopsTheScheduleAndResolvesAlerts() {
        state.apply(observation(T0, WARD, "p1", high()));
        state.apply(discharge(T0 + MIN, WARD, "p1"));
        state.apply(tick(T0 + 60 * MIN));
        assertEquals(0, ward().getInteger("news2High"));
        assertEquals(0, ward().getInteger("observationsOverdue"));
        assertTrue(state.alerts().find(a -> a.state().active() && "p1".equals(a.patient())).isEmpty(),
                "every alert about the patient resolved");
    }

    @Test
    void unacknowledgedHighAlertEscalatesAfter15MinutesAndAcknowledgementRecordsWho() {
        state.apply(observation(T0, WARD, "p1", high()));
        Alert a = alerts(AlertKind.NEWS2_HIGH).get(0);
        state.apply(tick(T0 + 15 * MIN - 1));
        assertEquals(AlertState.RAISED, a.state());
        state.apply(tick(T0 + 15 * MIN));
        assertEquals(AlertState.ESCALATED, a.state());
        assertTrue(a.escalated());
        state.apply(new org.vigil.events.Event(null, org.vigil.events.EventType.ALERT_ACK, T0 + 16 * MIN, WARD,
                new org.vigil.events.Payload.AlertAck(a.id(), "Sister Jones", null, "outreach called", "ward wall")));
        assertEquals(AlertState.ACKNOWLEDGED, a.state());
        JsonObject json = TestJson.alert(a);
        assertEquals("Sister Jones", json.getString("acknowledgedBy"));
        assertEquals("outreach called", json.getString("note"));
        assertFalse(json.containsKey("patient"), "alerts name the bed, never the patient");
    }

    @Test
    void aFlappingScoreReopensTheSameAlertWithinTheHoldDown() {
        state.apply(observation(T0, WARD, "p1", medium()));
        String first = alerts(AlertKind.NEWS2_MEDIUM).get(0).id();
        state.apply(observation(T0 + 10 * MIN, WARD, "p1", normal()));
        state.apply(observation(T0 + 20 * MIN, WARD, "p1", medium()));
        assertEquals(first, alerts(AlertKind.NEWS2_MEDIUM).get(0).id(), "within 30 min hold-down: same alert");
        state.apply(observation(T0 + 30 * MIN, WARD, "p1", normal()));
        state.apply(observation(T0 + 61 * MIN, WARD, "p1", medium()));
        assertFalse(first.equals(alerts(AlertKind.NEWS2_MEDIUM).get(0).id()), "after the hold-down: a new alert");
    }

    @Test
    void anObservationWithoutAdmissionStillCounts() {
        state.apply(observation(T0, WARD, "unadmitted", high()));
        assertEquals(1, ward().getInteger("news2High"));
        assertNull(alerts(AlertKind.NEWS2_HIGH).get(0).bed());
    }
}
