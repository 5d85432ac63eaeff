package org.vigil.server.timeseries;

import org.influxdb.dto.Point;
import org.vigil.clinical.restore2.Restore2Level;
import org.vigil.events.AssessmentKind;
import org.vigil.events.PatientFlag;
import org.vigil.events.ResidentDischargeReason;
import org.vigil.organisation.CareHome;
import org.vigil.organisation.Unit;
import org.vigil.organisation.Ward;
import org.vigil.server.alerts.AlertBurden;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.alerts.AlertView;
import org.vigil.server.alerts.DeclineReason;
import org.vigil.server.alerts.Severity;
import org.vigil.server.engine.UnitSnapshot;
import org.vigil.server.staffing.SafeStaffingRedFlag;
import org.vigil.server.staffing.ShiftSummary;
import org.vigil.server.staffing.StaffingSummary;

import org.vigil.server.spc.BoardMetric;
import org.vigil.server.spc.BoardUnit;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The measurements Vigil writes to InfluxDB (docs/timeseries.md), as an explicit mapping from the typed read model:
 * every field's name is written here, next to the record component it reads, so renaming a component breaks the
 * build and renaming a field breaks {@code InfluxSchemaTest} — never silently a Grafana dashboard. Tags name the
 * organisation (system, place, trust, ward or home) and categories (kind, severity, shift, level) — never a patient
 * or a bed, so a series is a ward's, not a person's, and cardinality stays bounded by the organisation file. Every
 * field is a float, so a field never changes type (InfluxDB refuses a field that is an integer in one point and a
 * float in the next). Stateless; any thread.
 */
public final class InfluxSchema {
    /** Per-ward numeric state: when the ward changes (coalesced per minute of event time) and every hour. */
    public static final String WARD_STATE = "ward_state";
    /** Per-care-home numeric state, likewise. */
    public static final String CARE_HOME_STATE = "care_home_state";
    /** Patients per NEWS2 total on a unit (fields score_0 … score_20), with each unit point once it has scores. */
    public static final String NEWS2_DISTRIBUTION = "news2_distribution";
    /** One point per alert transition: raised, reopened, escalated, worsened, acknowledged, accepted, resolved. */
    public static final String ALERT_TRANSITION = "alert_transition";
    /** Staffing per ward shift, timestamped at the shift's start: a corrected return overwrites the first. */
    public static final String STAFFING_SHIFT = "staffing_shift";
    /** One point per RESTORE2 submission, tagged with the escalation level the server gave it. */
    public static final String CARE_HOME_SUBMISSION = "care_home_submission";
    /**
     * The board's daily series: one point per unit or roll-up, metric and whole local day (at the day's local
     * midnight), written when the day closes and rewritten when a late record changes it. Tags {@link #BOARD_TAGS};
     * field {@code value}. Roll-ups are written as their own series (their ratios are ratios of sums, which a
     * panel could not rebuild from the units' values).
     */
    public static final String BOARD_DAILY = "board_daily";
    /** The server's own operations figures, written on the wall clock (not from the journal). */
    public static final String VIGIL_OPS = "vigil_ops";

    /** The retention policy created with the database and used as its default. */
    public static final String RETENTION_POLICY = "vigil_400d";
    public static final String RETENTION_DURATION = "400d";

    /** The tags of a ward's points, and of a care home's; alert transitions add {@link #ALERT_TAGS}. */
    public static final List<String> WARD_TAGS = List.of("system", "place", "trust", "ward");
    public static final List<String> CARE_HOME_TAGS = List.of("system", "place", "home");
    public static final List<String> ALERT_TAGS = List.of("kind", "severity", "transition");
    /** The tags of board_daily: the unit or roll-up id ({@code RVT-W12}, {@code trust:RVT}), its level, the metric. */
    public static final List<String> BOARD_TAGS = List.of("unit", "level", "metric");

    /** The highest NEWS2 total (RCP 2017): six parameters scored 0–3 plus supplemental oxygen 2. */
    static final int MAX_NEWS2 = 20;
    /** A field with no value now (a null figure, or a rule with nothing for the unit): not written. */
    static final double NONE = Double.NaN;

    /** The active alerts of a unit, counted once per point. */
    record AlertCounts(int active, int unacknowledged, int escalated, int[] bySeverity, int[] byKind) {
        static AlertCounts of(List<AlertView> alerts) {
            int[] bySeverity = new int[Severity.values().length];
            int[] byKind = new int[AlertKind.values().length];
            int unacknowledged = 0;
            int escalated = 0;
            for (AlertView a : alerts) {
                bySeverity[a.severity().ordinal()]++;
                byKind[a.kind().ordinal()]++;
                unacknowledged += a.unanswered() ? 1 : 0;
                escalated += a.escalated() ? 1 : 0;
            }
            return new AlertCounts(alerts.size(), unacknowledged, escalated, bySeverity, byKind);
        }
    }

