package org.vigil.server.spc;

import org.junit.jupiter.api.Test;
import org.vigil.clinical.spc.ImprovementDirection;
import org.vigil.clinical.spc.XmrChart;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The board's one line a signal ({@link SignalReading}): a signal is a run of special-cause points with the same
 * meaning <em>on the same side</em>, so a metric with no improvement direction, whose every special cause is
 * "neither", still reads a step down and a step up as two signals.
 */
class SignalReadingTest {
    static final LocalDate FIRST = LocalDate.of(2026, 3, 1);

    static List<String> readings(BoardMetric metric, ImprovementDirection direction, double... values) {
        List<LocalDate> dates = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            dates.add(FIRST.plusDays(i));
        }
        MetricSettings settings = new MetricSettings(metric, direction, null, null);
        return SignalReading.of("Ward 7", settings, dates, XmrChart.of(values, settings.chart(null)));
    }

    /**
     * Seven days below the mean (≈ 12), then seven above: two shifts. Under NEITHER every point is "neither", and
     * the two had been read as one: "14 days in a row below the average since 1 Mar".
     */
    @Test
    void aStepOnAMetricWithNoDirectionIsTwoSignals() {
        double[] step = {9, 11, 10, 9, 11, 10, 9, 13, 15, 14, 13, 15, 14, 13};
        assertEquals(List.of(
                "Care hours per patient day on Ward 7: 7 days in a row below the average since 1 Mar — a change,"
                        + " neither better nor worse",
                "Care hours per patient day on Ward 7: 7 days in a row above the average since 8 Mar — a change,"
                        + " neither better nor worse"),
                readings(BoardMetric.CHPPD, ImprovementDirection.NEITHER, step));
    }

    /** The same step with a direction was already two signals, a concern and an improvement. */
    @Test
    void theSameStepWithADirectionIsAConcernThenAnImprovement() {
        double[] step = {9, 11, 10, 9, 11, 10, 9, 13, 15, 14, 13, 15, 14, 13};
        assertEquals(List.of(
                "Reliability pulse (mean, 1–5) on Ward 7: 7 days in a row below the average since 1 Mar — concern",
                "Reliability pulse (mean, 1–5) on Ward 7: 7 days in a row above the average since 8 Mar — improvement"),
                readings(BoardMetric.RELIABILITY_PULSE, ImprovementDirection.UP, step));
    }
}
