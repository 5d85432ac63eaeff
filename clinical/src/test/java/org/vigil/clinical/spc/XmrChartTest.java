package org.vigil.clinical.spc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.clinical.spc.ImprovementDirection.UP;

/** Limits, points needed, baselines and recalculations: the worked examples of reference/spc.md and [MDC-spec]. */
class XmrChartTest {
    /** [MDC-spec] "Process limits", left chart: 15 points. */
    static final double[] FIFTEEN = {20, 24, 20, 26, 22, 16, 18, 16, 31, 28, 34, 26, 30, 19, 18};
    /** [MDC-spec] "Recalculations" / "Baselines" / "Summary icons – assurance": 30 points. */
    static final double[] THIRTY = {16, 24, 22, 19, 19, 18, 24, 25, 18, 17, 16, 25, 15, 23, 19,
            35, 32, 35, 31, 27, 33, 28, 38, 35, 30, 28, 29, 27, 24, 23};
    static final double TWO_PLACES = 0.005;

    @Test
    void fifteenPointExampleHasTheSpecsMeanAndLimits() {
        XmrChart chart = XmrChart.of(FIFTEEN, SpcSettings.mdc(UP));
        ProcessLimits l = chart.limits();
        // [MDC-spec]: 14 moving ranges, MR̄ 5.43, mean 23.20, UPL 37.64, LPL 8.76
        assertEquals(76.0 / 14, l.movingRangeMean(), 1e-12);
        assertEquals(5.43, l.movingRangeMean(), TWO_PLACES);
        assertEquals(23.2, chart.mean(), 1e-12);
        assertEquals(37.64, l.upperProcessLimit(), 1e-12);
        assertEquals(8.76, l.lowerProcessLimit(), 1e-12);
        // two-sigma lines are two thirds of the way out: 23.20 ± 9.6267
        assertEquals(23.2 + 14.44 * 2 / 3, l.upperTwoSigma(), 1e-12);
        assertEquals(23.2 - 14.44 * 2 / 3, l.lowerTwoSigma(), 1e-12);
        assertTrue(chart.hasLimits());
        assertEquals(VariationIcon.COMMON_CAUSE, chart.variationIcon());
        for (SpcPoint p : chart.points()) {
            assertEquals(l, p.limits());
            assertNull(p.specialCause(), p::toString);
            assertTrue(p.rules().isEmpty());
        }
    }

    @Test
    void decimalArithmeticGivesTheLimitsAsWritten() {
        // 23.2 − 2.66 × 76 / 14 is 8.76 exactly; in binary doubles, mean − 2.66 × MR̄ is 8.759999999999998
        XmrChart chart = XmrChart.of(FIFTEEN, SpcSettings.mdc(UP));
        assertEquals("37.64", Double.toString(chart.limits().upperProcessLimit()));
        assertEquals("8.76", Double.toString(chart.limits().lowerProcessLimit()));
    }

    @Test
    void firstTenPointsGiveTheMeanAndNothingElse() {
        XmrChart chart = XmrChart.of(Arrays.copyOf(FIFTEEN, 10), SpcSettings.mdc(UP).withTarget(30));
        assertEquals(22.1, chart.mean(), 1e-12); // [MDC-spec] "Mean = 22.10"
        assertFalse(chart.hasLimits());
        assertNull(chart.limits());
        assertNull(chart.variationIcon());
        assertNull(chart.assuranceIcon());
        for (SpcPoint p : chart.points()) {
            assertEquals(22.1, p.mean(), 1e-12);
            assertNull(p.limits());
            assertNull(p.specialCause());
            assertTrue(p.rules().isEmpty());
        }
    }

    /** [MDC-spec] "Number of points": 12 or fewer, no limits; 13 or more, limits. A user may ask for more. */
    @ParameterizedTest(name = "{0} points, minimum {1}: limits {2}")
    @CsvSource({"1, 13, false", "2, 13, false", "12, 13, false", "13, 13, true", "14, 13, true",
            "14, 15, false", "15, 15, true"})
    void limitsNeedTheMinimumNumberOfPoints(int points, int minimum, boolean limits) {
        double[] values = Arrays.copyOf(THIRTY, points);
        XmrChart chart = XmrChart.of(values, SpcSettings.mdc(UP).withMinimumPoints(minimum));
        assertEquals(limits, chart.hasLimits());
        assertEquals(limits, chart.variationIcon() != null);
        assertEquals(Arrays.stream(values).average().orElseThrow(), chart.mean(), 1e-12);
    }

