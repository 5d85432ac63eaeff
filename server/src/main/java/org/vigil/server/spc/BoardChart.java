package org.vigil.server.spc;

import org.vigil.clinical.spc.XmrChart;

import java.util.List;

/**
 * One metric's XmR chart for a unit or roll-up: its settings, the daily values it was drawn from, the Making Data
 * Count chart (null when there are no whole days yet) and a plain-words reading of each signal on it. Immutable; any
 * thread — built off the engine thread from values read on it.
 *
 * @param baselinePoints the baseline the chart was drawn with (the request's, else the organisation file's), or null
 * @param readings       one sentence a signal, oldest first (empty with too few points or none)
 */
public record BoardChart(BoardUnit unit, MetricSettings settings, DailyValues values, Integer baselinePoints,
                         XmrChart chart, List<String> readings) {
    public BoardChart {
        readings = List.copyOf(readings);
    }

    /**
     * Draws the chart. A baseline longer than the days there are is left off (the limits then come from every
     * point), since a chart of fewer days than the file's baseline would otherwise have no limits at all.
     */
    public static BoardChart of(BoardUnit unit, MetricSettings settings, DailyValues values, Integer baseline) {
        Integer used = baseline != null ? baseline : settings.baselinePoints();
        if (used != null && used > values.values().size()) {
            used = null;
        }
        if (values.values().isEmpty()) {
            return new BoardChart(unit, settings, values, used, null, List.of());
        }
        XmrChart chart = XmrChart.of(values.valueArray(), settings.chart(used));
        return new BoardChart(unit, settings, values, used, chart,
                SignalReading.of(unit.name(), settings, values.dates(), chart));
    }
}
