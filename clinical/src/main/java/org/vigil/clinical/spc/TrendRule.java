package org.vigil.clinical.spc;

import java.math.BigDecimal;

/**
 * Special cause – trend: a run of {@code runLength} (6, or 7) or more consecutive points each strictly higher than the
 * one before (HIGH), or each strictly lower (LOW). Six points are five rises, and all six points, both ends included,
 * are special ([MDC-spec] "Special cause – trend"). "There cannot be any pauses": an equal value ends the run
 * ([SQL] Step 4h {@code Value > LAG(Value)}; [MDC-spec] data "trend – pauses" is all grey). The trend is the one rule
 * that ignores the mean and sigma lines, so it crosses the mean and recalculations, and a point may end a falling
 * trend and start a rising one.
 */
final class TrendRule {
    private TrendRule() {
    }

    static void mark(BigDecimal[] x, int runLength, RuleHits hits) {
        for (Side side : Side.values()) {
            int wanted = side == Side.HIGH ? 1 : -1;
            int start = 0;
            for (int i = 1; i <= x.length; i++) {
                if (i < x.length && Integer.signum(x[i].compareTo(x[i - 1])) == wanted) {
                    continue;
                }
                // points [start, i) moved one way at every step; the next run can only start at point i
                if (i - start >= runLength) {
                    hits.mark(start, i, side, SpecialCauseRule.TREND);
                }
                start = i;
            }
        }
    }
}
