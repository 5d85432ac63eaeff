package org.vigil.clinical.spc;

/**
 * The MDC variation icon, read from the last point only ([MDC-spec] "Summary icons – variation": so recalculations
 * and baselines do not matter). HIGH/LOW is the side the point's shown rules fired on: UP gives improvement-high or
 * concern-low, DOWN improvement-low or concern-high ([SQL] Step 4k).
 */
public enum VariationIcon {
    COMMON_CAUSE,
    SPECIAL_CAUSE_IMPROVEMENT_HIGH,
    SPECIAL_CAUSE_IMPROVEMENT_LOW,
    SPECIAL_CAUSE_CONCERN_HIGH,
    SPECIAL_CAUSE_CONCERN_LOW,
    SPECIAL_CAUSE_NEITHER_HIGH,
    SPECIAL_CAUSE_NEITHER_LOW;

    /** The icon of the last point, from what it shows and the side of its shown rules (both null: common cause). */
    static VariationIcon of(SpecialCause shown, Side side) {
        if (shown == null) {
            return COMMON_CAUSE;
        }
        boolean firedHigh = side == Side.HIGH;
        return switch (shown) {
            case IMPROVEMENT -> firedHigh ? SPECIAL_CAUSE_IMPROVEMENT_HIGH : SPECIAL_CAUSE_IMPROVEMENT_LOW;
            case CONCERN -> firedHigh ? SPECIAL_CAUSE_CONCERN_HIGH : SPECIAL_CAUSE_CONCERN_LOW;
            case NEITHER -> firedHigh ? SPECIAL_CAUSE_NEITHER_HIGH : SPECIAL_CAUSE_NEITHER_LOW;
        };
    }
}
