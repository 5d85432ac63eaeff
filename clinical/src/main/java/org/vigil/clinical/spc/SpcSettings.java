package org.vigil.clinical.spc;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * How one XmR chart is drawn and judged. {@link #mdc(ImprovementDirection)} gives the MDC Excel tool's defaults; the
 * {@code with…} methods set the documented alternatives ({@code docs/spc.md}, "Choices").
 *
 * @param improvement                  which way is better
 * @param target                       the metric's target, if any (only the assurance icon uses it)
 * @param shiftPoints                  points in a shift: 6 or 7
 * @param trendPoints                  points in a trend: 6 or 7
 * @param minimumPoints                points the chart needs before limits, special causes and icons are given (≥ 13)
 * @param baselinePoints               if present, the mean and limits come from this many leading points and extend
 *                                     unchanged over the rest; at least {@code minimumPoints}
 * @param recalculations               zero-based indices of the points that start a new section with its own mean and
 *                                     limits, increasing; ignored when a baseline is set ([MDC-spec] "Baselines")
 * @param conflictResolution           what a point firing both improvement and concern rules shows
 * @param beyondLimitCountsInTwoOfThree true to let a point beyond the process limit count in the two-of-three rule,
 *                                     as [SQL] v2.6 does (the Excel tool and [R] do not)
 * @param screenMovingRangeOutliers    true to drop moving ranges above 3.267 × MR̄ before computing the limits, as
 *                                     [SQL]'s option and [R]'s default do (the Excel tool does not)
 */
public record SpcSettings(ImprovementDirection improvement, OptionalDouble target, int shiftPoints, int trendPoints,
                          int minimumPoints, OptionalInt baselinePoints, List<Integer> recalculations,
                          ConflictResolution conflictResolution, boolean beyondLimitCountsInTwoOfThree,
                          boolean screenMovingRangeOutliers) {
    /**
     * Shift and trend length: "usually set to at least 6 points but may be set to at least 7" ([MDC-spec] "Special
     * cause – shift" and "– trend"); [SQL] v2.6 defaults both to 6.
     */
    public static final int DEFAULT_RUN_POINTS = 6;
    public static final int LONG_RUN_POINTS = 7;
    /**
     * "When the XmR chart has 13 points or more, the process limits and summary icons are shown" ([MDC-spec] "Number
     * of points"); [SQL] v2.6 {@code @SettingMinimumPoints = 13}. A user may demand more, never fewer.
     */
    public static final int DEFAULT_MINIMUM_POINTS = 13;

    public SpcSettings {
        Objects.requireNonNull(improvement, "improvement");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(baselinePoints, "baselinePoints");
        Objects.requireNonNull(conflictResolution, "conflictResolution");
        recalculations = List.copyOf(recalculations);
        if (target.isPresent() && !Double.isFinite(target.getAsDouble())) {
            throw new IllegalArgumentException("target must be a finite number");
        }
        if (!isRunLength(shiftPoints)) {
            throw new IllegalArgumentException("shiftPoints must be 6 or 7");
        }
        if (!isRunLength(trendPoints)) {
            throw new IllegalArgumentException("trendPoints must be 6 or 7");
        }
        if (minimumPoints < DEFAULT_MINIMUM_POINTS) {
            throw new IllegalArgumentException("minimumPoints must be at least " + DEFAULT_MINIMUM_POINTS);
        }
        // A baseline needs one moving range. The minimum points apply to the whole chart, not to a section
        // ([MDC-spec] "Points needed"; [SQL] "ignores recalculating of limits"), so a short baseline is allowed.
        if (baselinePoints.isPresent() && baselinePoints.getAsInt() < 2) {
            throw new IllegalArgumentException("a baseline needs at least 2 points (one moving range)");
        }
        int previous = 0;
        for (int start : recalculations) {
            // every section needs two points for a moving range
            if (start < previous + 2) {
                throw new IllegalArgumentException("recalculations must increase, leaving sections of two points or more");
            }
            previous = start;
        }
    }

    /** The MDC Excel tool's settings: runs of 6, 13 points, conflicts shown as improvement, no baseline, no target. */
    public static SpcSettings mdc(ImprovementDirection improvement) {
        return new SpcSettings(improvement, OptionalDouble.empty(), DEFAULT_RUN_POINTS, DEFAULT_RUN_POINTS,
                DEFAULT_MINIMUM_POINTS, OptionalInt.empty(), List.of(), ConflictResolution.IMPROVEMENT, false, false);
    }

    /** Whether {@code points} is an allowed shift or trend length (6 or 7). */
    public static boolean isRunLength(int points) {
        return points == DEFAULT_RUN_POINTS || points == LONG_RUN_POINTS;
    }

    public SpcSettings withTarget(double value) {
        return new SpcSettings(improvement, OptionalDouble.of(value), shiftPoints, trendPoints, minimumPoints,
                baselinePoints, recalculations, conflictResolution, beyondLimitCountsInTwoOfThree,
                screenMovingRangeOutliers);
    }

    public SpcSettings withShiftPoints(int points) {
        return new SpcSettings(improvement, target, points, trendPoints, minimumPoints, baselinePoints, recalculations,
                conflictResolution, beyondLimitCountsInTwoOfThree, screenMovingRangeOutliers);
    }

    public SpcSettings withTrendPoints(int points) {
        return new SpcSettings(improvement, target, shiftPoints, points, minimumPoints, baselinePoints, recalculations,
                conflictResolution, beyondLimitCountsInTwoOfThree, screenMovingRangeOutliers);
    }

    public SpcSettings withMinimumPoints(int points) {
        return new SpcSettings(improvement, target, shiftPoints, trendPoints, points, baselinePoints, recalculations,
                conflictResolution, beyondLimitCountsInTwoOfThree, screenMovingRangeOutliers);
    }

    public SpcSettings withBaseline(int points) {
        return new SpcSettings(improvement, target, shiftPoints, trendPoints, minimumPoints, OptionalInt.of(points),
                recalculations, conflictResolution, beyondLimitCountsInTwoOfThree, screenMovingRangeOutliers);
    }

    /** New sections start at these zero-based point indices. */
    public SpcSettings withRecalculationsAt(Integer... starts) {
        return new SpcSettings(improvement, target, shiftPoints, trendPoints, minimumPoints, baselinePoints,
                List.of(starts), conflictResolution, beyondLimitCountsInTwoOfThree, screenMovingRangeOutliers);
    }

    public SpcSettings withConflictResolution(ConflictResolution resolution) {
        return new SpcSettings(improvement, target, shiftPoints, trendPoints, minimumPoints, baselinePoints,
                recalculations, resolution, beyondLimitCountsInTwoOfThree, screenMovingRangeOutliers);
    }

    public SpcSettings withBeyondLimitCountingInTwoOfThree(boolean counts) {
        return new SpcSettings(improvement, target, shiftPoints, trendPoints, minimumPoints, baselinePoints,
                recalculations, conflictResolution, counts, screenMovingRangeOutliers);
    }

    public SpcSettings withMovingRangeOutlierScreening(boolean screen) {
        return new SpcSettings(improvement, target, shiftPoints, trendPoints, minimumPoints, baselinePoints,
                recalculations, conflictResolution, beyondLimitCountsInTwoOfThree, screen);
    }
}
