package org.vigil.server.alerts;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.events.DailyAskAnswer;
import org.vigil.events.DailyAskRespondent;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.events.RaisedBy;
import org.vigil.server.rules.EngineState;
import org.vigil.organisation.OrganisationLoader;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vigil.server.engine.Events.admission;
import static org.vigil.server.engine.Events.at;
import static org.vigil.server.engine.Events.event;
import static org.vigil.server.engine.Events.high;
import static org.vigil.server.engine.Events.normal;
import static org.vigil.server.engine.Events.observation;
import static org.vigil.server.engine.Events.tick;

/**
 * The alerts of the rules added beside the ladders (unreported staffing, the sepsis screening prompt, Martha's
 * rule daily ask) climb the default ladders like every other alert: by their severity, or the kind's own ladder
 * (PATIENT_CONCERN). Raised by the real rules from events, then followed rung by rung at exactly each rung's
 * minute and one millisecond before. 2026-11-23 is GMT; RVT-W12's day shift starts 07:30.
 */
class RuleAlertLaddersTest {
    private static final String WARD = "RVT-W12";
    private static final long MIN = 60_000L;

    private EngineState state;

    @BeforeEach
    void setUp() throws IOException {
        state = new EngineState(OrganisationLoader.demo());
        state.apply(tick(at("2026-11-23T06:00:00Z"))); // the engine clock starts before the day shift
    }

    private Alert only(AlertKind kind) {
        List<Alert> found = state.alerts().find(a -> a.kind() == kind && a.unit().equals(WARD) && a.state().active());
        assertEquals(1, found.size(), kind + ": " + found);
        return found.get(0);
    }

    /** The one active alert of the kind on the ward, at the severity given, told to the nurse in charge first. */
    private Alert raisedToTheNurseInCharge(AlertKind kind, Severity severity) {
        Alert a = only(kind);
        assertEquals(severity, a.severity());
        assertEquals(0, a.rung());
        assertEquals("nurse-in-charge", a.rungRole().id());
        return a;
    }

    /** The rung at {@code minutes} − 1 ms and at {@code minutes} after the alert was raised, and its role then. */
    private void climbs(Alert a, int minutes, int before, int after, String role) {
        state.apply(tick(a.raisedAt() + minutes * MIN - 1));
        assertEquals(before, a.rung(), a.kind() + ": one millisecond before minute " + minutes);
        state.apply(tick(a.raisedAt() + minutes * MIN));
        assertEquals(after, a.rung(), a.kind() + ": at minute " + minutes);
        assertEquals(role, a.rungRole().id());
    }

    /** STAFFING_NOT_REPORTED is MEDIUM: nurse in charge, outreach at 30 min, site manager at 60. */
    @Test
    void anUnreportedShiftClimbsTheMediumLadder() {
        state.apply(tick(at("2026-11-23T08:30:00.001Z")));
        Alert a = raisedToTheNurseInCharge(AlertKind.STAFFING_NOT_REPORTED, Severity.MEDIUM);
        climbs(a, 30, 0, 1, "outreach");
        climbs(a, 60, 1, 2, "site-manager");
    }

    /** SEPSIS_SCREEN_DUE takes its patient's NEWS2 risk: at NEWS2 ≥ 7 the HIGH ladder, outreach at 15 min. */
    @Test
    void aSepsisScreenDueClimbsTheLadderOfItsRisk() {
        long t0 = at("2026-11-23T10:00:00Z");
        state.apply(admission(t0 - 30 * MIN, WARD, "p1", "B1", 70));
        state.apply(observation(t0 - 30 * MIN, WARD, "p1", normal()));
        state.apply(observation(t0, WARD, "p1", high()));
        state.apply(tick(t0 + 60 * MIN + 1));
        Alert a = raisedToTheNurseInCharge(AlertKind.SEPSIS_SCREEN_DUE, Severity.HIGH);
        climbs(a, 15, 0, 1, "outreach");
        climbs(a, 30, 1, 2, "site-manager");
    }

    /**
     * A "worse" answer at Martha's rule daily ask is a concern on the PATIENT_CONCERN ladder, exactly as a
     * {@code concern} event: the nurse in charge and outreach at once, the site manager at 30 min.
     */
    @Test
    void aWorseAnswerAtTheDailyAskReachesOutreachAtOnceLikeAConcern() {
        long t0 = at("2026-11-23T10:00:00Z");
        state.apply(admission(t0 - 30 * MIN, WARD, "p1", "B1", 70));
        state.apply(admission(t0 - 30 * MIN, WARD, "p2", "B2", 70));
        state.apply(event(EventType.MARTHAS_RULE_ASK, t0, WARD,
                new Payload.MarthasRuleAsk("p1", DailyAskRespondent.FAMILY, DailyAskAnswer.WORSE)));
        state.apply(event(EventType.CONCERN, t0, WARD, new Payload.Concern("p2", RaisedBy.FAMILY)));
        List<Alert> concerns = state.alerts().find(a -> a.kind() == AlertKind.PATIENT_CONCERN && a.state().active());
        assertEquals(2, concerns.size(), concerns.toString());
        for (Alert a : concerns) {
            assertEquals(1, a.rung(), a.patient() + ": outreach is told at once");
            assertEquals("outreach", a.rungRole().id());
            assertEquals(List.of(AlertTransition.Type.RAISED, AlertTransition.Type.ESCALATED),
                    a.history().stream().map(AlertTransition::type).toList());
        }
        state.apply(tick(t0 + 30 * MIN - 1));
        assertEquals(List.of(1, 1), concerns.stream().map(Alert::rung).toList(), "one millisecond before 30 min");
        state.apply(tick(t0 + 30 * MIN));
        assertEquals(List.of(2, 2), concerns.stream().map(Alert::rung).toList(), "at 30 min");
        assertEquals(List.of("site-manager", "site-manager"), concerns.stream().map(a -> a.rungRole().id()).toList());
    }
}
