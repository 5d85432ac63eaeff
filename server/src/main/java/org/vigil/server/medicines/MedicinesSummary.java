package org.vigil.server.medicines;

/**
 * A unit's doses due on its local day (NPSA/2010/RRR009; reference/medicines.md), counted on the day of each dose's
 * due time.
 *
 * @param missedDosesToday                     doses missed: omitted for want of the medicine or a reason, or with
 *                                             no outcome once due time + grace has passed
 * @param criticalDosesDelayedToday            critical doses given after due time + grace
 * @param timeCriticalNilByMouthOmissionsToday time-critical doses omitted because the patient was nil by mouth
 */
public record MedicinesSummary(int dosesDueToday, int criticalDosesDueToday, int missedDosesToday,
                               int missedCriticalDosesToday, int criticalDosesDelayedToday,
                               int timeCriticalNilByMouthOmissionsToday) {
    /** A day with no doses. */
    public static final MedicinesSummary NONE = new MedicinesSummary(0, 0, 0, 0, 0, 0);
}
