package org.vigil.server.deterioration;

import org.vigil.clinical.news2.ClinicalRisk;
import org.vigil.clinical.news2.MonitoringFrequency;
import org.vigil.clinical.news2.News2;
import org.vigil.clinical.news2.News2Score;
import org.vigil.events.Event;
import org.vigil.events.Payload;
import org.vigil.organisation.Policies;
import org.vigil.organisation.Ward;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertBook;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.alerts.RiskSeverity;
import org.vigil.server.alerts.Severity;
import org.vigil.server.census.CensusListener;
import org.vigil.server.census.Movements;
import org.vigil.server.census.Patient;
import org.vigil.server.kernel.Deadlines;
import org.vigil.server.kernel.Feature;
import org.vigil.server.kernel.RuleContext;
import org.vigil.server.kernel.SnapshotIn;
import org.vigil.server.kernel.SnapshotOut;
import org.vigil.server.kernel.SnapshotSlice;
import org.vigil.server.spc.BoardMetric;
import org.vigil.server.spc.BoardSeries;
import org.vigil.server.staffing.RedFlagSink;
import org.vigil.server.staffing.SafeStaffingRedFlag;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * NEWS2 on wards (RCP 2017): every observation set is scored; the patient's latest set by event time is their
 * current state; Chart 4 sets when the next set is due, and a set not taken by then raises
 * OBSERVATIONS_OVERDUE (and counts as NICE SG1 red flag 3). The current clinical risk band is one alert per
 * patient: NEWS2_LOW_MEDIUM, NEWS2_MEDIUM or NEWS2_HIGH, resolved when a later set falls below it (a move to
 * another band supersedes it). Severities come from {@link RiskSeverity}: a single red score is MEDIUM, as an
 * urgent ward-based response, and an overdue set carries at least its patient's risk.
 *
 * <p>First observations: a patient admitted to a ward has a first set due within
 * {@code policies.observations.firstSetMinutes} of admission (default 60; NICE CG50 asks for observations at
 * admission or initial assessment, the 60 minutes is local policy). "Within" includes the last millisecond: a
 * first set at exactly admission + 60 min is on time, and the patient is overdue from the next millisecond. A
 * patient never observed is overdue like any other (OBSERVATIONS_OVERDUE, {@code observationsOverdue}, NICE SG1
 * red flag 3), at MEDIUM severity: their risk is unknown, not low. The pending first set follows a transfer.
 * Engine thread only.
 */
public final class Deterioration implements Feature, CensusListener, Deadlines.Owner, SnapshotSlice {
    /** The band alerts, least to most severe (Chart 3's low-medium, medium, high). */
    private static final List<AlertKind> BAND_ALERTS = List.of(AlertKind.NEWS2_LOW_MEDIUM, AlertKind.NEWS2_MEDIUM,
            AlertKind.NEWS2_HIGH);
    /**
     * The band alert's detail and the resolutions, written once: every observation set raises or resolves, and a
     * string built for each would be garbage whenever nothing changed. [total][risk ordinal]; [total]; [band].
     */
    private static final String[][] BAND_DETAIL = new String[DeteriorationSummary.MAX_NEWS2 + 1][ClinicalRisk.values().length];
    private static final String[] FELL_TO = new String[DeteriorationSummary.MAX_NEWS2 + 1];
    private static final String[] SUPERSEDED_BY = new String[AlertKind.values().length];

    static {
        for (int total = 0; total <= DeteriorationSummary.MAX_NEWS2; total++) {
            FELL_TO[total] = "NEWS2 fell to " + total;
            for (ClinicalRisk risk : ClinicalRisk.values()) {
                BAND_DETAIL[total][risk.ordinal()] = "NEWS2 " + total + ": " + risk.label().toLowerCase(Locale.UK);
            }
        }
        for (AlertKind k : BAND_ALERTS) {
            SUPERSEDED_BY[k.ordinal()] = "superseded by " + k.name();
        }
    }

    private static final long NONE = Long.MIN_VALUE;
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm", Locale.UK);

