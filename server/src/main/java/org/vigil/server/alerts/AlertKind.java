package org.vigil.server.alerts;

/** Every alert Vigil raises, with the severity it carries unless the rule says otherwise. */
public enum AlertKind {
    /** NEWS2 aggregate ≥7 (RCP 2017 Chart 3): emergency assessment. */
    NEWS2_HIGH(Severity.HIGH),
    /** NEWS2 aggregate 5–6: urgent response threshold. */
    NEWS2_MEDIUM(Severity.MEDIUM),
    /**
     * A score of 3 in a single parameter, aggregate below 5: an urgent ward-based response (RCP Chart 3/4), so
     * MEDIUM, not LOW (deterioration.RiskSeverity is the mapping; a test keeps these defaults in step with it).
     */
    NEWS2_LOW_MEDIUM(Severity.MEDIUM),
    OBSERVATIONS_OVERDUE(Severity.MEDIUM),
    CRITICAL_DOSE_MISSED(Severity.MEDIUM),
    ASSESSMENT_OVERDUE(Severity.LOW),
    /** NICE SG1: red flags prompt an immediate escalation response. */
    STAFFING_RED_FLAG(Severity.HIGH),
    /** Martha's rule: a concern raised by a patient, family or staff member, to the ward and the trust at once. */
    PATIENT_CONCERN(Severity.HIGH),
    RESTORE2_ESCALATION(Severity.MEDIUM),
    // New kinds are appended here, never inserted: metrics and the time series list kinds in this order.
    /** A ward shift with no staffing report policy minutes after it started: red flags 5 and 6 cannot be judged. */
    STAFFING_NOT_REPORTED(Severity.MEDIUM),
    /** NEWS2 ≥ 5 with no sepsis screen within policy minutes (NICE NG51); the severity follows the NEWS2 risk. */
    SEPSIS_SCREEN_DUE(Severity.MEDIUM);

    private final Severity severity;

    AlertKind(Severity severity) {
        this.severity = severity;
    }

    public Severity defaultSeverity() {
        return severity;
    }

    /** What the wall calls it, in a ward's words (the pages read it from {@code GET /api/v1/meta}). */
    public String label() {
        return switch (this) {
            case NEWS2_HIGH -> "NEWS2 7 or more";
            case NEWS2_MEDIUM -> "NEWS2 5 or 6";
            case NEWS2_LOW_MEDIUM -> "NEWS2: a 3 in one sign";
            case OBSERVATIONS_OVERDUE -> "Observations overdue";
            case CRITICAL_DOSE_MISSED -> "Critical dose missed";
            case ASSESSMENT_OVERDUE -> "Risk assessment overdue";
            case STAFFING_RED_FLAG -> "Staffing red flag";
            case PATIENT_CONCERN -> "Concern raised (Martha’s rule)";
            case RESTORE2_ESCALATION -> "Care-home escalation";
            case STAFFING_NOT_REPORTED -> "Staffing not reported";
            case SEPSIS_SCREEN_DUE -> "Sepsis screen due";
        };
    }
}
