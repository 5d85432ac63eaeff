package org.vigil.server.assessments;

import org.vigil.events.AssessmentKind;
import org.vigil.events.Event;
import org.vigil.events.Payload;
import org.vigil.organisation.CareHome;
import org.vigil.organisation.Policies;
import org.vigil.organisation.Unit;
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

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Admission risk assessments (reference/assessments.md): which are due for each inpatient, and which are
 * outstanding — not completed, and their due time has passed — counted per kind on the ward wall, each with an
 * ASSESSMENT_OVERDUE alert.
 *
 * <ul>
 *   <li>On admission every kind in policy whose age rule admits the patient is due at admission + dueHours
 *       (defaults: VTE 16+ within 14 h, NHS England; PRESSURE_ULCER all within 6 h, NICE QS89; MUST all within
 *       24 h, NICE CG32; FALLS 65+ within 24 h, NICE CG161/NG249). "Within" includes the last millisecond: an
 *       assessment is outstanding only once the clock is strictly past its due time.</li>
 *   <li>Age unknown (-1) fails safe: every age-dependent kind applies (VTE from 16, FALLS from 65), since a
 *       missing age must not be what keeps an 80-year-old's falls assessment off the list. When an age arrives
 *       (an admission or transfer for the patient on the same unit carrying {@code age}, or a transfer
 *       elsewhere), kinds it brings in are added and kinds it rules out are withdrawn, with their alerts,
 *       unless completed already or declared by an {@code assessment} event.</li>
 *   <li>Where: on wards every kind in policy applies. In a care home with nursing ({@code nursing: true})
 *       PRESSURE_ULCER applies, due within its policy hours of admission (NICE QS89 statement 1: "people admitted
 *       to hospital or a care home with nursing have a pressure ulcer risk assessment within 6 hours of
 *       admission"); the other kinds are hospital admission standards (VTE: NHS England's data collection of
 *       hospital admissions; FALLS: NICE NG249 for inpatients) and are not raised in care homes, where Vigil's
 *       feed is the RESTORE2 tablet. An {@code assessment} event can still declare any kind required there.</li>
 *   <li>A kind with {@code repeatDays} (MUST: weekly, NICE CG32) is due again that many days after completion.</li>
 *   <li>An {@code assessment} event with completed=true clears the kind; completed=false declares it required now
 *       (the route for NICE's "50–64 judged at higher risk" falls assessment and for kinds without a policy such as
 *       ALCOHOL or STROKE): due at once without a policy, at event time + dueHours with one, but never later than
 *       a due time already set. For each patient and kind the latest event by event time wins.</li>
 * </ul>
 *
 * Assessments follow the patient on transfer and end at discharge. An assessment recorded before the admission
 * message arrives (e.g. done in the emergency department) is held and applied when it does; one timed before the
 * patient's last discharge belongs to that stay and is ignored. Engine thread only.
 */
