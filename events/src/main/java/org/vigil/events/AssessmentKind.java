package org.vigil.events;

/** Admission risk assessments (reference/assessments.md and the reference ward dashboard's table). */
public enum AssessmentKind {
    VTE, PRESSURE_ULCER, MUST, FALLS, ALCOHOL, ALERT, ADL, STROKE, HYGIENE, WELFARE;

    /**
     * The type as the reference dashboard's table names it (the tile's title says "risk assessments"); an overdue
     * alert reads "{label} risk assessment overdue".
     */
    public String label() {
        return switch (this) {
            case VTE -> "VTE";
            case PRESSURE_ULCER -> "Pressure ulcer";
            case MUST -> "Nutrition (MUST)";
            case FALLS -> "Falls";
            case ALCOHOL -> "Alcohol";
            case ALERT -> "Alert";
            case ADL -> "Daily living (ADL)";
            case STROKE -> "Stroke";
            case HYGIENE -> "Hygiene";
            case WELFARE -> "Welfare";
        };
    }
}
