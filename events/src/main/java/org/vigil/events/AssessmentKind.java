package org.vigil.events;

/** Admission risk assessments (reference/assessments.md and the reference ward dashboard's table). */
public enum AssessmentKind {
    VTE, PRESSURE_ULCER, MUST, FALLS, ALCOHOL, ALERT, ADL, STROKE, HYGIENE, WELFARE
}
