package org.vigil.server.alerts;

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
import org.vigil.events.Vitals;
import org.vigil.server.rules.EngineState;
import org.vigil.organisation.OrganisationLoader;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.alerts.AlertTransition.Type.ACKNOWLEDGED;
import static org.vigil.server.alerts.AlertTransition.Type.ESCALATED;
import static org.vigil.server.alerts.AlertTransition.Type.RAISED;
import static org.vigil.server.alerts.AlertTransition.Type.REOPENED;
import static org.vigil.server.alerts.AlertTransition.Type.RESOLVED;
import static org.vigil.server.alerts.AlertTransition.Type.WORSENED;
import static org.vigil.server.alerts.EscalationLadderTest.types;
import static org.vigil.server.engine.Events.admission;
import static org.vigil.server.engine.Events.at;
import static org.vigil.server.engine.Events.event;
import static org.vigil.server.engine.Events.high;
import static org.vigil.server.engine.Events.medium;
import static org.vigil.server.engine.Events.normal;
import static org.vigil.server.engine.Events.observation;
import static org.vigil.server.engine.Events.tick;

/**
 * Episodes and worsening, through the real engine with event-time scenarios: observations and RESTORE2
 * submissions raise, clear and worsen alerts; answers are the journaled internal records the API writes.
 */
class AlertEpisodesTest {
    private static final String WARD = "RVT-W12";
    private static final String HOME = "CH-BAYV";
    private static final long T0 = at("2026-11-23T10:00:00Z");
    private static final long MIN = 60_000L;

    private EngineState state;

    @BeforeEach
    void setUp() throws IOException {
        state = new EngineState(OrganisationLoader.demo());
        state.apply(admission(T0 - 60 * MIN, WARD, "p1", "B7", 70));
    }

    private Alert only(AlertKind kind) {
        List<Alert> all = state.alerts().find(a -> a.kind() == kind);
        assertEquals(1, all.size(), () -> kind + ": " + all.size());
        return all.get(0);
    }

    static Event ack(long time, Alert a, String by, String role, String token) {
        return new Event(null, EventType.ALERT_ACK, time, a.unit(), new Payload.AlertAck(a.id(), by, role, null, token));
    }

    static Event accept(long time, Alert a, String by, String role) {
        return new Event(null, EventType.ALERT_ACCEPT, time, a.unit(), new Payload.AlertAccept(a.id(), by, role));
    }

    // ------------------------------------------------------------------ moves

    /**
     * A set taken on the next ward before the move reaches the census raises the alert there; the move then brings
     * the old ward's alert of the same band. One alert goes on, never two: the hidden one was found by no rule,
     * never resolved, and climbed to the site manager about a patient since scored 0 (found by an independent
     * audit). The one on the new ward takes over the old one's ladder, as after a band change.
     */
    @Test
    void aMoveOntoTheSameAlertRaisedOnTheNewWardLeavesOneWhichTakesTheLadderOver() {
        state.apply(observation(T0, WARD, "p1", medium()));
        Alert old = only(AlertKind.NEWS2_MEDIUM);
        state.apply(tick(T0 + 31 * MIN)); // MEDIUM: outreach at 30 minutes
        assertEquals(1, old.rung());
        state.apply(observation(T0 + 32 * MIN, "RVT-W21", "p1", medium())); // on the next ward, ahead of the move
        state.apply(admission(T0 + 33 * MIN, "RVT-W21", "p1", "C4", 70)); // the move
        List<Alert> active = state.alerts().find(a -> "p1".equals(a.patient()) && a.state() != AlertState.RESOLVED);
        assertEquals(1, active.size(), active::toString);
        Alert there = active.get(0);
        assertEquals("RVT-W21", there.unit());
        assertEquals(1, there.rung(), "the ladder reached is not lost");
        assertEquals(List.of(old.id()), there.takenOver().stream().map(Alert.TakenOver::id).toList());
        assertEquals(AlertState.RESOLVED, old.state());
        assertTrue(old.history().get(old.history().size() - 1).why().startsWith("the same as " + there.id()),
                () -> old.history().toString());

        state.apply(observation(T0 + 40 * MIN, "RVT-W21", "p1", normal()));
        state.apply(tick(T0 + 4 * 60 * MIN));
        assertEquals(List.of(), state.alerts().find(a -> "p1".equals(a.patient()) && a.state() != AlertState.RESOLVED),
                "scored 0: nothing left to climb the ladder");
    }

