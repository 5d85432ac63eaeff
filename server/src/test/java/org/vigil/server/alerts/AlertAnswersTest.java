package org.vigil.server.alerts;

import org.vigil.server.TestJson;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.server.rules.EngineState;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.server.security.Access;
import org.vigil.organisation.tokens.Principal;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.alerts.AlertBook.Outcome.CONFLICT;
import static org.vigil.server.alerts.AlertBook.Outcome.DONE;
import static org.vigil.server.alerts.AlertBook.Outcome.FORBIDDEN;
import static org.vigil.server.alerts.AlertBook.Outcome.NOT_FOUND;
import static org.vigil.server.alerts.AlertBook.Outcome.UNCHANGED;
import static org.vigil.server.alerts.AlertTransition.Type.ACCEPTED;
import static org.vigil.server.alerts.AlertTransition.Type.ACKNOWLEDGED;
import static org.vigil.server.alerts.AlertTransition.Type.ACKNOWLEDGEMENT_UNDONE;
import static org.vigil.server.alerts.AlertTransition.Type.DECLINED;
import static org.vigil.server.alerts.AlertTransition.Type.ESCALATED;
import static org.vigil.server.alerts.AlertTransition.Type.NOT_ESCALATING;
import static org.vigil.server.alerts.AlertTransition.Type.RAISED;
import static org.vigil.server.alerts.AlertTransition.Type.RENOTIFIED;
import static org.vigil.server.alerts.EscalationLadderTest.types;
import static org.vigil.server.engine.Events.at;
import static org.vigil.server.engine.Events.tick;

/**
 * Answers to an alert, decided by the book for a real token's scopes (the demo organisation's) and applied as the
 * journaled records the engine writes: acknowledge and undo, accept (first wins), decline (with a reason; the
 * current rung's decline climbs; the one who accepted may hand back), not escalating (a bounded pause).
 */
class AlertAnswersTest {
    private static final String WARD = "RVT-W12";
    private static final long T0 = at("2026-11-23T10:00:00Z");
    private static final long MIN = 60_000L;

    private Organisation org;
    private EngineState state;
    private Alert alert;

    @BeforeEach
    void setUp() throws IOException {
        org = OrganisationLoader.demo();
        state = new EngineState(org);
        state.apply(tick(T0));
        alert = state.alerts().raise(WARD, AlertKind.NEWS2_HIGH, Severity.HIGH, "p1", "p1", "B7", "NEWS2 9 (HIGH)", T0);
        wall = token("demo ward wall RVT-W12", "read:ward:RVT-W12", "ack:ward:RVT-W12"); // Access reads the organisation
    }

    private AlertBook.Requester token(String name, String... scopes) {
        return new Access(org).requester(new Principal(name, List.of(scopes)));
    }

    private AlertBook.Requester outreach(String name) {
        return token(name, "respond:role:outreach:RVT");
    }

    private AlertBook.Requester wall;

    /** Decides as the engine does, and on DONE applies the journaled record through the engine state. */
    private AlertBook.Decision answer(Payload.AlertCommand c, AlertBook.Requester who, long at) {
        state.apply(tick(at));
        AlertBook.Decision d = state.alerts().decide(c, who, at);
        if (d.outcome() == DONE) {
            state.apply(new Event(null, type(d.command()), at, alert.unit(), d.command()));
        }
        return d;
    }

    private static EventType type(Payload.AlertCommand c) {
        return c instanceof Payload.AlertAck ? EventType.ALERT_ACK : c instanceof Payload.AlertAckUndo
                ? EventType.ALERT_ACK_UNDO : c instanceof Payload.AlertAccept ? EventType.ALERT_ACCEPT
                : c instanceof Payload.AlertDecline ? EventType.ALERT_DECLINE : EventType.ALERT_NOT_ESCALATING;
    }

    private Payload.AlertAck ack(String by, String role) {
        return new Payload.AlertAck(alert.id(), by, role, null, null);
    }

    private Payload.AlertAccept accept(String by) {
        return new Payload.AlertAccept(alert.id(), by, null);
    }

    private AlertTransition last() {
        return alert.history().get(alert.history().size() - 1);
    }

    // ------------------------------------------------------------------ acceptance