    private final RuleContext ctx;
    private final Movements census;
    private final AlertBook alerts;
    private final Deadlines.Timers timers;
    private final MonitoringFrequency frequency;
    private final int continuousOverdueMinutes;
    private final int firstSetMinutes;
    private final RedFlagSink redFlags;
    private final BoardSeries board;
    private final Map<String, Map<String, ObservedPatient>> byUnit = new HashMap<>();
    private final Map<String, ObservedPatient> byPatient = new HashMap<>();

    public Deterioration(RuleContext ctx, Movements census, AlertBook alerts, RedFlagSink redFlags,
                         BoardSeries board) {
        this.ctx = ctx;
        this.board = board;
        this.census = census;
        this.alerts = alerts;
        this.timers = ctx.timers(this, name());
        Policies.Observations p = ctx.policies().observations();
        this.frequency = p.frequency();
        this.continuousOverdueMinutes = p.continuousOverdueMinutes();
        this.firstSetMinutes = p.firstSetMinutes();
        this.redFlags = redFlags;
    }

    /** A patient's current NEWS2 set: the unit they are counted on, when it was taken, and its score. */
    public record CurrentSet(String unit, long takenAt, News2Score score) {}

    /** One patient's current NEWS2 state on a unit; no score yet while their first set is awaited. */
    private static final class ObservedPatient {
        final String id;
        String unit;
        long takenAt = NONE;
        /** Null until the first set on this stay. */
        News2Score score;
        /** When admitted, for a patient awaiting their first set (the detail of the overdue alert). */
        long admittedAt = NONE;
        long dueAt;
        boolean overdue;
        long due = Deadlines.NONE;
        int lateSets;

        ObservedPatient(String id, String unit) {
            this.id = id;
            this.unit = unit;
        }
    }

    @Override
    public void apply(Event e) {
        Payload.Observation o = (Payload.Observation) e.payload();
        News2Score score = News2.score(o.vitals());
        // every set on its own day, late ones too: who scored 5 or more that day
        board.distinct(e.unit(), BoardMetric.PATIENTS_NEWS2_AT_LEAST_5, ctx.day(e.unit(), e.time()), o.patient(),
                score.risk().atLeast5());
        ObservedPatient p = byPatient.get(o.patient());
        if ((p == null || p.score == null) && takenBeforeTheStayEnded(o.patient(), e)) {
            return; // counted on its day above; the stay it belonged to has ended (a new one waits for its own set)
        } else if (p == null) {
            p = new ObservedPatient(o.patient(), e.unit());
            byPatient.put(p.id, p);
            byUnit.computeIfAbsent(e.unit(), u -> new HashMap<>()).put(p.id, p);
        } else if (p.score != null && e.time() < p.takenAt) {
            // Late: scored and counted, but a newer set remains the patient's current state.
            p.lateSets++;
            return;
        } else if (!p.unit.equals(e.unit()) && !takenBeforeLeaving(o.patient(), e)) {
            move(p, e.unit());
        }
        p.takenAt = e.time();
        p.score = score;
        bandAlert(p);
        schedule(p);
    }

    /**
     * Whether the set was taken before the patient's stay on the wards ended — before their discharge, or on a ward
     * before they moved to a care home — and sent late. A discharge or a move to a home ends what this rule follows
     * of the patient, so such a set found nothing to be late against: taken as a new current state, it raised a
     * NEWS2 alert, an overdue alert and a sepsis prompt no set could ever clear, climbing to the site manager for a
     * patient gone, on a bed now someone else's (found by an independent audit); after a readmission, it passed for
     * the new stay's first set (found by a review).
     */
    private boolean takenBeforeTheStayEnded(String patient, Event e) {
        return e.time() <= census.lastDischargedAt(patient) || takenBeforeLeaving(patient, e);
    }

    /**
     * Whether the set was taken on another unit than the census has the patient on, before the census last placed
     * them (a transfer; or a bed move there, after which a set from elsewhere is no less out of place): their latest
     * set, sent late, but they are elsewhere now, and it must not bring them back. Found by an independent check: it
     * moved the patient's observations back to the ward left, whose overdue alert then named their new bed,
     * escalated to the site manager and could not be resolved by observing them where they were.
     */
    private boolean takenBeforeLeaving(String patient, Event e) {
        Patient now = census.patient(patient);
        return now != null && !now.unit().equals(e.unit()) && e.time() < now.lastMovementAt();
    }

