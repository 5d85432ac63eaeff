package org.vigil.server.medicines;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.events.DoseResult;
import org.vigil.events.Event;
import org.vigil.events.OmissionReason;
import org.vigil.events.Payload;
import org.vigil.organisation.Policies;
import org.vigil.organisation.Ward;
import org.vigil.server.alerts.AlertBook;
import org.vigil.server.alerts.AlertKind;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Omitted and delayed medicines (NPSA/2010/RRR009; reference/medicines.md): every dose the ePMA schedules, and
 * the ward's counts of doses missed today, as on the reference ward dashboard.
 *
 * <ul>
 *   <li><b>Missed</b> (see {@link ScheduledDose#missed()}): OMITTED with NOT_AVAILABLE or NO_REASON, or no
 *       outcome recorded once due time + grace has <em>passed</em>. Passed is strict: a dose is still on time
 *       at exactly due + grace (Parkinson's UK "within 30 minutes" includes the 30th minute) and missed from
 *       the next millisecond. Grace is policy per medicine class (default 60 min, PARKINSONS 30 min).</li>
 *   <li><b>Today</b>: a dose counts on the ward's local calendar day (Europe/London, DST-correct) of its due
 *       time, and only while it is missed. A GIVEN outcome recorded after the window means the dose now has an
 *       administration recorded: it leaves the missed counts and its alert resolves (it was late, not omitted).
 *       A dose due late in the evening whose window ends after midnight is missed on the day it was due.</li>
 *   <li><b>Critical</b>: one CRITICAL_DOSE_MISSED alert per missed critical dose (subject: the dose id).</li>
 *   <li><b>Delayed</b> (NPSA/2010/RRR009 makes delay, like omission, a reportable incident): a critical dose
 *       recorded GIVEN after due + grace counts in {@code criticalDosesDelayedToday}, and the alert raised for
 *       it at the end of its window is resolved "given late, N min after due", so the delay stays in the
 *       alert's history. No second alert is raised once the dose is given: there is nothing left to act on at
 *       the bedside, and an alert for it would add to alarm fatigue; the count and the resolved alert are the
 *       trace for the incident report.</li>
 *   <li><b>Nil by mouth</b>: a time-critical dose (a class with its own grace window, e.g. PARKINSONS) OMITTED
 *       for NIL_BY_MOUTH counts in {@code timeCriticalNilByMouthOmissionsToday}: an accounted-for omission, not
 *       "missed", but the known harm of stopping Parkinson's medicines while nil by mouth (Parkinson's UK) is
 *       shown on its own rather than dropped.</li>
 *   <li><b>NICE SG1 red flag 1</b>, "unplanned omission in providing patient medications", is reported once per
 *       missed dose, to the ward and the shift on which it became an omission (recorded omitted, or its window
 *       over with nothing recorded): for every medicine by default, for critical ones only
 *       when {@code policies.medicines.redFlagOmissions} is CRITICAL_ONLY. Every missed dose is unplanned by
 *       definition: the planned reasons are not "missed".</li>
 * </ul>
 *
 * Feeds are messy: the latest schedule and the latest outcome by event time win (ties: the later in the journal);
 * an outcome that arrives before its schedule is held until the schedule comes; an outcome naming another patient
 * than the schedule is ignored rather than marking the wrong patient's dose given. A dose not yet due (or still
 * in its window) follows the patient to another ward; given and missed doses stay where they happened. On
 * discharge, doses due after it are cancelled; ones already due still count. Records are forgotten two days after
 * the dose was due, so memory stays bounded by the prescription chart. Engine thread only.
 */
public final class Medicines implements Feature, CensusListener, Deadlines.Owner, SnapshotSlice {
    private static final Logger LOG = LoggerFactory.getLogger(Medicines.class);

    /**
     * How long a dose (or an outcome waiting for its schedule) is kept after it was due: past the end of its local
     * day (at most 25 h after the due time, on the autumn DST change) and past the longest grace window the
     * organisation file accepts (24 h), so no dose leaves a "today" count it belongs to.
     */
    static final long RETAIN_MILLIS = 48 * 3_600_000L;
    private static final DateTimeFormatter DUE = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.UK);
    /** Deadline kinds: a dose's window ends; a dose record expires; a held outcome expires; a discharge is forgotten. */
    private static final int WINDOW_PASSED = 0;
    private static final int FORGET_DOSE = 1;
    private static final int FORGET_HELD = 2;
    private static final int FORGET_DISCHARGE = 3;
    /**
     * The initial size of a patient's chart: a few doses are open at a time (kept two days), and a map of the default
     * 16 slots per patient was 48 bytes more than one of 4 for every patient followed; it grows when a chart does.
     */
    private static final int DOSES_A_PATIENT = 4;

    private final RuleContext ctx;
    private final Movements census;
    private final AlertBook alerts;
    private final Deadlines.Timers timers;
    private final RedFlagSink redFlags;
    private final BoardSeries board;
    private final Policies.Medicines policy;
    private final Map<String, ScheduledDose> doses = new HashMap<>();
    private final Map<String, Map<String, ScheduledDose>> byPatient = new HashMap<>();
    private final Map<String, HeldOutcome> held = new HashMap<>();
    private final Map<String, Long> dischargedAt = new HashMap<>();
    private final Map<String, Map<LocalDate, DayCounts>> counts = new HashMap<>();

    public Medicines(RuleContext ctx, Movements census, AlertBook alerts, RedFlagSink redFlags, BoardSeries board) {
        this.ctx = ctx;
        this.board = board;
        this.census = census;
        this.alerts = alerts;
        this.timers = ctx.timers(this, name());
        this.redFlags = redFlags;
        this.policy = ctx.policies().medicines();
    }

    /** An outcome whose dose has not been scheduled (yet). */
    private static final class HeldOutcome {
        final Payload.DoseOutcome outcome;
        final long at;
        long expiry = Deadlines.NONE;

        HeldOutcome(Payload.DoseOutcome outcome, long at) {
            this.outcome = outcome;
            this.at = at;
        }
    }

    /** One unit's doses on one local day. */
    private static final class DayCounts {
        int due;
        int criticalDue;
        int missed;
        int missedCritical;
        int criticalDelayed;
        int timeCriticalNilByMouth;
        /** Missed (or given late) on this day, due on an earlier one: in this day's live figures, not its due ones. */
        int missedFromBefore;
        int missedCriticalFromBefore;
        int criticalDelayedFromBefore;

        boolean empty() {
            return due == 0 && criticalDue == 0 && missed == 0 && missedCritical == 0 && criticalDelayed == 0
                    && timeCriticalNilByMouth == 0 && missedFromBefore == 0 && missedCriticalFromBefore == 0
                    && criticalDelayedFromBefore == 0;
        }
    }

    /** The patient's doses held (charted), in no particular order: for an incident review. */
    public List<ChartedDose> chart(String patient) {
        Map<String, ScheduledDose> m = byPatient.get(patient);
        List<ChartedDose> out = new ArrayList<>();
        if (m != null) {
            for (ScheduledDose d : m.values()) {
                if (d.scheduledAt != ScheduledDose.NONE) {
                    out.add(new ChartedDose(d.doseId, d.unit, d.medicine, d.critical, d.medicineClass, d.dueAt,
                            d.outcome, d.reason, d.outcomeAt, d.cancelled()));
                }
            }
        }
        return out;
    }

    @Override
    public void apply(Event e) {
        switch (e.type()) {
            case DOSE_SCHEDULED -> scheduled(e, (Payload.DoseScheduled) e.payload());
            case DOSE_OUTCOME -> outcome(e, (Payload.DoseOutcome) e.payload());
            default -> { }
        }
    }

    private void scheduled(Event e, Payload.DoseScheduled s) {
        ScheduledDose d = doses.get(s.doseId());
        if (d != null && e.time() < d.scheduledAt) {
            return; // an older version of a schedule we already have
        }
        long now = ctx.now();
        if (s.dueAt() + RETAIN_MILLIS <= now) {
            // Too old for any "today": forget it, as its expiry would have.
            if (d != null) {
                forget(d, now);
            }
            return;
        }
        boolean isNew = d == null;
        if (isNew) {
            d = new ScheduledDose(s.doseId());
            doses.put(d.doseId, d);
        } else {
            count(d, -1);
            if (!d.patient.equals(s.patient())) {
                // the chart entry was corrected to another patient: the first patient's alert is not theirs
                unindex(d);
                if (d.alertUnit != null) {
                    alerts.resolve(d.alertUnit, AlertKind.CRITICAL_DOSE_MISSED, d.doseId, now,
                            "dose reassigned to another patient");
                    d.alertUnit = null;
                }
            }
        }
        d.patient = s.patient();
        d.medicine = s.medicine();
        d.critical = s.critical();
        d.medicineClass = s.medicineClass();
        d.timeCritical = policy.timeCritical(s.medicineClass());
        d.dueAt = s.dueAt();
        d.scheduledAt = e.time();
        d.graceEndsAt = s.dueAt() + policy.graceMinutes(s.medicineClass()) * 60_000L;
        d.windowPassed = now > d.graceEndsAt;
        Long gone = dischargedAt.get(d.patient);
        d.dischargedAt = gone == null ? ScheduledDose.NONE : gone;
        byPatient.computeIfAbsent(d.patient, p -> new LinkedHashMap<>(DOSES_A_PATIENT)).put(d.doseId, d);
        HeldOutcome h = held.remove(d.doseId);
        if (h != null) {
            timers.cancel(h.expiry);
            recordOutcome(d, h.outcome, h.at);
        }
        d.unit = owner(d, e.unit(), isNew);
        d.day = ctx.day(d.unit, d.dueAt);
        watchWindow(d);
        timers.cancel(d.expiry);
        d.expiry = timers.schedule(d.dueAt + RETAIN_MILLIS, FORGET_DOSE, d);
        count(d, +1);
        settle(d, now);
    }

    /** The dose's window deadline, pending while its window is open and the dose not cancelled. */
    private void watchWindow(ScheduledDose d) {
        timers.cancel(d.windowDeadline);
        d.windowDeadline = Deadlines.NONE;
        if (!d.windowPassed && !d.cancelled()) {
            // A deadline fires at due <= now; the window has passed only once the clock is beyond its end.
            d.windowDeadline = timers.schedule(d.graceEndsAt + 1, WINDOW_PASSED, d);
        }
    }

    /**
     * The unit that owns the dose: a dose still waiting for an outcome within its window is given where the patient
     * now is (census), else where the sender said; a given or missed dose stays where that happened.
     */
    private String owner(ScheduledDose d, String eventUnit, boolean isNew) {
        if (!d.open()) {
            return isNew ? eventUnit : d.unit;
        }
        Patient p = census.patient(d.patient);
        return p != null ? p.unit() : eventUnit;
    }

    private void outcome(Event e, Payload.DoseOutcome o) {
        ScheduledDose d = doses.get(o.doseId());
        if (d == null) {
            hold(e, o);
            return;
        }
        if (d.outcomeAt != ScheduledDose.NONE && e.time() < d.outcomeAt) {
            return; // an older outcome than the one recorded
        }
        count(d, -1);
        recordOutcome(d, o, e.time());
        count(d, +1);
        settle(d, ctx.now());
    }

    private long mismatchedOutcomes;

    private void recordOutcome(ScheduledDose d, Payload.DoseOutcome o, long at) {
        if (!d.patient.equals(o.patient())) {
            // Never let a feed error mark another patient's dose as given. A feed that always does this must not
            // flood the log (or slow the engine thread): the 1st, 2nd, 4th, 8th… are logged, with the count.
            long n = ++mismatchedOutcomes;
            if (Long.bitCount(n) == 1) {
                LOG.warn("dose outcome for {} names another patient than its schedule; ignored ({} so far)", d.doseId, n);
            }
            return;
        }
        d.outcome = o.outcome();
        d.reason = o.outcome() == DoseResult.GIVEN ? null : o.reason();
        d.outcomeAt = at;
    }

    private void hold(Event e, Payload.DoseOutcome o) {
        HeldOutcome previous = held.get(o.doseId());
        if (previous != null && e.time() < previous.at) {
            return;
        }
        if (e.time() + RETAIN_MILLIS <= ctx.now()) {
            return; // its dose could only be older than anything we keep
        }
        if (previous != null) {
            timers.cancel(previous.expiry);
        }
        HeldOutcome h = new HeldOutcome(o, e.time());
        h.expiry = timers.schedule(e.time() + RETAIN_MILLIS, FORGET_HELD, h);
        held.put(o.doseId(), h);
    }

    @Override
    public void deadline(int kind, Object subject, long due, long now) {
        switch (kind) {
            case WINDOW_PASSED -> windowPassed((ScheduledDose) subject, now);
            case FORGET_DOSE -> forget((ScheduledDose) subject, now);
            case FORGET_HELD -> {
                HeldOutcome h = (HeldOutcome) subject;
                held.remove(h.outcome.doseId(), h);
            }
            // unless a later discharge replaced it
            default -> dischargedAt.remove((String) subject, due - RETAIN_MILLIS);
        }
    }

    private void windowPassed(ScheduledDose d, long now) {
        d.windowDeadline = Deadlines.NONE;
        count(d, -1);
        d.windowPassed = true;
        count(d, +1);
        settle(d, now);
    }

    /** Brings the dose's alert and red flag in line with whether it is missed. */
    private void settle(ScheduledDose d, long now) {
        boolean missedCritical = d.critical && d.missed();
        boolean redFlag = (d.missed() || d.delayed())
                && (d.critical || policy.redFlagOmissions() == Policies.RedFlagOmissions.ALL);
        if (redFlag != d.redFlagged) {
            d.redFlagged = redFlag;
            // NICE SG1 red flag 1 for a dose missed, or given after its window (omitted while the window lasted),
            // whatever order its records came in; against the shift on which it became an omission. An omission
            // corrected to given within the window was no unplanned omission: withdrawn.
            if (redFlag) {
                redFlags.redFlag(d.unit, SafeStaffingRedFlag.UNPLANNED_MEDICINE_OMISSION, d.doseId, omittedAt(d));
            } else {
                redFlags.withdraw(d.unit, SafeStaffingRedFlag.UNPLANNED_MEDICINE_OMISSION, d.doseId);
            }
        }
        if (missedCritical && d.dischargedAt == ScheduledDose.NONE) {
            String unit = d.alertUnit != null ? d.alertUnit : patientUnit(d);
            alerts.raise(unit, AlertKind.CRITICAL_DOSE_MISSED, AlertKind.CRITICAL_DOSE_MISSED.defaultSeverity(),
                    d.doseId, d.patient, census.bedOf(d.patient), detail(d), now);
            d.alertUnit = unit;
        } else if (d.alertUnit != null) {
            alerts.resolve(d.alertUnit, AlertKind.CRITICAL_DOSE_MISSED, d.doseId, now, resolution(d));
            d.alertUnit = null;
        }
    }

    /**
     * When the dose became an unplanned omission: its recorded omission (never before it was due), else the end of
     * its window, when no administration had been recorded (a dose given late too). NICE SG1 red flags "prompt an
     * immediate escalation response" (reference/staffing.md), and a shift's red-flag alert lives while its shift
     * does: counted against the shift it was due on, a dose due in the last grace window of a shift (a 07:00 dose on
     * a ward whose day starts at 07:30) was found missed after that shift had ended, so it raised no alert and, on the
     * night before, was on no day's live tile either (found by an audit).
     */
    private static long omittedAt(ScheduledDose d) {
        return d.outcome == DoseResult.OMITTED ? Math.max(d.dueAt, d.outcomeAt) : d.graceEndsAt + 1;
    }

    /** Alerts go where the patient is now, for the nurse who can act on them. */
    private String patientUnit(ScheduledDose d) {
        Patient p = census.patient(d.patient);
        return p != null ? p.unit() : d.unit;
    }

    private String detail(ScheduledDose d) {
        String due = DUE.format(Instant.ofEpochMilli(d.dueAt).atZone(ctx.unit(d.unit).zone()));
        String why = d.outcome == null ? "no administration recorded"
                : "omitted, " + (d.reason == null ? "no reason recorded" : d.reason.label());
        return "Critical medicine " + d.medicine + " due " + due + ": " + why;
    }

    private static String resolution(ScheduledDose d) {
        if (d.delayed()) {
            return "given late, " + (d.outcomeAt - d.dueAt) / 60_000L + " min after due";
        }
        if (d.outcome == DoseResult.GIVEN) {
            return "dose given";
        }
        if (d.dischargedAt != ScheduledDose.NONE) {
            return "patient discharged";
        }
        if (d.outcome == DoseResult.OMITTED) {
            return "omission reason recorded: " + d.reason;
        }
        return d.critical ? "rescheduled" : "no longer a critical medicine";
    }

    /**
     * Adds ({@code sign} +1) or removes (-1) the dose's contribution to its unit's counts for its day, and to the
     * board's daily series of critical doses missed and delayed.
     */
    private void count(ScheduledDose d, int sign) {
        if (d.cancelled()) {
            return;
        }
        if (d.critical) {
            board.add(d.unit, BoardMetric.MISSED_CRITICAL_DOSES, d.day, d.missed() ? sign : 0, sign);
            board.add(d.unit, BoardMetric.DELAYED_CRITICAL_DOSES, d.day, d.delayed() ? sign : 0, sign);
        }
        dayCounts(d, sign);
    }

    /**
     * The dose's contribution to its unit's counts for its day only: what forgetting an expired dose takes away
     * (the board's series keep it, for as many days as they keep).
     */
    private void dayCounts(ScheduledDose d, int sign) {
        if (d.cancelled()) {
            return;
        }
        Map<LocalDate, DayCounts> days = counts.computeIfAbsent(d.unit, u -> new HashMap<>());
        DayCounts c = days.computeIfAbsent(d.day, x -> new DayCounts());
        boolean missed = d.missed();
        boolean late = d.critical && d.delayed();
        c.due += sign;
        if (d.critical) {
            c.criticalDue += sign;
        }
        if (missed) {
            c.missed += sign;
            if (d.critical) {
                c.missedCritical += sign;
            }
        }
        if (late) {
            c.criticalDelayed += sign;
        }
        if (d.timeCriticalNilByMouth()) {
            c.timeCriticalNilByMouth += sign;
        }
        if (c.empty()) {
            days.remove(d.day);
        }
        // A dose due late in the evening and missed (or given late) after midnight belongs to the day it was due,
        // whose live tile has gone: it is in the next day's live figures too, or the ward would never see it
        // (found by an independent check: a Parkinson's dose due 23:45 and missed was on no tile of either day).
        if (missed || late) {
            LocalDate on = ctx.day(d.unit, missed && d.outcome == null ? d.graceEndsAt + 1 : d.outcomeAt);
            if (on.isAfter(d.day)) {
                DayCounts after = days.computeIfAbsent(on, x -> new DayCounts());
                if (missed) {
                    after.missedFromBefore += sign;
                    if (d.critical) {
                        after.missedCriticalFromBefore += sign;
                    }
                }
                if (late) {
                    after.criticalDelayedFromBefore += sign;
                }
                if (after.empty()) {
                    days.remove(on);
                }
            }
        }
        ctx.changed(d.unit);
    }

    /** The record's retention ended (or a schedule came too late to matter): drops it and its alert. */
    private void forget(ScheduledDose d, long now) {
        dayCounts(d, -1);
        timers.cancel(d.windowDeadline);
        d.windowDeadline = Deadlines.NONE;
        timers.cancel(d.expiry);
        d.expiry = Deadlines.NONE;
        if (d.alertUnit != null) {
            alerts.resolve(d.alertUnit, AlertKind.CRITICAL_DOSE_MISSED, d.doseId, now, "dose record expired");
            d.alertUnit = null;
        }
        doses.remove(d.doseId);
        unindex(d);
    }

    private void unindex(ScheduledDose d) {
        Map<String, ScheduledDose> m = byPatient.get(d.patient);
        if (m != null && m.remove(d.doseId) != null && m.isEmpty()) {
            byPatient.remove(d.patient);
        }
    }

    /**
     * Back on the ward the doses were scheduled on (a discharge cancelled, HL7 A13, arrives as an admission; or a
     * readmission): what the discharge cancelled and is due after this admission is due again, counted and alerted
     * (found by an independent check: a Parkinson's dose went unnoticed). What fell due while away stays cancelled.
     */
    @Override
    public void admitted(Patient p, long at) {
        dischargedAt.remove(p.id());
        Map<String, ScheduledDose> m = byPatient.get(p.id());
        if (m == null) {
            return;
        }
        long now = ctx.now();
        for (ScheduledDose d : m.values()) { // in the order scheduled: replay schedules deadlines alike
            if (d.cancelled() && d.dueAt > at && d.unit.equals(p.unit())) {
                d.dischargedAt = ScheduledDose.NONE;
                d.windowPassed = now > d.graceEndsAt;
                watchWindow(d);
                count(d, +1);
                settle(d, now);
            }
        }
    }

    @Override
    public void transferred(Patient p, String fromUnit, long at) {
        if (!(ctx.unit(p.unit()) instanceof Ward)) {
            discharged(p, fromUnit, at); // into a care home: its own rules (RESTORE2) take over, not a ward's
            return;
        }
        Map<String, ScheduledDose> m = byPatient.get(p.id());
        if (m == null) {
            return;
        }
        for (ScheduledDose d : m.values()) {
            if (fromUnit.equals(d.alertUnit)) {
                d.alertUnit = p.unit(); // the alert book has moved it with the patient
            }
            if (d.open() && !d.unit.equals(p.unit())) {
                count(d, -1);
                d.unit = p.unit();
                d.day = ctx.day(d.unit, d.dueAt);
                count(d, +1);
            }
        }
    }

    @Override
    public void discharged(Patient p, String unit, long at) {
        dischargedAt.put(p.id(), at);
        timers.schedule(at + RETAIN_MILLIS, FORGET_DISCHARGE, p.id());
        Map<String, ScheduledDose> m = byPatient.get(p.id());
        if (m == null) {
            return;
        }
        long now = ctx.now();
        for (ScheduledDose d : m.values()) {
            count(d, -1);
            d.dischargedAt = at;
            if (d.cancelled()) {
                timers.cancel(d.windowDeadline);
                d.windowDeadline = Deadlines.NONE;
            }
            count(d, +1);
            settle(d, now);
        }
    }

    @Override
    public int snapshotVersion() {
        return 2; // 2: a day's figures of doses due on an earlier one
    }

    /**
     * Every dose, patient by patient (sorted by id) in the order the patient's doses were scheduled (a transfer or
     * discharge goes through them in it); the outcomes held for a schedule; the discharges remembered; each unit's
     * daily counts; the count of mismatched outcomes (it paces the log).
     */
    @Override
    public void writeSnapshot(SnapshotOut out) {
        Map<String, Map<String, ScheduledDose>> patients = new TreeMap<>(byPatient);
        out.writeCount(patients.size());
        for (Map.Entry<String, Map<String, ScheduledDose>> p : patients.entrySet()) {
            out.writeString(p.getKey());
            out.writeCount(p.getValue().size());
            for (ScheduledDose d : p.getValue().values()) {
                d.write(out);
            }
        }
        Map<String, HeldOutcome> waiting = new TreeMap<>(held);
        out.writeCount(waiting.size());
        for (HeldOutcome h : waiting.values()) {
            Payload.DoseOutcome o = h.outcome;
            out.writeString(o.doseId());
            out.writeString(o.patient());
            out.writeEnum(o.outcome());
            out.writeEnum(o.reason());
            out.writeLong(h.at);
            out.writeLong(h.expiry);
        }
        out.writeTimes(dischargedAt);
        Map<String, Map<LocalDate, DayCounts>> units = new TreeMap<>(counts);
        out.writeCount(units.size());
        for (Map.Entry<String, Map<LocalDate, DayCounts>> u : units.entrySet()) {
            out.writeString(u.getKey());
            Map<LocalDate, DayCounts> days = new TreeMap<>(u.getValue());
            out.writeCount(days.size());
            for (Map.Entry<LocalDate, DayCounts> day : days.entrySet()) {
                DayCounts c = day.getValue();
                out.writeDate(day.getKey());
                out.writeInt(c.due);
                out.writeInt(c.criticalDue);
                out.writeInt(c.missed);
                out.writeInt(c.missedCritical);
                out.writeInt(c.criticalDelayed);
                out.writeInt(c.timeCriticalNilByMouth);
                out.writeInt(c.missedFromBefore);
                out.writeInt(c.missedCriticalFromBefore);
                out.writeInt(c.criticalDelayedFromBefore);
            }
        }
        out.writeLong(mismatchedOutcomes);
    }

    @Override
    public void readSnapshot(SnapshotIn in) {
        int patients = in.readCount();
        for (int i = 0; i < patients; i++) {
            String patient = in.readString();
            Map<String, ScheduledDose> m = new LinkedHashMap<>(DOSES_A_PATIENT);
            int n = in.readCount();
            for (int j = 0; j < n; j++) {
                ScheduledDose d = ScheduledDose.read(in);
                if (!d.patient.equals(patient) || doses.put(d.doseId, d) != null) {
                    throw new SnapshotIn.Corrupt("dose " + d.doseId + " repeated or under another patient");
                }
                m.put(d.doseId, d);
            }
            byPatient.put(patient, m);
        }
        int waiting = in.readCount();
        for (int i = 0; i < waiting; i++) {
            Payload.DoseOutcome o = new Payload.DoseOutcome(in.readString(), in.readString(),
                    in.readEnum(DoseResult.values()), in.readEnum(OmissionReason.values()));
            HeldOutcome h = new HeldOutcome(o, in.readLong());
            h.expiry = in.readLong();
            held.put(o.doseId(), h);
        }
        in.readTimes(dischargedAt);
        int units = in.readCount();
        for (int i = 0; i < units; i++) {
            Map<LocalDate, DayCounts> days = new HashMap<>();
            counts.put(in.readString(), days);
            int n = in.readCount();
            for (int j = 0; j < n; j++) {
                LocalDate day = in.readDate();
                DayCounts c = new DayCounts();
                c.due = in.readInt();
                c.criticalDue = in.readInt();
                c.missed = in.readInt();
                c.missedCritical = in.readInt();
                c.criticalDelayed = in.readInt();
                c.timeCriticalNilByMouth = in.readInt();
                c.missedFromBefore = in.readInt();
                c.missedCriticalFromBefore = in.readInt();
                c.criticalDelayedFromBefore = in.readInt();
                days.put(day, c);
            }
        }
        mismatchedOutcomes = in.readLong();
    }

    /**
     * A dose's window or expiry is about the dose (its id), a held outcome's expiry about the outcome (its dose id),
     * a discharge's about the patient (their id, already a string).
     */
    @Override
    public void writeSubject(int kind, Object subject, SnapshotOut out) {
        switch (kind) {
            case WINDOW_PASSED, FORGET_DOSE -> {
                ScheduledDose d = (ScheduledDose) subject;
                if (doses.get(d.doseId) != d) {
                    throw new IllegalStateException("a deadline of dose " + d.doseId + ", no longer held");
                }
                out.writeString(d.doseId);
            }
            case FORGET_HELD -> {
                HeldOutcome h = (HeldOutcome) subject;
                if (held.get(h.outcome.doseId()) != h) {
                    throw new IllegalStateException("a deadline of an outcome no longer held");
                }
                out.writeString(h.outcome.doseId());
            }
            default -> out.writeString((String) subject);
        }
    }

    @Override
    public Object readSubject(int kind, SnapshotIn in) {
        String id = in.readString();
        Object subject = switch (kind) {
            case WINDOW_PASSED, FORGET_DOSE -> doses.get(id);
            case FORGET_HELD -> held.get(id);
            default -> id;
        };
        if (subject == null) {
            throw new SnapshotIn.Corrupt("a medicines deadline for " + id + ", not in the snapshot");
        }
        return subject;
    }

    /** The unit's doses on its local {@code today}, as on the reference ward dashboard. */
    @Override
    public MedicinesSummary summary(String unit, LocalDate today) {
        Map<LocalDate, DayCounts> days = counts.get(unit);
        DayCounts c = days == null ? null : days.get(today);
        return c == null ? MedicinesSummary.NONE : new MedicinesSummary(c.due, c.criticalDue,
                c.missed + c.missedFromBefore, c.missedCritical + c.missedCriticalFromBefore,
                c.criticalDelayed + c.criticalDelayedFromBefore, c.timeCriticalNilByMouth);
    }
}
