package org.vigil.server.spc;

import org.vigil.organisation.Policies;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The organisation's {@code policies.spc}, resolved over the metrics' defaults: every metric's settings, the census
 * time, how many days are kept and charted, and the executive wall's key metrics. A metric name the server does not
 * know stops start-up, naming its path. Immutable; any thread.
 */
public final class BoardSettings {
    /**
     * The wall's key metrics unless the file chooses: medicines safety (critical doses missed, NPSA RRR009),
     * deterioration (patients scoring NEWS2 ≥ 5, RCP NEWS2 Chart 3) and nurse staffing, as its input (day shift fill
     * rate, NHS England Safer Staffing) and as the harm signal NICE SG1 names (red flags 5 and 6) — the measures a
     * board asks of a ward's safety each month, and the ones the demo's stories move. Observations on time stays on
     * the unit pages and the board report: it follows case mix (a sicker ward has more, hourlier sets due), so on a
     * wall it would flag wards whose care has not changed.
     */
    static final List<BoardMetric> DEFAULT_WALL = List.of(BoardMetric.MISSED_CRITICAL_DOSES,
            BoardMetric.PATIENTS_NEWS2_AT_LEAST_5, BoardMetric.RN_FILL_RATE_DAY, BoardMetric.STAFFING_RED_FLAGS);

    private final LocalTime censusTime;
    private final int retentionDays;
    private final int chartDays;
    private final List<BoardMetric> wall;
    private final Map<BoardMetric, MetricSettings> metrics;

    private BoardSettings(LocalTime censusTime, int retentionDays, int chartDays, List<BoardMetric> wall,
                          Map<BoardMetric, MetricSettings> metrics) {
        this.censusTime = censusTime;
        this.retentionDays = retentionDays;
        this.chartDays = chartDays;
        this.wall = wall;
        this.metrics = metrics;
    }

    /** Resolves the file's settings; throws IllegalArgumentException naming the path of an unknown metric. */
    public static BoardSettings of(Policies.Spc spc) {
        Map<BoardMetric, MetricSettings> metrics = new EnumMap<>(BoardMetric.class);
        for (BoardMetric m : BoardMetric.values()) {
            metrics.put(m, new MetricSettings(m, m.defaultImprovement(), m.defaultTarget(), null));
        }
        for (Map.Entry<String, Policies.MetricPolicy> e : spc.metrics().entrySet()) {
            BoardMetric m = known(e.getKey(), "policies.spc.metrics." + e.getKey());
            Policies.MetricPolicy p = e.getValue();
            metrics.put(m, new MetricSettings(m, p.improvement() != null ? p.improvement() : m.defaultImprovement(),
                    p.targetSet() ? p.target() : m.defaultTarget(), p.baselinePoints()));
        }
        List<BoardMetric> wall = new ArrayList<>();
        for (int i = 0; i < spc.wallMetrics().size(); i++) {
            BoardMetric m = known(spc.wallMetrics().get(i), "policies.spc.wallMetrics[" + i + "]");
            if (!m.applies().wards()) {
                throw new IllegalArgumentException("policies.spc.wallMetrics[" + i + "]: '" + m.id()
                        + "' is not kept for wards, and the executive wall shows wards");
            }
            wall.add(m);
        }
        return new BoardSettings(spc.censusTime(), spc.retentionDays(), spc.chartDays(),
                wall.isEmpty() ? DEFAULT_WALL : List.copyOf(wall), Collections.unmodifiableMap(metrics));
    }

    private static BoardMetric known(String name, String path) {
        BoardMetric m = BoardMetric.byId(name);
        if (m == null) {
            List<String> ids = new ArrayList<>();
            for (BoardMetric b : BoardMetric.values()) {
                ids.add(b.id());
            }
            throw new IllegalArgumentException(path + ": no board metric '" + name + "' (metrics: "
                    + String.join(", ", ids) + ")");
        }
        return m;
    }

    /** Local time of the daily census (CHPPD's and bed-days' patients, outstanding assessments). */
    public LocalTime censusTime() {
        return censusTime;
    }

    /** Days each series keeps, today included. */
    public int retentionDays() {
        return retentionDays;
    }

    /** Whole days a chart shows unless asked otherwise, ending yesterday. */
    public int chartDays() {
        return chartDays;
    }

    /** The metrics a ward tile of the executive wall carries icons for, in order. */
    public List<BoardMetric> wallMetrics() {
        return wall;
    }

    public MetricSettings metric(BoardMetric m) {
        return metrics.get(m);
    }
}
