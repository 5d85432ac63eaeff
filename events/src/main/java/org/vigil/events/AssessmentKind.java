package org.vigil.events;

/** Admission risk assessments (reference/assessments.md and the reference ward dashboard's table). */
public enum AssessmentKind {
    VTE, PRESSURE_ULCER, MUST, FALLS, ALCOHOL, ALERT, ADL, STROKE, HYGIENE, WELFARE;

    /** What a ward calls it: on the wall's assessments tile and in the overdue alert ("… overdue"). */
    public String label() {
        return switch (this) {
            case VTE -> "VTE risk assessment";
            case PRESSURE_ULCER -> "Pressure ulcer risk assessment";
            case MUST -> "Nutrition screening (MUST)";
            case FALLS -> "Falls risk assessment";
            case ALCOHOL -> "Alcohol screening";
            case ALERT -> "Alert assessment";
            case ADL -> "Daily living (ADL) assessment";
            case STROKE -> "Stroke assessment";
            case HYGIENE -> "Hygiene assessment";
            case WELFARE -> "Welfare check";
        };
    }
}