    /** How a field reads its value from a unit's snapshot (and its alerts, counted once); NaN: not written. */
    @FunctionalInterface
    interface Reader {
        double read(UnitSnapshot s, AlertCounts alerts);
    }

    /** One float field of a unit measurement. */
    record Field(String name, Reader reader) {}

    /** Every field of {@code ward_state}, in the order written. */
    static final List<Field> WARD_FIELDS = wardFields();
    /** Every field of {@code care_home_state}, in the order written. */
    static final List<Field> CARE_HOME_FIELDS = careHomeFields();

    private InfluxSchema() {
    }

    /** The measurement of a unit's state point. */
    static String unitMeasurement(Unit unit) {
        return unit instanceof Ward ? WARD_STATE : CARE_HOME_STATE;
    }

    static List<Field> unitFields(Unit unit) {
        return unit instanceof Ward ? WARD_FIELDS : CARE_HOME_FIELDS;
    }

    /** A point with the unit's organisational tags: system, place, and trust + ward, or home. */
    static Point.Builder unitPoint(String measurement, Unit unit) {
        Point.Builder b = Point.measurement(measurement);
        if (unit instanceof Ward w) {
            b.tag("system", w.system()).tag("place", w.place()).tag("trust", w.trust()).tag("ward", w.id());
        } else if (unit instanceof CareHome h) {
            b.tag("system", h.system()).tag("place", h.place()).tag("home", h.id());
        }
        return b;
    }

    /** One day of a board metric for a unit or roll-up, at the day's local midnight (DST-correct). */
    static Point boardDay(BoardUnit unit, ZoneId zone, BoardMetric metric, LocalDate day, double value) {
        return Point.measurement(BOARD_DAILY).tag("unit", unit.id()).tag("level", unit.level().word())
                .tag("metric", metric.id()).time(day.atStartOfDay(zone).toInstant().toEpochMilli(), TimeUnit.MILLISECONDS)
                .addField("value", value).build();
    }

    /** Fields of news2_distribution: score_0 … score_20, zeros included (a panel sums fields). */
    static String distributionField(int score) {
        return "score_" + score;
    }

    private static List<Field> wardFields() {
        List<Field> f = new ArrayList<>();
        census(f);
        f.add(new Field("red_flags_today", (s, a) -> s.staffing() == null ? NONE : s.staffing().redFlagsToday()));
        staffing(f);
        deterioration(f);
        f.add(new Field("sepsis_screens_due", (s, a) -> s.sepsis() == null ? NONE : s.sepsis().sepsisScreensDue()));
        medicines(f);
        assessments(f);
        flags(f);
        concerns(f);
        f.add(new Field("patients_asked_today", (s, a) -> s.dailyAsk() == null ? NONE : s.dailyAsk().patientsAskedToday()));
        f.add(new Field("patients_not_asked_today",
                (s, a) -> s.dailyAsk() == null ? NONE : s.dailyAsk().patientsNotAskedToday()));
        reliability(f);
        burden(f);
        alerts(f);
        return List.copyOf(f);
    }

    private static List<Field> careHomeFields() {
        List<Field> f = new ArrayList<>();
        census(f);
        deterioration(f);
        medicines(f);
        assessments(f);
        f.add(new Field("residents_observed", (s, a) -> s.careHome() == null ? NONE : s.careHome().residentsObserved()));
        for (Restore2Level l : Restore2Level.values()) {
            f.add(new Field("residents_by_level_" + lower(l), (s, a) -> s.careHome() == null ? NONE
                    : s.careHome().residentsByLevel().get(l)));
        }
        f.add(new Field("residents_urgent_or_emergency",
                (s, a) -> s.careHome() == null ? NONE : s.careHome().residentsUrgentOrEmergency()));
        f.add(new Field("repeat_observations_overdue",
                (s, a) -> s.careHome() == null ? NONE : s.careHome().repeatObservationsOverdue()));
        for (ResidentDischargeReason r : ResidentDischargeReason.values()) {
            f.add(new Field("residents_discharged_today_" + lower(r), (s, a) -> s.careHome() == null ? NONE
                    : s.careHome().residentsDischargedToday().get(r)));
        }
        flags(f);
        concerns(f);
        reliability(f);
        burden(f);
        alerts(f);
        return List.copyOf(f);
    }

    private static void census(List<Field> f) {
        f.add(new Field("beds", (s, a) -> s.census().beds()));
        f.add(new Field("patients", (s, a) -> s.census().patients()));
        f.add(new Field("occupancy_percent", (s, a) -> s.census().occupancyPercent()));
        f.add(new Field("patients_without_bed", (s, a) -> s.census().patientsWithoutBed()));
        f.add(new Field("admissions_today", (s, a) -> s.census().admissionsToday()));
        f.add(new Field("discharges_today", (s, a) -> s.census().dischargesToday()));
    }

