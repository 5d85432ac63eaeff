package org.vigil.clinical.spc;

/**
 * The lines of one XmR section as numbers to draw and report: the centre line, the moving-range mean they come from,
 * the process limits (mean ± 2.66 × MR̄) and the two-sigma lines (mean ± ⅔ × 2.66 × MR̄). Rules are judged on the
 * exact decimal values these are rounded from (see {@link XmrChart}).
 */
public record ProcessLimits(double mean, double movingRangeMean, double upperProcessLimit, double lowerProcessLimit,
                            double upperTwoSigma, double lowerTwoSigma) {
}
