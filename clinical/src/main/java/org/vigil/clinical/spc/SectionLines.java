package org.vigil.clinical.spc;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The mean, two-sigma lines and process limits computed from one stretch of points (the whole chart, a baseline, or
 * a recalculated section), in exact decimal arithmetic. Values arrive as doubles; each is taken as the decimal it
 * prints as ({@link BigDecimal#valueOf(double)}), so a value written as 37.64 is exactly on a limit of 37.64 and a
 * value equal to the mean is exactly on it: the rules' strict comparisons then mean what the MDC spec says, with no
 * binary rounding deciding a boundary. Every line is held as an exact fraction over one denominator, 3·c·n (n points,
 * c moving ranges), and a value is compared with it by multiplying out, never dividing: a line whose decimal
 * does not end (a mean of 194/15 plus a two-sigma width of 212.8/42 is exactly 18) is still exactly where it is. The
 * lines are divided out, to 34 significant digits (DECIMAL128), only to be reported.
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

    /** 3·c·n: the one denominator of every line, a positive whole number. */
    private final BigDecimal denominator;
    /** The lines' numerators over {@link #denominator}. */
    private final BigDecimal meanTimes;
    private final BigDecimal upperProcessLimitTimes;
    private final BigDecimal lowerProcessLimitTimes;
    private final BigDecimal upperTwoSigmaTimes;
    private final BigDecimal lowerTwoSigmaTimes;
    private final ProcessLimits limits;

    private SectionLines(BigDecimal sum, int points, BigDecimal movingRangeSum, int movingRanges) {
        BigDecimal n = BigDecimal.valueOf(points);
        BigDecimal c = BigDecimal.valueOf(movingRanges);
        this.denominator = THREE.multiply(c).multiply(n);
        // mean = Σx / n = 3c·Σx / 3cn
        this.meanTimes = THREE.multiply(c).multiply(sum);
        // 3σ = 2.66 × MR̄ = 2.66 × ΣMR / c = 3n × 2.66 × ΣMR / 3cn
        BigDecimal threeSigmaTimes = THREE.multiply(n).multiply(LIMIT_CONSTANT).multiply(movingRangeSum);
        // 2σ = ⅔ × 2.66 × MR̄ ([SQL] Step 4e: "* 2.66 * (2 / 3.0)") = 2n × 2.66 × ΣMR / 3cn
        BigDecimal twoSigmaTimes = TWO.multiply(n).multiply(LIMIT_CONSTANT).multiply(movingRangeSum);
        this.upperProcessLimitTimes = meanTimes.add(threeSigmaTimes);
        // Not clipped at zero: [SQL] clips only T-chart limits.
        this.lowerProcessLimitTimes = meanTimes.subtract(threeSigmaTimes);
        this.upperTwoSigmaTimes = meanTimes.add(twoSigmaTimes);
        this.lowerTwoSigmaTimes = meanTimes.subtract(twoSigmaTimes);
        this.limits = new ProcessLimits(reported(meanTimes), movingRangeSum.divide(c, PRECISION).doubleValue(),
                reported(upperProcessLimitTimes), reported(lowerProcessLimitTimes), reported(upperTwoSigmaTimes),
                reported(lowerTwoSigmaTimes));
    }

    private double reported(BigDecimal numerator) {
        return numerator.divide(denominator, PRECISION).doubleValue();
    }

    /** The arithmetic mean of {@code x[from..to)} (the centre line; [MDC-spec] "Process limits"). */
    static BigDecimal mean(BigDecimal[] x, int from, int to) {
        return sum(x, from, to).divide(BigDecimal.valueOf(to - from), PRECISION);
    }

    private static BigDecimal sum(BigDecimal[] x, int from, int to) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = from; i < to; i++) {
            sum = sum.add(x[i]);
        }
        return sum;
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
        return new SectionLines(sum(x, from, to), to - from, sum, count);
    }

    /** The lines as doubles, for drawing and reporting. */
    ProcessLimits limits() {
        return limits;
    }

    /** Strictly above (HIGH) or below (LOW) the mean: a point on the mean is on neither side ([SQL] Step 4g). */
    boolean beyondMean(BigDecimal x, Side side) {
        return beyond(x, side, meanTimes, meanTimes);
    }

    /** Strictly beyond the two-sigma line on {@code side} ([SQL] Step 4i: {@code Value > UpperTwoSigma}). */
    boolean beyondTwoSigma(BigDecimal x, Side side) {
        return beyond(x, side, upperTwoSigmaTimes, lowerTwoSigmaTimes);
    }

    /** Strictly beyond the process limit on {@code side} ([MDC-spec] "outside of the process limits"; [SQL] Step 4f). */
    boolean beyondLimit(BigDecimal x, Side side) {
        return beyond(x, side, upperProcessLimitTimes, lowerProcessLimitTimes);
    }

    /** {@code x} against the upper process limit, exactly: negative below it, 0 on it, positive above. */
    int compareWithUpperLimit(BigDecimal x) {
        return x.multiply(denominator).compareTo(upperProcessLimitTimes);
    }

    /** {@code x} against the lower process limit, exactly: negative below it, 0 on it, positive above. */
    int compareWithLowerLimit(BigDecimal x) {
        return x.multiply(denominator).compareTo(lowerProcessLimitTimes);
    }

    private boolean beyond(BigDecimal x, Side side, BigDecimal upperTimes, BigDecimal lowerTimes) {
        BigDecimal times = x.multiply(denominator);
        return side == Side.HIGH ? times.compareTo(upperTimes) > 0 : times.compareTo(lowerTimes) < 0;
    }
}