    private void bandAlert(ObservedPatient p) {
        AlertKind current = switch (p.score.risk()) {
            case HIGH -> AlertKind.NEWS2_HIGH;
            case MEDIUM -> AlertKind.NEWS2_MEDIUM;
            case LOW_MEDIUM -> AlertKind.NEWS2_LOW_MEDIUM;
            case LOW -> null;
        };
        long now = ctx.now();
        AlertBook.Handover running = null; // the other band's unanswered alert, handed on to the new band's
        for (AlertKind kind : BAND_ALERTS) {
            if (kind != current) {
                Alert before = alerts.active(p.unit, kind, p.id);
                if (before != null && current != null) {
                    AlertBook.Handover h = alerts.handover(before);
                    running = h != null ? h : running;
                }
                alerts.resolve(p.unit, kind, p.id, now, current == null
                        ? FELL_TO[p.score.total()] : SUPERSEDED_BY[current.ordinal()]);
            }
        }
        if (current != null) {
            // A higher band is worse even at the same severity: a single red score (low-medium) and an aggregate of
            // 5-6 (medium) are both MEDIUM, and judged by severity the rise from one to the other was no worsening,
            // so a "not escalating" pause on the first silenced RCP Chart 3's "key threshold for urgent response"
            // (found by an independent audit).
            boolean worse = running != null && BAND_ALERTS.indexOf(current) > BAND_ALERTS.indexOf(running.kind());
            alerts.raiseInPlaceOf(running, worse, p.unit, current, RiskSeverity.of(p.score.risk()), p.id, p.id,
                    census.bedOf(p.id), BAND_DETAIL[p.score.total()][p.score.risk().ordinal()], now);
        }
    }

    /**
     * Chart 4: the next set is due after the monitoring interval; "continuous" is overdue after policy minutes. The
     * set now taken was on time for the due one if that had not yet become overdue (late ones were counted then).
     */
    private void schedule(ObservedPatient p) {
        if (p.due != Deadlines.NONE) {
            board.add(p.unit, BoardMetric.OBSERVATIONS_ON_TIME, ctx.day(p.unit, p.dueAt), 1, 1);
        }
        if (p.overdue) {
            p.overdue = false;
            alerts.resolve(p.unit, AlertKind.OBSERVATIONS_OVERDUE, p.id, ctx.now(), "observations recorded");
            if (p.takenAt <= p.dueAt) {
                // Taken in time, sent after the deadline fired (a handheld syncing late): the vital signs were
                // assessed as the care plan asked, so NICE SG1 red flag 3 did not happen and is withdrawn, as an
                // omission corrected to given within its window is for red flag 1; and the set was on time. Kept,
                // the shift's HIGH red-flag alert climbed its ladder until the shift ended (found by an audit).
                redFlags.withdraw(p.unit, SafeStaffingRedFlag.VITAL_SIGNS_NOT_RECORDED, p.id + "@" + p.dueAt);
                board.add(p.unit, BoardMetric.OBSERVATIONS_ON_TIME, ctx.day(p.unit, p.dueAt), 1, 0);
            }
        }
        int interval = frequency.intervalMinutes(p.score);
        p.dueAt = p.takenAt + (interval == 0 ? continuousOverdueMinutes : interval) * 60_000L;
        // Chart 4's interval says when the next set is due by: a set taken at the due instant is in time, and the
        // patient is overdue from the next millisecond ("continuous: overdue after 15 min"), as every "within" in
        // Vigil. Overdue at the instant itself, a set recorded on the minute it was due (the usual case: sets are
        // timed to the minute) raised and resolved an alert at once, counted a red flag 3, and a patient on
        // continuous monitoring observed every 15 minutes climbed the ladder to the site manager (an audit).
        watch(p, p.dueAt + 1);
    }

    /** Makes the patient overdue at {@code overdueFrom}, at once if the clock is already there. */
    private void watch(ObservedPatient p, long overdueFrom) {
        timers.cancel(p.due);
        p.due = Deadlines.NONE;
        if (overdueFrom <= ctx.now()) {
            overdue(p, ctx.now());
        } else {
            p.due = timers.schedule(overdueFrom, 0, p);
        }
    }

