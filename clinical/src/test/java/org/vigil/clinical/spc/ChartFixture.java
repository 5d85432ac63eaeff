package org.vigil.clinical.spc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A baseline with round lines, to judge hand-made points against: 14 points alternating 10 and 13 (ending on 13),
 * so mean 11.5 and MR̄ 3, process limits 11.5 ± 7.98 = 19.48 / 3.52 and two-sigma lines 11.5 ± 5.32 = 16.82 / 6.18,
 * all exact in decimal. The baseline's own points are all common cause. Points after it are judged against these
 * lines without moving them ([MDC-spec] "Baselines"), so a test can put a point exactly on a line.
 */
final class ChartFixture {
    static final int BASELINE_POINTS = 14;
    static final double[] BASELINE = {10, 13, 10, 13, 10, 13, 10, 13, 10, 13, 10, 13, 10, 13};

    private ChartFixture() {
    }

    /** The chart of the baseline followed by {@code tail}, with {@code settings} and the baseline. */
    static XmrChart after(SpcSettings settings, double... tail) {
        double[] values = Arrays.copyOf(BASELINE, BASELINE_POINTS + tail.length);
        System.arraycopy(tail, 0, values, BASELINE_POINTS, tail.length);
        return XmrChart.of(values, settings.withBaseline(BASELINE_POINTS));
    }

    static double[] parse(String spaced) {
        return Arrays.stream(spaced.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
    }

    /**
     * The tail's points as a line of tokens: "-" for common cause, else the cause's initial (I, C, N), a colon and
     * the rules joined by "+", in rule order: SINGLE, SHIFT, TREND, TWO3. Conflicting rules follow after "/".
     */
    static String judged(XmrChart chart) {
        List<String> tokens = new ArrayList<>();
        List<SpcPoint> points = chart.points();
        for (SpcPoint p : points.subList(BASELINE_POINTS, points.size())) {
            tokens.add(token(p));
        }
        return String.join(" ", tokens);
    }

    static String token(SpcPoint p) {
        if (p.specialCause() == null) {
            return "-";
        }
        String token = p.specialCause().name().charAt(0) + ":" + names(p.rules());
        return p.conflictingRules().isEmpty() ? token : token + "/" + names(p.conflictingRules());
    }

    private static String names(Set<SpecialCauseRule> rules) {
        List<String> names = new ArrayList<>();
        for (SpecialCauseRule r : rules) {
            names.add(switch (r) {
                case SINGLE_POINT -> "SINGLE";
                case SHIFT -> "SHIFT";
                case TREND -> "TREND";
                case TWO_OF_THREE -> "TWO3";
            });
        }
        return String.join("+", names);
    }
}
