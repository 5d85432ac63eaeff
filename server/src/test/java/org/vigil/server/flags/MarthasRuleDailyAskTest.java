package org.vigil.server.flags;

import org.vigil.server.TestJson;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vigil.events.DailyAskAnswer;
import org.vigil.events.DailyAskRespondent;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.alerts.Severity;
import org.vigil.server.rules.EngineState;
import org.vigil.organisation.OrganisationLoader;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Martha's rule component 3 (NHS England 2024): patients and families are asked at least daily how the patient
 * is. The ward counts who has not been asked today; a "worse" answer is a concern. 2026-06-10 is in British
 * Summer Time: local midnight is 23:00Z.
 */
class MarthasRuleDailyAskTest {
    private static final String WARD = "RVT-W12";
    private static final long T0 = Instant.parse("2026-06-10T08:00:00Z").toEpochMilli(); // 09:00 local
    private static final long LOCAL_MIDNIGHT = Instant.parse("2026-06-10T23:00:00Z").toEpochMilli();
    private static final long MIN = 60_000L;

    private EngineState state;
    private int ids;

    @BeforeEach
    void setUp() throws IOException {
        state = new EngineState(OrganisationLoader.demo());
        for (String p : List.of("p1", "p2", "p3")) {
            send(EventType.ADMISSION, T0 - 60 * MIN, WARD, new Payload.Movement(p, "B-" + p, 70));
        }
    }

    private void send(EventType type, long time, String unit, Payload payload) {
        state.apply(new Event("m-" + ++ids, type, time, unit, payload));
    }

    private void ask(String patient, long time, DailyAskRespondent who, DailyAskAnswer answer) {
        send(EventType.MARTHAS_RULE_ASK, time, WARD, new Payload.MarthasRuleAsk(patient, who, answer));
    }

    private JsonObject ward() {
        return TestJson.unit(state, WARD);
    }

    private List<Alert> concerns() {
        return state.alerts().find(a -> a.kind() == AlertKind.PATIENT_CONCERN && a.state().active());
    }

    @Test
    void theWardCountsWhoHasNotBeenAskedToday() {
        assertEquals(3, ward().getInteger("patientsNotAskedToday"));
        assertEquals(0, ward().getInteger("patientsAskedToday"));
        ask("p1", T0, DailyAskRespondent.PATIENT, DailyAskAnswer.SAME);
        ask("p2", T0 + MIN, DailyAskRespondent.FAMILY, DailyAskAnswer.BETTER);
        ask("p2", T0 + 2 * MIN, DailyAskRespondent.CARER, DailyAskAnswer.UNSURE); // asked twice: one patient
        assertEquals(1, ward().getInteger("patientsNotAskedToday"));
        assertEquals(2, ward().getInteger("patientsAskedToday"));
        assertTrue(concerns().isEmpty(), "only a worse answer is a concern");
    }

    @Test
    void todayTurnsOverAtLocalMidnight() {
        ask("p1", LOCAL_MIDNIGHT - 1, DailyAskRespondent.PATIENT, DailyAskAnswer.SAME); // 23:59:59.999 BST
        assertEquals(2, ward().getInteger("patientsNotAskedToday"));
        send(EventType.TICK, LOCAL_MIDNIGHT, null, Payload.Tick.INSTANCE);
        assertEquals(3, ward().getInteger("patientsNotAskedToday"), "a new day: everyone is to be asked again");
        ask("p1", LOCAL_MIDNIGHT, DailyAskRespondent.PATIENT, DailyAskAnswer.SAME); // 00:00 BST
        assertEquals(2, ward().getInteger("patientsNotAskedToday"));
    }

    @Test
    void aLateAskFromYesterdayDoesNotCountToday() {
        send(EventType.TICK, LOCAL_MIDNIGHT + 60 * MIN, null, Payload.Tick.INSTANCE);
        ask("p1", LOCAL_MIDNIGHT - 60 * MIN, DailyAskRespondent.FAMILY, DailyAskAnswer.SAME);
        assertEquals(3, ward().getInteger("patientsNotAskedToday"));
    }

    @ParameterizedTest
    @EnumSource(DailyAskRespondent.class)
    void aWorseAnswerRaisesAConcernAsAConcernEventDoes(DailyAskRespondent who) {
        ask("p2", T0, who, DailyAskAnswer.WORSE);
        Alert a = concerns().get(0);
        assertEquals(Severity.HIGH, a.severity());
        assertEquals("B-p2", a.bed());
        assertEquals(WARD, a.unit());
        assertTrue(a.detail().contains("daily ask") && a.detail().contains("worse"), a.detail());
        assertEquals(1, ward().getInteger("concernsToday"));
        assertEquals(1, ward().getInteger("concernsAwaitingResponse"));
        assertEquals(2, ward().getInteger("patientsNotAskedToday"), "and the patient was asked");
    }

    @Test
    void anAskFollowsATransferAndDischargeForgetsIt() {
        ask("p1", T0, DailyAskRespondent.PATIENT, DailyAskAnswer.SAME);
        send(EventType.TRANSFER, T0 + MIN, "RVT-W14", new Payload.Movement("p1", "C1", -1));
        assertEquals(0, TestJson.unit(state, "RVT-W14").getInteger("patientsNotAskedToday"));
        assertEquals(1, TestJson.unit(state, "RVT-W14").getInteger("patientsAskedToday"));
        assertEquals(2, ward().getInteger("patientsNotAskedToday"));
        send(EventType.DISCHARGE, T0 + 2 * MIN, "RVT-W14", new Payload.Movement("p1", null, -1));
        send(EventType.ADMISSION, T0 + 3 * MIN, "RVT-W14", new Payload.Movement("p1", "C1", 70));
        assertEquals(1, TestJson.unit(state, "RVT-W14").getInteger("patientsNotAskedToday"), "a new stay");
    }

    @Test
    void careHomesDoNotCarryTheCount() {
        assertNull(TestJson.unit(state, "CH-BAYV").getValue("patientsNotAskedToday"));
        assertFalse(TestJson.unit(state, "CH-BAYV").containsKey("patientsAskedToday"));
    }
}
