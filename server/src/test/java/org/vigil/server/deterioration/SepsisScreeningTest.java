package org.vigil.server.deterioration;

import org.vigil.server.TestJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.events.SepsisScreenOutcome;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.alerts.AlertState;
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
import static org.vigil.server.engine.Events.event;
import static org.vigil.server.engine.Events.high;
import static org.vigil.server.engine.Events.medium;
import static org.vigil.server.engine.Events.normal;
import static org.vigil.server.engine.Events.observation;
import static org.vigil.server.engine.Events.tick;
import static org.vigil.server.engine.Events.transfer;

/**
 * NEWS2 ≥ 5 with no sepsis screen within 60 minutes (policy) raises SEPSIS_SCREEN_DUE (NICE NG51; NHS England
 * sepsis implementation advice, 2017). 2026-11-23 is GMT.
 */
class SepsisScreeningTest {
    private static final String WARD = "RVT-W12";
    private static final long T0 = at("2026-11-23T10:00:00Z");
    private static final long MIN = 60_000L;

    private EngineState state;

    @BeforeEach
    void setUp() throws IOException {
        state = new EngineState(OrganisationLoader.demo());
        state.apply(admission(T0 - 30 * MIN, WARD, "p1", "B1", 70));
        state.apply(observation(T0 - 30 * MIN, WARD, "p1", normal()));
    }

    private void screen(long time, SepsisScreenOutcome outcome) {
        state.apply(event(EventType.SEPSIS_SCREEN, time, WARD, new Payload.SepsisScreen("p1", outcome)));
    }

    private List<Alert> due() {
        return state.alerts().find(a -> a.kind() == AlertKind.SEPSIS_SCREEN_DUE && a.state().active());
    }

    private int dueOnWard(String unit) {
        return TestJson.unit(state, unit).getInteger("sepsisScreensDue");
    }

    @Test
    void news2OfFiveWithNoScreenWithinSixtyMinutesRaisesTheAlert() {
        state.apply(observation(T0, WARD, "p1", medium())); // NEWS2 5
        state.apply(tick(T0 + 60 * MIN));
        assertTrue(due().isEmpty(), "within 60 minutes includes the 60th");
        state.apply(tick(T0 + 60 * MIN + 1));
        Alert a = due().get(0);
        assertEquals(Severity.MEDIUM, a.severity(), "NEWS2 5–6: MEDIUM risk");
        assertEquals("B1", a.bed());
        assertTrue(a.detail().startsWith("NEWS2 5 at 10:00: no sepsis screen recorded within 60 min"), a.detail());
        assertEquals(1, dueOnWard(WARD));

        screen(T0 + 70 * MIN, SepsisScreenOutcome.SCREENED_NEGATIVE);
        assertEquals(AlertState.RESOLVED, a.state());
        assertEquals("sepsis screen recorded: SCREENED_NEGATIVE", TestJson.alert(a).getString("resolution"));
        assertEquals(0, dueOnWard(WARD));
    }

    @Test
    void aScreenAtExactlyTheSixtiethMinuteIsInTime() {
        state.apply(observation(T0, WARD, "p1", medium()));
        screen(T0 + 60 * MIN, SepsisScreenOutcome.SEPSIS_SUSPECTED);
        state.apply(tick(T0 + 5 * 60 * MIN));
        assertTrue(due().isEmpty());
    }

    @Test
    void aHighNews2IsAHighSeverityPrompt() {
        state.apply(observation(T0, WARD, "p1", high()));
        state.apply(tick(T0 + 61 * MIN));
        assertEquals(Severity.HIGH, due().get(0).severity());
    }

    @Test
    void aNews2OfFourNeverAsks() {
        state.apply(observation(T0, WARD, "p1", new org.vigil.events.Vitals(22, 97, 1, false, 105, 100,
                org.vigil.events.Consciousness.A, 37.0))); // 2 + 1 + 1 = 4
        assertEquals(1, TestJson.unit(state, WARD).getJsonObject("news2Distribution").getInteger("4"));
        state.apply(tick(T0 + 3 * 60 * MIN));
        assertTrue(due().isEmpty());
    }

