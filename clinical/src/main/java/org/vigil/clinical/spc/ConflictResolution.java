package org.vigil.clinical.spc;

import java.util.Set;

/**
 * What a point shows when it fires both an improvement rule and a concern rule. Only a trend can cross the mean, so
 * only a trend makes this happen (for example a rising trend through points that are also in a shift below the mean;
 * [MDC-spec] "Special cause conflict").
 */
public enum ConflictResolution {
    /** Show the improvement: what the MDC Excel tool does ([MDC-spec] "Special cause conflict"). Vigil's default. */
    IMPROVEMENT,
    /** Show the concern: the other value of [SQL] v2.6's per-metric {@code MetricConflictRule}. */
    CONCERN,
    /**
     * The side whose strongest rule ranks higher wins: trend 4 &gt; shift 3 &gt; two of three 2 &gt; single point 1
     * ([SQL] 2.6a copy, Step 4j "primacy rules"; the MDC "SPC Rule Clash Explanation v1.0" ranks them the same way).
     * Equal ranks (a point that ends a falling trend and starts a rising one) fall back to {@link #IMPROVEMENT}, as
     * Excel shows them.
     */
    RULE_HIERARCHY;

    /** The side shown for a point whose rules fired on both sides, on a metric that is UP or DOWN. */
    Side winner(Set<SpecialCauseRule> high, Set<SpecialCauseRule> low, ImprovementDirection direction) {
        Side improvement = direction.improvementSide();
        return switch (this) {
            case IMPROVEMENT -> improvement;
            case CONCERN -> improvement.opposite();
            case RULE_HIERARCHY -> {
                int h = strongest(high);
                int l = strongest(low);
                yield h == l ? improvement : h > l ? Side.HIGH : Side.LOW;
            }
        };
    }

    private static int strongest(Set<SpecialCauseRule> rules) {
        int best = 0;
        for (SpecialCauseRule r : rules) {
            best = Math.max(best, rank(r));
        }
        return best;
    }

    /** [SQL] 2.6a, Step 4j: single point 1, two-sigma 2, shift 3, trend 4. */
    private static int rank(SpecialCauseRule rule) {
        return switch (rule) {
            case SINGLE_POINT -> 1;
            case TWO_OF_THREE -> 2;
            case SHIFT -> 3;
            case TREND -> 4;
        };
    }
}
