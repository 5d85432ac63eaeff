package org.vigil.server.alerts;

import org.vigil.clinical.news2.ClinicalRisk;
import org.vigil.clinical.restore2.Restore2Level;

/**
 * The one mapping from clinical risk to how fast an alert must be answered: NEWS2 clinical risk (RCP NEWS2 2017,
 * Chart 3) on wards, the RESTORE2 escalation level in care homes. Every rule that alerts about a patient's NEWS2
 * state (the band alert, overdue observations, the sepsis screen prompt) or a resident's level takes its severity
 * from here, so a patient's risk never reads one way on one alert and another on the next.
 */
public final class RiskSeverity {
    private RiskSeverity() {
    }

    /**
     * RCP NEWS2 Chart 3/4: HIGH (aggregate ≥ 7) calls for an emergency response → HIGH; MEDIUM (5–6) is the key
     * threshold for an urgent response → MEDIUM; LOW_MEDIUM (a 3 in one parameter) calls for an <em>urgent</em>
     * ward-based response, the registered nurse informing the medical team → MEDIUM, never LOW; LOW (0–4) is a
     * ward-based response → LOW.
     */
    public static Severity of(ClinicalRisk risk) {
        return switch (risk) {
            case HIGH -> Severity.HIGH;
            case MEDIUM, LOW_MEDIUM -> Severity.MEDIUM;
            case LOW -> Severity.LOW;
        };
    }

    /**
     * The alert severity of a care-home escalation level (reference/restore2.md): inform senior LOW, GP review
     * MEDIUM (as the RCP single-3 band, which it includes), urgent and emergency HIGH; null at ROUTINE, which raises
     * no alert.
     */
    public static Severity of(Restore2Level level) {
        return switch (level) {
            case ROUTINE -> null;
            case INFORM_SENIOR -> Severity.LOW;
            case GP_REVIEW -> Severity.MEDIUM;
            case URGENT, EMERGENCY -> Severity.HIGH;
        };
    }

    /** The more urgent of two severities (HIGH before MEDIUM before LOW). */
    public static Severity atLeast(Severity severity, Severity floor) {
        return severity.compareTo(floor) <= 0 ? severity : floor;
    }
}
