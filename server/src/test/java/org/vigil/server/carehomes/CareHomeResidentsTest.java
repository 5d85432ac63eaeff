package org.vigil.server.carehomes;

import org.vigil.server.TestJson;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.events.SoftSign;
import org.vigil.events.Vitals;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.alerts.Severity;
import org.vigil.server.rules.EngineState;
import org.vigil.organisation.OrganisationLoader;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.engine.Events.at;
import static org.vigil.server.engine.Events.event;
import static org.vigil.server.engine.Events.high;
import static org.vigil.server.engine.Events.medium;
import static org.vigil.server.engine.Events.normal;
import static org.vigil.server.engine.Events.tick;

class CareHomeResidentsTest {
    private static final String HOME = "CH-BAYV";
    private static final long T0 = at("2026-11-23T14:00:00Z");
    private static final long MIN = 60_000L;

    private EngineState state;

    @BeforeEach
    void setUp() throws IOException {
        state = new EngineState(OrganisationLoader.demo());
    }

    private void submit(long time, String resident, Vitals v, boolean baseline, SoftSign... signs) {
        state.apply(event(EventType.RESTORE2, time, HOME, new Payload.Restore2(resident, List.of(signs), v, baseline)));
    }

    private JsonObject resident(String id) {
        for (Object o : TestJson.residents(state, HOME)) {
            JsonObject r = (JsonObject) o;
            if (r.getString("resident").equals(id)) {
                return r;
            }
        }
        throw new AssertionError("no resident " + id);
    }

    private List<Alert> active(AlertKind kind) {
        return state.alerts().find(a -> a.kind() == kind && a.state().active());
    }

    @Test
    void theServerScoresTheSubmissionAndAdvises999AtSevenOrMore() {
        submit(T0, "r1", high(), false);
        JsonObject r = resident("r1");
        assertEquals(11, r.getInteger("news2"));
        assertEquals("EMERGENCY", r.getString("level"));
        assertTrue(r.getString("advice").contains("999"));
        assertEquals(Severity.HIGH, active(AlertKind.RESTORE2_ESCALATION).get(0).severity());
        JsonObject home = TestJson.unit(state, HOME);
        assertEquals(1, home.getInteger("residentsUrgentOrEmergency"));
        assertEquals(1, home.getJsonObject("residentsByLevel").getInteger("EMERGENCY"));
    }

    @Test
    void aRiseAboveTheRecordedBaselineEscalates() {
        submit(T0, "r1", new Vitals(16, 95, 1, false, 125, 72, org.vigil.events.Consciousness.A, 37.0), true); // NEWS2 1
        submit(T0 + 60 * MIN, "r1", new Vitals(21, 95, 1, false, 125, 72, org.vigil.events.Consciousness.A, 37.0), false); // 3
        JsonObject r = resident("r1");
        assertEquals(1, r.getInteger("baseline"));
        assertEquals("URGENT", r.getString("level"), "NEWS2 3 is a GP review; 2 above baseline 1 escalates it one level");
        assertTrue(r.getString("advice").contains("above this resident's baseline of 1"));
    }

    @Test
    void aFirstSetTakenWhileUnwellIsNotTheirBaseline() {
        submit(T0, "r4", medium(), false);
        JsonObject r = resident("r4");
        assertEquals(null, r.getInteger("baseline"), "only a set marked as usual is the baseline");
        assertTrue(r.getString("sbard").contains("no baseline NEWS2 is recorded"));
        submit(T0 + 60 * MIN, "r4", normal(), true);
        submit(T0 + 120 * MIN, "r4", new Vitals(21, 95, 1, false, 125, 72, org.vigil.events.Consciousness.A, 37.0), false);
        assertEquals(0, resident("r4").getInteger("baseline"));
        assertEquals("URGENT", resident("r4").getString("level"), "NEWS2 3, 3 above the usual 0: one level up");
    }

    @Test
    void softSignsAloneAskForObservationsAndTheRepeatDeadlineRaisesOverdue() {
        submit(T0, "r2", null, false, SoftSign.NOT_EATING_OR_DRINKING, SoftSign.MORE_CONFUSED_OR_DROWSY);
        JsonObject r = resident("r2");
        assertEquals("INFORM_SENIOR", r.getString("level"));
        assertTrue(r.getString("sbard").contains("not eating or drinking"));
        state.apply(tick(T0 + 30 * MIN));
        assertTrue(active(AlertKind.OBSERVATIONS_OVERDUE).isEmpty(), "due by 30 min: in time at it");
        state.apply(tick(T0 + 30 * MIN + 1));
        assertEquals(1, active(AlertKind.OBSERVATIONS_OVERDUE).size());
        assertEquals(1, TestJson.unit(state, HOME).getInteger("repeatObservationsOverdue"));
        submit(T0 + 35 * MIN, "r2", normal(), false);
        assertTrue(active(AlertKind.OBSERVATIONS_OVERDUE).isEmpty());
        assertTrue(active(AlertKind.RESTORE2_ESCALATION).isEmpty(), "NEWS2 0: routine, the escalation resolves");
    }

    @Test
    void sbardHasEveryPartAndNamesTheHomeNotTheResident() {
        submit(T0, "resident-secret-42", medium(), false, SoftSign.SHORTNESS_OF_BREATH);
        String sbard = resident("resident-secret-42").getString("sbard");
        for (String part : List.of("S — Situation", "B — Background", "A — Assessment", "R — Recommendation", "D — Decision")) {
            assertTrue(sbard.contains(part), part);
        }
        assertTrue(sbard.contains("Bayview Lodge Care Home"));
        assertTrue(sbard.contains("NHS 111"));
        assertFalse(sbard.contains("resident-secret-42"));
        assertFalse(TestJson.unit(state, HOME).encode().contains("resident-secret-42"), "the community view names no resident");
    }

    @Test
    void aLateSubmissionDoesNotReplaceTheNewerOne() {
        submit(T0, "r3", normal(), false);
        submit(T0 - 10 * MIN, "r3", high(), false);
        assertEquals("ROUTINE", resident("r3").getString("level"));
    }
}
