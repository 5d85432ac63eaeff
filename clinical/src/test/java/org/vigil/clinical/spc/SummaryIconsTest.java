package org.vigil.clinical.spc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.vigil.clinical.spc.ChartFixture.after;
import static org.vigil.clinical.spc.ChartFixture.parse;
import static org.vigil.clinical.spc.ImprovementDirection.DOWN;
import static org.vigil.clinical.spc.ImprovementDirection.NEITHER;
import static org.vigil.clinical.spc.ImprovementDirection.UP;

/** The variation and assurance icons ([MDC-spec] "Summary icons – variation" and "– assurance"). */
class SummaryIconsTest {
    /** [MDC-spec] "Summary icons – variation": 17 points, then a last point that decides the icon. */
    static final String VARIATION_FIRST_17 = "16 20 22 18 21 18 26 28 24 26 19 18 25 32 43 28 22";

    @ParameterizedTest(name = "{0}, last point {1}: {2}")
    @CsvSource({
            // the spec's charts: last point 45 (above the upper limit), 25 (common cause), 5 (below the lower limit)
            "UP, 45, SPECIAL_CAUSE_IMPROVEMENT_HIGH", "UP, 25, COMMON_CAUSE", "UP, 5, SPECIAL_CAUSE_CONCERN_LOW",
            "DOWN, 45, SPECIAL_CAUSE_CONCERN_HIGH", "DOWN, 25, COMMON_CAUSE", "DOWN, 5, SPECIAL_CAUSE_IMPROVEMENT_LOW",
            "NEITHER, 45, SPECIAL_CAUSE_NEITHER_HIGH", "NEITHER, 25, COMMON_CAUSE", "NEITHER, 5, SPECIAL_CAUSE_NEITHER_LOW",
    })
    void variationIconIsReadFromTheLastPoint(ImprovementDirection direction, double last, VariationIcon icon) {
        double[] values = Arrays.copyOf(parse(VARIATION_FIRST_17), 18);
        values[17] = last;
        assertEquals(icon, XmrChart.of(values, SpcSettings.mdc(direction)).variationIcon());
    }

    @Test
    void tooFewPointsHaveNoVariationIcon() {
        // the spec's "Too few points": the first 10
        assertNull(XmrChart.of(Arrays.copyOf(parse(VARIATION_FIRST_17), 10), SpcSettings.mdc(UP)).variationIcon());
    }

    /**
     * A last point that ends a rising trend (HIGH) inside a shift below the mean (LOW): tail 11.5 5 6 7 8 9 10 after
     * the fixture's baseline (mean 11.5). The icon follows the side the point shows; under NEITHER, HIGH is checked
     * first ([SQL] Step 4k).
     */
    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource({
            "UP, IMPROVEMENT, SPECIAL_CAUSE_IMPROVEMENT_HIGH", "UP, CONCERN, SPECIAL_CAUSE_CONCERN_LOW",
            "UP, RULE_HIERARCHY, SPECIAL_CAUSE_IMPROVEMENT_HIGH",
            "DOWN, IMPROVEMENT, SPECIAL_CAUSE_IMPROVEMENT_LOW", "DOWN, CONCERN, SPECIAL_CAUSE_CONCERN_HIGH",
            "DOWN, RULE_HIERARCHY, SPECIAL_CAUSE_CONCERN_HIGH",
            "NEITHER, IMPROVEMENT, SPECIAL_CAUSE_NEITHER_HIGH",
    })
    void aLastPointFiringBothSides(ImprovementDirection direction, ConflictResolution resolution, VariationIcon icon) {
        XmrChart chart = after(SpcSettings.mdc(direction).withConflictResolution(resolution), parse("11.5 5 6 7 8 9 10"));
        SpcPoint last = chart.points().get(chart.points().size() - 1);
        Set<SpecialCauseRule> fired = new HashSet<>(last.rules());
        fired.addAll(last.conflictingRules());
        assertEquals(Set.of(SpecialCauseRule.SHIFT, SpecialCauseRule.TREND), fired, last::toString);
        assertEquals(icon, chart.variationIcon());
    }

    /** [MDC-spec] "Summary icons – assurance": the 30-point series, limits 37.00 / 13.33, targets 40, 30 and 10. */
    @ParameterizedTest(name = "{0}, target {1}: {2}")
    @CsvSource({
            "UP, 40, FAIL", "UP, 30, HIT_OR_MISS", "UP, 10, PASS",
            "DOWN, 40, PASS", "DOWN, 30, HIT_OR_MISS", "DOWN, 10, FAIL",
    })
    void assuranceComparesTheTargetWithTheLimits(ImprovementDirection direction, double target, AssuranceIcon icon) {
        XmrChart chart = XmrChart.of(XmrChartTest.THIRTY, SpcSettings.mdc(direction).withTarget(target));
        assertEquals(37.0, chart.limits().upperProcessLimit(), XmrChartTest.TWO_PLACES);
        assertEquals(13.33, chart.limits().lowerProcessLimit(), XmrChartTest.TWO_PLACES);
        assertEquals(icon, chart.assuranceIcon());
    }

    @Test
    void noAssuranceWithoutTargetDirectionOrEnoughPoints() {
        assertNull(XmrChart.of(XmrChartTest.THIRTY, SpcSettings.mdc(UP)).assuranceIcon(), "no target");
        assertNull(XmrChart.of(XmrChartTest.THIRTY, SpcSettings.mdc(NEITHER).withTarget(40)).assuranceIcon(),
                "a target makes no sense under neither");
        assertNull(XmrChart.of(Arrays.copyOf(XmrChartTest.THIRTY, 10), SpcSettings.mdc(UP).withTarget(40))
                .assuranceIcon(), "too few points");
    }

    /** Target exactly on a limit: pass or fail, as [SQL] Step 4k ({@code <=} / {@code >=}). Fixture limits 19.48 / 3.52. */
    @ParameterizedTest(name = "{0}, target {1}: {2}")
    @CsvSource({
            "UP, 19.49, FAIL", "UP, 19.48, FAIL", "UP, 19.47, HIT_OR_MISS",
            "UP, 3.53, HIT_OR_MISS", "UP, 3.52, PASS", "UP, 3.51, PASS",
            "DOWN, 19.49, PASS", "DOWN, 19.48, PASS", "DOWN, 19.47, HIT_OR_MISS",
            "DOWN, 3.53, HIT_OR_MISS", "DOWN, 3.52, FAIL", "DOWN, 3.51, FAIL",
    })
    void targetExactlyOnALimit(ImprovementDirection direction, double target, AssuranceIcon icon) {
        assertEquals(icon, after(SpcSettings.mdc(direction).withTarget(target), 11.5).assuranceIcon());
    }

    @Test
    void assuranceUsesTheLatestLimits() {
        // over all 30 points, 20 lies between the limits (13.33–37.00); the second section alone (mean 30.33,
        // MR̄ 52/14) has its lower limit at 20.45, above the target: high is good, so the process passes
        SpcSettings up20 = SpcSettings.mdc(UP).withTarget(20);
        assertEquals(AssuranceIcon.HIT_OR_MISS, XmrChart.of(XmrChartTest.THIRTY, up20).assuranceIcon());
        XmrChart recalculated = XmrChart.of(XmrChartTest.THIRTY, up20.withRecalculationsAt(15));
        assertEquals(20.45, recalculated.limits().lowerProcessLimit(), XmrChartTest.TWO_PLACES);
        assertEquals(AssuranceIcon.PASS, recalculated.assuranceIcon());
    }
}
