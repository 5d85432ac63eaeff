package org.vigil.clinical.spc;

/** The four MDC special-cause rules, all on by default ([MDC-spec] "Special cause – …" sections). */
public enum SpecialCauseRule {
    /** A point strictly beyond a process limit. */
    SINGLE_POINT,
    /** A run of 6 (or 7) or more points all strictly on one side of the mean. */
    SHIFT,
    /** A run of 6 (or 7) or more points each strictly higher (or each strictly lower) than the one before. */
    TREND,
    /** Two or three of three consecutive points beyond the same two-sigma line, all three on that side of the mean. */
    TWO_OF_THREE
}
