package org.vigil.clinical.spc;

/**
 * The side a rule fires on: HIGH is above the upper process limit, a shift above the mean, a rising trend or two of
 * three beyond the upper two-sigma line; LOW is each mirror case. [MDC-spec] "Summary icons – variation".
 */
public enum Side {
    HIGH, LOW;

    Side opposite() {
        return this == HIGH ? LOW : HIGH;
    }
}
