package org.vigil.server.spc;

import org.vigil.clinical.spc.ImprovementDirection;
import org.vigil.organisation.CareHome;
import org.vigil.organisation.Unit;
import org.vigil.organisation.Ward;

/**
 * The board's daily metrics (docs/spc.md § The board's metrics): what each counts on a unit's local day, in what
 * unit, which way is better and its target by default (the organisation file may change both), and how a roll-up
 * adds units up. The rules that see each fact report it to {@link BoardSeries}; this says what the numbers mean.
 *
 * <p>Every metric keeps, per unit and day, a <b>count</b> and a <b>basis</b>. A day has a value only where its basis
 * is above zero: a day with nothing to count (no critical dose due, no staffing report, no census taken) is left out
 * of the chart, never shown as a zero, since a gap sent as a value corrupts the moving ranges ([MDC-spec] "Gaps").
 * <ul>
 *   <li>{@link Kind#COUNT}: the value is the count; a roll-up's value is the sum of its units' counts, on days where
 *       at least one of them has a basis.</li>
 *   <li>{@link Kind#RATIO}: the value is {@code times} × count ÷ ({@code per} × basis) (× 100 for a percentage, ÷ 60
 *       for minutes counted as hours); a roll-up's is the same of Σ count and Σ basis, the ratio of sums (never a mean
 *       of the units' ratios, which would weigh a 10-bed ward like a 40-bed one).</li>
 * </ul>
 */
public enum BoardMetric {
    /**
     * Critical doses due on the day (local date of the due time) that are missed as the medicines rule defines it:
     * omitted for want of the medicine or of a reason, or no outcome once due + grace has passed; a dose given late
     * leaves the count (it is delayed). Basis: critical doses due. Target 0: NPSA/2010/RRR009 asks that critical
     * medicines are not omitted without good reason.
     */
    MISSED_CRITICAL_DOSES("missedCriticalDoses", "Missed critical doses", "doses", Applies.WARDS, Kind.COUNT, 1, 1,
            ImprovementDirection.DOWN, 0.0),
    /**
     * Critical doses due on the day recorded as given after due + grace (NPSA/2010/RRR009: a delay, like an
     * omission, is reportable). Basis: critical doses due. Target 0, as missed doses.
     */
    DELAYED_CRITICAL_DOSES("delayedCriticalDoses", "Delayed critical doses", "doses", Applies.WARDS, Kind.COUNT, 1, 1,
            ImprovementDirection.DOWN, 0.0),
    /**
     * Distinct patients with at least one observation set taken on the day scoring NEWS2 5 or more (RCP NEWS2 2017
     * Chart 3: the key threshold for an urgent response), late sets on their own day. Basis: patients with a set
     * that day. Lower is better (docs/demo.md); no national target: it measures acuity as much as care.
     */
    PATIENTS_NEWS2_AT_LEAST_5("patientsNews2AtLeast5", "Patients with NEWS2 ≥ 5", "patients", Applies.WARDS,
            Kind.COUNT, 1, 1, ImprovementDirection.DOWN, null),
    /**
     * Of the observation sets due on the day (the next set by the NEWS2 Chart 4 interval of the one before, or a
     * first set within {@code policies.observations.firstSetMinutes} of admission; local date of the due time), the
     * share taken before the set became overdue, in %. A set is counted when it is taken or when it becomes overdue,
     * whichever comes first. No national target.
     */
    OBSERVATIONS_ON_TIME("observationsOnTimePercent", "Observations on time", "%", Applies.WARDS, Kind.RATIO, 100, 1,
            ImprovementDirection.UP, null),
    /**
     * Patients on the ward at the census time ({@code policies.spc.censusTime}, 23:59) with at least one admission
     * risk assessment past its due time (the assessments rule). Basis: the census was taken. No national target.
     */
    PATIENTS_WITH_OUTSTANDING_ASSESSMENTS("patientsWithOutstandingAssessments", "Patients with assessments outstanding",
            "patients", Applies.WARDS, Kind.COUNT, 1, 1, ImprovementDirection.DOWN, null),
    /**
     * Registered nurse hours worked ÷ planned on the day shift of the date, in % (NHS England Safer Staffing fill
     * rate; hours are heads × the shift's length). No national target: trusts set their own thresholds.
     */
    RN_FILL_RATE_DAY("rnFillRateDay", "Registered nurse fill rate, day", "%", Applies.WARDS, Kind.RATIO, 100, 1,
            ImprovementDirection.UP, null),
    /** As {@link #RN_FILL_RATE_DAY}, for the night shift that starts on the date. */
    RN_FILL_RATE_NIGHT("rnFillRateNight", "Registered nurse fill rate, night", "%", Applies.WARDS, Kind.RATIO, 100, 1,
            ImprovementDirection.UP, null),
    /**
     * NICE SG1 (2014) red flags 5 (registered nurse shortfall) and 6 (fewer than 2 registered nurses) raised for the
     * date's day and night shifts: 0–4 a day. Red flags 1 and 3 are the board's missed doses and late observations,
     * not counted twice. Basis: shifts of the date with a staffing report (without one, 5 and 6 cannot be judged).
     * No target: NICE SG1 asks for a response to each flag, not a rate.
     */
    STAFFING_RED_FLAGS("staffingRedFlags", "Nurse staffing red flags", "red flags", Applies.WARDS, Kind.COUNT, 1, 1,
            ImprovementDirection.DOWN, null),
    /**
     * Care hours per patient day (NHS England CHPPD): registered and unregistered nursing hours of the date's day
     * and night shifts ÷ patients on the ward at the census time, on days with a staffing report (without one the
     * hours are unknown, not zero). NEITHER and no target: NHS Improvement presents CHPPD to compare like wards, and
     * more hours are not in themselves better care.
     */
    CHPPD("chppd", "Care hours per patient day", "hours", Applies.WARDS, Kind.RATIO, 1, 60, // counted in minutes
            ImprovementDirection.NEITHER, null),
    /**
     * Alert episodes raised on the day (a re-opening within the hold-down is not a new one) × 100 ÷ patients at the
     * census time: alerts per 100 bed-days. NEITHER: fewer alerts may be fewer problems or fewer caught; alarm
     * fatigue shows in the answered-in-time share.
     */
    ALERTS_PER_100_BED_DAYS("alertsPer100BedDays", "Alerts per 100 bed-days", "alerts", Applies.ALL, Kind.RATIO,
            100, 1, ImprovementDirection.NEITHER, null),
    /**
     * Of the alert episodes raised on the day (on the unit where they were raised), the share whose first answer (an
     * acknowledgement or an acceptance) came before they escalated past the first rung of their ladder, in %.
     */
    ALERTS_ANSWERED_IN_TIME("alertsAnsweredInTimePercent", "Alerts answered before escalating", "%", Applies.ALL,
            Kind.RATIO, 100, 1, ImprovementDirection.UP, null),
    /**
     * Martha's rule concerns raised on the day by patients, families or staff (NHS England 2024), each counted once,
     * on the day it was made. Basis: the census was taken. NEITHER: NHS England expects calls to rise as the route
     * becomes known and trusted.
     */
    MARTHAS_RULE_CONCERNS("marthasRuleConcerns", "Martha's rule concerns", "concerns", Applies.WARDS, Kind.COUNT, 1, 1,
            ImprovementDirection.NEITHER, null),
    /** The mean of the day's "how reliable are your current processes?" ratings, 1–5 (reference ward dashboard). */
    RELIABILITY_PULSE("reliabilityPulseMean", "Reliability pulse (mean, 1–5)", "rating", Applies.ALL, Kind.RATIO, 1, 1,
            ImprovementDirection.UP, null),
    /**
     * Distinct residents with at least one RESTORE2 submission on the day at a level above routine (inform the senior
     * and up: the submissions that raise a RESTORE2 escalation alert). Basis: residents with a submission that day.
     * NEITHER: RESTORE2 aims at earlier recognition, so more escalations need not mean worse care.
     */
    RESTORE2_ESCALATIONS("restore2Escalations", "Residents escalated (RESTORE2)", "residents", Applies.CARE_HOMES,
            Kind.COUNT, 1, 1, ImprovementDirection.NEITHER, null),
    /**
     * Of the repeat observations due on the day by each resident's RESTORE2 level (local date of the due time), the
     * share submitted before they became overdue, in %.
     */
    REPEAT_OBSERVATIONS_ON_TIME("repeatObservationsOnTimePercent", "Repeat observations on time", "%",
            Applies.CARE_HOMES, Kind.RATIO, 100, 1, ImprovementDirection.UP, null);

