package org.vigil.clinical.spc;

/**
 * What a special-cause point means for its metric ([MDC-spec] "Special cause"; colours in brackets). A point with no
 * rule firing is common cause (grey, #A6A6A6) and has no {@code SpecialCause}.
 */
public enum SpecialCause {
    /** Special cause in the good direction (blue, #00B0F0). */
    IMPROVEMENT,
    /** Special cause in the bad direction (orange, #E46C0A). */
    CONCERN,
    /** Special cause on a metric with no improvement direction (purple, #490092). */
    NEITHER
}
