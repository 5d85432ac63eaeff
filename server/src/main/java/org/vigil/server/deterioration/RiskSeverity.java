package org.vigil.server.deterioration;

import org.vigil.server.alerts.Severity;

/**
 * The one mapping from NEWS2 clinical risk (RCP NEWS2 2017, Chart 3) to how fast an alert must be answered. Every
 * rule that alerts about a patient's NEWS2 state (the band alert, overdue observations, the sepsis screen prompt)
 * takes its severity from here, so a patient's risk never reads one way on one alert and another on the next.
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

    /** The more urgent of two severities (HIGH before MEDIUM before LOW). */
    public static Severity atLeast(Severity severity, Severity floor) {
        return severity.compareTo(floor) <= 0 ? severity : floor;
    }
}
