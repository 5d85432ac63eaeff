package org.vigil.server.spc;

import java.time.LocalDate;
import java.util.List;

/**
 * One metric's daily values for a unit or roll-up, as read from {@link BoardSeries}: the whole days of the window
 * that have a value, in date order (days without one left out, never sent as zero), and today's value so far.
 * Immutable; any thread.
 *
 * @param today      the unit's local date now (a roll-up's: the organisation's)
 * @param todayValue today's value so far, or null when it has none yet; never a point of the chart, since a part of
 *                   a day is not comparable with whole ones
 */
public record DailyValues(BoardMetric metric, List<LocalDate> dates, List<Double> values, LocalDate today,
                          Double todayValue) {
    public DailyValues {
        dates = List.copyOf(dates);
        values = List.copyOf(values);
        if (dates.size() != values.size()) {
            throw new IllegalArgumentException("a date for every value");
        }
    }

    public double[] valueArray() {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
