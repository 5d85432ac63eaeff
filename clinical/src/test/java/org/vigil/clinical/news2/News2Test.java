package org.vigil.clinical.news2;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.vigil.events.Consciousness;
import org.vigil.events.Vitals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NEWS2 scoring against RCP NEWS2 2017 Chart 1 / Chart 3 (reference/news2.md). */
class News2Test {

    // A set of observations that scores 0 in every parameter; each test varies one reading.
    private static final double RR = 16, SPO2 = 98, SBP = 120, PULSE = 70, TEMP = 37.0;

    private static Vitals normal() {
        return new Vitals(RR, SPO2, 1, false, SBP, PULSE, Consciousness.A, TEMP);
    }

    // ------------------------------------------------------------------ respiration rate

    @ParameterizedTest(name = "RR {0} -> {1}")
    @CsvSource({
            "0, 3", "8, 3", "9, 1", "11, 1", "12, 0", "16, 0", "20, 0", "21, 2", "24, 2", "25, 3", "40, 3",
            // rounding half-up to whole numbers
            "8.49, 3", "8.5, 1", "11.49, 1", "11.5, 0", "20.49, 0", "20.5, 2", "24.49, 2", "24.5, 3",
            // the double just below 20.5 is a different reading and stays 20 (a naive nextUp-based rounding gets 21)
            "20.499999999999996, 0",
    })
    void respirationRate(double rr, int expected) {
        News2Score s = News2.score(new Vitals(rr, SPO2, 1, false, SBP, PULSE, Consciousness.A, TEMP));
        assertEquals(expected, s.respirationRate());
        assertEquals(expected, s.total());
    }

    // ------------------------------------------------------------------ SpO2 (both scales) and air/oxygen

    @ParameterizedTest(name = "SpO2 {0} scale {1} oxygen={2} -> {3}")
    @CsvSource({
            // Scale 1: <=91 3, 92-93 2, 94-95 1, >=96 0; oxygen does not change the SpO2 score
            "70, 1, false, 3", "91, 1, false, 3", "92, 1, false, 2", "93, 1, false, 2", "94, 1, false, 1",
            "95, 1, false, 1", "96, 1, false, 0", "100, 1, false, 0",
            "91, 1, true, 3", "92, 1, true, 2", "93, 1, true, 2", "94, 1, true, 1", "95, 1, true, 1",
            "96, 1, true, 0", "100, 1, true, 0",
            // Scale 2 on air: <=83 3, 84-85 2, 86-87 1, 88-92 0, >=93 on air 0
            "70, 2, false, 3", "83, 2, false, 3", "84, 2, false, 2", "85, 2, false, 2", "86, 2, false, 1",
            "87, 2, false, 1", "88, 2, false, 0", "92, 2, false, 0", "93, 2, false, 0", "94, 2, false, 0",
            "95, 2, false, 0", "96, 2, false, 0", "97, 2, false, 0", "100, 2, false, 0",
            // Scale 2 on oxygen: low side as on air; 93-94 1, 95-96 2, >=97 3
            "83, 2, true, 3", "84, 2, true, 2", "85, 2, true, 2", "86, 2, true, 1", "87, 2, true, 1",
            "88, 2, true, 0", "92, 2, true, 0", "93, 2, true, 1", "94, 2, true, 1", "95, 2, true, 2",
            "96, 2, true, 2", "97, 2, true, 3", "100, 2, true, 3",
            // rounding half-up to whole numbers
            "91.5, 1, false, 2", "91.49, 1, false, 3", "95.5, 1, false, 0", "95.49, 1, false, 1",
            "83.5, 2, false, 2", "87.49, 2, false, 1", "87.5, 2, false, 0", "92.5, 2, true, 1",
            "92.49, 2, true, 0", "96.5, 2, true, 3", "96.49, 2, true, 2",
    })
    void spo2(double spo2, int scale, boolean onOxygen, int expected) {
        News2Score s = News2.score(new Vitals(RR, spo2, scale, onOxygen, SBP, PULSE, Consciousness.A, TEMP));
        assertEquals(expected, s.spo2());
        assertEquals(onOxygen ? 2 : 0, s.onOxygen(), "air or oxygen: oxygen scores 2 on either scale");
        assertEquals(expected + (onOxygen ? 2 : 0), s.total());
    }