    private static void staffing(List<Field> f) {
        shift(f, "staffing_day_", StaffingSummary::day);
        shift(f, "staffing_night_", StaffingSummary::night);
        f.add(new Field("staffing_chppd", (s, a) -> s.staffing() == null ? NONE : num(s.staffing().chppd())));
        f.add(new Field("staffing_chppd_yesterday",
                (s, a) -> s.staffing() == null ? NONE : num(s.staffing().chppdYesterday())));
        f.add(new Field("staffing_red_flags_today", (s, a) -> s.staffing() == null ? NONE : s.staffing().redFlagsToday()));
        for (SafeStaffingRedFlag flag : SafeStaffingRedFlag.values()) {
            f.add(new Field("staffing_red_flags_today_by_type_" + lower(flag), (s, a) -> s.staffing() == null ? NONE
                    : s.staffing().redFlagsTodayByType().get(flag)));
        }
        f.add(new Field("staffing_patients_per_registered_nurse_day",
                (s, a) -> s.staffing() == null ? NONE : num(s.staffing().patientsPerRegisteredNurseDay())));
    }

    private static void shift(List<Field> f, String prefix, Function<StaffingSummary, ShiftSummary> which) {
        shiftField(f, prefix + "shift_hours", which, ShiftSummary::shiftHours);
        shiftField(f, prefix + "registered_planned", which, ShiftSummary::registeredPlanned);
        shiftField(f, prefix + "registered_actual", which, ShiftSummary::registeredActual);
        shiftField(f, prefix + "unregistered_planned", which, ShiftSummary::unregisteredPlanned);
        shiftField(f, prefix + "unregistered_actual", which, ShiftSummary::unregisteredActual);
        shiftField(f, prefix + "registered_planned_hours", which, ShiftSummary::registeredPlannedHours);
        shiftField(f, prefix + "registered_actual_hours", which, ShiftSummary::registeredActualHours);
        shiftField(f, prefix + "unregistered_planned_hours", which, ShiftSummary::unregisteredPlannedHours);
        shiftField(f, prefix + "unregistered_actual_hours", which, ShiftSummary::unregisteredActualHours);
        shiftField(f, prefix + "registered_fill_rate_percent", which, ShiftSummary::registeredFillRatePercent);
        shiftField(f, prefix + "unregistered_fill_rate_percent", which, ShiftSummary::unregisteredFillRatePercent);
        shiftField(f, prefix + "red_flags", which, ShiftSummary::redFlags);
    }

    private static void shiftField(List<Field> f, String name, Function<StaffingSummary, ShiftSummary> which,
                                   Function<ShiftSummary, Number> figure) {
        f.add(new Field(name, (s, a) -> s.staffing() == null ? NONE : num(figure.apply(which.apply(s.staffing())))));
    }

    private static void deterioration(List<Field> f) {
        f.add(new Field("patients_observed", (s, a) -> s.deterioration() == null ? NONE : s.deterioration().patientsObserved()));
        f.add(new Field("patients_on_hourly_obs",
                (s, a) -> s.deterioration() == null ? NONE : s.deterioration().patientsOnHourlyObs()));
        f.add(new Field("news2_low_medium", (s, a) -> s.deterioration() == null ? NONE : s.deterioration().news2LowMedium()));
        f.add(new Field("news2_medium", (s, a) -> s.deterioration() == null ? NONE : s.deterioration().news2Medium()));
        f.add(new Field("news2_high", (s, a) -> s.deterioration() == null ? NONE : s.deterioration().news2High()));
        f.add(new Field("news2_at_least5", (s, a) -> s.deterioration() == null ? NONE : s.deterioration().news2AtLeast5()));
        f.add(new Field("observations_overdue",
                (s, a) -> s.deterioration() == null ? NONE : s.deterioration().observationsOverdue()));
    }

    private static void medicines(List<Field> f) {
        f.add(new Field("doses_due_today", (s, a) -> s.medicines() == null ? NONE : s.medicines().dosesDueToday()));
        f.add(new Field("critical_doses_due_today",
                (s, a) -> s.medicines() == null ? NONE : s.medicines().criticalDosesDueToday()));
        f.add(new Field("missed_doses_today", (s, a) -> s.medicines() == null ? NONE : s.medicines().missedDosesToday()));
        f.add(new Field("missed_critical_doses_today",
                (s, a) -> s.medicines() == null ? NONE : s.medicines().missedCriticalDosesToday()));
        f.add(new Field("critical_doses_delayed_today",
                (s, a) -> s.medicines() == null ? NONE : s.medicines().criticalDosesDelayedToday()));
        f.add(new Field("time_critical_nil_by_mouth_omissions_today",
                (s, a) -> s.medicines() == null ? NONE : s.medicines().timeCriticalNilByMouthOmissionsToday()));
    }

