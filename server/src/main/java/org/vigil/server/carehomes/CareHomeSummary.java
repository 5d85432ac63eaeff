package org.vigil.server.carehomes;

import org.vigil.clinical.restore2.Restore2Level;
import org.vigil.events.ResidentDischargeReason;

import java.util.Map;

/**
 * One care home's figures for the community view: counts and times, never a resident id.
 *
 * @param residentsObserved        residents with a current submission
 * @param residentsByLevel         residents per escalation level, every level present
 * @param repeatObservationsOverdue residents whose repeat observations are overdue
 * @param lastSubmissionAt         the latest submission's time (epoch ms), 0 when none
 * @param residentsDischargedToday stays closed today per reason, every reason present
 */
public record CareHomeSummary(int residentsObserved, Map<Restore2Level, Integer> residentsByLevel,
                              int repeatObservationsOverdue, long lastSubmissionAt,
                              Map<ResidentDischargeReason, Integer> residentsDischargedToday) {

    /** Residents who need a clinician now (URGENT or EMERGENCY): the community view ranks homes by them. */
    public int residentsUrgentOrEmergency() {
        int n = 0;
        for (Map.Entry<Restore2Level, Integer> e : residentsByLevel.entrySet()) {
            n += e.getKey().urgentOrEmergency() ? e.getValue() : 0;
        }
        return n;
    }
}