    /**
     * A screen before the triggering set: a positive one within the window counts (already on the sepsis
     * pathway), a negative one does not (the rise to 5 is new information).
     */
    @ParameterizedTest(name = "{0} at T0 - {1} min - {2} ms: counts {3}")
    @CsvSource({
            "SEPSIS_SUSPECTED, 60, 0, true",
            "SEPSIS_SUSPECTED, 60, 1, false",
            "HIGH_RISK_SEPSIS, 10, 0, true",
            "SCREENED_NEGATIVE, 10, 0, false",
            "SCREENED_NEGATIVE, 0, 1, false",
    })
    void aScreenBeforeTheTriggerCountsOnlyWhenItFoundSepsis(SepsisScreenOutcome outcome, int minutes, int millis,
                                                            boolean counts) {
        screen(T0 - minutes * MIN - millis, outcome);
        state.apply(observation(T0, WARD, "p1", medium()));
        state.apply(tick(T0 + 61 * MIN));
        assertEquals(counts ? 0 : 1, due().size());
    }

    @Test
    void aScreenAtTheTriggerTimeCounts() {
        screen(T0, SepsisScreenOutcome.SCREENED_NEGATIVE);
        state.apply(observation(T0, WARD, "p1", medium()));
        state.apply(tick(T0 + 61 * MIN));
        assertTrue(due().isEmpty());
    }

    @Test
    void fallingBelowFiveEndsTheEpisodeAndALaterRiseAsksAgain() {
        state.apply(observation(T0, WARD, "p1", medium()));
        state.apply(tick(T0 + 61 * MIN));
        Alert first = due().get(0);
        state.apply(observation(T0 + 70 * MIN, WARD, "p1", normal()));
        assertEquals(AlertState.RESOLVED, first.state());
        assertEquals("NEWS2 fell to 0", TestJson.alert(first).getString("resolution"));
        state.apply(observation(T0 + 3 * 60 * MIN, WARD, "p1", medium()));
        state.apply(tick(T0 + 4 * 60 * MIN + 1));
        assertEquals(1, due().size(), "a new episode needs a new screen");
    }

    @Test
    void stayingAtFiveOrMoreAfterAScreenDoesNotAskAgain() {
        state.apply(observation(T0, WARD, "p1", medium()));
        screen(T0 + 20 * MIN, SepsisScreenOutcome.SCREENED_NEGATIVE);
        state.apply(observation(T0 + 60 * MIN, WARD, "p1", high()));
        state.apply(observation(T0 + 120 * MIN, WARD, "p1", medium()));
        state.apply(tick(T0 + 5 * 60 * MIN));
        assertTrue(due().isEmpty());
    }

    @Test
    void aWorseSetWhileOwedRaisesTheSeverity() {
        state.apply(observation(T0, WARD, "p1", medium()));
        state.apply(tick(T0 + 61 * MIN));
        assertEquals(Severity.MEDIUM, due().get(0).severity());
        state.apply(observation(T0 + 65 * MIN, WARD, "p1", high()));
        assertEquals(Severity.HIGH, due().get(0).severity());
    }

    @Test
    void aSetArrivingLateAlreadyPastTheWindowAsksAtOnce() {
        state.apply(tick(T0 + 2 * 60 * MIN));
        state.apply(observation(T0, WARD, "p1", medium()));
        assertEquals(1, due().size());
    }

    @Test
    void theAlertFollowsATransferAndEndsAtDischarge() {
        state.apply(observation(T0, WARD, "p1", medium()));
        state.apply(transfer(T0 + 10 * MIN, "RVT-W21", "p1", "C2"));
        state.apply(tick(T0 + 61 * MIN));
        assertEquals("RVT-W21", due().get(0).unit());
        assertEquals(1, dueOnWard("RVT-W21"));
        state.apply(event(EventType.SEPSIS_SCREEN, T0 + 62 * MIN, "RVT-W21",
                new Payload.SepsisScreen("p1", SepsisScreenOutcome.SCREENED_NEGATIVE)));
        assertTrue(due().isEmpty());

        state.apply(observation(T0 + 2 * 60 * MIN, "RVT-W21", "p1", normal()));
        state.apply(observation(T0 + 3 * 60 * MIN, "RVT-W21", "p1", medium()));
        state.apply(discharge(T0 + 3 * 60 * MIN + 5 * MIN, "RVT-W21", "p1"));
        state.apply(tick(T0 + 6 * 60 * MIN));
        assertTrue(due().isEmpty());
    }

    @Test
    void theWindowIsPolicy() {
        state = new EngineState(TestOrganisations.withPolicies("sepsis: { screenWithinMinutes: 30 }"));
        state.apply(admission(T0 - 30 * MIN, "W1", "p1", "B1", 70));
        state.apply(observation(T0, "W1", "p1", medium()));
        state.apply(tick(T0 + 30 * MIN));
        assertTrue(due().isEmpty());
        state.apply(tick(T0 + 30 * MIN + 1));
        assertEquals(1, due().size());
    }
}
