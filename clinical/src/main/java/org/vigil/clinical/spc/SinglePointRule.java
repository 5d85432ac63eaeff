package org.vigil.clinical.spc;

import java.math.BigDecimal;

/**
 * Special cause – single point: a point strictly beyond its own process limit ([MDC-spec] "Special cause – single
 * point"; [SQL] Step 4f {@code Value > UpperProcessLimit}). A point exactly on a limit is not special. Being one
 * point, it cannot cross a recalculation.
 */
final class SinglePointRule {
    private SinglePointRule() {
    }

    static void mark(BigDecimal[] x, SectionLines[] lines, RuleHits hits) {
        for (int i = 0; i < x.length; i++) {
            for (Side side : Side.values()) {
                if (lines[i].beyondLimit(x[i], side)) {
                    hits.mark(i, side, SpecialCauseRule.SINGLE_POINT);
                }
            }
        }
    }
}
