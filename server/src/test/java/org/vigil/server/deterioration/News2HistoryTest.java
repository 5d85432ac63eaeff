package org.vigil.server.deterioration;

import org.vigil.clinical.news2.News2;
import org.junit.jupiter.api.Test;
import org.vigil.events.Consciousness;
import org.vigil.events.Vitals;
import org.vigil.server.deterioration.News2History.ScoredSet;
import org.vigil.server.rules.EngineState;
import org.vigil.server.engine.Events;
import org.vigil.organisation.OrganisationLoader;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vigil.server.engine.Events.at;

/**
 * The history the FHIR export reads, through the real EngineState: every set scored as News2 scores it, in time
 * order whatever the arrival order, at most MAX_SETS a patient (the oldest go), kept across a transfer, forgotten
 * at discharge.
 */
class News2HistoryTest {
    static final long T0 = at("2026-03-10T00:00:00Z");

    static EngineState ward() throws IOException {
        EngineState s = new EngineState(OrganisationLoader.demo());
        s.apply(Events.admission(T0, "RVT-W12", "P1", "B1", 70));
        return s;
    }

    static void observe(EngineState s, long time, String unit, Vitals v) {
        s.apply(Events.observation(time, unit, "P1", v));
    }

    @Test
    void eachSetIsKeptWithItsScoreScaleAndWardInTimeOrder() throws IOException {
        EngineState s = ward();
        Vitals scale2 = new Vitals(16, 95, 2, true, 125, 72, Consciousness.A, 37.0);
        observe(s, T0 + 3_600_000, "RVT-W12", Events.high());
        observe(s, T0 + 7_200_000, "RVT-W12", scale2);
        observe(s, T0 + 1_800_000, "RVT-W12", Events.normal()); // late: goes in its place
        List<ScoredSet> sets = s.news2History().sets("P1");
        assertEquals(List.of(T0 + 1_800_000, T0 + 3_600_000, T0 + 7_200_000), sets.stream().map(ScoredSet::time).toList());
        assertEquals(News2.score(Events.normal()), sets.get(0).score());
        assertEquals(News2.score(Events.high()), sets.get(1).score());
        assertEquals(News2.score(scale2), sets.get(2).score());
        assertEquals(List.of(1, 1, 2), sets.stream().map(ScoredSet::spo2Scale).toList());
        assertEquals("RVT-W12", sets.get(0).unit());
    }

    @Test
    void atMostMaxSetsAPatientTheOldestGoFirst() throws IOException {
        EngineState s = ward();
        int n = News2History.MAX_SETS + 10;
        for (int i = 0; i < n; i++) {
            observe(s, T0 + i * 60_000L, "RVT-W12", Events.normal());
        }
        observe(s, T0 - 60_000, "RVT-W12", Events.high()); // older than all kept: not kept
        List<ScoredSet> sets = s.news2History().sets("P1");
        assertEquals(News2History.MAX_SETS, sets.size());
        assertEquals(T0 + 10 * 60_000L, sets.get(0).time());
        assertEquals(T0 + (n - 1) * 60_000L, sets.get(sets.size() - 1).time());
    }

    @Test
    void aTransferKeepsTheStayAndADischargeEndsIt() throws IOException {
        EngineState s = ward();
        observe(s, T0 + 60_000, "RVT-W12", Events.normal());
        s.apply(Events.transfer(T0 + 120_000, "RVT-W14", "P1", "B2"));
        observe(s, T0 + 180_000, "RVT-W14", Events.medium());
        assertEquals(List.of("RVT-W12", "RVT-W14"), s.news2History().sets("P1").stream().map(ScoredSet::unit).toList());
        s.apply(Events.discharge(T0 + 240_000, "RVT-W14", "P1"));
        assertEquals(List.of(), s.news2History().sets("P1"));
    }
}