    // ------------------------------------------------------------------ episodes

    @Test
    void anAcknowledgedAlertThatClearsAndReturnsWithinTheHoldDownIsTheSameEpisodeUnacknowledged() {
        state.apply(observation(T0, WARD, "p1", high()));
        Alert a = only(AlertKind.NEWS2_HIGH);
        state.apply(ack(T0 + 2 * MIN, a, "JS", "Staff nurse", "wall"));
        state.apply(observation(T0 + 5 * MIN, WARD, "p1", normal()));
        assertEquals(AlertState.RESOLVED, a.state());
        state.apply(observation(T0 + 10 * MIN, WARD, "p1", high()));

        assertSame(a, only(AlertKind.NEWS2_HIGH), "the same alert, not a new one");
        assertEquals(T0, a.raisedAt(), "the episode keeps its first raise");
        assertEquals(AlertState.RAISED, a.state(), "a re-opened alert is never pre-acknowledged");
        JsonObject json = TestJson.alert(a, true);
        assertFalse(json.containsKey("acknowledgedBy"), json::encode);
        assertFalse(json.containsKey("acknowledgedAt"), json::encode);
        assertEquals(List.of(RAISED, ACKNOWLEDGED, RESOLVED, REOPENED), types(a));
        assertEquals("JS", json.getJsonArray("history").getJsonObject(1).getString("by"), "the history keeps the ack");
        assertEquals("Staff nurse", json.getJsonArray("history").getJsonObject(1).getString("role"));
    }

    /**
     * The hold-down (30 min): resolved at R, back at R + 30 min is the same episode ("within N minutes" includes the
     * N-th, docs/organisation.md); at R + 30 min + 1 ms a new one.
     */
    @ParameterizedTest(name = "back {0} ms after resolving → same episode {1}")
    @CsvSource({"1799999, true", "1800000, true", "1800001, false"})
    void theHoldDownBoundary(long after, boolean same) {
        state.apply(observation(T0, WARD, "p1", high()));
        Alert first = only(AlertKind.NEWS2_HIGH);
        state.apply(observation(T0 + MIN, WARD, "p1", normal()));
        long resolvedAt = T0 + MIN;
        state.apply(observation(resolvedAt + after, WARD, "p1", high()));
        Alert now = state.alerts().active(WARD, AlertKind.NEWS2_HIGH, "p1");
        assertEquals(same, now == first, "same episode");
        assertEquals(same ? T0 : resolvedAt + after, now.raisedAt());
    }

    /** A flapping alert must still escalate on time: its ladder runs from the episode's first raise. */
    @ParameterizedTest(name = "tick at 15 min {0} ms → rung {1}")
    @CsvSource({"-1, 0", "0, 1"})
    void aFlappingAlertEscalatesFromItsFirstRaise(long offset, int rung) {
        state.apply(observation(T0, WARD, "p1", high()));
        state.apply(observation(T0 + 4 * MIN, WARD, "p1", normal()));
        state.apply(observation(T0 + 8 * MIN, WARD, "p1", high()));
        state.apply(observation(T0 + 11 * MIN, WARD, "p1", normal()));
        state.apply(observation(T0 + 14 * MIN, WARD, "p1", high()));
        state.apply(tick(T0 + 15 * MIN + offset));
        Alert a = only(AlertKind.NEWS2_HIGH);
        assertEquals(rung, a.rung());
        assertEquals(rung == 1, a.escalated());
        assertEquals(rung == 1 ? AlertState.ESCALATED : AlertState.RAISED, a.state());
    }