    @Test
    void aSinglePointHasItsValueAsMean() {
        XmrChart chart = XmrChart.of(new double[]{7.5}, SpcSettings.mdc(UP));
        assertEquals(7.5, chart.mean());
        assertEquals(1, chart.points().size());
        assertNull(chart.limits());
    }

    @Test
    void baselineOfFifteenGivesItsOwnLimitsExtendedOverTheRest() {
        XmrChart chart = XmrChart.of(THIRTY, SpcSettings.mdc(UP).withBaseline(15));
        // reference/spc.md "Baselines": mean 20.00 and limits 31.59 / 8.41 (computed there)
        assertEquals(20.0, chart.mean(), 1e-12);
        assertEquals(31.59, chart.limits().upperProcessLimit(), TWO_PLACES);
        assertEquals(8.41, chart.limits().lowerProcessLimit(), TWO_PLACES);
        assertEquals(61.0 / 14, chart.limits().movingRangeMean(), 1e-12); // the baseline's 14 ranges only
        List<SpcPoint> points = chart.points();
        for (int i = 0; i < 30; i++) {
            assertEquals(chart.limits(), points.get(i).limits(), "every point is judged on the baseline's lines");
            // Test Data.csv "Baselines - Recalculated": the 15 later points are all blue, the baseline grey
            assertEquals(i < 15 ? null : SpecialCause.IMPROVEMENT, points.get(i).specialCause(), "p" + (i + 1));
        }
    }

    @Test
    void baselineOverTheWholeSeriesIsNoBaseline() {
        assertEquals(XmrChart.of(THIRTY, SpcSettings.mdc(UP)), XmrChart.of(THIRTY, SpcSettings.mdc(UP).withBaseline(30)));
    }

    @Test
    void aBaselineOverridesRecalculations() {
        // [MDC-spec] "Baselines": "When a recalculation is also added, only the baseline is implemented."
        assertEquals(XmrChart.of(THIRTY, SpcSettings.mdc(UP).withBaseline(15)),
                XmrChart.of(THIRTY, SpcSettings.mdc(UP).withBaseline(15).withRecalculationsAt(20)));
    }

    @Test
    void recalculationGivesEachSectionItsOwnLines() {
        XmrChart chart = XmrChart.of(THIRTY, SpcSettings.mdc(UP).withRecalculationsAt(15));
        ProcessLimits first = chart.points().get(0).limits();
        ProcessLimits second = chart.points().get(29).limits();
        assertEquals(20.0, first.mean(), 1e-12);
        assertEquals(61.0 / 14, first.movingRangeMean(), 1e-12);
        assertEquals(455.0 / 15, second.mean(), 1e-12);
        // MRs within the second section only: the jump from 19 to 35 between sections is not one of them
        assertEquals(52.0 / 14, second.movingRangeMean(), 1e-12);
        assertEquals(second, chart.limits(), "the chart's lines are the latest section's");
        assertEquals(second.mean(), chart.mean());
        for (int i = 0; i < 30; i++) {
            assertEquals(i < 15 ? first : second, chart.points().get(i).limits(), "p" + (i + 1));
        }
    }

    @Test
    void tooFewPointsStillGiveEachSectionItsMean() {
        XmrChart chart = XmrChart.of(new double[]{1, 2, 3, 10, 20, 30}, SpcSettings.mdc(UP).withRecalculationsAt(3));
        assertEquals(2.0, chart.points().get(0).mean());
        assertEquals(20.0, chart.points().get(5).mean());
        assertEquals(20.0, chart.mean());
    }

    @Test
    void screeningMovingRangeOutliersDropsRangesAboveThreeTimesTheMean() {
        // 12 ranges of 3 and one of 30: MR̄ 66/13 ≈ 5.08, so 30 > 3.267 × 5.08 ≈ 16.6 is an outlier
        double[] values = {10, 13, 10, 13, 10, 13, 10, 13, 10, 13, 10, 13, 10, 40};
        assertEquals(66.0 / 13, XmrChart.of(values, SpcSettings.mdc(UP)).limits().movingRangeMean(), 1e-12);
        XmrChart screened = XmrChart.of(values, SpcSettings.mdc(UP).withMovingRangeOutlierScreening(true));
        assertEquals(3.0, screened.limits().movingRangeMean(), 1e-12);
        assertEquals(XmrChart.of(values, SpcSettings.mdc(UP)).mean(), screened.mean(), "the mean is not screened");
    }

