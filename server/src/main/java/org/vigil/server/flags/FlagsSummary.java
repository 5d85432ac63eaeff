package org.vigil.server.flags;

import org.vigil.events.PatientFlag;

import java.util.Map;

/**
 * The patient-level flags the reference ward dashboard counts, among the unit's patients now
 * (reference/ward-dashboard.md); the day-scoped ones (DISCHARGE_TODAY, GOLDEN_DISCHARGE) only when set today.
 *
 * @param flags per flag, every flag present
 */
public record FlagsSummary(Map<PatientFlag, Integer> flags) {
    public int sepsis() {
        return flags.get(PatientFlag.SEPSIS);
    }

    public int aki() {
        return flags.get(PatientFlag.AKI);
    }

    public int pressureUlcers() {
        return flags.get(PatientFlag.PRESSURE_ULCER);
    }

    public int infectionIsolation() {
        return flags.get(PatientFlag.INFECTION_ISOLATION);
    }

    public int dischargesExpectedToday() {
        return flags.get(PatientFlag.DISCHARGE_TODAY);
    }

    public int medRecOutstanding() {
        return flags.get(PatientFlag.MED_REC_OUTSTANDING);
    }

    public int nonVerifiedPrescriptions() {
        return flags.get(PatientFlag.NON_VERIFIED_PRESCRIPTION);
    }
}
