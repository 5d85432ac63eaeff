package org.vigil.events;

/** The common audit reasons for a dose not given (reference/medicines.md; there is no national code list). */
public enum OmissionReason {
    NOT_AVAILABLE, NIL_BY_MOUTH, PATIENT_REFUSED, PATIENT_AWAY, CLINICAL_HOLD, NO_REASON;

    /** Counted as "missed" on the ward dashboard: medicine not available, or no reason given. */
    public boolean countsAsMissed() {
        return this == NOT_AVAILABLE || this == NO_REASON;
    }

    /** As a ward says it, in a missed-dose alert. */
    public String label() {
        return switch (this) {
            case NOT_AVAILABLE -> "medicine not available";
            case NIL_BY_MOUTH -> "nil by mouth";
            case PATIENT_REFUSED -> "patient refused";
            case PATIENT_AWAY -> "patient away from the ward";
            case CLINICAL_HOLD -> "held for a clinical reason";
            case NO_REASON -> "no reason given";
        };
    }
}
