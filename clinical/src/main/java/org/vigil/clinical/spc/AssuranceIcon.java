package org.vigil.clinical.spc;

import java.math.BigDecimal;

/**
 * The MDC assurance icon: can the process, as it runs now, be relied on to meet the target? The target is compared
 * with the <em>latest</em> process limits ([MDC-spec] "Summary icons – assurance").
 */
public enum AssuranceIcon {
    /** The process always meets the target (blue). */
    PASS,
    /** The process never meets the target (orange). */
    FAIL,
    /** The target lies between the limits: it will be met only some of the time (grey). */
    HIT_OR_MISS;

    /**
     * [MDC-spec]: target within the limits is hit or miss; outside them, pass or fail by direction. A target exactly
     * on a limit is pass or fail, as [SQL] Step 4k ({@code Target <= LowerProcessLimit} is a pass for Up; since v2.1);
     * [MDC-spec] is silent and [R] compares strictly. Pass is tested first, as in [SQL], which only matters when both
     * limits coincide (all values equal).
     */
    static AssuranceIcon of(ImprovementDirection direction, BigDecimal target, SectionLines latest) {
        int upper = latest.compareWithUpperLimit(target);
        int lower = latest.compareWithLowerLimit(target);
        return switch (direction) {
            case UP -> lower <= 0 ? PASS : upper >= 0 ? FAIL : HIT_OR_MISS;
            case DOWN -> upper >= 0 ? PASS : lower <= 0 ? FAIL : HIT_OR_MISS;
            case NEITHER -> throw new IllegalArgumentException("no assurance without an improvement direction");
        };
    }
}