    /** Which units a metric is kept for. */
    public enum Applies {
        WARDS, CARE_HOMES, ALL;

        public boolean to(Unit unit) {
            return this == ALL || (this == WARDS ? unit instanceof Ward : unit instanceof CareHome);
        }

        /** Whether wards have it. */
        public boolean wards() {
            return this != CARE_HOMES;
        }
    }

    /** How the day's count and basis make its value, and how units add up. */
    public enum Kind { COUNT, RATIO }

    private final String id;
    private final String label;
    private final String unitOfMeasure;
    private final Applies applies;
    private final Kind kind;
    private final int times;
    private final int per;
    private final ImprovementDirection improvement;
    private final Double target;

    BoardMetric(String id, String label, String unitOfMeasure, Applies applies, Kind kind, int times, int per,
                ImprovementDirection improvement, Double target) {
        this.id = id;
        this.label = label;
        this.unitOfMeasure = unitOfMeasure;
        this.applies = applies;
        this.kind = kind;
        this.times = times;
        this.per = per;
        this.improvement = improvement;
        this.target = target;
    }

    /** The name in URLs, the organisation file and InfluxDB ({@code missedCriticalDoses}). */
    public String id() {
        return id;
    }

    /** In people's words, for pages and the board report. */
    public String label() {
        return label;
    }

    /** "%", "doses", "patients"…: what a value counts. */
    public String unitOfMeasure() {
        return unitOfMeasure;
    }

    public Applies applies() {
        return applies;
    }

    public Kind kind() {
        return kind;
    }

    /** Which way is better unless the organisation file says otherwise. */
    public ImprovementDirection defaultImprovement() {
        return improvement;
    }

    /** The target unless the organisation file says otherwise; null for none. */
    public Double defaultTarget() {
        return target;
    }

    /** The value of a count and its basis: null when the basis is not above zero (no value that day). */
    public Double value(double count, double basis) {
        if (!(basis > 0)) {
            return null;
        }
        return kind == Kind.COUNT ? count : times * count / (per * basis);
    }

    /**
     * The metric whose basis a unit must have on a day for this one to count it (a roll-up leaves the unit out, hours
     * and patients alike), or null: CHPPD needs a staffing report, whose shifts are red flags' basis.
     */
    public BoardMetric gate() {
        return this == CHPPD ? STAFFING_RED_FLAGS : null;
    }

    /** The metric with this id, or null. */
    public static BoardMetric byId(String id) {
        for (BoardMetric m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        return null;
    }
}
