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
 * same meaning; it is named by its strongest rule (a shift or trend over a point beyond the limits, over two of
 * three near them), which is how a reader would say it. Pages show these sentences; they never word a signal
 * themselves. Any thread.
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
            while (end + 1 < points.size() && points.get(end + 1).specialCause() == cause) {
                end++;
            }
            out.add(settings.metric().label() + " on " + unitName + ": " + what(points, dates, i, end) + " — "
                    + meaning(cause));
            i = end + 1;
        }
        return out;
    }

    /** The run from {@code first} to {@code last} in words, by its strongest rule. */
    private static String what(List<SpcPoint> points, List<LocalDate> dates, int first, int last) {
        int n = last - first + 1;
        String since = n == 1 ? " on " + DAY.format(dates.get(first)) : " since " + DAY.format(dates.get(first));
        SpcPoint p = points.get(first);
        boolean high = p.value() > p.mean();
        if (any(points, first, last, SpecialCauseRule.SHIFT)) {
            return n + " days in a row " + (high ? "above" : "below") + " the average" + since;
        }
        if (any(points, first, last, SpecialCauseRule.TREND)) {
            boolean rising = n > 1 && points.get(last).value() > points.get(first).value();
            return n + " days in a row " + (rising ? "rising" : "falling") + since;
        }
        if (any(points, first, last, SpecialCauseRule.SINGLE_POINT)) {
            return (n == 1 ? "a day " : n + " days ") + (high ? "above the upper" : "below the lower")
                    + " process limit" + since;
        }
        return n + (n == 1 ? " day" : " days") + " close to the " + (high ? "upper" : "lower") + " limit" + since
                + " (2 of 3 beyond two sigma)";
    }

    private static boolean any(List<SpcPoint> points, int first, int last, SpecialCauseRule rule) {
        for (int i = first; i <= last; i++) {
            if (points.get(i).rules().contains(rule)) {
                return true;
            }
        }
        return false;
    }

    private static String meaning(SpecialCause cause) {
        return switch (cause) {
            case IMPROVEMENT -> "improvement";
            case CONCERN -> "concern";
            case NEITHER -> "a change, neither better nor worse";
        };
    }
}
