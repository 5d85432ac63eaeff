package org.vigil.events;

/** Patient-level flags the reference ward dashboard counts. */
public enum PatientFlag {
    SEPSIS, AKI, PRESSURE_ULCER, INFECTION_ISOLATION, AWAITING_INFECTION_TEST, DISCHARGE_TODAY, GOLDEN_DISCHARGE,
    MED_REC_OUTSTANDING, NON_VERIFIED_PRESCRIPTION, LRP_REVIEW_OUTSTANDING
}