    @ParameterizedTest(name = "last range {0}: MR̄ {1}")
    @CsvSource({"39.204, 12", "39.205, 9.733"})
    void aRangeExactlyOnTheScreeningBoundIsKept(double last, double expectedMean) {
        // 12 ranges of 9.733 and one last: with 39.204 the sum is 156, MR̄ 12 and 3.267 × 12 = 39.204, kept ([SQL] <=)
        double[] values = new double[14];
        for (int i = 1; i < 13; i++) {
            values[i] = i % 2 == 1 ? 9.733 : 0;
        }
        values[13] = values[12] + last;
        XmrChart chart = XmrChart.of(values, SpcSettings.mdc(UP).withMovingRangeOutlierScreening(true));
        assertEquals(expectedMean, chart.limits().movingRangeMean(), 1e-12);
    }

    @Test
    void allEqualValuesGiveLimitsOnTheMeanAndNoSignal() {
        double[] values = new double[20];
        Arrays.fill(values, 4.2);
        XmrChart chart = XmrChart.of(values, SpcSettings.mdc(UP).withTarget(4.2));
        assertEquals(4.2, chart.limits().upperProcessLimit());
        assertEquals(4.2, chart.limits().lowerProcessLimit());
        assertEquals(VariationIcon.COMMON_CAUSE, chart.variationIcon());
        assertEquals(AssuranceIcon.PASS, chart.assuranceIcon(), "[SQL] tests pass first");
    }

    @Test
    void theLowerLimitIsNotClippedAtZero() {
        XmrChart chart = XmrChart.of(new double[]{0, 5, 0, 5, 0, 5, 0, 5, 0, 5, 0, 5, 0, 5}, SpcSettings.mdc(UP));
        assertEquals(2.5 - 13.3, chart.limits().lowerProcessLimit(), 1e-12);
    }

    @Test
    void badSeriesAreRefused() {
        SpcSettings mdc = SpcSettings.mdc(UP);
        assertThrows(IllegalArgumentException.class, () -> XmrChart.of(new double[0], mdc));
        assertThrows(IllegalArgumentException.class, () -> XmrChart.of(new double[]{1, Double.NaN}, mdc));
        assertThrows(IllegalArgumentException.class, () -> XmrChart.of(new double[]{1, Double.POSITIVE_INFINITY}, mdc));
        assertThrows(IllegalArgumentException.class, () -> XmrChart.of(FIFTEEN, mdc.withBaseline(16)));
        assertThrows(IllegalArgumentException.class, () -> XmrChart.of(FIFTEEN, mdc.withRecalculationsAt(14)));
        // a last section of two points (19, 18) is allowed: one moving range of 1
        assertEquals(1.0, XmrChart.of(FIFTEEN, mdc.withRecalculationsAt(13)).limits().movingRangeMean());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 8, 13})
    void runLengthsOtherThanSixOrSevenAreRefused(int points) {
        assertThrows(IllegalArgumentException.class, () -> SpcSettings.mdc(UP).withShiftPoints(points));
        assertThrows(IllegalArgumentException.class, () -> SpcSettings.mdc(UP).withTrendPoints(points));
    }

    @Test
    void settingsOutsideTheSpecAreRefused() {
        SpcSettings mdc = SpcSettings.mdc(UP);
        assertThrows(IllegalArgumentException.class, () -> mdc.withMinimumPoints(12));
        assertThrows(IllegalArgumentException.class, () -> mdc.withBaseline(1), "a baseline without a moving range");
        assertThrows(IllegalArgumentException.class, () -> mdc.withTarget(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> mdc.withRecalculationsAt(1), "a first section of one point");
        assertThrows(IllegalArgumentException.class, () -> mdc.withRecalculationsAt(10, 11));
        assertThrows(IllegalArgumentException.class, () -> mdc.withRecalculationsAt(10, 5));
        assertEquals(2, mdc.withBaseline(2).baselinePoints().getAsInt());
        assertEquals(12, mdc.withMinimumPoints(20).withBaseline(12).baselinePoints().getAsInt());
    }
}