    @ParameterizedTest(name = "SpO2 90% on air, scale {0} -> {1}")
    @CsvSource({"1, 3", "2, 0"})
    void spo2NinetyOnAirDependsOnScale(int scale, int expected) {
        News2Score s = News2.score(new Vitals(RR, 90, scale, false, SBP, PULSE, Consciousness.A, TEMP));
        assertEquals(expected, s.spo2());
        assertEquals(expected, s.total());
    }

    // ------------------------------------------------------------------ systolic BP

    @ParameterizedTest(name = "SBP {0} -> {1}")
    @CsvSource({
            "50, 3", "90, 3", "91, 2", "100, 2", "101, 1", "110, 1", "111, 0", "120, 0", "219, 0", "220, 3",
            "260, 3",
            "90.49, 3", "90.5, 2", "110.49, 1", "110.5, 0", "219.49, 0", "219.5, 3",
    })
    void systolicBp(double sbp, int expected) {
        News2Score s = News2.score(new Vitals(RR, SPO2, 1, false, sbp, PULSE, Consciousness.A, TEMP));
        assertEquals(expected, s.systolicBp());
        assertEquals(expected, s.total());
    }

    // ------------------------------------------------------------------ pulse

    @ParameterizedTest(name = "pulse {0} -> {1}")
    @CsvSource({
            "30, 3", "40, 3", "41, 1", "50, 1", "51, 0", "70, 0", "90, 0", "91, 1", "110, 1", "111, 2", "130, 2",
            "131, 3", "180, 3",
            "40.49, 3", "40.5, 1", "90.49, 0", "90.5, 1", "130.49, 2", "130.5, 3",
    })
    void pulse(double pulse, int expected) {
        News2Score s = News2.score(new Vitals(RR, SPO2, 1, false, SBP, pulse, Consciousness.A, TEMP));
        assertEquals(expected, s.pulse());
        assertEquals(expected, s.total());
    }

    // ------------------------------------------------------------------ consciousness

    @ParameterizedTest(name = "ACVPU {0} -> {1}")
    @CsvSource({"A, 0", "C, 3", "V, 3", "P, 3", "U, 3"})
    void consciousness(Consciousness c, int expected) {
        News2Score s = News2.score(new Vitals(RR, SPO2, 1, false, SBP, PULSE, c, TEMP));
        assertEquals(expected, s.consciousness());
        assertEquals(expected, s.total());
    }

    @ParameterizedTest
    @EnumSource(Consciousness.class)
    void everyAcvpuLetterIsScored(Consciousness c) {
        News2Score s = News2.score(new Vitals(RR, SPO2, 1, false, SBP, PULSE, c, TEMP));
        assertEquals(c == Consciousness.A ? 0 : 3, s.consciousness());
    }

    // ------------------------------------------------------------------ temperature

    @ParameterizedTest(name = "temperature {0} -> {1}")
    @CsvSource({
            "30.0, 3", "35.0, 3", "35.1, 1", "36.0, 1", "36.1, 0", "37.0, 0", "38.0, 0", "38.1, 1", "39.0, 1",
            "39.1, 2", "41.5, 2",
            // rounding half-up to one decimal
            "35.05, 1", "35.04, 3", "35.049, 3", "35.04999999999999, 3", "36.04, 1", "36.05, 0",
            "38.04, 0", "38.05, 1", "39.04, 1", "39.05, 2", "36.96, 0", "34.95, 3",
    })
    void temperature(double temp, int expected) {
        News2Score s = News2.score(new Vitals(RR, SPO2, 1, false, SBP, PULSE, Consciousness.A, temp));
        assertEquals(expected, s.temperature());
        assertEquals(expected, s.total());
    }

    // ------------------------------------------------------------------ whole sets, worked examples, Chart 3 risk

