package org.vigil.organisation;

import org.vigil.clinical.news2.MonitoringFrequency;
import org.vigil.clinical.restore2.Restore2Policy;
import org.vigil.clinical.spc.ImprovementDirection;
import org.vigil.events.AssessmentKind;

import java.time.LocalTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Local policy: every window and threshold the clinical references leave to the trust, with the documented
 * defaults (see docs/organisation.md and shared/reference/).
 */
public record Policies(Map<AssessmentKind, AssessmentPolicy> assessments, Medicines medicines,
                       Observations observations, Escalation escalation, Staffing staffing, Restore2Policy restore2,
                       Sepsis sepsis, Spc spc) {

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

    /** Which missed doses count as NICE SG1 red flag 1, "unplanned omission in providing patient medications". */
    public enum RedFlagOmissions {
        /** Every medicine, as NICE SG1 words the flag (the default). */
        ALL,
        /** Only medicines on the trust's critical list (a local narrowing). */
        CRITICAL_ONLY
    }

    /**
     * Grace windows after a dose's due time (reference/medicines.md); medicine classes are upper case. A class
     * listed in {@code timeCriticalGraceMinutes} is time-critical (Parkinson's UK, Get It On Time).
     */
    public record Medicines(int graceMinutes, Map<String, Integer> timeCriticalGraceMinutes,
                            RedFlagOmissions redFlagOmissions) {
        public int graceMinutes(String medicineClass) {
            Integer minutes = timeCriticalGraceMinutes.get(key(medicineClass));
            return minutes == null ? graceMinutes : minutes;
        }

        /** Whether doses of the class are time-critical: listed with their own grace window. */
        public boolean timeCritical(String medicineClass) {
            return timeCriticalGraceMinutes.containsKey(key(medicineClass));
        }

        /** Case-blind: a feed saying "Parkinsons" must not silently get the longer default window. */
        private static String key(String medicineClass) {
            return medicineClass == null ? "" : medicineClass.toUpperCase(Locale.ROOT);
        }
    }

    /**
     * NEWS2 Chart 4 intervals (the {@link MonitoringFrequency} built once, here, from the file), how late a
     * "continuous" patient's set may be (reference/news2.md), and within how many minutes of admission the first
     * set is due (NICE CG50: observations at admission; 60 by local policy).
     */
    public record Observations(MonitoringFrequency frequency, int continuousOverdueMinutes, int firstSetMinutes) {}

    /**
     * How alerts reach people (docs/organisation.md § escalation): the roles that answer alerts, a ladder of them
     * per unit kind and severity (an alert kind may have its own), the re-raise hold-down that keeps a flapping
     * condition one episode, how long a wall's acknowledgement may be undone, and how long a "not escalating"
     * decision pauses re-notification (by default, and at most).
     *
     * @param wardLadders     keyed by severity name (HIGH, MEDIUM, LOW) or alert kind name (overrides severity)
     * @param careHomeLadders likewise, for care homes
     */
    public record Escalation(int holdDownMinutes, int ackUndoSeconds, int notEscalatingMinutes,
                             int notEscalatingMaxMinutes, Map<String, ResponderRole> roles,
                             Map<String, EscalationLadder> wardLadders, Map<String, EscalationLadder> careHomeLadders) {
        public Escalation {
            roles = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(roles));
            wardLadders = Map.copyOf(wardLadders);
            careHomeLadders = Map.copyOf(careHomeLadders);
        }

        /** The ladder for an alert of {@code kind} at {@code severity} on {@code unit}: the kind's own, else the severity's. */
        public EscalationLadder ladder(Unit unit, String kind, String severity) {
            Map<String, EscalationLadder> ladders = unit instanceof CareHome ? careHomeLadders : wardLadders;
            EscalationLadder own = ladders.get(kind);
            return own != null ? own : ladders.get(severity);
        }

        /** The role with this id, or null. */
        public ResponderRole role(String id) {
            return roles.get(id);
        }
    }

    /**
     * More than this many patients per registered nurse on a day shift is a warning (NICE SG1), not a red flag; a
     * shift with no staffing report this many minutes after it starts raises STAFFING_NOT_REPORTED.
     */
    public record Staffing(int maxPatientsPerRegisteredNurseDay, int reportDueMinutes) {}

    /** NEWS2 ≥ 5 with no sepsis screen within this many minutes raises SEPSIS_SCREEN_DUE (NICE NG51). */
    public record Sepsis(int screenWithinMinutes) {}

    /**
     * The board's daily SPC series (docs/spc.md § The board's metrics): when the day's census is taken (CHPPD's and
     * bed-days' patients, outstanding assessments), how many days each series keeps, how many whole days a chart
     * shows unless asked otherwise, which metrics the executive wall's tiles carry, and each metric's own settings
     * over the defaults the server documents. Metric names are checked by the server, which defines them.
     *
     * @param censusTime    local time of the daily census (NHS England CHPPD counts patients at 23:59)
     * @param retentionDays days kept per series, today included (InfluxDB keeps the same 400)
     * @param chartDays     whole days a chart shows by default, ending yesterday
     * @param wallMetrics   the metrics a ward tile of the executive wall carries icons for, in order
     * @param metrics       per metric name, what the file sets (absent: the server's default)
     */
    public record Spc(LocalTime censusTime, int retentionDays, int chartDays, List<String> wallMetrics,
                      Map<String, MetricPolicy> metrics) {
        public Spc {
            wallMetrics = List.copyOf(wallMetrics);
            metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        }
    }

    /**
     * One metric's settings from the file; a null component was not set there and takes the server's default.
     *
     * @param improvement    which way is better
     * @param targetSet      whether the file sets {@code target} at all (to a number, or to null for none)
     * @param target         the target when set; null with {@code targetSet} removes the default target
     * @param baselinePoints the chart's limits from this many leading points (at least 2)
     */
    public record MetricPolicy(ImprovementDirection improvement, boolean targetSet, Double target,
                               Integer baselinePoints) {}

    public static Policies defaults() {
        Map<AssessmentKind, AssessmentPolicy> a = new EnumMap<>(AssessmentKind.class);
        a.put(AssessmentKind.VTE, new AssessmentPolicy(14, 16));          // NHS England VTE data collection
        a.put(AssessmentKind.PRESSURE_ULCER, new AssessmentPolicy(6, 0)); // NICE QS89 statement 1
        a.put(AssessmentKind.MUST, new AssessmentPolicy(24, 0, 7));       // NICE CG32: on admission (local window 24–48 h), then weekly
        a.put(AssessmentKind.FALLS, new AssessmentPolicy(24, 65));        // NICE CG161 / NG249
        return new Policies(Map.copyOf(a), new Medicines(60, Map.of("PARKINSONS", 30), RedFlagOmissions.ALL),
                new Observations(MonitoringFrequency.defaults(), 15, 60), defaultEscalation(), new Staffing(8, 60),
                Restore2Policy.defaults(), new Sepsis(60), defaultSpc());
    }

    /**
     * The census at 23:59, as NHS England's CHPPD counts patients; 400 days kept, as InfluxDB's retention policy;
     * charts of the last 90 whole days (about three months of daily points: well over the 13 MDC needs for limits,
     * short enough for the limits to describe the process as it runs now); the wall's key metrics are the server's
     * choice (an empty list).
     */
    private static Spc defaultSpc() {
        return new Spc(LocalTime.of(23, 59), 400, 90, List.of(), Map.of());
    }

    /**
     * Who answers, and when (docs/organisation.md gives the reasoning). RCP NEWS2 (2017) Chart 4 and NICE CG50
     * (2007) §1.6, a graded response strategy, say who must respond to each level of risk: the registered nurse
     * and the nurse in charge first, then for an urgent (NEWS2 5–6) or emergency (≥ 7) score a team with
     * critical-care competencies (critical-care outreach); neither gives minutes, so the minutes here are
     * Vigil's defaults for local policy to set: HIGH "emergency" ladders climb every 15 minutes, MEDIUM "urgent"
     * ones every 30, LOW ones go to the site manager after an hour. Martha's rule (NHS England 2024) gives patients,
     * families and staff direct access to critical-care outreach, so a concern reaches outreach at once. Care
     * homes: the senior on duty at the home, then the place's community / GP team (RESTORE2's escalation is to a
     * GP, NHS 111 or 999 — the home calls them; Vigil makes sure someone outside the home knows when it did not).
     */
    private static Escalation defaultEscalation() {
        Map<String, ResponderRole> roles = new java.util.LinkedHashMap<>();
        for (ResponderRole r : List.of(
                new ResponderRole("nurse-in-charge", "Nurse in charge", ResponderRole.Level.WARD),
                new ResponderRole("outreach", "Critical care outreach", ResponderRole.Level.TRUST),
                new ResponderRole("site-manager", "Site manager", ResponderRole.Level.TRUST),
                new ResponderRole("care-home", "Senior on duty at the home", ResponderRole.Level.HOME),
                new ResponderRole("community", "Community / GP team", ResponderRole.Level.PLACE))) {
            roles.put(r.id(), r);
        }
        Map<String, EscalationLadder> ward = Map.of(
                "HIGH", EscalationLadder.of(15, "nurse-in-charge", 0, "outreach", 15, "site-manager", 30),
                "MEDIUM", EscalationLadder.of(30, "nurse-in-charge", 0, "outreach", 30, "site-manager", 60),
                "LOW", EscalationLadder.of(0, "nurse-in-charge", 0, "site-manager", 60),
                "PATIENT_CONCERN", EscalationLadder.of(15, "nurse-in-charge", 0, "outreach", 0, "site-manager", 30));
        Map<String, EscalationLadder> careHome = Map.of(
                "HIGH", EscalationLadder.of(15, "care-home", 0, "community", 15),
                "MEDIUM", EscalationLadder.of(30, "care-home", 0, "community", 30),
                "LOW", EscalationLadder.of(0, "care-home", 0, "community", 60));
        return new Escalation(30, 10, 60, 720, roles, ward, careHome);
    }
}
