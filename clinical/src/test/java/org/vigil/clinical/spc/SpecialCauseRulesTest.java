package org.vigil.clinical.spc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.clinical.spc.ChartFixture.after;
import static org.vigil.clinical.spc.ChartFixture.judged;
import static org.vigil.clinical.spc.ChartFixture.parse;
import static org.vigil.clinical.spc.ImprovementDirection.DOWN;
import static org.vigil.clinical.spc.ImprovementDirection.NEITHER;
import static org.vigil.clinical.spc.ImprovementDirection.UP;

/**
 * Every boundary of the four special-cause rules ([MDC-spec] "Special cause – …"; reference/spc.md), on points after
 * the {@link ChartFixture} baseline: mean 11.5, two-sigma 16.82 / 6.18, process limits 19.48 / 3.52, last baseline
 * point 13 (above the mean). Tails start with 11.5, on the mean, where a run must not reach back into the baseline.
 */
class SpecialCauseRulesTest {

    @Test
    void theFixtureHasTheLinesItsTestsAssume() {
        XmrChart chart = after(SpcSettings.mdc(UP), 11.5);
        ProcessLimits l = chart.limits();
        assertEquals(new ProcessLimits(11.5, 3, 19.48, 3.52, 16.82, 6.18), l);
        for (SpcPoint p : chart.points()) {
            assertNull(p.specialCause(), "the baseline's own points are common cause");
        }
    }