    @Test
    void theFirstAcceptanceWinsAndTheSecondIsToldWhoHasIt() {
        assertEquals(DONE, answer(accept("Olu Ade"), outreach("outreach phone 1"), T0 + MIN).outcome());
        assertEquals(AlertState.ACCEPTED, alert.state());
        assertEquals("Olu Ade", alert.acceptedBy());
        assertEquals("outreach", alert.acceptedRole(), "the role the token holds, filled in by the book");

        AlertBook.Decision second = answer(accept("Sam Roe"), outreach("outreach phone 2"), T0 + 2 * MIN);
        assertEquals(CONFLICT, second.outcome());
        assertTrue(second.message().contains("Olu Ade (outreach)"), second.message());
        assertEquals(UNCHANGED, answer(accept("olu ade"), outreach("outreach phone 1"), T0 + 3 * MIN).outcome());
        assertEquals(List.of(RAISED, ACCEPTED), types(alert));
        JsonObject json = TestJson.alert(alert);
        assertEquals("Olu Ade", json.getString("acceptedBy"));
        assertEquals("outreach", json.getString("acceptedRole"));
    }

    @Test
    void anAcceptedAlertStopsItsLadder() {
        answer(accept("Olu Ade"), outreach("o"), T0 + MIN);
        state.apply(tick(T0 + 90 * MIN));
        assertEquals(0, alert.rung());
        assertFalse(alert.escalated());
    }

    @Test
    void whoMayAnswerIsDecidedByTheirScopes() {
        // a responder of another trust does not even see it: the same answer as no such alert
        assertEquals(NOT_FOUND, answer(accept("X"), token("bfw", "respond:role:outreach:BFW"), T0).outcome());
        assertEquals(NOT_FOUND, answer(new Payload.AlertAccept("AL-404", "X", null), outreach("o"), T0).outcome());
        // a ward wall may acknowledge but answers as no role
        assertEquals(FORBIDDEN, answer(accept("X"), wall, T0).outcome());
        // a responder may not acknowledge at the wall
        assertEquals(FORBIDDEN, answer(ack("OC", null), outreach("o"), T0).outcome());
        // a role asked for must be held
        AlertBook.Decision asSite = answer(new Payload.AlertAccept(alert.id(), "X", "site-manager"), outreach("o"), T0);
        assertEquals(FORBIDDEN, asSite.outcome());
        assertTrue(asSite.message().contains("site-manager"), asSite.message());
        assertEquals(List.of(RAISED), types(alert), "nothing refused is recorded");
    }

    @Test
    void withoutARoleTheRungsRoleIsUsedWhenHeld() {
        AlertBook.Requester admin = token("bootstrap", Principal.ADMIN);
        AlertBook.Decision d = answer(accept("Ops"), admin, T0 + MIN);
        assertEquals("nurse-in-charge", ((Payload.AlertAccept) d.command()).role());
    }

    // ------------------------------------------------------------------ declines

    @Test
    void aDeclineByTheCurrentRungsRoleTakesTheAlertUpAtOnce() {
        state.apply(tick(T0 + 15 * MIN));
        assertEquals(1, alert.rung());
        AlertBook.Decision d = answer(new Payload.AlertDecline(alert.id(), "Olu Ade", null, "WITH_ANOTHER_PATIENT"),
                outreach("o"), T0 + 16 * MIN);
        assertEquals(DONE, d.outcome());
        assertEquals(List.of(RAISED, ESCALATED, DECLINED, ESCALATED), types(alert));
        assertEquals(2, alert.rung(), "the site manager now, not at 30 min");
        assertEquals("declined by Olu Ade (outreach)", last().why());
        AlertTransition declined = alert.history().get(2);
        assertEquals("WITH_ANOTHER_PATIENT", declined.reason());
        assertEquals("outreach", declined.role());
    }

    @Test
    void aDeclineByARoleNotYetReachedIsRecordedOnly() {
        answer(new Payload.AlertDecline(alert.id(), "Olu Ade", null, "not for us"), outreach("o"), T0 + MIN);
        assertEquals(0, alert.rung());
        assertEquals(List.of(RAISED, DECLINED), types(alert));
    }