public final class Assessments implements Feature, CensusListener, Deadlines.Owner, SnapshotSlice {
    /** How long an assessment for a patient not (yet) admitted is held, and a discharge remembered. */
    static final long HOLD_MILLIS = 48 * 3_600_000L;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final long NONE = Long.MIN_VALUE;
    private static final DateTimeFormatter DUE = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.UK);
    /** Deadline kinds: a requirement becomes outstanding; a held assessment lapses; a discharge is forgotten. */
    private static final int OUTSTANDING = 0;
    private static final int FORGET_HELD = 1;
    private static final int FORGET_DISCHARGE = 2;

    private final RuleContext ctx;
    private final Movements census;
    private final AlertBook alerts;
    private final Deadlines.Timers timers;
    private final Map<String, AssessedPatient> patients = new HashMap<>();
    private final Map<String, Map<String, AssessedPatient>> byUnit = new HashMap<>();
    private final Map<String, List<Held>> held = new HashMap<>();
    private final Map<String, Long> dischargedAt = new HashMap<>();

    public Assessments(RuleContext ctx, Movements census, AlertBook alerts) {
        this.ctx = ctx;
        this.census = census;
        this.alerts = alerts;
        this.timers = ctx.timers(this, name());
    }

    /** An inpatient's assessments on this stay. */
    private static final class AssessedPatient {
        final String id;
        String unit;
        long admittedAt;
        final Map<AssessmentKind, Requirement> kinds = new EnumMap<>(AssessmentKind.class);

        AssessedPatient(String id, String unit, long admittedAt) {
            this.id = id;
            this.unit = unit;
            this.admittedAt = admittedAt;
        }
    }

    /** One kind for one patient: due (pending) or done. */
    private static final class Requirement {
        final AssessedPatient patient;
        final AssessmentKind kind;
        boolean pending;
        long dueAt;
        /** No window (declared without a policy): outstanding from the due time itself, not after it. */
        boolean immediate;
        boolean outstanding;
        /** Required by policy (age and setting), not declared by an event: an age learned later may withdraw it. */
        boolean byPolicy;
        long lastEventAt = NONE;
        long deadline = Deadlines.NONE;

        Requirement(AssessedPatient patient, AssessmentKind kind) {
            this.patient = patient;
            this.kind = kind;
        }

        long outstandingFrom() {
            return outstandingFrom(dueAt, immediate);
        }

        static long outstandingFrom(long dueAt, boolean immediate) {
            return immediate ? dueAt : dueAt + 1;
        }
    }

    /** An assessment event for a patient the census does not have (yet). */
    private static final class Held {
        final Payload.Assessment assessment;
        final long at;
        long expiry = Deadlines.NONE;

        Held(Payload.Assessment assessment, long at) {
            this.assessment = assessment;
            this.at = at;
        }
    }

    @Override
    public void apply(Event e) {
        Payload.Assessment a = (Payload.Assessment) e.payload();
        Long gone = dischargedAt.get(a.patient());
        if (gone != null && e.time() <= gone) {
            return; // belongs to a stay that has ended
        }
        AssessedPatient p = patients.get(a.patient());
        if (p == null) {
            hold(a, e.time());
            return;
        }
        record(p, a, e.time());
    }

    private void record(AssessedPatient p, Payload.Assessment a, long at) {
        Requirement r = p.kinds.get(a.kind());
        if (r == null) {
            r = new Requirement(p, a.kind());
            p.kinds.put(a.kind(), r);
        }
        if (at < r.lastEventAt) {
            return; // older than what we know of this kind
        }
        r.lastEventAt = at;
        r.byPolicy = false;
        long now = ctx.now();
        if (a.completed()) {
            complete(p, r, at, now);
        } else {
            Policies.AssessmentPolicy policy = ctx.policies().assessments().get(a.kind());
            if (policy == null) {
                require(p, r, at, true, now);
            } else {
                require(p, r, at + policy.dueHours() * HOUR, false, now);
            }
        }
        ctx.changed(p.unit);
    }

    private void complete(AssessedPatient p, Requirement r, long at, long now) {
        cancel(r);
        if (r.outstanding) {
            alerts.resolve(p.unit, AlertKind.ASSESSMENT_OVERDUE, subject(p, r.kind), now, "assessment completed");
        }
        r.pending = false;
        r.outstanding = false;
        Policies.AssessmentPolicy policy = ctx.policies().assessments().get(r.kind);
        if (policy != null && policy.repeatDays() > 0) {
            // NICE CG32: rescreen (weekly by default) counted from the completed screen
            require(p, r, at + policy.repeatDays() * DAY, false, now);
        }
    }

    /** Makes the kind due at {@code dueAt}, unless it is already due no later than that. */
    private void require(AssessedPatient p, Requirement r, long dueAt, boolean immediate, long now) {
        long from = Requirement.outstandingFrom(dueAt, immediate);
        if (r.pending && r.outstandingFrom() <= from) {
            return;
        }
        cancel(r);
        r.pending = true;
        r.dueAt = dueAt;
        r.immediate = immediate;
        if (now >= from) {
            outstanding(p, r, now);
        } else {
            // a deadline fires at due <= now, so it sits at the first outstanding instant
            r.deadline = timers.schedule(from, OUTSTANDING, r);
        }
    }

    @Override
    public void deadline(int kind, Object subject, long due, long now) {
        switch (kind) {
            case OUTSTANDING -> {
                Requirement r = (Requirement) subject;
                outstanding(r.patient, r, now);
            }
            case FORGET_HELD -> {
                Held h = (Held) subject;
                List<Held> list = held.get(h.assessment.patient());
                if (list != null) {
                    list.remove(h);
                    if (list.isEmpty()) {
                        held.remove(h.assessment.patient());
                    }
                }
            }
            // unless a later discharge replaced it
            default -> dischargedAt.remove((String) subject, due - HOLD_MILLIS);
        }
    }

    private void outstanding(AssessedPatient p, Requirement r, long now) {
        r.deadline = Deadlines.NONE;
        r.outstanding = true;
        String due = DUE.format(Instant.ofEpochMilli(r.dueAt).atZone(ctx.unit(p.unit).zone()));
        alerts.raise(p.unit, AlertKind.ASSESSMENT_OVERDUE, AlertKind.ASSESSMENT_OVERDUE.defaultSeverity(),
                subject(p, r.kind), p.id, census.bedOf(p.id), r.kind.label() + " risk assessment overdue, due " + due, now);
        ctx.changed(p.unit);
    }

    private void cancel(Requirement r) {
        timers.cancel(r.deadline);
        r.deadline = Deadlines.NONE;
    }

    private static String subject(AssessedPatient p, AssessmentKind kind) {
        return p.id + ':' + kind.name();
    }

    private void hold(Payload.Assessment a, long at) {
        if (at + HOLD_MILLIS <= ctx.now()) {
            return;
        }
        List<Held> list = held.computeIfAbsent(a.patient(), k -> new ArrayList<>());
        Held h = new Held(a, at);
        list.add(h);
        h.expiry = timers.schedule(at + HOLD_MILLIS, FORGET_HELD, h);
    }

    /**
     * Every kind in policy that applies on the patient's unit and whose age rule admits them, and that is not yet
     * tracked, becomes due; a pending kind that policy required only because the age was unknown is withdrawn
     * once an age rules it out.
     */
    private void requireByPolicy(AssessedPatient p, int age, long now) {
        Map<AssessmentKind, Policies.AssessmentPolicy> policies = ctx.policies().assessments();
        Unit unit = ctx.unit(p.unit);
        for (AssessmentKind kind : AssessmentKind.values()) { // enum order: replay schedules deadlines alike
            Policies.AssessmentPolicy policy = policies.get(kind);
            if (policy == null || !appliesIn(unit, kind)) {
                continue;
            }
            Requirement r = p.kinds.get(kind);
            if (applies(policy, age)) {
                if (r == null) {
                    r = new Requirement(p, kind);
                    r.byPolicy = true;
                    p.kinds.put(kind, r);
                    require(p, r, p.admittedAt + policy.dueHours() * HOUR, false, now);
                }
            } else if (r != null && r.byPolicy && r.pending) {
                withdraw(p, r, age, now);
            }
        }
    }

    /** An age unknown (-1) fails safe: every age-dependent kind applies until an age says otherwise. */
    static boolean applies(Policies.AssessmentPolicy policy, int age) {
        return age < 0 || age >= policy.minAge();
    }

    /** Wards: every kind in policy. Care homes with nursing: PRESSURE_ULCER (NICE QS89 statement 1). */
    static boolean appliesIn(Unit unit, AssessmentKind kind) {
        if (unit instanceof CareHome home) {
            return home.nursing() && kind == AssessmentKind.PRESSURE_ULCER;
        }
        return true;
    }

    private void withdraw(AssessedPatient p, Requirement r, int age, long now) {
        cancel(r);
        if (r.outstanding) {
            alerts.resolve(p.unit, AlertKind.ASSESSMENT_OVERDUE, subject(p, r.kind), now,
                    "not required at age " + age);
        }
        p.kinds.remove(r.kind);
        ctx.changed(p.unit);
    }

    @Override
    public void admitted(Patient patient, long at) {
        AssessedPatient p = new AssessedPatient(patient.id(), patient.unit(), at);
        patients.put(p.id, p);
        byUnit.computeIfAbsent(p.unit, u -> new HashMap<>()).put(p.id, p);
        requireByPolicy(p, patient.age(), ctx.now());
        List<Held> early = held.remove(p.id);
        if (early != null) {
            early.sort((x, y) -> Long.compare(x.at, y.at)); // stable: ties keep arrival order
            for (Held h : early) {
                timers.cancel(h.expiry);
                record(p, h.assessment, h.at);
            }
        }
        ctx.changed(p.unit);
    }

    /** What policy made due from admission is due from the earlier admission (overdue at once if that is past). */
    @Override
    public void admittedEarlier(Patient patient, long was) {
        AssessedPatient p = patients.get(patient.id());
        if (p == null || patient.admittedAt() >= p.admittedAt) {
            return;
        }
        p.admittedAt = patient.admittedAt();
        long now = ctx.now();
        for (Requirement r : p.kinds.values()) { // an EnumMap: replay schedules deadlines alike
            Policies.AssessmentPolicy policy = ctx.policies().assessments().get(r.kind);
            if (r.byPolicy && r.pending && policy != null) {
                require(p, r, p.admittedAt + policy.dueHours() * HOUR, false, now);
            }
        }
        ctx.changed(p.unit);
    }

    @Override
    public void transferred(Patient patient, String fromUnit, long at) {
        if (ctx.unit(fromUnit) instanceof Ward != ctx.unit(patient.unit()) instanceof Ward) {
            // between a ward and a care home: the receiving unit's policy decides what is required, from now
            discharged(patient, fromUnit, at);
            admitted(patient, at);
            return;
        }
        AssessedPatient p = patients.get(patient.id());
        if (p == null) {
            admitted(patient, patient.admittedAt());
            return;
        }
        if (!p.unit.equals(patient.unit())) {
            Map<String, AssessedPatient> from = byUnit.get(p.unit);
            if (from != null) {
                from.remove(p.id);
            }
            ctx.changed(p.unit);
            p.unit = patient.unit();
            byUnit.computeIfAbsent(p.unit, u -> new HashMap<>()).put(p.id, p);
        }
        // the alert book has moved their alerts; an age first given on this transfer may bring in a kind (FALLS)
        requireByPolicy(p, patient.age(), ctx.now());
        ctx.changed(p.unit);
    }

    @Override
    public void ageChanged(Patient patient, long at) {
        AssessedPatient p = patients.get(patient.id());
        if (p != null) {
            requireByPolicy(p, patient.age(), ctx.now());
            ctx.changed(p.unit);
        }
    }

    @Override
    public void discharged(Patient patient, String unit, long at) {
        dischargedAt.put(patient.id(), at);
        timers.schedule(at + HOLD_MILLIS, FORGET_DISCHARGE, patient.id());
        AssessedPatient p = patients.remove(patient.id());
        if (p == null) {
            return;
        }
        Map<String, AssessedPatient> m = byUnit.get(p.unit);
        if (m != null) {
            m.remove(p.id);
        }
        for (Requirement r : p.kinds.values()) {
            cancel(r);
        }
        ctx.changed(p.unit);
        // their alerts are resolved by the engine with every other alert about them
    }

    /** Patients on the unit now with any assessment outstanding (the board's daily census reads it). */
    public int patientsOutstanding(String unit) {
        return summary(unit, null).patientsWithOutstandingAssessments();
    }

    @Override
    public int snapshotVersion() {
        return 1;
    }

    /**
     * Every inpatient followed (sorted by id) with each kind tracked; the assessments held for an admission, per
     * patient in arrival order (they are applied in it); the discharges remembered.
     */
    @Override
    public void writeSnapshot(SnapshotOut out) {
        Map<String, AssessedPatient> sorted = new TreeMap<>(patients);
        out.writeCount(sorted.size());
        for (AssessedPatient p : sorted.values()) {
            out.writeString(p.id);
            out.writeString(p.unit);
            out.writeLong(p.admittedAt);
            out.writeCount(p.kinds.size());
            for (Requirement r : p.kinds.values()) {
                out.writeEnum(r.kind);
                out.writeBoolean(r.pending);
                out.writeLong(r.dueAt);
                out.writeBoolean(r.immediate);
                out.writeBoolean(r.outstanding);
                out.writeBoolean(r.byPolicy);
                out.writeLong(r.lastEventAt);
                out.writeLong(r.deadline);
            }
        }
        Map<String, List<Held>> waiting = new TreeMap<>(held);
        out.writeCount(waiting.size());
        for (Map.Entry<String, List<Held>> w : waiting.entrySet()) {
            out.writeString(w.getKey());
            out.writeCount(w.getValue().size());
            for (Held h : w.getValue()) {
                out.writeEnum(h.assessment.kind());
                out.writeBoolean(h.assessment.completed());
                out.writeLong(h.at);
                out.writeLong(h.expiry);
            }
        }
        out.writeTimes(dischargedAt);
    }

    @Override
    public void readSnapshot(SnapshotIn in) {
        int n = in.readCount();
        for (int i = 0; i < n; i++) {
            AssessedPatient p = new AssessedPatient(in.readString(), in.readString(), in.readLong());
            if (p.id == null || ctx.unit(p.unit) == null) {
                throw new SnapshotIn.Corrupt("an assessed patient without an id or on a unit not in the organisation");
            }
            int kinds = in.readCount();
            for (int j = 0; j < kinds; j++) {
                Requirement r = new Requirement(p, kind(in));
                r.pending = in.readBoolean();
                r.dueAt = in.readLong();
                r.immediate = in.readBoolean();
                r.outstanding = in.readBoolean();
                r.byPolicy = in.readBoolean();
                r.lastEventAt = in.readLong();
                r.deadline = in.readLong();
                p.kinds.put(r.kind, r);
            }
            patients.put(p.id, p);
            byUnit.computeIfAbsent(p.unit, u -> new HashMap<>()).put(p.id, p);
        }
        int waiting = in.readCount();
        for (int i = 0; i < waiting; i++) {
            String patient = in.readString();
            int m = in.readCount();
            List<Held> list = new ArrayList<>(m);
            for (int j = 0; j < m; j++) {
                Held h = new Held(new Payload.Assessment(patient, kind(in), in.readBoolean()), in.readLong());
                h.expiry = in.readLong();
                list.add(h);
            }
            held.put(patient, list);
        }
        in.readTimes(dischargedAt);
    }

    private static AssessmentKind kind(SnapshotIn in) {
        AssessmentKind kind = in.readEnum(AssessmentKind.values());
        if (kind == null) {
            throw new SnapshotIn.Corrupt("an assessment without a kind");
        }
        return kind;
    }

    /**
     * A requirement's deadline is about the patient's kind (their id and the kind); a held assessment's about its
     * place in the patient's held list; a discharge's about the patient (their id, already a string).
     */
    @Override
    public void writeSubject(int kind, Object subject, SnapshotOut out) {
        switch (kind) {
            case OUTSTANDING -> {
                Requirement r = (Requirement) subject;
                if (patients.get(r.patient.id) != r.patient || r.patient.kinds.get(r.kind) != r) {
                    throw new IllegalStateException("an assessment deadline for a requirement no longer held");
                }
                out.writeString(r.patient.id);
                out.writeEnum(r.kind);
            }
            case FORGET_HELD -> {
                Held h = (Held) subject;
                List<Held> list = held.get(h.assessment.patient());
                int at = list == null ? -1 : list.indexOf(h);
                if (at < 0) {
                    throw new IllegalStateException("a deadline of an assessment no longer held");
                }
                out.writeString(h.assessment.patient());
                out.writeCount(at);
            }
            default -> out.writeString((String) subject);
        }
    }

    @Override
    public Object readSubject(int kind, SnapshotIn in) {
        String patient = in.readString();
        Object subject = switch (kind) {
            case OUTSTANDING -> {
                AssessedPatient p = patients.get(patient);
                AssessmentKind k = kind(in);
                yield p == null ? null : p.kinds.get(k);
            }
            case FORGET_HELD -> {
                List<Held> list = held.get(patient);
                int at = in.readCount();
                yield list == null || at >= list.size() ? null : list.get(at);
            }
            default -> patient;
        };
        if (subject == null) {
            throw new SnapshotIn.Corrupt("an assessments deadline for " + patient + ", not in the snapshot");
        }
        return subject;
    }

    /** The unit's outstanding assessments now, per kind (every kind present), and the patients with any. */
    @Override
    public AssessmentsSummary summary(String unit, LocalDate today) {
        int[] perKind = new int[AssessmentKind.values().length];
        int patientsOutstanding = 0;
        Map<String, AssessedPatient> m = byUnit.get(unit);
        if (m != null) {
            for (AssessedPatient p : m.values()) {
                boolean any = false;
                for (Requirement r : p.kinds.values()) {
                    if (r.outstanding) {
                        perKind[r.kind.ordinal()]++;
                        any = true;
                    }
                }
                if (any) {
                    patientsOutstanding++;
                }
            }
        }
        Map<AssessmentKind, Integer> kinds = new EnumMap<>(AssessmentKind.class);
        for (AssessmentKind k : AssessmentKind.values()) {
            kinds.put(k, perKind[k.ordinal()]);
        }
        return new AssessmentsSummary(Collections.unmodifiableMap(kinds), patientsOutstanding);
    }
}