    @Test
    void aReopenedAlertWhoseRungFellDueWhileItWasAnsweredIsEscalatedAtOnce() {
        state.apply(observation(T0, WARD, "p1", high()));
        Alert a = only(AlertKind.NEWS2_HIGH);
        state.apply(ack(T0 + MIN, a, "JS", null, "wall"));
        state.apply(observation(T0 + 5 * MIN, WARD, "p1", normal()));
        state.apply(observation(T0 + 20 * MIN, WARD, "p1", high()));
        assertEquals(List.of(RAISED, ACKNOWLEDGED, RESOLVED, REOPENED, ESCALATED), types(a));
        assertEquals(1, a.rung());
        assertEquals(T0 + 20 * MIN, a.escalatedAt());
    }

    @Test
    void anEscalatedRungIsNeverLoweredByAReopening() {
        state.apply(observation(T0, WARD, "p1", high()));
        Alert a = only(AlertKind.NEWS2_HIGH);
        state.apply(tick(T0 + 30 * MIN));
        assertEquals(2, a.rung());
        state.apply(observation(T0 + 31 * MIN, WARD, "p1", normal()));
        state.apply(observation(T0 + 32 * MIN, WARD, "p1", high()));
        assertEquals(2, a.rung());
        assertEquals(AlertState.ESCALATED, a.state());
    }

    // ------------------------------------------------------------------ worsening

    private void restore2(long time, Vitals v) {
        state.apply(event(EventType.RESTORE2, time, HOME, new Payload.Restore2("r1", List.of(), v, false)));
    }

    /** NEWS2 3 (RR 21 → 2, SpO2 95 → 1): RESTORE2 "GP review", MEDIUM. */
    private static Vitals gpReview() {
        return new Vitals(21, 95, 1, false, 125, 72, Consciousness.A, 37.0);
    }

    @Test
    void anAcknowledgedGpReviewThatBecomesCall999IsUnacknowledgedAndItsLadderRestartsAtHighTimings() {
        restore2(T0, gpReview());
        Alert a = only(AlertKind.RESTORE2_ESCALATION);
        assertEquals(Severity.MEDIUM, a.severity());
        state.apply(ack(T0 + MIN, a, "KB", "Senior carer", "tablet"));
        long worse = T0 + 20 * MIN;
        restore2(worse, high());

        assertEquals(Severity.HIGH, a.severity());
        assertEquals(AlertState.RAISED, a.state(), "the acknowledgement covered GP review, not 999");
        assertNull(a.acknowledgedBy());
        AlertTransition w = a.history().get(a.history().size() - 1);
        assertEquals(WORSENED, w.type());
        assertEquals(Severity.HIGH, w.severity());
        assertTrue(w.detail().contains("EMERGENCY"), w.detail());
        // the care-home HIGH ladder from the worsening: the community team at +15 min, not before
        state.apply(tick(worse + 15 * MIN - 1));
        assertEquals(0, a.rung());
        state.apply(tick(worse + 15 * MIN));
        assertEquals(1, a.rung());
        assertEquals("community", a.rungRole().id());
    }

    @Test
    void urgentToEmergencyIsTheSameSeverityButAHigherGradeAndReNotifies() {
        restore2(T0, medium()); // NEWS2 5: URGENT, HIGH
        Alert a = only(AlertKind.RESTORE2_ESCALATION);
        assertEquals(Severity.HIGH, a.severity());
        state.apply(accept(T0 + MIN, a, "Dr Lee", "community"));
        assertEquals(AlertState.ACCEPTED, a.state());
        restore2(T0 + 10 * MIN, high()); // NEWS2 11: EMERGENCY, HIGH
        assertEquals(Severity.HIGH, a.severity());
        assertEquals(AlertState.RAISED, a.state());
        assertNull(a.acceptedBy(), "the acceptance covered URGENT; EMERGENCY is told again");
        assertEquals(WORSENED, a.history().get(a.history().size() - 1).type());
    }