    @ParameterizedTest(name = "[{index}] total {8} {9}")
    @CsvSource({
            // rr, spo2, scale, oxygen, sbp, pulse, acvpu, temp, total, risk
            // worked examples (reference/news2.md)
            "22, 94, 1, true, 105, 45, C, 35.5, 11, HIGH",
            "24, 93, 1, true, 105, 105, A, 38.5, 9, HIGH",
            // all normal
            "16, 98, 1, false, 120, 70, A, 37.0, 0, LOW",
            // 1-4 without a 3: LOW
            "16, 98, 1, false, 120, 95, A, 37.0, 1, LOW",
            "21, 98, 1, false, 120, 70, A, 37.0, 2, LOW",
            "21, 98, 1, false, 120, 95, A, 37.0, 3, LOW",
            "21, 98, 1, false, 95, 70, A, 37.0, 4, LOW",
            "16, 98, 1, true, 120, 70, A, 38.5, 3, LOW",
            // a single 3 with aggregate < 5: LOW_MEDIUM
            "16, 98, 1, false, 120, 70, C, 37.0, 3, LOW_MEDIUM",
            "16, 98, 1, false, 120, 70, A, 34.0, 3, LOW_MEDIUM",
            "16, 98, 1, false, 120, 95, U, 37.0, 4, LOW_MEDIUM",
            "7, 98, 1, false, 120, 70, A, 37.0, 3, LOW_MEDIUM",
            "16, 90, 1, false, 120, 70, A, 37.0, 3, LOW_MEDIUM",
            "16, 97, 2, true, 120, 70, A, 37.0, 5, MEDIUM",
            // 5-6: MEDIUM, with or without a 3
            "21, 98, 1, false, 95, 95, A, 37.0, 5, MEDIUM",
            "21, 98, 1, true, 95, 70, A, 37.0, 6, MEDIUM",
            "16, 98, 1, false, 95, 70, V, 37.0, 5, MEDIUM",
            "16, 98, 1, false, 95, 95, P, 37.0, 6, MEDIUM",
            // >=7: HIGH
            "22, 98, 1, false, 95, 70, C, 37.0, 7, HIGH",
            "21, 98, 1, true, 95, 95, A, 37.0, 7, HIGH",
            // every parameter at its worst
            "30, 80, 2, true, 80, 140, U, 34.0, 20, HIGH",
    })
    void wholeSet(double rr, double spo2, int scale, boolean oxygen, double sbp, double pulse, Consciousness c,
                  double temp, int total, ClinicalRisk risk) {
        News2Score s = News2.score(new Vitals(rr, spo2, scale, oxygen, sbp, pulse, c, temp));
        assertEquals(total, s.total());
        assertEquals(risk, s.risk());
        assertEquals(s.respirationRate() + s.spo2() + s.onOxygen() + s.systolicBp() + s.pulse() + s.consciousness()
                + s.temperature(), s.total());
    }

    @Test
    void workedExampleOneParameterByParameter() {
        News2Score s = News2.score(new Vitals(22, 94, 1, true, 105, 45, Consciousness.C, 35.5));
        assertEquals(new News2Score(11, ClinicalRisk.HIGH, 2, 1, 2, 1, 1, 3, 1), s);
        assertTrue(s.hasSingleParameterOf3());
    }

    @Test
    void workedExampleTwoParameterByParameter() {
        News2Score s = News2.score(new Vitals(24, 93, 1, true, 105, 105, Consciousness.A, 38.5));
        assertEquals(new News2Score(9, ClinicalRisk.HIGH, 2, 2, 2, 1, 1, 0, 1), s);
        assertFalse(s.hasSingleParameterOf3());
    }

    @Test
    void normalSetScoresZero() {
        News2Score s = News2.score(normal());
        assertEquals(News2Score.of(0, 0, 0, 0, 0, 0, 0), s);
        assertEquals(ClinicalRisk.LOW, s.risk());
        assertFalse(s.hasSingleParameterOf3());
    }

    // ------------------------------------------------------------------ Chart 3 and the score record

    @ParameterizedTest(name = "total {0}, any 3 = {1} -> {2}")
    @CsvSource({
            "0, false, LOW", "1, false, LOW", "4, false, LOW", "3, true, LOW_MEDIUM", "4, true, LOW_MEDIUM",
            "5, false, MEDIUM", "5, true, MEDIUM", "6, false, MEDIUM", "6, true, MEDIUM",
            "7, false, HIGH", "7, true, HIGH", "20, true, HIGH",
    })
    void chart3(int total, boolean anyThree, ClinicalRisk expected) {
        assertEquals(expected, ClinicalRisk.of(total, anyThree));
    }