    @Test
    void theOneWhoAcceptedMayHandItBackAndTheLadderGoesOn() {
        answer(accept("Olu Ade"), outreach("o"), T0 + MIN);
        assertEquals(CONFLICT, answer(new Payload.AlertDecline(alert.id(), "Sam Roe", null, "busy"), outreach("o2"),
                T0 + 2 * MIN).outcome(), "only the one who accepted may hand it back");
        answer(new Payload.AlertDecline(alert.id(), "Olu Ade", null, "called to an arrest"), outreach("o"), T0 + 20 * MIN);
        assertNull(alert.acceptedBy());
        // outreach's rung (15 min) fell due while it was accepted: reached at once
        assertEquals(List.of(RAISED, ACCEPTED, DECLINED, ESCALATED), types(alert));
        assertEquals(AlertState.ESCALATED, alert.state());
    }

    @Test
    void handingBackWithNoRungDueIsToldAgain() {
        answer(accept("Olu Ade"), outreach("o"), T0 + MIN);
        answer(new Payload.AlertDecline(alert.id(), "Olu Ade", null, "wrong patient"), outreach("o"), T0 + 2 * MIN);
        assertEquals(RENOTIFIED, last().type());
        assertEquals("handed back by Olu Ade (outreach)", last().why());
        assertEquals(AlertState.RAISED, alert.state());
    }

    /**
     * A transition's listener (the webhooks) is told of it with the alert as it is just after it: a hand-back is
     * seen unanswered and without who had it, an undone acknowledgement unanswered.
     */
    @Test
    void aListenerSeesTheAlertAsItIsAfterEachTransition() {
        List<String> seen = new java.util.ArrayList<>();
        state.alerts().onTransition((a, t) -> seen.add(t.type() + ":" + a.state() + ":" + a.acceptedBy()
                + ":" + a.acknowledgedBy()));
        answer(accept("Olu Ade"), outreach("o"), T0 + MIN);
        answer(new Payload.AlertDecline(alert.id(), "Olu Ade", null, "wrong patient"), outreach("o"), T0 + 2 * MIN);
        answer(ack("JS", null), wall, T0 + 3 * MIN);
        answer(new Payload.AlertAckUndo(alert.id(), null), wall, T0 + 3 * MIN + 1000);
        answer(ack("AB", null), wall, T0 + 4 * MIN);
        answer(accept("Olu Ade"), outreach("o"), T0 + 5 * MIN);
        answer(new Payload.AlertDecline(alert.id(), "Olu Ade", null, "handing to the registrar"), outreach("o"),
                T0 + 6 * MIN);
        assertEquals(List.of("ACCEPTED:ACCEPTED:Olu Ade:null", "DECLINED:RAISED:null:null",
                "RENOTIFIED:RAISED:null:null", "ACKNOWLEDGED:ACKNOWLEDGED:null:JS",
                "ACKNOWLEDGEMENT_UNDONE:RAISED:null:null", "ACKNOWLEDGED:ACKNOWLEDGED:null:AB",
                "ACCEPTED:ACCEPTED:Olu Ade:AB", "DECLINED:ACKNOWLEDGED:null:AB"), seen);
    }

    // ------------------------------------------------------------------ not escalating

    @ParameterizedTest(name = "pause of 60 min from 5 min: tick at 65 min {0} ms → rung {1}")
    @CsvSource({"-1, 0", "0, 2"})
    void notEscalatingPausesTheLadderForItsMinutesThenTheLadderCatchesUp(long offset, int rung) {
        answer(new Payload.AlertNotEscalating(alert.id(), "Olu Ade", null, "end-of-life care plan", 60), outreach("o"),
                T0 + 5 * MIN);
        assertEquals(NOT_ESCALATING, last().type());
        assertEquals(T0 + 65 * MIN, last().until());
        JsonObject paused = TestJson.alert(alert).getJsonObject("notEscalating");
        assertEquals("end-of-life care plan", paused.getString("reason"));
        assertEquals("outreach", paused.getString("role"));
        state.apply(tick(T0 + 65 * MIN + offset));
        assertEquals(rung, alert.rung());
        assertEquals(offset < 0, TestJson.alert(alert).containsKey("notEscalating"), "shown while it stands, then gone");
    }

    @Test
    void aPauseThatEndsWithNoRungDueIsToldAgain() {
        answer(new Payload.AlertNotEscalating(alert.id(), "Olu Ade", null, "reviewed", 5), outreach("o"), T0 + MIN);
        state.apply(tick(T0 + 6 * MIN));
        assertEquals(RENOTIFIED, last().type());
        assertEquals("not-escalating period ended", last().why());
    }

