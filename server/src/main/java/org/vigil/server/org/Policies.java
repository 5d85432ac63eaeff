package org.vigil.server.org;

import org.vigil.events.AssessmentKind;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Local policy: every window and threshold the clinical references leave to the trust, with the documented
 * defaults (see docs/organisation.md and shared/reference/).
 */
public record Policies(Map<AssessmentKind, AssessmentPolicy> assessments, Medicines medicines,
                       Observations observations, Escalation escalation, Staffing staffing, Restore2 restore2) {

    /**
     * Due hours after admission, the youngest age it applies to, and after how many days a completed assessment
     * is due again (0: once a stay; MUST is rescreened weekly, NICE CG32) (reference/assessments.md).
     */
    public record AssessmentPolicy(int dueHours, int minAge, int repeatDays) {
        /** An assessment done once a stay. */
        public AssessmentPolicy(int dueHours, int minAge) {
            this(dueHours, minAge, 0);
        }
    }

    /** Grace windows after a dose's due time (reference/medicines.md); medicine classes are upper case. */
    public record Medicines(int graceMinutes, Map<String, Integer> timeCriticalGraceMinutes) {
        public int graceMinutes(String medicineClass) {
            if (medicineClass == null) {
                return graceMinutes;
            }
            // Case-blind: a feed saying "Parkinsons" must not silently get the longer default window.
            return timeCriticalGraceMinutes.getOrDefault(medicineClass.toUpperCase(Locale.ROOT), graceMinutes);
        }
    }

    /** NEWS2 Chart 4 intervals, and how late a "continuous" patient's set may be (reference/news2.md). */
    public record Observations(int zeroMinutes, int lowMinutes, int singleThreeMinutes, int mediumMinutes,
                               int highMinutes, int continuousOverdueMinutes) {}

    /** Minutes an alert may stay unacknowledged before it escalates to the trust view, and the re-raise hold-down. */
    public record Escalation(int highMinutes, int mediumMinutes, int otherMinutes, int holdDownMinutes) {}

    /** More than this many patients per registered nurse on a day shift is a warning (NICE SG1), not a red flag. */
    public record Staffing(int maxPatientsPerRegisteredNurseDay) {}

    /**
     * Care-home escalation (reference/restore2.md; Vigil's default table, configurable): minutes until the repeat
     * set is due at each level, and the rise above the resident's baseline NEWS2 that escalates one level.
     */
    public record Restore2(int routineMinutes, int scoreOneMinutes, int scoreTwoMinutes, int gpReviewMinutes,
                           int urgentMinutes, int emergencyMinutes, int softSignsOnlyMinutes, int baselineRise) {}

    public static Policies defaults() {
        Map<AssessmentKind, AssessmentPolicy> a = new EnumMap<>(AssessmentKind.class);
        a.put(AssessmentKind.VTE, new AssessmentPolicy(14, 16));          // NHS England VTE data collection
        a.put(AssessmentKind.PRESSURE_ULCER, new AssessmentPolicy(6, 0)); // NICE QS89 statement 1
        a.put(AssessmentKind.MUST, new AssessmentPolicy(24, 0, 7));       // NICE CG32: on admission (local window 24–48 h), then weekly
        a.put(AssessmentKind.FALLS, new AssessmentPolicy(24, 65));        // NICE CG161 / NG249
        return new Policies(Map.copyOf(a), new Medicines(60, Map.of("PARKINSONS", 30)),
                new Observations(720, 240, 60, 60, 0, 15), new Escalation(15, 30, 60, 30), new Staffing(8),
                new Restore2(720, 360, 120, 30, 30, 15, 30, 2));
    }
}
