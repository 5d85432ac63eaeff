package org.vigil.clinical.spc;

import java.math.BigDecimal;

/**
 * Special cause – shift: a run of {@code runLength} (6, or 7) or more consecutive points all strictly above, or all
 * strictly below, the mean; every point of the run is special ([MDC-spec] "Special cause – shift"). "Above" and
 * "below" are strict, so a point exactly on the mean ends a run ([SQL] Step 4g counts {@code Value > Mean} and
 * {@code Value < Mean}; [R] uses the sign of x − mean). Each point is judged against its own section's mean, and a run
 * continues across a recalculation, as the Excel tool does ([MDC-spec] "Special cause crossing recalculations").
 */
final class ShiftRule {
    private ShiftRule() {
    }

    static void mark(BigDecimal[] x, SectionLines[] lines, int runLength, RuleHits hits) {
        for (Side side : Side.values()) {
            int start = 0;
            for (int i = 0; i <= x.length; i++) {
                if (i < x.length && lines[i].beyondMean(x[i], side)) {
                    continue;
                }
                // points [start, i) were all on this side
                if (i - start >= runLength) {
                    hits.mark(start, i, side, SpecialCauseRule.SHIFT);
                }
                start = i + 1;
            }
        }
    }
}