    @Test
    void aWorseningEndsTheNotEscalatingDecision() {
        Alert a = state.alerts().raise(WARD, AlertKind.OBSERVATIONS_OVERDUE, Severity.MEDIUM, "p1", "p1", "B7", "o", T0);
        state.alerts().apply(new Payload.AlertNotEscalating(a.id(), "OA", "outreach", "plan", 120), T0 + MIN);
        state.apply(tick(T0 + 2 * MIN));
        state.alerts().raise(WARD, AlertKind.OBSERVATIONS_OVERDUE, Severity.HIGH, "p1", "p1", "B7", "o", T0 + 2 * MIN);
        assertEquals(0, a.notEscalatingUntil());
        state.apply(tick(T0 + 15 * MIN));
        assertEquals(1, a.rung());
    }

    // ------------------------------------------------------------------ acknowledgement and its undo

    @Test
    void anAcknowledgementNamesWhoAndTheScreenThatMadeIt() {
        assertEquals(DONE, answer(ack("JS", "Staff nurse"), wall, T0 + MIN).outcome());
        JsonObject json = TestJson.alert(alert, true);
        assertEquals("JS", json.getString("acknowledgedBy"));
        assertEquals("Staff nurse", json.getString("acknowledgedRole"));
        AlertTransition t = last();
        assertEquals(ACKNOWLEDGED, t.type());
        assertEquals("JS", t.by());
        assertEquals("Staff nurse", t.role());
        assertEquals(UNCHANGED, answer(ack("AB", null), wall, T0 + 2 * MIN).outcome(), "the first stands");
    }

    /** Undo is for the token that acknowledged, within 10 s (policy ackUndoSeconds) — at 10 s exactly, not after. */
    @ParameterizedTest(name = "undo {0} ms after → {1}")
    @CsvSource({"10000, DONE", "10001, CONFLICT"})
    void anAcknowledgementCanBeUndoneForTenSeconds(long after, AlertBook.Outcome outcome) {
        answer(ack("JS", "Staff nurse"), wall, T0 + MIN);
        assertEquals(outcome, answer(new Payload.AlertAckUndo(alert.id(), null), wall, T0 + MIN + after).outcome());
        assertEquals(outcome == DONE ? AlertState.RAISED : AlertState.ACKNOWLEDGED, alert.state());
        if (outcome == DONE) {
            assertEquals(ACKNOWLEDGEMENT_UNDONE, last().type());
            assertEquals("JS", last().by());
            assertFalse(TestJson.alert(alert).containsKey("acknowledgedBy"));
        }
    }

    @Test
    void onlyTheScreenThatAcknowledgedMayUndo() {
        answer(ack("JS", null), wall, T0 + MIN);
        AlertBook.Requester trustWall = token("demo RVT trust wall", "read:trust:RVT", "ack:trust:RVT");
        AlertBook.Decision d = answer(new Payload.AlertAckUndo(alert.id(), null), trustWall, T0 + MIN + 1000);
        assertEquals(CONFLICT, d.outcome());
        assertEquals(CONFLICT, answer(new Payload.AlertAckUndo(alert.id(), null), wall, T0 + 2 * MIN).outcome(),
                "nor twice");
    }

    @Test
    void anAlertResolvedCannotBeAnswered() {
        state.alerts().resolve(WARD, AlertKind.NEWS2_HIGH, "p1", T0 + MIN, "NEWS2 fell to 0");
        assertEquals(CONFLICT, answer(ack("JS", null), wall, T0 + 2 * MIN).outcome());
        assertEquals(CONFLICT, answer(accept("OA"), outreach("o"), T0 + 2 * MIN).outcome());
    }

    /** The decision before journaling and the one applying the record are the same: a refused answer never lands. */
    @Test
    void applyingARecordTheBookWouldRefuseChangesNothing() {
        answer(accept("Olu Ade"), outreach("o"), T0 + MIN);
        int entries = alert.history().size();
        assertEquals(CONFLICT, state.alerts().apply(new Payload.AlertAccept(alert.id(), "Sam Roe", "outreach"), T0 + 2 * MIN));
        assertEquals(entries, alert.history().size());
        assertEquals("Olu Ade", alert.acceptedBy());
    }
}
