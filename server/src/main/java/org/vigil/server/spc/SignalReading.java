package org.vigil.server.spc;

import org.vigil.clinical.spc.SpcPoint;
import org.vigil.clinical.spc.SpecialCause;
import org.vigil.clinical.spc.SpecialCauseRule;
import org.vigil.clinical.spc.XmrChart;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A board's one line for each signal on a chart, in plain words: "Missed critical doses on Ward 7: 8 days in a row
 * below the average since 1 Nov — improvement". A signal is a run of consecutive special-cause points showing the
 * same meaning on the same side (under NEITHER every special cause means "neither", so a step down straight into a
 * step up would otherwise read as one run below the average); it is named by its strongest rule, ranked as [SQL]
 * 2.6a ranks rules for conflicts (trend, shift, two of three, single point). Pages show these sentences; they never
 * word a signal themselves. Any thread.
 */
final class SignalReading {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.UK);

    private SignalReading() {
    }

    static List<String> of(String unitName, MetricSettings settings, List<LocalDate> dates, XmrChart chart) {
        List<String> out = new ArrayList<>();
        List<SpcPoint> points = chart.points();
        int i = 0;
        while (i < points.size()) {
            SpecialCause cause = points.get(i).specialCause();
            if (cause == null) {
                i++;
                continue;
            }
            int end = i;
            while (end + 1 < points.size() && points.get(end + 1).specialCause() == cause
                    && points.get(end + 1).side() == points.get(i).side()) {
                end++;
            }
            out.add(settings.metric().label() + " on " + unitName + ": " + what(points, dates, i, end) + " — "
                    + meaning(cause));
            i = end + 1;
        }
        return out;
    }

    /**
     * The run from {@code first} to {@code last} in words, by its strongest rule in the ranking of [SQL] 2.6a (trend,
     * shift, two of three, single point), counted over the points that rule marks: a trend inside a longer shift is
     * told as the trend, with its own days.
     */
    private static String what(List<SpcPoint> points, List<LocalDate> dates, int first, int last) {
        for (SpecialCauseRule rule : RANKED) {
            int from = -1;
            int to = -1;
            for (int i = first; i <= last; i++) {
                if (points.get(i).rules().contains(rule)) {
                    from = from < 0 ? i : from;
                    to = i;
                }
            }
            if (from >= 0) {
                return words(rule, points, dates, from, to);
            }
        }
        throw new IllegalStateException("a special cause without a rule");
    }

    private static final SpecialCauseRule[] RANKED = {SpecialCauseRule.TREND, SpecialCauseRule.SHIFT,
            SpecialCauseRule.TWO_OF_THREE, SpecialCauseRule.SINGLE_POINT};

    private static String words(SpecialCauseRule rule, List<SpcPoint> points, List<LocalDate> dates, int from, int to) {
        int n = to - from + 1;
        String since = n == 1 ? " on " + DAY.format(dates.get(from)) : " since " + DAY.format(dates.get(from));
        SpcPoint p = points.get(from);
        boolean high = p.value() > p.mean();
        return switch (rule) {
            case TREND -> n + " days in a row " + (points.get(to).value() > p.value() ? "rising" : "falling") + since;
            case SHIFT -> n + " days in a row " + (high ? "above" : "below") + " the average" + since;
            case SINGLE_POINT -> (n == 1 ? "a day " : n + " days ") + (high ? "above the upper" : "below the lower")
                    + " process limit" + since;
            case TWO_OF_THREE -> n + (n == 1 ? " day" : " days") + " close to the " + (high ? "upper" : "lower")
                    + " limit" + since + " (2 of 3 beyond two sigma)";
        };
    }

    private static String meaning(SpecialCause cause) {
        return switch (cause) {
            case IMPROVEMENT -> "improvement";
            case CONCERN -> "concern";
            case NEITHER -> "a change, neither better nor worse";
        };
    }
}
