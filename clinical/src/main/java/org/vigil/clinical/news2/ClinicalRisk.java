package org.vigil.clinical.news2;

/**
 * NEWS2 clinical risk (RCP NEWS2 2017, Chart 3).
 *
 * <ul>
 *   <li>{@link #LOW} — aggregate 0–4 with no single parameter scoring 3: ward-based response.</li>
 *   <li>{@link #LOW_MEDIUM} — a 3 in any single parameter, aggregate below 5: urgent ward-based response.</li>
 *   <li>{@link #MEDIUM} — aggregate 5–6 (whether or not a parameter scores 3): key threshold for urgent response.</li>
 *   <li>{@link #HIGH} — aggregate 7 or more: urgent or emergency response.</li>
 * </ul>
 */
public enum ClinicalRisk {
    LOW, LOW_MEDIUM, MEDIUM, HIGH;

    /**
     * The Chart 3 risk for an aggregate score.
     *
     * @param total         NEWS2 aggregate (0–20)
     * @param anyParameter3 whether any single parameter scored 3
     */
    public static ClinicalRisk of(int total, boolean anyParameter3) {
        // RCP NEWS2 2017, Chart 3: >=7 HIGH; 5-6 MEDIUM; a 3 in any single parameter (aggregate < 5) LOW_MEDIUM;
        // 0-4 LOW. The aggregate bands take precedence over the single-3 rule.
        if (total >= 7) {
            return HIGH;
        }
        if (total >= 5) {
            return MEDIUM;
        }
        return anyParameter3 ? LOW_MEDIUM : LOW;
    }

    /** Aggregate 5 or more (MEDIUM or HIGH): Chart 3's key threshold for an urgent response. */
    public boolean atLeast5() {
        return this == MEDIUM || this == HIGH;
    }

    /** RCP NEWS2 Chart 3's words for the band. */
    public String label() {
        return switch (this) {
            case LOW -> "Low clinical risk";
            case LOW_MEDIUM -> "Low–medium clinical risk";
            case MEDIUM -> "Medium clinical risk";
            case HIGH -> "High clinical risk";
        };
    }
}