    /** The one kind of deadline: the patient's next set is overdue. */
    @Override
    public void deadline(int kind, Object subject, long due, long now) {
        overdue((ObservedPatient) subject, now);
    }

    private void overdue(ObservedPatient p, long now) {
        p.due = Deadlines.NONE;
        p.overdue = true;
        board.add(p.unit, BoardMetric.OBSERVATIONS_ON_TIME, ctx.day(p.unit, p.dueAt), 0, 1);
        Severity severity;
        String detail;
        if (p.score == null) {
            // Never observed on this stay: the risk is unknown, so not LOW.
            severity = AlertKind.OBSERVATIONS_OVERDUE.defaultSeverity();
            detail = "first observations not recorded (due within " + firstSetMinutes + " min of admission at "
                    + HH_MM.format(Instant.ofEpochMilli(p.admittedAt).atZone(ctx.unit(p.unit).zone())) + ")";
        } else {
            severity = RiskSeverity.of(p.score.risk());
            detail = "observations overdue (last NEWS2 " + p.score.total() + ": "
                    + p.score.risk().label().toLowerCase(Locale.UK) + ")";
        }
        alerts.raise(p.unit, AlertKind.OBSERVATIONS_OVERDUE, severity, p.id, p.id, census.bedOf(p.id), detail, now);
        redFlags.redFlag(p.unit, SafeStaffingRedFlag.VITAL_SIGNS_NOT_RECORDED, p.id + "@" + p.dueAt, now);
        ctx.changed(p.unit);
    }

    /**
     * A patient arriving on a ward with no set on this stay awaits their first one (NICE CG50; policy minutes). A
     * set recorded before the admission message arrived (e.g. in the emergency department) already counts.
     */
    private void awaitFirstSet(String patient, String unit, long at) {
        if (byPatient.containsKey(patient) || !(ctx.unit(unit) instanceof Ward)) {
            return;
        }
        ObservedPatient p = new ObservedPatient(patient, unit);
        byPatient.put(p.id, p);
        byUnit.computeIfAbsent(unit, u -> new HashMap<>()).put(p.id, p);
        p.admittedAt = at;
        p.dueAt = at + firstSetMinutes * 60_000L;
        // "Within 60 minutes" includes the 60th: overdue from the next millisecond.
        watch(p, p.dueAt + 1);
        ctx.changed(unit);
    }

    @Override
    public void admitted(Patient patient, long at) {
        awaitFirstSet(patient.id(), patient.unit(), at);
    }

    /** A first set still awaited is due from the earlier admission, overdue at once if that is past. */
    @Override
    public void admittedEarlier(Patient patient, long was) {
        ObservedPatient p = byPatient.get(patient.id());
        if (p != null && p.score == null && !p.overdue && patient.admittedAt() < p.admittedAt) {
            p.admittedAt = patient.admittedAt();
            p.dueAt = p.admittedAt + firstSetMinutes * 60_000L;
            watch(p, p.dueAt + 1);
            ctx.changed(p.unit);
        }
    }

    private void move(ObservedPatient p, String toUnit) {
        Map<String, ObservedPatient> from = byUnit.get(p.unit);
        if (from != null) {
            from.remove(p.id);
        }
        ctx.changed(p.unit);
        p.unit = toUnit;
        byUnit.computeIfAbsent(toUnit, u -> new HashMap<>()).put(p.id, p);
    }

    @Override
    public void transferred(Patient patient, String fromUnit, long at) {
        if (!(ctx.unit(patient.unit()) instanceof Ward)) {
            discharged(patient, fromUnit, at); // into a care home: its own rules (RESTORE2) take over, not a ward's
            return;
        }
        ObservedPatient p = byPatient.get(patient.id());
        if (p == null) {
            awaitFirstSet(patient.id(), patient.unit(), at); // e.g. from a care home into hospital
        } else if (!p.unit.equals(patient.unit())) {
            move(p, patient.unit());
        }
    }

