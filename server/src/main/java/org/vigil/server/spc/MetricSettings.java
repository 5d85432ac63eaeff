package org.vigil.server.spc;

import org.vigil.clinical.spc.ImprovementDirection;
import org.vigil.clinical.spc.SpcSettings;

/**
 * One board metric as this organisation charts it: its direction and target (the file's, else the metric's
 * defaults) and a baseline, if the file sets one. Immutable; any thread.
 *
 * @param target         null for none
 * @param baselinePoints the chart's limits come from this many leading points; null: from all of them
 */
public record MetricSettings(BoardMetric metric, ImprovementDirection improvement, Double target,
                             Integer baselinePoints) {

    /** The Making Data Count settings of the chart ({@code docs/spc.md}), with this metric's direction and target. */
    public SpcSettings chart(Integer baselineOverride) {
        SpcSettings s = SpcSettings.mdc(improvement);
        if (target != null) {
            s = s.withTarget(target);
        }
        Integer baseline = baselineOverride != null ? baselineOverride : baselinePoints;
        return baseline == null ? s : s.withBaseline(baseline);
    }
}