    private static void assessments(List<Field> f) {
        for (AssessmentKind k : AssessmentKind.values()) {
            f.add(new Field("outstanding_assessments_" + lower(k), (s, a) -> s.assessments() == null ? NONE
                    : s.assessments().outstandingAssessments().get(k)));
        }
        f.add(new Field("patients_with_outstanding_assessments",
                (s, a) -> s.assessments() == null ? NONE : s.assessments().patientsWithOutstandingAssessments()));
    }

    private static void flags(List<Field> f) {
        for (PatientFlag flag : PatientFlag.values()) {
            f.add(new Field("flags_" + lower(flag), (s, a) -> s.flags() == null ? NONE : s.flags().flags().get(flag)));
        }
        f.add(new Field("sepsis", (s, a) -> s.flags() == null ? NONE : s.flags().sepsis()));
        f.add(new Field("aki", (s, a) -> s.flags() == null ? NONE : s.flags().aki()));
        f.add(new Field("pressure_ulcers", (s, a) -> s.flags() == null ? NONE : s.flags().pressureUlcers()));
        f.add(new Field("infection_isolation", (s, a) -> s.flags() == null ? NONE : s.flags().infectionIsolation()));
        f.add(new Field("discharges_expected_today",
                (s, a) -> s.flags() == null ? NONE : s.flags().dischargesExpectedToday()));
        f.add(new Field("med_rec_outstanding", (s, a) -> s.flags() == null ? NONE : s.flags().medRecOutstanding()));
        f.add(new Field("non_verified_prescriptions",
                (s, a) -> s.flags() == null ? NONE : s.flags().nonVerifiedPrescriptions()));
    }

    private static void concerns(List<Field> f) {
        f.add(new Field("concerns_open", (s, a) -> s.concerns() == null ? NONE : s.concerns().concernsOpen()));
        f.add(new Field("concerns_awaiting_response",
                (s, a) -> s.concerns() == null ? NONE : s.concerns().concernsAwaitingResponse()));
        f.add(new Field("concerns_today", (s, a) -> s.concerns() == null ? NONE : s.concerns().concernsToday()));
    }

    private static void reliability(List<Field> f) {
        for (int i = 0; i < 5; i++) {
            int rating = i;
            f.add(new Field("reliability_today_" + (i + 1),
                    (s, a) -> s.reliability() == null ? NONE : s.reliability().ratingsToday().get(rating)));
        }
    }

    private static void burden(List<Field> f) {
        f.add(new Field("alert_burden_raised_today", (s, a) -> s.alertBurden().raisedToday()));
        f.add(new Field("alert_burden_alerts_per100_bed_days", (s, a) -> num(s.alertBurden().alertsPer100BedDays())));
        f.add(new Field("alert_burden_acknowledged_within_target_percent",
                (s, a) -> num(s.alertBurden().acknowledgedWithinTargetPercent())));
        f.add(new Field("alert_burden_resolved_today", (s, a) -> s.alertBurden().resolvedToday()));
        f.add(new Field("alert_burden_resolved_without_action_percent",
                (s, a) -> num(s.alertBurden().resolvedWithoutActionPercent())));
        f.add(new Field("alert_burden_accepted_today", (s, a) -> s.alertBurden().acceptedToday()));
        f.add(new Field("alert_burden_median_minutes_to_acceptance",
                (s, a) -> num(s.alertBurden().medianMinutesToAcceptance())));
        f.add(new Field("alert_burden_renotified_percent", (s, a) -> num(s.alertBurden().renotifiedPercent())));
        f.add(new Field("alert_burden_declines_today", (s, a) -> s.alertBurden().declinesToday()));
        for (DeclineReason r : DeclineReason.values()) {
            f.add(new Field("alert_burden_declines_by_reason_" + lower(r),
                    (s, a) -> burdenDeclines(s.alertBurden(), r)));
        }
    }

    private static double burdenDeclines(AlertBurden b, DeclineReason r) {
        return b.declinesByReason().getOrDefault(r, 0);
    }

    private static void alerts(List<Field> f) {
        f.add(new Field("alerts_active", (s, a) -> a.active()));
        f.add(new Field("alerts_unacknowledged", (s, a) -> a.unacknowledged()));
        f.add(new Field("alerts_escalated", (s, a) -> a.escalated()));
        for (Severity sev : Severity.values()) {
            f.add(new Field("alerts_active_" + lower(sev), (s, a) -> a.bySeverity()[sev.ordinal()]));
        }
        for (AlertKind k : AlertKind.values()) {
            f.add(new Field("alerts_active_" + lower(k), (s, a) -> a.byKind()[k.ordinal()]));
        }
    }

    private static double num(Number n) {
        return n == null ? NONE : n.doubleValue();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
