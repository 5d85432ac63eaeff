package org.vigil.events;

/** The outcome of a sepsis screen (NICE NG51; the trust's screening tool). */
public enum SepsisScreenOutcome {
    /** Infection not suspected, or no sepsis criteria met. */
    SCREENED_NEGATIVE,
    /** Suspected sepsis: moderate-to-high or lower risk criteria met; on the sepsis pathway. */
    SEPSIS_SUSPECTED,
    /** High-risk criteria met (NICE NG51): immediate treatment. */
    HIGH_RISK_SEPSIS;

    /** Sepsis found: the patient is on the sepsis pathway, so a further screen adds nothing. */
    public boolean positive() {
        return this != SCREENED_NEGATIVE;
    }
}
