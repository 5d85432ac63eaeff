package org.vigil.clinical.spc;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An XmR ("individuals") chart after NHS England's Making Data Count: the mean and moving ranges, process limits at
 * mean ± 2.66 × MR̄, the four special-cause rules, each point's meaning for the metric, and the variation and assurance
 * icons ([MDC-spec]; rules and choices in {@code docs/spc.md}). Immutable; computed once by {@link #of}.
 *
 * @param points         every point, in order
 * @param mean           the mean of the latest section (of all points, without baseline or recalculations)
 * @param limits         the latest section's lines (the baseline's, when one is set); null with too few points
 * @param variationIcon  from the last point; null with too few points
 * @param assuranceIcon  from the target and the latest limits; null with too few points, without a target, or
 *                       when the improvement direction is NEITHER
 */
public record XmrChart(List<SpcPoint> points, double mean, ProcessLimits limits, VariationIcon variationIcon,
                       AssuranceIcon assuranceIcon) {
    public XmrChart {
        points = List.copyOf(points);
    }

    /** Whether the chart had enough points for limits, special causes and icons. */
    public boolean hasLimits() {
        return limits != null;
    }

    /**
     * Computes the chart of {@code values} (in time order, one per period, with no gaps: [MDC-spec] "Gaps" — leave out
     * periods that have no value rather than sending them).
     *
     * @throws IllegalArgumentException if there are no values, a value is not finite, the baseline is longer than the
     *                                  series, or a recalculation leaves a section of fewer than two points
     */
    public static XmrChart of(double[] values, SpcSettings settings) {
        Objects.requireNonNull(settings, "settings");
        int n = values.length;
        if (n == 0) {
            throw new IllegalArgumentException("an XmR chart needs at least one value");
        }
        BigDecimal[] x = new BigDecimal[n];
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("values[" + i + "] is not a finite number");
            }
            x[i] = BigDecimal.valueOf(values[i]);
        }
        List<Section> sections = sections(n, settings);
        // "The count is of all points on the chart, not of each recalculated section" ([SQL] @SettingMinimumPoints).
        if (n < settings.minimumPoints()) {
            return withoutLimits(values, x, sections);
        }
        SectionLines[] lines = new SectionLines[n];
        for (Section section : sections) {
            SectionLines sectionLines = SectionLines.of(x, section.from(), section.basisTo(),
                    settings.screenMovingRangeOutliers());
            for (int i = section.from(); i < section.to(); i++) {
                lines[i] = sectionLines;
            }
        }
        RuleHits hits = new RuleHits(n);
        SinglePointRule.mark(x, lines, hits);
        ShiftRule.mark(x, lines, settings.shiftPoints(), hits);
        TrendRule.mark(x, settings.trendPoints(), hits);
        TwoOfThreeRule.mark(x, lines, settings.beyondLimitCountsInTwoOfThree(), hits);

        List<SpcPoint> points = new ArrayList<>(n);
        Classification last = null;
        for (int i = 0; i < n; i++) {
            last = Classification.of(hits.rules(i, Side.HIGH), hits.rules(i, Side.LOW), settings);
            ProcessLimits limits = lines[i].limits();
            points.add(new SpcPoint(values[i], limits.mean(), limits, last.cause(), last.rules(), last.conflicting(),
                    last.side()));
        }
        SectionLines latest = lines[n - 1];
        AssuranceIcon assurance = settings.target().isPresent() && settings.improvement() != ImprovementDirection.NEITHER
                ? AssuranceIcon.of(settings.improvement(), BigDecimal.valueOf(settings.target().getAsDouble()), latest)
                : null;
        return new XmrChart(points, latest.limits().mean(), latest.limits(), VariationIcon.of(last.cause(), last.side()),
                assurance);
    }

    /**
     * Points {@code [from, to)} are judged against lines computed from points {@code [from, basisTo)}.
     */
    private record Section(int from, int to, int basisTo) {
    }

    /**
     * One section over the whole chart; or a baseline, computed from its leading points and extended unchanged over
     * the rest, which overrides recalculations ("When a recalculation is also added, only the baseline is
     * implemented", [MDC-spec] "Baselines"); or a section per recalculation, each with its own lines ([MDC-spec]
     * "Recalculations").
     */
    private static List<Section> sections(int n, SpcSettings settings) {
        if (settings.baselinePoints().isPresent()) {
            int baseline = settings.baselinePoints().getAsInt();
            if (baseline > n) {
                throw new IllegalArgumentException("baseline of " + baseline + " points is longer than the " + n
                        + " values");
            }
            return List.of(new Section(0, n, baseline));
        }
        List<Section> sections = new ArrayList<>();
        int from = 0;
        for (int start : settings.recalculations()) {
            if (start > n - 2) {
                throw new IllegalArgumentException("a recalculation at point " + start
                        + " leaves fewer than two points after it (of " + n + ")");
            }
            sections.add(new Section(from, start, start));
            from = start;
        }
        sections.add(new Section(from, n, n));
        return sections;
    }

    /**
     * Too few points: "the process limits and summary icons are not shown. The mean and the target if provided are
     * shown" ([MDC-spec] "Number of points"). No point is judged.
     */
    private static XmrChart withoutLimits(double[] values, BigDecimal[] x, List<Section> sections) {
        List<SpcPoint> points = new ArrayList<>(x.length);
        double mean = 0;
        for (Section section : sections) {
            mean = SectionLines.mean(x, section.from(), section.basisTo()).doubleValue();
            for (int i = section.from(); i < section.to(); i++) {
                points.add(new SpcPoint(values[i], mean, null, null, Set.of(), Set.of(), null));
            }
        }
        return new XmrChart(points, mean, null, null, null);
    }
}
