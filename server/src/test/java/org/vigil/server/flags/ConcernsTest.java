package org.vigil.server.flags;

import org.vigil.server.TestJson;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.events.RaisedBy;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.alerts.AlertState;
import org.vigil.server.alerts.Severity;
import org.vigil.server.rules.EngineState;
import org.vigil.organisation.OrganisationLoader;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Martha's rule: a concern alerts the ward and critical-care outreach at once (patients, families and staff have
 * direct access to outreach, NHS England 2024), and the site manager after 30 minutes unanswered.
 */
class ConcernsTest {
    private static final String WARD = "RVT-W12";
    private static final String OTHER = "RVT-W14";
    private static final long T0 = Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();
    private static final long SEC = 1000L;
    private static final long MIN = 60 * SEC;
    private static long ids;

    private EngineState state;

    @BeforeEach
    void setUp() throws IOException {
        state = new EngineState(OrganisationLoader.demo());
        state.apply(movement(EventType.ADMISSION, T0 - 60 * MIN, WARD, "p1", "B7"));
    }

    static Event movement(EventType type, long time, String unit, String patient, String bed) {
        return new Event("c-" + ++ids, type, time, unit, new Payload.Movement(patient, bed, -1));
    }

    static Event concern(long time, String unit, String patient, RaisedBy by) {
        return new Event("c-" + ++ids, EventType.CONCERN, time, unit, new Payload.Concern(patient, by));
    }

    static Event tick(long time) {
        return new Event(null, EventType.TICK, time, null, Payload.Tick.INSTANCE);
    }

    static Event ack(long time, Alert a) {
        return new Event(null, EventType.ALERT_ACK, time, null, new Payload.AlertAck(a.id(), "OC", "outreach", null, "test"));
    }

    private List<Alert> concerns() {
        return state.alerts().find(a -> a.kind() == AlertKind.PATIENT_CONCERN && a.state().active());
    }

    private JsonObject ward() {
        return TestJson.unit(state, WARD);
    }

    @ParameterizedTest
    @EnumSource(RaisedBy.class)
    void aConcernAlertsTheWardAtOnce(RaisedBy by) {
        state.apply(concern(T0, WARD, "p1", by));
        List<Alert> open = concerns();
        assertEquals(1, open.size());
        Alert a = open.get(0);
        assertEquals(WARD, a.unit());
        assertEquals("B7", a.bed());
        assertEquals("p1", a.patient());
        assertEquals(Severity.HIGH, a.severity());
        assertEquals(AlertState.ESCALATED, a.state(), "outreach is told at once");
        assertEquals(1, a.rung());
        assertEquals("outreach", a.rungRole().id());
        assertEquals(T0, a.escalatedAt());
        assertEquals(T0, a.raisedAt());
        assertEquals("Martha's rule: concern raised by " + by.name().toLowerCase(), a.detail());
        assertEquals(1, ward().getInteger("concernsOpen"));
        assertEquals(1, ward().getInteger("concernsAwaitingResponse"));
        assertEquals(1, ward().getInteger("concernsToday"));
    }

    @ParameterizedTest(name = "unanswered for {0} ms → rung {1}")
    @CsvSource({"0, 1", "1799999, 1", "1800000, 2", "3600000, 2"})
    void anUnansweredConcernReachesTheSiteManagerAfterThirtyMinutes(long millis, int rung) {
        state.apply(concern(T0, WARD, "p1", RaisedBy.FAMILY));
        state.apply(tick(T0 + millis));
        Alert a = concerns().get(0);
        assertEquals(rung, a.rung());
        assertEquals(rung == 2 ? "site-manager" : "outreach", a.rungRole().id());
        assertEquals(AlertState.ESCALATED, a.state());
    }

    @Test
    void anAcknowledgedConcernDoesNotEscalateAndStaysOpenUntilDischarge() {
        state.apply(concern(T0, WARD, "p1", RaisedBy.PATIENT));
        Alert a = concerns().get(0);
        state.apply(ack(T0 + 10 * MIN, a));
        state.apply(tick(T0 + 60 * MIN));
        assertEquals(AlertState.ACKNOWLEDGED, a.state());
        assertEquals(1, a.rung(), "answered: the site manager is never called");
        assertEquals(1, ward().getInteger("concernsOpen"), "no 'resolved' event in schema v1: open until discharge");
        assertEquals(0, ward().getInteger("concernsAwaitingResponse"));

        state.apply(movement(EventType.DISCHARGE, T0 + 120 * MIN, WARD, "p1", null));
        assertEquals(AlertState.RESOLVED, a.state());
        assertEquals(0, ward().getInteger("concernsOpen"));
        assertEquals(1, ward().getInteger("concernsToday"), "still raised today");
    }

