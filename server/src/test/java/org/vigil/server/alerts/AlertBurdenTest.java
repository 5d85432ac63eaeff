package org.vigil.server.alerts;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.events.Payload;
import org.vigil.server.rules.EngineState;
import org.vigil.organisation.OrganisationLoader;

import java.io.IOException;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.engine.Events.at;
import static org.vigil.server.engine.Events.tick;

/** The alert burden: time to acceptance (median, per unit per day), share re-notified, declines by reason. */
class AlertBurdenTest {
    private static final String WARD = "RVT-W12";
    private static final String OTHER_WARD = "RVT-W14";
    private static final long T0 = at("2026-11-23T10:00:00Z");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    private static final long MIN = 60_000L;

    private EngineState state;

    @BeforeEach
    void setUp() throws IOException {
        state = new EngineState(OrganisationLoader.demo());
        state.apply(tick(T0));
    }

    private Alert raise(String patient) {
        return state.alerts().raise(WARD, AlertKind.NEWS2_MEDIUM, Severity.MEDIUM, patient, patient, "B", "NEWS2 5", T0);
    }

    private AlertBurden burden(LocalDate day) {
        return state.alerts().burden(WARD, day, 10);
    }

    @Test
    void nothingRaisedLeavesTheShareFiguresUndefined() {
        AlertBurden b = burden(DAY);
        assertEquals(0, b.raisedToday());
        assertNull(b.medianMinutesToAcceptance());
        assertNull(b.renotifiedPercent());
        assertEquals(0, b.declinesByReason().get(DeclineReason.OTHER));
    }

    @Test
    void theMedianTimeToAcceptanceIsOfTodaysAcceptances() {
        Alert a = raise("p1");
        Alert b = raise("p2");
        Alert c = raise("p3");
        Alert d = raise("p4");
        state.alerts().apply(new Payload.AlertAccept(a.id(), "A", "outreach"), T0 + 2 * MIN);
        state.alerts().apply(new Payload.AlertAccept(b.id(), "B", "outreach"), T0 + 4 * MIN);
        state.alerts().apply(new Payload.AlertAccept(c.id(), "C", "outreach"), T0 + 10 * MIN);
        assertEquals(4.0, burden(DAY).medianMinutesToAcceptance(), "odd count: the middle one");
        state.alerts().apply(new Payload.AlertAccept(d.id(), "D", "outreach"), T0 + 5 * MIN + 30_000);
        assertEquals(4.8, burden(DAY).medianMinutesToAcceptance(), "even count: the mean of 4 and 5.5, one decimal");
        assertEquals(4, burden(DAY).acceptedToday());
        assertNull(burden(DAY.plusDays(1)).medianMinutesToAcceptance(), "another day has its own");
    }

    @Test
    void theShareReNotifiedCountsEachAlertOnceOnTheDayItWasRaised() {
        Alert a = raise("p1");
        raise("p2");
        state.apply(tick(T0 + 30 * MIN)); // both reach outreach (MEDIUM, 30 min)
        state.alerts().apply(new Payload.AlertAccept(a.id(), "A", "outreach"), T0 + 31 * MIN);
        Alert c = raise("p3"); // raised at T0 (the book takes the rule's time): not yet re-notified
        assertEquals(3, burden(DAY).raisedToday());
        assertEquals(66.7, burden(DAY).renotifiedPercent());
        state.apply(tick(T0 + 120 * MIN)); // p2 climbs again and repeats: still one alert re-notified
        assertEquals(100.0, burden(DAY).renotifiedPercent(), "p3 re-notified too, p2 still counted once");
        assertEquals(1, c.history().stream().filter(t -> t.type() == AlertTransition.Type.RAISED).count());
    }

    /**
     * An alert that followed its patient to another ward keeps its figures on the ward it was raised on (where its
     * raise was counted), and that ward's screens are told when they change. Found by SnapshotRestartTest: the
     * raising ward's published share answered in time stayed as it was before the answer, until a restart
     * published every unit afresh — so the walls and a replay disagreed.
     */
    @Test
    void anAlertThatFollowedItsPatientCountsAndIsRepublishedWhereItWasRaised() {
        Alert a = raise("p1");
        state.alerts().movePatient("p1", WARD, OTHER_WARD, "B2", T0 + MIN); // told again on the new ward
        assertEquals(100.0, burden(DAY).renotifiedPercent(), "re-notified: counted where it was raised");
        assertNull(state.alerts().burden(OTHER_WARD, DAY, 10).renotifiedPercent(), "nothing was raised there");
        state.drainChanged();
        state.alerts().apply(new Payload.AlertAck(a.id(), "A", "nurse-in-charge", null, "wall"), T0 + 2 * MIN);
        assertEquals(100.0, burden(DAY).acknowledgedWithinTargetPercent());
        assertTrue(state.drainChanged().containsAll(java.util.List.of(WARD, OTHER_WARD)),
                "the ward it was raised on republishes its figures, the ward it is on its alert");
    }

    @Test
    void declinesAreCountedByReasonCodeAndFreeTextIsOther() {
        Alert a = raise("p1");
        state.alerts().apply(new Payload.AlertDecline(a.id(), "A", "outreach", "with_another_patient"), T0 + MIN);
        state.alerts().apply(new Payload.AlertDecline(a.id(), "B", "site-manager", "I am on a break"), T0 + MIN);
        AlertBurden b = burden(DAY);
        assertEquals(2, b.declinesToday());
        assertEquals(1, b.declinesByReason().get(DeclineReason.WITH_ANOTHER_PATIENT));
        assertEquals(1, b.declinesByReason().get(DeclineReason.OTHER));
        assertEquals(0, b.declinesByReason().get(DeclineReason.NOT_FOR_MY_TEAM));
    }
}
