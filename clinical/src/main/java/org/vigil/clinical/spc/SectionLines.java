package org.vigil.clinical.spc;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The mean, two-sigma lines and process limits computed from one stretch of points (the whole chart, a baseline, or
 * a recalculated section), in exact decimal arithmetic. Values arrive as doubles; each is taken as the decimal it
 * prints as ({@link BigDecimal#valueOf(double)}), so a value written as 37.64 is exactly on a limit of 37.64 and a
 * value equal to the mean is exactly on it: the rules' strict comparisons then mean what the MDC spec says, with no
 * binary rounding deciding a boundary. Sums and the 2.66 product are exact; each line takes one division, rounded to
 * 34 significant digits (DECIMAL128).
 */
final class SectionLines {
    /**
     * 3 ÷ 1.128 (d2 for a moving range of two), rounded: [MDC-spec] "Process limits" (the Excel tool uses 2.66), [SQL]
     * Step 4e and [R] the same.
     */
    static final BigDecimal LIMIT_CONSTANT = new BigDecimal("2.66");
    /** Moving ranges above 3.267 × MR̄ are outliers when screening ([SQL] {@code @ExcludeMovingRangeOutliers}, Step 4e). */
    static final BigDecimal MOVING_RANGE_OUTLIER = new BigDecimal("3.267");

    private static final MathContext PRECISION = MathContext.DECIMAL128;
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    private static final BigDecimal THREE = BigDecimal.valueOf(3);

    private final BigDecimal mean;
    private final BigDecimal upperProcessLimit;
    private final BigDecimal lowerProcessLimit;
    private final BigDecimal upperTwoSigma;
    private final BigDecimal lowerTwoSigma;
    private final ProcessLimits limits;

    private SectionLines(BigDecimal mean, BigDecimal movingRangeSum, int movingRanges) {
        this.mean = mean;
        BigDecimal count = BigDecimal.valueOf(movingRanges);
        // Multiply before dividing, so 2.66 × ΣMR / (n − 1) is exact whenever the decimal answer is finite.
        BigDecimal threeSigma = LIMIT_CONSTANT.multiply(movingRangeSum).divide(count, PRECISION);
        // Two-sigma = ⅔ × 2.66 × MR̄ ([SQL] Step 4e: "* 2.66 * (2 / 3.0)").
        BigDecimal twoSigma = TWO.multiply(LIMIT_CONSTANT).multiply(movingRangeSum).divide(THREE.multiply(count), PRECISION);
        this.upperProcessLimit = mean.add(threeSigma);
        // Not clipped at zero: [SQL] clips only T-chart limits.
        this.lowerProcessLimit = mean.subtract(threeSigma);
        this.upperTwoSigma = mean.add(twoSigma);
        this.lowerTwoSigma = mean.subtract(twoSigma);
        this.limits = new ProcessLimits(mean.doubleValue(), movingRangeSum.divide(count, PRECISION).doubleValue(),
                upperProcessLimit.doubleValue(), lowerProcessLimit.doubleValue(), upperTwoSigma.doubleValue(),
                lowerTwoSigma.doubleValue());
    }

    /** The arithmetic mean of {@code x[from..to)} (the centre line; [MDC-spec] "Process limits"). */
    static BigDecimal mean(BigDecimal[] x, int from, int to) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = from; i < to; i++) {
            sum = sum.add(x[i]);
        }
        return sum.divide(BigDecimal.valueOf(to - from), PRECISION);
    }

    /**
     * The lines from {@code x[from..to)}, at least two points. Moving ranges are |xᵢ − xᵢ₋₁| within the stretch only
     * (n points, n − 1 ranges; [MDC-spec] "Process limits", [SQL] "MovingRangeWithPartition"). With
     * {@code screenOutliers}, MR̄ is recomputed without the ranges above 3.267 × MR̄ ([SQL]: kept when
     * {@code <= MovingRangeMean * 3.267}); the mean is not changed. Off in the MDC Excel tool.
     */
    static SectionLines of(BigDecimal[] x, int from, int to, boolean screenOutliers) {
        if (to - from < 2) {
            throw new IllegalArgumentException("limits need at least two points (one moving range)");
        }
        int count = to - from - 1;
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = from + 1; i < to; i++) {
            sum = sum.add(x[i].subtract(x[i - 1]).abs());
        }
        if (screenOutliers) {
            // MRᵢ > 3.267 × ΣMR / count  ⇔  MRᵢ × count > 3.267 × ΣMR: compared without a division.
            BigDecimal bound = MOVING_RANGE_OUTLIER.multiply(sum);
            BigDecimal kept = BigDecimal.ZERO;
            int keptCount = 0;
            for (int i = from + 1; i < to; i++) {
                BigDecimal range = x[i].subtract(x[i - 1]).abs();
                if (range.multiply(BigDecimal.valueOf(count)).compareTo(bound) <= 0) {
                    kept = kept.add(range);
                    keptCount++;
                }
            }
            // At least one range (the smallest) is never above 3.267 times the mean of them all.
            sum = kept;
            count = keptCount;
        }
        return new SectionLines(mean(x, from, to), sum, count);
    }

    BigDecimal mean() {
        return mean;
    }

    BigDecimal upperProcessLimit() {
        return upperProcessLimit;
    }

    BigDecimal lowerProcessLimit() {
        return lowerProcessLimit;
    }

    /** The lines as doubles, for drawing and reporting. */
    ProcessLimits limits() {
        return limits;
    }

    /** Strictly above (HIGH) or below (LOW) the mean: a point on the mean is on neither side ([SQL] Step 4g). */
    boolean beyondMean(BigDecimal x, Side side) {
        return beyond(x, side, mean, mean);
    }

    /** Strictly beyond the two-sigma line on {@code side} ([SQL] Step 4i: {@code Value > UpperTwoSigma}). */
    boolean beyondTwoSigma(BigDecimal x, Side side) {
        return beyond(x, side, upperTwoSigma, lowerTwoSigma);
    }

    /** Strictly beyond the process limit on {@code side} ([MDC-spec] "outside of the process limits"; [SQL] Step 4f). */
    boolean beyondLimit(BigDecimal x, Side side) {
        return beyond(x, side, upperProcessLimit, lowerProcessLimit);
    }

    private static boolean beyond(BigDecimal x, Side side, BigDecimal upper, BigDecimal lower) {
        return side == Side.HIGH ? x.compareTo(upper) > 0 : x.compareTo(lower) < 0;
    }
}