    @Override
    public void discharged(Patient patient, String unit, long at) {
        ObservedPatient p = byPatient.remove(patient.id());
        if (p != null) {
            timers.cancel(p.due);
            Map<String, ObservedPatient> m = byUnit.get(p.unit);
            if (m != null) {
                m.remove(p.id);
            }
        }
    }

    @Override
    public int snapshotVersion() {
        return 1;
    }

    /** Every patient followed, by id: their unit, current set and score, due time, overdue flag and deadline. */
    @Override
    public void writeSnapshot(SnapshotOut out) {
        Map<String, ObservedPatient> patients = new TreeMap<>(byPatient);
        out.writeCount(patients.size());
        for (ObservedPatient p : patients.values()) {
            out.writeString(p.id);
            out.writeString(p.unit);
            out.writeLong(p.takenAt);
            out.writeInt(p.score == null ? -1 : p.score.packed());
            out.writeLong(p.admittedAt);
            out.writeLong(p.dueAt);
            out.writeBoolean(p.overdue);
            out.writeLong(p.due);
            out.writeInt(p.lateSets);
        }
    }

    @Override
    public void readSnapshot(SnapshotIn in) {
        int n = in.readCount();
        for (int i = 0; i < n; i++) {
            ObservedPatient p = new ObservedPatient(in.readString(), in.readString());
            p.takenAt = in.readLong();
            int score = in.readInt();
            p.score = score < 0 ? null : News2Score.unpacked(score);
            p.admittedAt = in.readLong();
            p.dueAt = in.readLong();
            p.overdue = in.readBoolean();
            p.due = in.readLong();
            p.lateSets = in.readInt();
            byPatient.put(p.id, p);
            byUnit.computeIfAbsent(p.unit, u -> new HashMap<>()).put(p.id, p);
        }
    }

    /** The one kind of deadline is about a patient followed: their id. */
    @Override
    public void writeSubject(int kind, Object subject, SnapshotOut out) {
        ObservedPatient p = (ObservedPatient) subject;
        if (byPatient.get(p.id) != p) {
            throw new IllegalStateException("an observations deadline for a patient no longer followed");
        }
        out.writeString(p.id);
    }

    @Override
    public Object readSubject(int kind, SnapshotIn in) {
        return followed(byPatient.get(in.readString()));
    }

    private static ObservedPatient followed(ObservedPatient p) {
        if (p == null) {
            throw new SnapshotIn.Corrupt("an observations deadline for a patient not in the snapshot");
        }
        return p;
    }

    /** The patient's current score, or null if no set has been recorded on this stay. */
    public News2Score current(String patient) {
        ObservedPatient p = byPatient.get(patient);
        return p == null ? null : p.score;
    }

    /** The patient's current set, or null if none has been recorded on this stay. */
    public CurrentSet currentSet(String patient) {
        ObservedPatient p = byPatient.get(patient);
        return p == null || p.score == null ? null : new CurrentSet(p.unit, p.takenAt, p.score);
    }

    /** The ward's NEWS2 figures now ({@code today} plays no part: these are current states, not a day's count). */
    @Override
    public DeteriorationSummary summary(String unit, LocalDate today) {
        int hourly = 0;
        int lowMedium = 0;
        int medium = 0;
        int high = 0;
        int overdue = 0;
        int observed = 0;
        Integer[] distribution = new Integer[DeteriorationSummary.MAX_NEWS2 + 1];
        Arrays.fill(distribution, 0);
        Map<String, ObservedPatient> m = byUnit.get(unit);
        if (m != null) {
            for (ObservedPatient p : m.values()) {
                if (p.overdue) {
                    overdue++;
                }
                News2Score s = p.score;
                if (s == null) {
                    continue; // awaiting a first set: overdue or not, but no score to count
                }
                observed++;
                if (frequency.intervalMinutes(s) <= 60) {
                    hourly++;
                }
                switch (s.risk()) {
                    case HIGH -> high++;
                    case MEDIUM -> medium++;
                    case LOW_MEDIUM -> lowMedium++;
                    default -> { }
                }
                distribution[Math.min(DeteriorationSummary.MAX_NEWS2, s.total())]++;
            }
        }
        return new DeteriorationSummary(observed, hourly, lowMedium, medium, high, overdue, List.of(distribution));
    }
}