    @ParameterizedTest(name = "shift {0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // five above the mean is not a shift; six is, and every point of it is special
            "6 | 11.5 12 12 12 12 12 11.5        | - - - - - - -",
            "6 | 11.5 12 12 12 12 12 12 11.5     | - I:SHIFT I:SHIFT I:SHIFT I:SHIFT I:SHIFT I:SHIFT -",
            "6 | 11.5 12 12 12 12 12 12 12 11.5  | - I:SHIFT I:SHIFT I:SHIFT I:SHIFT I:SHIFT I:SHIFT I:SHIFT -",
            // with the setting of 7, six is not a shift and seven is
            "7 | 11.5 12 12 12 12 12 12 11.5     | - - - - - - - -",
            "7 | 11.5 12 12 12 12 12 12 12 11.5  | - I:SHIFT I:SHIFT I:SHIFT I:SHIFT I:SHIFT I:SHIFT I:SHIFT -",
            // below the mean, for high-is-good: a concern
            "6 | 11.5 11 11 11 11 11 11 11.5     | - C:SHIFT C:SHIFT C:SHIFT C:SHIFT C:SHIFT C:SHIFT -",
            // a point exactly on the mean breaks the run (strict comparison, [SQL] Step 4g)
            "6 | 11.5 12 12 12 11.5 12 12 12 11.5 | - - - - - - - - -",
            // a point on the other side breaks it too
            "6 | 11.5 12 12 12 11 12 12 12 11.5  | - - - - - - - - -",
            // a shift may run to the last point
            "6 | 11.5 12 12 12 12 12 12          | - I:SHIFT I:SHIFT I:SHIFT I:SHIFT I:SHIFT I:SHIFT",
            // the baseline's last point (13, above) starts this run: 1 + 5 = 6
            "6 | 12 12 12 12 12 11.5             | I:SHIFT I:SHIFT I:SHIFT I:SHIFT I:SHIFT -",
    })
    void shift(int points, String tail, String expected) {
        assertEquals(expected, judged(after(SpcSettings.mdc(UP).withShiftPoints(points), parse(tail))));
    }

    @Test
    void aValueEqualToADecimalMeanIsOnIt() {
        // mean 0.2 exactly in decimal; as doubles, 7 × 0.1 + 7 × 0.3 over 14 is 0.19999999999999998, which would
        // put 0.2 above the mean and make the run below one of seven
        double[] values = new double[27];
        for (int i = 0; i < 14; i++) {
            values[i] = i % 2 == 0 ? 0.1 : 0.3;
        }
        double[] tail = {0.2, 0.15, 0.15, 0.15, 0.2, 0.15, 0.15, 0.15, 0.2, 0.25, 0.25, 0.25, 0.2};
        System.arraycopy(tail, 0, values, 14, tail.length);
        XmrChart chart = XmrChart.of(values, SpcSettings.mdc(UP).withBaseline(14));
        assertEquals(0.2, chart.mean());
        assertEquals("- - - - - - - - - - - - -", judged(chart));
    }

    /**
     * Lines whose parts do not end in decimal but whose sum does: with 15 points (a multiple of 3), the mean 194/15
     * plus the two-sigma width ⅔ × 2.66 × 40/14 is exactly 18, yet each part rounded to 34 digits sums to
     * 17.99…97, which put the two 18s beyond the line. Found by an independent check against exact fractions.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "13 12 12 11 11 17 18 18 14 8 7 11 15 10 17 | 18.0 | upperTwoSigma",
            "15 11 7 5 5 6 11 6 17 16 14 10 10 9 9      | 5.0  | lowerTwoSigma",
    })
    void aValueExactlyOnATwoSigmaLineWhoseDecimalPartsDoNotEndIsOnIt(String values, double line, String which) {
        XmrChart chart = XmrChart.of(parse(values), SpcSettings.mdc(UP));
        ProcessLimits l = chart.limits();
        assertEquals(line, which.equals("upperTwoSigma") ? l.upperTwoSigma() : l.lowerTwoSigma());
        long onTheLine = chart.points().stream().filter(p -> p.value() == line).count();
        assertEquals(2, onTheLine);
        for (SpcPoint p : chart.points()) {
            if (p.value() == line) {
                assertNull(p.specialCause(), "a point on a line is not beyond it: " + p);
            }
        }
    }

    @Test
    void aValueExactlyOnAProcessLimitLeftByScreeningIsOnIt() {
        // Screening drops the 64's two ranges, leaving 12 of 14: the lower limit 96/15 − 2.66 × 50/12 is exactly
        // −1.75, though neither part ends in decimal (n and the ranges kept share the factor 3)
        double[] values = parse("8 4 0 2 2 5 13 4 3 9 8 64 0 6 12 -1.75");
        XmrChart chart = XmrChart.of(values, SpcSettings.mdc(UP).withBaseline(15).withMovingRangeOutlierScreening(true));
        assertEquals(-1.75, chart.limits().lowerProcessLimit());
        SpcPoint last = chart.points().get(15);
        assertTrue(last.rules().isEmpty(), "a point on the limit is not beyond it: " + last);
    }

    @ParameterizedTest(name = "trend {0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // six rising points (five rises), both ends special; crossing the mean, and coloured by direction
            "6 | 9 10 11 12 13 14      | I:TREND I:TREND I:TREND I:TREND I:TREND I:TREND",
            // five rising points are not a trend
            "6 | 9 10 11 12 13 12      | - - - - - -",
            // seven points: a trend under either setting
            "6 | 8 9 10 11 12 13 14    | I:TREND I:TREND I:TREND I:TREND I:TREND I:TREND I:TREND",
            "7 | 8 9 10 11 12 13 14    | I:TREND I:TREND I:TREND I:TREND I:TREND I:TREND I:TREND",
            "7 | 9 10 11 12 13 14      | - - - - - -",
            // a tie is a pause: it ends the run ([MDC-spec] "There cannot be any pauses")
            "6 | 9 10 11 11 12 13 14   | - - - - - - -",
            // six falling points, for high-is-good: a concern (the rise from the baseline's 13 to 14 is not part)
            "6 | 14 13 12 11 10 9      | C:TREND C:TREND C:TREND C:TREND C:TREND C:TREND",
            // a tie in a falling run ends it too
            "6 | 14 13 12 12 11 10 9   | - - - - - - -",
    })
    void trend(int points, String tail, String expected) {
        assertEquals(expected, judged(after(SpcSettings.mdc(UP).withTrendPoints(points), parse(tail))));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // exactly on a process limit is not beyond it
            "UP      | 11.5 19.48 11.5 | - - -",
            "UP      | 11.5 19.49 11.5 | - I:SINGLE -",
            "UP      | 11.5 3.52 11.5  | - - -",
            "UP      | 11.5 3.51 11.5  | - C:SINGLE -",
            "DOWN    | 11.5 19.49 11.5 | - C:SINGLE -",
            "DOWN    | 11.5 3.51 11.5  | - I:SINGLE -",
            "NEITHER | 11.5 19.49 3.51 | - N:SINGLE N:SINGLE",
    })
    void singlePoint(ImprovementDirection direction, String tail, String expected) {
        assertEquals(expected, judged(after(SpcSettings.mdc(direction), parse(tail))));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // two of three beyond the upper two-sigma line, all three above the mean: the two are special, not the third
            "MDC | 11.5 17 12 17 11.5      | - I:TWO3 - I:TWO3 -",
            // exactly on the two-sigma line is not beyond it
            "MDC | 11.5 16.82 12 17 11.5   | - - - - -",
            "MDC | 11.5 16.83 12 17 11.5   | - I:TWO3 - I:TWO3 -",
            // one of three is not enough, nor two in a window of four
            "MDC | 11.5 17 12 12 11.5      | - - - - -",
            "MDC | 11.5 17 12 12 17 11.5   | - - - - - -",
            // three of three
            "MDC | 11.5 17 17 17 11.5      | - I:TWO3 I:TWO3 I:TWO3 -",
            // the third point must be on the same side of the mean: below it, or on it, the window does not count
            "MDC | 11.5 17 11 17 11.5      | - - - - -",
            "MDC | 11.5 17 11.5 17 11.5    | - - - - -",
            // a point beyond the process limit does not count: it is a single point, and 17 stays common cause
            "MDC | 11.5 17 20 12 11.5      | - - I:SINGLE - -",
            // ... unless counted as [SQL] v2.6 does
            "SQL | 11.5 17 20 12 11.5      | - I:TWO3 I:SINGLE+TWO3 - -",
            // a point exactly on the process limit is beyond two sigma and not beyond the limit: it counts
            "MDC | 11.5 17 19.48 12 11.5   | - I:TWO3 I:TWO3 - -",
            // below the lower two-sigma line, for high-is-good: a concern
            "MDC | 11.5 6 11 6 11.5        | - C:TWO3 - C:TWO3 -",
            "MDC | 11.5 6.18 11 6 11.5     | - - - - -",
            "MDC | 11.5 6 3 11 11.5        | - - C:SINGLE - -",
    })
    void twoOfThree(String counting, String tail, String expected) {
        SpcSettings settings = SpcSettings.mdc(UP).withBeyondLimitCountingInTwoOfThree(counting.equals("SQL"));
        assertEquals(expected, judged(after(settings, parse(tail))));
    }

    @Test
    void rulesCrossARecalculationEachOnItsOwnLines() {
        // Test Data.csv "Special cause crossing recalculations - shift": p14–p15 below the first section's mean
        // (25.4) and p16–p19 below the second's (29.53) make one shift of six ([MDC-spec]: shift, trend and
        // two-sigma cross a recalculation in the Excel tool)
        double[] values = {28, 23, 26, 21, 23, 25, 24, 29, 30, 27, 25, 30, 27, 24, 19,
                22, 28, 28, 29, 33, 28, 30, 31, 30, 26, 27, 34, 30, 32, 35};
        XmrChart chart = XmrChart.of(values, SpcSettings.mdc(UP).withRecalculationsAt(15));
        List<SpcPoint> p = chart.points();
        assertEquals(25.4, p.get(14).mean(), 1e-12);
        assertEquals(443.0 / 15, p.get(15).mean(), 1e-12);
        for (int i = 13; i <= 18; i++) {
            assertEquals(SpecialCause.CONCERN, p.get(i).specialCause(), "p" + (i + 1));
            assertTrue(p.get(i).rules().contains(SpecialCauseRule.SHIFT), p.get(i)::toString);
        }
        assertNull(p.get(12).specialCause());
        assertNull(p.get(19).specialCause());
        // without the recalculation, against the one mean of 27.47, there is no shift there
        assertNull(XmrChart.of(values, SpcSettings.mdc(UP)).points().get(15).specialCause());
    }
}
