package org.vigil.server.alerts;

import org.vigil.server.TestJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.events.Payload;
import org.vigil.server.rules.EngineState;
import org.vigil.organisation.OrganisationLoader;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.alerts.AlertTransition.Type.ESCALATED;
import static org.vigil.server.alerts.AlertTransition.Type.RAISED;
import static org.vigil.server.alerts.AlertTransition.Type.RENOTIFIED;
import static org.vigil.server.engine.Events.at;
import static org.vigil.server.engine.Events.tick;

/**
 * The default ladders (Policies.defaultEscalation; docs/organisation.md), rung by rung, at exactly each rung's
 * minute and one millisecond before: deadlines fire when the engine clock reaches them. The alerts are raised
 * on the real engine state at a given severity, so the ladders are tested whatever severity a rule gives.
 */
class EscalationLadderTest {
    static final String WARD = "RVT-W12";
    static final String HOME = "CH-BAYV";
    static final long T0 = at("2026-11-23T10:00:00Z");
    static final long MIN = 60_000L;

    private EngineState state;

    @BeforeEach
    void setUp() throws IOException {
        state = new EngineState(OrganisationLoader.demo());
        state.apply(tick(T0)); // the engine clock starts here
    }

    private Alert raise(String unit, AlertKind kind, Severity severity) {
        return state.alerts().raise(unit, kind, severity, "p1", "p1", "B1", kind.name(), T0);
    }

    static List<AlertTransition.Type> types(Alert a) {
        return a.history().stream().map(AlertTransition::type).toList();
    }

    /**
     * Each row: unit, severity, minutes from the raise, the rung then and its role. Ward HIGH: nurse in charge,
     * outreach at 15, site manager at 30; MEDIUM: 30 and 60; LOW: the site manager at 60. Care homes: the home,
     * then the community team at 15 (HIGH), 30 (MEDIUM), 60 (LOW).
     */
    @ParameterizedTest(name = "{0} {1}: at {2} min − 1 ms rung {3}, at {2} min rung {4} ({5})")
    @CsvSource({
            "RVT-W12, HIGH, 15, 0, 1, outreach",
            "RVT-W12, HIGH, 30, 1, 2, site-manager",
            "RVT-W12, MEDIUM, 30, 0, 1, outreach",
            "RVT-W12, MEDIUM, 60, 1, 2, site-manager",
            "RVT-W12, LOW, 60, 0, 1, site-manager",
            "CH-BAYV, HIGH, 15, 0, 1, community",
            "CH-BAYV, MEDIUM, 30, 0, 1, community",
            "CH-BAYV, LOW, 60, 0, 1, community"})
    void eachRungIsReachedAtExactlyItsMinute(String unit, Severity severity, int minutes, int before, int at,
                                              String role) {
        Alert a = raise(unit, AlertKind.OBSERVATIONS_OVERDUE, severity);
        state.apply(tick(T0 + minutes * MIN - 1));
        assertEquals(before, a.rung(), "one millisecond before");
        state.apply(tick(T0 + minutes * MIN));
        assertEquals(at, a.rung(), "at the minute");
        assertEquals(role, a.rungRole().id());
        assertEquals(T0 + minutes * MIN, a.rungSince());
        AlertTransition last = a.history().get(a.history().size() - 1);
        assertEquals(ESCALATED, last.type());
        assertEquals(at, last.rung());
        assertEquals(role, last.role());
        assertEquals(AlertState.ESCALATED, a.state());
    }

    @Test
    void rungZeroIsToldAtTheRaiseAndTheAlertIsNotEscalatedBeforeRungOne() {
        Alert a = raise(WARD, AlertKind.NEWS2_HIGH, Severity.HIGH);
        assertEquals(List.of(RAISED), types(a));
        AlertTransition raised = a.history().get(0);
        assertEquals(0, raised.rung());
        assertEquals("nurse-in-charge", raised.role());
        assertEquals(Severity.HIGH, raised.severity());
        assertEquals(AlertState.RAISED, a.state());
        assertFalse(a.escalated());
        assertEquals("Nurse in charge", TestJson.alert(a).getJsonObject("rung").getString("roleName"));
    }

    @Test
    void jumpingPastSeveralRungsReachesEachAtItsOwnMinute() {
        Alert a = raise(WARD, AlertKind.NEWS2_HIGH, Severity.HIGH);
        state.apply(tick(T0 + 40 * MIN));
        assertEquals(List.of(RAISED, ESCALATED, ESCALATED), types(a));
        // each rung at its own minute, as a wall clock ticking then would have had it, not at the jump's end
        assertEquals(T0 + 15 * MIN, a.escalatedAt());
        assertEquals(T0 + 15 * MIN, a.history().get(1).at());
        assertEquals(T0 + 30 * MIN, a.history().get(2).at());
        assertEquals(T0 + 30 * MIN, a.rungSince());
        assertTrue(TestJson.alert(a).getBoolean("escalated"));
    }