    @Test
    void improvementTellsNobodyAndKeepsTheAnswer() {
        restore2(T0, high());
        Alert a = only(AlertKind.RESTORE2_ESCALATION);
        state.apply(ack(T0 + MIN, a, "KB", "Senior carer", "tablet"));
        int entries = a.history().size();
        restore2(T0 + 5 * MIN, medium());
        assertEquals(AlertState.ACKNOWLEDGED, a.state());
        assertEquals(entries, a.history().size());
        assertTrue(a.detail().contains("URGENT"));
        // …and back up is a worsening again
        restore2(T0 + 10 * MIN, high());
        assertEquals(AlertState.RAISED, a.state());
    }

    /**
     * An unanswered alert that worsens keeps its clock and takes the worse timings, so escalation only comes
     * sooner: MEDIUM at T0 (outreach due at 30 min) worsening to HIGH at 10 min has outreach due at 15 min.
     */
    @ParameterizedTest(name = "tick at 15 min {0} ms → rung {1}")
    @CsvSource({"-1, 0", "0, 1"})
    void anUnansweredAlertThatWorsensTakesTheWorseTimingsFromItsFirstRaise(long offset, int rung) {
        Alert a = state.alerts().raise(WARD, AlertKind.OBSERVATIONS_OVERDUE, Severity.MEDIUM, "p1", "p1", "B7",
                "overdue", T0);
        state.apply(tick(T0 + 10 * MIN));
        state.alerts().raise(WARD, AlertKind.OBSERVATIONS_OVERDUE, Severity.HIGH, "p1", "p1", "B7", "overdue", T0 + 10 * MIN);
        assertEquals(WORSENED, a.history().get(a.history().size() - 1).type());
        state.apply(tick(T0 + 15 * MIN + offset));
        assertEquals(rung, a.rung());
    }

    @Test
    void aWorseningOfAnEscalatedAnsweredAlertKeepsItsRungAndRestartsTheNextRungFromTheWorsening() {
        Alert a = state.alerts().raise(WARD, AlertKind.OBSERVATIONS_OVERDUE, Severity.MEDIUM, "p1", "p1", "B7",
                "overdue", T0);
        state.apply(tick(T0 + 30 * MIN));
        assertEquals(1, a.rung());
        state.apply(accept(T0 + 31 * MIN, a, "OC", "outreach"));
        long worse = T0 + 40 * MIN;
        state.apply(tick(worse));
        state.alerts().raise(WARD, AlertKind.OBSERVATIONS_OVERDUE, Severity.HIGH, "p1", "p1", "B7", "overdue", worse);
        assertEquals(1, a.rung(), "outreach already knew: not lowered");
        assertEquals(AlertState.ESCALATED, a.state());
        state.apply(tick(worse + 30 * MIN - 1));
        assertEquals(1, a.rung());
        state.apply(tick(worse + 30 * MIN));
        assertEquals(2, a.rung(), "the site manager 30 min (HIGH) after the worsening");
    }

    @Test
    void aHigherSeverityOnReopeningIsAlsoAWorsening() {
        // p1's first set, so the first-observations rule (due 60 min after admission) raises nothing of its own
        state.apply(observation(T0 - 30 * MIN, WARD, "p1", normal()));
        Alert a = state.alerts().raise(WARD, AlertKind.OBSERVATIONS_OVERDUE, Severity.LOW, "p1", "p1", "B7", "o", T0);
        state.alerts().resolve(WARD, AlertKind.OBSERVATIONS_OVERDUE, "p1", T0 + MIN, "recorded");
        state.apply(tick(T0 + 2 * MIN));
        Alert again = state.alerts().raise(WARD, AlertKind.OBSERVATIONS_OVERDUE, Severity.HIGH, "p1", "p1", "B7", "o",
                T0 + 2 * MIN);
        assertSame(a, again);
        assertEquals(List.of(RAISED, RESOLVED, REOPENED, WORSENED), types(a));
        state.apply(tick(T0 + 15 * MIN));
        assertEquals(1, a.rung(), "HIGH timings from the first raise");
        assertNotEquals(0, a.escalatedAt());
    }
}
