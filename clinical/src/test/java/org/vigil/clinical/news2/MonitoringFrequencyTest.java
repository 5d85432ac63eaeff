package org.vigil.clinical.news2;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.events.Consciousness;
import org.vigil.events.Vitals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NEWS2 minimum monitoring frequency (RCP NEWS2 2017, Chart 4). */
class MonitoringFrequencyTest {

    private static final MonitoringFrequency DEFAULTS = MonitoringFrequency.defaults();
    // every value different, so each path is seen to use its own setting
    private static final MonitoringFrequency CUSTOM = new MonitoringFrequency(600, 360, 30, 45, 15);

    @ParameterizedTest(name = "[{index}] total {7}: default {8} min, custom {9} min")
    @CsvSource({
            // rr, spo2, o2, sbp, pulse, acvpu, temp, total, default, custom
            "0, 0, 0, 0, 0, 0, 0, 0, 720, 600",
            // 1-4 without a 3: 4-6-hourly (240), NOT 12-hourly
            "0, 0, 0, 0, 1, 0, 0, 1, 240, 360",
            "0, 0, 2, 0, 0, 0, 0, 2, 240, 360",
            "1, 0, 0, 0, 1, 0, 1, 3, 240, 360",
            "2, 0, 0, 2, 0, 0, 0, 4, 240, 360",
            "1, 1, 0, 1, 1, 0, 0, 4, 240, 360",
            // a single 3 with aggregate < 5: hourly
            "0, 0, 0, 0, 0, 3, 0, 3, 60, 30",
            "3, 0, 0, 0, 1, 0, 0, 4, 60, 30",
            "0, 0, 0, 0, 0, 0, 3, 3, 60, 30",
            // 5-6, with or without a 3: hourly
            "2, 0, 2, 0, 1, 0, 0, 5, 60, 45",
            "2, 0, 2, 2, 0, 0, 0, 6, 60, 45",
            "0, 0, 0, 2, 0, 3, 0, 5, 60, 45",
            "0, 0, 2, 0, 1, 3, 0, 6, 60, 45",
            // >=7: continuous
            "2, 0, 2, 2, 1, 0, 0, 7, 0, 15",
            "0, 0, 2, 2, 0, 3, 0, 7, 0, 15",
            "2, 2, 2, 1, 1, 3, 1, 12, 0, 15",
            "3, 3, 2, 3, 3, 3, 3, 20, 0, 15",
    })
    void intervalForScore(int rr, int spo2, int o2, int sbp, int pulse, int acvpu, int temp, int total,
                          int defaultMinutes, int customMinutes) {
        News2Score s = News2Score.of(rr, spo2, o2, sbp, pulse, acvpu, temp);
        assertEquals(total, s.total());
        assertEquals(defaultMinutes, DEFAULTS.intervalMinutes(s));
        assertEquals(customMinutes, CUSTOM.intervalMinutes(s));
    }

    @Test
    void oneToFourIsNotTwelveHourly() {
        for (int total = 1; total <= 4; total++) {
            // build totals 1..4 from parameters that never reach 3
            News2Score s = News2Score.of(Math.min(total, 2), 0, 0, Math.max(0, total - 2), 0, 0, 0);
            assertEquals(total, s.total());
            assertFalse(s.hasSingleParameterOf3());
            assertEquals(240, DEFAULTS.intervalMinutes(s), "NEWS " + total + " is 4-6-hourly");
        }
    }

    @Test
    void defaultsAreChart4() {
        assertEquals(720, DEFAULTS.zeroMinutes());
        assertEquals(240, DEFAULTS.lowMinutes());
        assertEquals(60, DEFAULTS.singleThreeMinutes());
        assertEquals(60, DEFAULTS.mediumMinutes());
        assertEquals(0, DEFAULTS.highMinutes());
    }

    @Test
    void workedExamplesNeedContinuousMonitoring() {
        News2Score first = News2.score(new Vitals(22, 94, 1, true, 105, 45, Consciousness.C, 35.5));
        News2Score second = News2.score(new Vitals(24, 93, 1, true, 105, 105, Consciousness.A, 38.5));
        assertEquals(0, DEFAULTS.intervalMinutes(first));
        assertEquals(0, DEFAULTS.intervalMinutes(second));
        assertEquals(15, CUSTOM.intervalMinutes(second));
    }

    @Test
    void newConfusionAloneIsHourly() {
        News2Score s = News2.score(new Vitals(16, 98, 1, false, 120, 70, Consciousness.C, 37.0));
        assertTrue(s.hasSingleParameterOf3());
        assertEquals(ClinicalRisk.LOW_MEDIUM, s.risk());
        assertEquals(60, DEFAULTS.intervalMinutes(s));
        assertEquals(30, CUSTOM.intervalMinutes(s));
    }

    @Test
    void policyMinutesFlowThrough() {
        MonitoringFrequency p = new MonitoringFrequency(1, 2, 3, 4, 5);
        assertEquals(1, p.intervalMinutes(News2Score.of(0, 0, 0, 0, 0, 0, 0)));
        assertEquals(2, p.intervalMinutes(News2Score.of(1, 0, 0, 0, 0, 0, 0)));
        assertEquals(3, p.intervalMinutes(News2Score.of(0, 3, 0, 0, 0, 0, 0)));
        assertEquals(4, p.intervalMinutes(News2Score.of(0, 3, 2, 0, 0, 0, 0)));
        assertEquals(5, p.intervalMinutes(News2Score.of(0, 3, 2, 2, 0, 0, 0)));
    }

    @Test
    void negativeMinutesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new MonitoringFrequency(-1, 240, 60, 60, 0));
        assertThrows(IllegalArgumentException.class, () -> new MonitoringFrequency(720, 240, 60, 60, -1));
    }
}
