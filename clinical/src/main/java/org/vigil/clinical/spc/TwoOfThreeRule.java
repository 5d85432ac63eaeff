package org.vigil.clinical.spc;

import java.math.BigDecimal;

/**
 * Special cause – two of three beyond two sigma ([MDC-spec] "Special cause – two-sigma"). Every window of three
 * consecutive points is checked, so a point sits in up to three windows. A window counts when two or three of its
 * points are strictly beyond the same two-sigma line and all three are strictly on that side of the mean; the points
 * beyond the line are special, the third point is not.
 *
 * <p>A point beyond the process limit does not count towards this rule ([MDC-spec]: "it does not count for this rule
 * but will show for the special cause rule of a single point"; data "two-sigma - 2"), unless
 * {@code beyondLimitCounts} asks for [SQL] v2.6's behaviour ("allowing points beyond three-sigma to count"). Each point
 * is judged against its own section's lines, and a window may span a recalculation, as the Excel tool does.
 */
final class TwoOfThreeRule {
    private static final int WINDOW = 3;
    private static final int ENOUGH = 2;

    private TwoOfThreeRule() {
    }

    static void mark(BigDecimal[] x, SectionLines[] lines, boolean beyondLimitCounts, RuleHits hits) {
        for (int first = 0; first + WINDOW <= x.length; first++) {
            for (Side side : Side.values()) {
                if (!allBeyondMean(x, lines, first, side)) {
                    continue;
                }
                int counted = 0;
                for (int i = first; i < first + WINDOW; i++) {
                    if (counts(x[i], lines[i], side, beyondLimitCounts)) {
                        counted++;
                    }
                }
                if (counted >= ENOUGH) {
                    for (int i = first; i < first + WINDOW; i++) {
                        if (counts(x[i], lines[i], side, beyondLimitCounts)) {
                            hits.mark(i, side, SpecialCauseRule.TWO_OF_THREE);
                        }
                    }
                }
            }
        }
    }

    private static boolean allBeyondMean(BigDecimal[] x, SectionLines[] lines, int first, Side side) {
        for (int i = first; i < first + WINDOW; i++) {
            if (!lines[i].beyondMean(x[i], side)) {
                return false;
            }
        }
        return true;
    }

    private static boolean counts(BigDecimal x, SectionLines lines, Side side, boolean beyondLimitCounts) {
        return lines.beyondTwoSigma(x, side) && (beyondLimitCounts || !lines.beyondLimit(x, side));
    }
}