    /** At the last rung the alert is told again every repeat (HIGH 15 min, MEDIUM 30) while unanswered; LOW is not. */
    @ParameterizedTest(name = "{0}: top rung at {1} min, repeats every {2} min")
    @CsvSource({"HIGH, 30, 15", "MEDIUM, 60, 30"})
    void theLastRungIsToldAgainEveryRepeatWhileUnanswered(Severity severity, int top, int repeat) {
        Alert a = raise(WARD, AlertKind.OBSERVATIONS_OVERDUE, severity);
        state.apply(tick(T0 + top * MIN));
        assertEquals(2, a.rung());
        state.apply(tick(T0 + (top + repeat) * MIN - 1));
        assertFalse(types(a).contains(RENOTIFIED));
        state.apply(tick(T0 + (top + repeat) * MIN));
        assertEquals(RENOTIFIED, a.history().get(a.history().size() - 1).type());
        assertEquals("still unanswered", a.history().get(a.history().size() - 1).why());
        state.apply(tick(T0 + (top + 2 * repeat) * MIN));
        assertEquals(2, types(a).stream().filter(t -> t == RENOTIFIED).count());
        // answered: no more
        state.alerts().apply(new Payload.AlertAccept(a.id(), "OC", "outreach"), T0 + (top + 2 * repeat) * MIN + 1);
        state.apply(tick(T0 + (top + 10 * repeat) * MIN));
        assertEquals(2, types(a).stream().filter(t -> t == RENOTIFIED).count());
    }

    @Test
    void aLowAlertAtItsLastRungIsNotRepeated() {
        Alert a = raise(WARD, AlertKind.ASSESSMENT_OVERDUE, Severity.LOW);
        state.apply(tick(T0 + 60 * MIN));
        state.apply(tick(T0 + 24 * 60 * MIN));
        assertEquals(List.of(RAISED, ESCALATED), types(a));
    }

    @Test
    void anAnsweredAlertStopsClimbing() {
        Alert a = raise(WARD, AlertKind.NEWS2_HIGH, Severity.HIGH);
        state.alerts().apply(new Payload.AlertAck(a.id(), "JS", "Staff nurse", null, "wall"), T0 + 5 * MIN);
        state.apply(tick(T0 + 120 * MIN));
        assertEquals(0, a.rung());
        assertFalse(a.escalated());
        assertEquals(AlertState.ACKNOWLEDGED, a.state());
    }

    @Test
    void aMarthasRuleConcernReachesOutreachAtTheRaise() {
        Alert a = raise(WARD, AlertKind.PATIENT_CONCERN, Severity.HIGH);
        assertEquals(List.of(RAISED, ESCALATED), types(a));
        assertEquals(1, a.rung());
        assertEquals("outreach", a.rungRole().id());
        assertEquals(T0, a.escalatedAt());
    }

    /**
     * A ward alert at the site manager (rung 2 of 3) follows its patient to a care home, whose ladder has two rungs:
     * it keeps the highest rung there (the community team) and repeats every 15 min while unanswered. Before, its
     * rung stayed beyond the home's ladder, so its repeat never came and its deadline fell due again at once, for
     * ever: the engine thread hung on the next tick (found replaying the benchmark's mixed journal).
     */
    @Test
    void anAlertMovedToAShorterLadderKeepsItsLastRungAndRepeats() {
        Alert a = raise(WARD, AlertKind.NEWS2_HIGH, Severity.HIGH);
        state.apply(tick(T0 + 30 * MIN));
        assertEquals(2, a.rung());
        state.alerts().movePatient("p1", WARD, HOME, "R1", T0 + 31 * MIN);
        assertEquals(1, a.rung());
        assertEquals("community", a.rungRole().id());
        assertEquals(HOME, a.unit());
        state.apply(tick(T0 + 31 * MIN + 15 * MIN));
        state.apply(tick(T0 + 31 * MIN + 30 * MIN));
        List<AlertTransition> h = a.history();
        assertEquals(List.of(RAISED, ESCALATED, ESCALATED, RENOTIFIED, RENOTIFIED, RENOTIFIED), types(a));
        assertEquals("patient moved to " + HOME, h.get(3).why());
        assertEquals("still unanswered", h.get(5).why());
        assertEquals(T0 + 61 * MIN, h.get(5).at());
        assertEquals("community", h.get(5).role());
    }
}