    @Test
    void aSecondConcernAfterTheFirstWasAcknowledgedAlertsAgain() {
        state.apply(concern(T0, WARD, "p1", RaisedBy.FAMILY));
        Alert first = concerns().get(0);
        state.apply(ack(T0 + 5 * MIN, first));
        state.apply(concern(T0 + 60 * MIN, WARD, "p1", RaisedBy.FAMILY));
        assertEquals(2, concerns().size());
        Alert second = concerns().stream().filter(a -> a != first).findFirst().orElseThrow();
        assertEquals(AlertState.ESCALATED, second.state());
        assertEquals(1, second.rung());
        state.apply(tick(T0 + 90 * MIN));
        assertEquals(2, second.rung(), "30 minutes after the second concern, unanswered");
        assertEquals(2, ward().getInteger("concernsToday"));
        assertEquals(1, ward().getInteger("concernsAwaitingResponse"));
    }

    @Test
    void theSameConcernResentByTheFeedIsOneConcern() {
        state.apply(concern(T0, WARD, "p1", RaisedBy.FAMILY));
        state.apply(concern(T0, WARD, "p1", RaisedBy.FAMILY)); // new id, same concern
        assertEquals(1, concerns().size());
        assertEquals(1, ward().getInteger("concernsToday"));
    }

    @Test
    void theFamilysAndANursesConcernsInTheSameSecondAreTwo() {
        state.apply(concern(T0, WARD, "p1", RaisedBy.FAMILY));
        state.apply(concern(T0, WARD, "p1", RaisedBy.STAFF));
        assertEquals(2, concerns().size());
        assertEquals(2, ward().getInteger("concernsToday"));
    }

    /** Arriving after the discharge it predates, it is resolved by it, as in order; nothing else could resolve it. */
    @Test
    void aConcernMadeBeforeADischargeThatArrivedFirstIsRaisedAndResolvedByIt() {
        state.apply(movement(EventType.DISCHARGE, T0 + 10 * MIN, WARD, "p1", null));
        state.apply(concern(T0, WARD, "p1", RaisedBy.FAMILY));
        List<Alert> all = state.alerts().find(a -> a.kind() == AlertKind.PATIENT_CONCERN);
        assertEquals(1, all.size());
        assertEquals(AlertState.RESOLVED, all.get(0).state());
        assertEquals("discharged", TestJson.alert(all.get(0)).getString("resolution"));
        assertEquals(0, ward().getInteger("concernsOpen"));
        assertEquals(1, ward().getInteger("concernsToday"), "it was still made");
        // made after the discharge: a readmission whose admission message is late; it stays open
        state.apply(concern(T0 + 20 * MIN, WARD, "p1", RaisedBy.FAMILY));
        assertEquals(1, concerns().size());
    }

    @Test
    void theConcernFollowsTheTransferredPatient() {
        state.apply(concern(T0, WARD, "p1", RaisedBy.STAFF));
        state.apply(movement(EventType.TRANSFER, T0 + 5 * MIN, OTHER, "p1", "C2"));
        Alert a = concerns().get(0);
        assertEquals(OTHER, a.unit());
        assertEquals("C2", a.bed());
        assertEquals(0, ward().getInteger("concernsOpen"));
        assertEquals(1, TestJson.unit(state, OTHER).getInteger("concernsOpen"));
    }

    @Test
    void aConcernAboutAPatientNotOnTheCensusIsStillRaised() {
        state.apply(concern(T0, WARD, "p404", RaisedBy.FAMILY));
        Alert a = concerns().get(0);
        assertEquals(WARD, a.unit());
        assertNull(a.bed());
    }

    @Test
    void concernsTodayStartsAfreshAtLocalMidnight() {
        state.apply(concern(at("2026-11-23T23:59:00Z"), WARD, "p1", RaisedBy.FAMILY));
        assertEquals(1, ward().getInteger("concernsToday"));
        state.apply(tick(at("2026-11-24T00:00:00Z")));
        assertEquals(0, ward().getInteger("concernsToday"));
        assertEquals(1, ward().getInteger("concernsOpen"));
        assertNotEquals(0, concerns().size());
        assertTrue(concerns().get(0).state().active());
    }

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }
}