    @Test
    void scoreRecordRejectsInconsistentValues() {
        assertThrows(IllegalArgumentException.class, () -> new News2Score(5, ClinicalRisk.MEDIUM, 0, 0, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new News2Score(3, ClinicalRisk.LOW, 0, 0, 0, 0, 0, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> new News2Score(4, ClinicalRisk.LOW, 4, 0, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new News2Score(3, ClinicalRisk.LOW_MEDIUM, 0, 0, 3, 0, 0, 0, 0));
        assertThrows(NullPointerException.class, () -> new News2Score(0, null, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void invalidReadingsAreRejectedNotScored() {
        assertThrows(IllegalArgumentException.class,
                () -> News2.score(new Vitals(Double.NaN, SPO2, 1, false, SBP, PULSE, Consciousness.A, TEMP)));
        assertThrows(IllegalArgumentException.class,
                () -> News2.score(new Vitals(RR, SPO2, 1, false, SBP, Double.POSITIVE_INFINITY, Consciousness.A, TEMP)));
        assertThrows(IllegalArgumentException.class,
                () -> News2.score(new Vitals(RR, SPO2, 1, false, -1, PULSE, Consciousness.A, TEMP)));
        assertThrows(IllegalArgumentException.class,
                () -> News2.score(new Vitals(RR, SPO2, 3, false, SBP, PULSE, Consciousness.A, TEMP)));
        assertThrows(IllegalArgumentException.class,
                () -> News2.score(new Vitals(RR, SPO2, 0, false, SBP, PULSE, Consciousness.A, TEMP)));
        assertThrows(NullPointerException.class,
                () -> News2.score(new Vitals(RR, SPO2, 1, false, SBP, PULSE, null, TEMP)));
        assertThrows(NullPointerException.class, () -> News2.score(null));
    }

    // ------------------------------------------------------------------ rounding arithmetic vs BigDecimal HALF_UP

    private static long bigDecimalHalfUp(double x, int scale) {
        return BigDecimal.valueOf(x).setScale(scale, RoundingMode.HALF_UP).movePointRight(scale).longValueExact();
    }

    private static void checkTenths(double x) {
        assertEquals(bigDecimalHalfUp(x, 1), News2.roundToTenths(x), () -> "tenths of " + x);
    }

    private static void checkWhole(double x) {
        assertEquals(bigDecimalHalfUp(x, 0), News2.roundToWhole(x), () -> "whole of " + x);
    }

    private static void aroundTies(double[] ties, DoubleConsumer check) {
        for (double tie : ties) {
            double down = tie, up = tie;
            check.accept(tie);
            for (int i = 0; i < 4; i++) {
                down = Math.nextDown(down);
                up = Math.nextUp(up);
                check.accept(down);
                check.accept(up);
            }
        }
    }

    @Test
    void roundToTenthsMatchesBigDecimalHalfUp() {
        // every x.x5 tie from 0.05 to 99.95 (the nearest double, as a literal would give) and its 4 neighbours each side
        double[] ties = new double[1000];
        for (int k = 0; k < ties.length; k++) {
            ties[k] = (10 * k + 5) / 100.0;
            assertEquals(Double.parseDouble(k / 10 + "." + (k % 10) + "5"), ties[k]); // nearest double to k.k5
        }
        aroundTies(ties, News2Test::checkTenths);
        // every value with two and three decimals from 0 to 60
        for (int i = 0; i <= 60_000; i++) {
            checkTenths(i / 1000.0);
            if (i % 10 == 0) {
                checkTenths(i / 10_000.0 * 10);
            }
        }
        // random doubles, uniformly and as short decimals, over and beyond the clinical range
        SplittableRandom random = new SplittableRandom(20170101L);
        for (int i = 0; i < 1_000_000; i++) {
            checkTenths(random.nextDouble(25.0, 45.0));
            checkTenths(random.nextDouble(0.0, 1000.0));
            checkTenths(random.nextInt(0, 100_000) / 1000.0);
            checkTenths(random.nextInt(0, 1_000_000) / 10_000.0);
        }
        checkTenths(0.0);
        checkTenths(Double.MIN_VALUE);
        checkTenths(0.04999999999999999);
        checkTenths(0.05);
    }

    @Test
    void roundToWholeMatchesBigDecimalHalfUp() {
        double[] ties = new double[400];
        for (int n = 0; n < ties.length; n++) {
            ties[n] = n + 0.5;
        }
        aroundTies(ties, News2Test::checkWhole);
        for (int i = 0; i <= 40_000; i++) {
            checkWhole(i / 100.0);
        }
        SplittableRandom random = new SplittableRandom(2017L);
        for (int i = 0; i < 1_000_000; i++) {
            checkWhole(random.nextDouble(0.0, 300.0));
            checkWhole(random.nextInt(0, 300_000) / 1000.0);
        }
        checkWhole(0.0);
        checkWhole(0.49999999999999994); // floor(x + 0.5) gets this wrong
        checkWhole(Double.MIN_VALUE);
    }
}
