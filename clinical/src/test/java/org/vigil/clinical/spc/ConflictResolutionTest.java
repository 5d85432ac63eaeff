package org.vigil.clinical.spc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vigil.clinical.spc.SpecialCauseRule.SHIFT;
import static org.vigil.clinical.spc.SpecialCauseRule.TREND;
import static org.vigil.clinical.spc.SpecialCauseRule.TWO_OF_THREE;

/**
 * A point firing an improvement and a concern rule at once ([MDC-spec] "Special cause conflict"): the spec's example
 * (p1–p8 a decreasing trend, p6–p11 a shift below the mean, p1–p2 above the upper limit, p3–p4 two of three above
 * two sigma, p8–p14 an increasing trend) under each resolution.
 */
class ConflictResolutionTest {
    static final double[] CONFLICT = {43, 41, 37, 36, 31, 23, 15, 13, 15, 18, 23, 27, 31, 36, 27, 19, 17, 27, 15, 22};

    /** Each point's cause: I improvement, C concern, - common cause. */
    static String causes(XmrChart chart) {
        List<String> out = new ArrayList<>();
        for (SpcPoint p : chart.points()) {
            out.add(p.specialCause() == null ? "-" : p.specialCause().name().substring(0, 1));
        }
        return String.join(" ", out);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            // Excel: improvement wins. Test Data.csv, both directions (p15 grey: see the data's known flaw)
            "UP   | IMPROVEMENT    | I I I I C C C I I I I I I I - - - - - -",
            "DOWN | IMPROVEMENT    | I I I I I I I I I I I C C C - - - - - -",
            // [SQL] v2.6 set to Concern: every conflict shows the concern
            "UP   | CONCERN        | C C C C C C C C C C C I I I - - - - - -",
            "DOWN | CONCERN        | C C C C I I I C C C C C C C - - - - - -",
            // [SQL] 2.6a ranking: trend 4 beats two-sigma 2 and single 1 (p1–p4 show the falling trend) and shift 3
            // (p9–p11 show the rising trend); p8 ends one trend and starts another, a tie, shown as improvement
            "UP   | RULE_HIERARCHY | C C C C C C C I I I I I I I - - - - - -",
            "DOWN | RULE_HIERARCHY | I I I I I I I I C C C C C C - - - - - -",
    })
    void resolution(ImprovementDirection direction, ConflictResolution resolution, String expected) {
        assertEquals(expected, causes(XmrChart.of(CONFLICT, SpcSettings.mdc(direction).withConflictResolution(resolution))));
    }

    @Test
    void theOverriddenRulesAreKept() {
        XmrChart chart = XmrChart.of(CONFLICT, SpcSettings.mdc(ImprovementDirection.UP));
        SpcPoint p9 = chart.points().get(8);
        assertEquals(SpecialCause.IMPROVEMENT, p9.specialCause());
        assertEquals(Set.of(TREND), p9.rules(), "the rising trend is why it is blue");
        // overridden: the shift below the mean, and two of three (15, 13, 15) below the lower two-sigma line (16.37)
        assertEquals(Set.of(SHIFT, TWO_OF_THREE), p9.conflictingRules());
        SpcPoint p8 = chart.points().get(7);
        assertEquals(Set.of(TREND), p8.rules());
        assertEquals(Set.of(SHIFT, TREND, TWO_OF_THREE), p8.conflictingRules(), "and the end of the falling trend");
        assertEquals(Set.of(), chart.points().get(12).conflictingRules());
    }

    @Test
    void neitherHasNoConflictAndListsEveryRule() {
        XmrChart chart = XmrChart.of(CONFLICT, SpcSettings.mdc(ImprovementDirection.NEITHER));
        SpcPoint p8 = chart.points().get(7);
        assertEquals(SpecialCause.NEITHER, p8.specialCause());
        assertEquals(Set.of(SHIFT, TREND, TWO_OF_THREE), p8.rules(), "both trends, the shift and two of three");
        assertEquals(Set.of(), p8.conflictingRules());
    }
}
