package org.vigil.server.assessments;

import io.vertx.core.json.JsonObject;
import org.vigil.events.AssessmentKind;
import org.vigil.events.Event;
import org.vigil.events.Payload;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.census.Patient;
import org.vigil.server.engine.DeadlineQueue;
import org.vigil.server.engine.Feature;
import org.vigil.server.engine.RuleContext;
import org.vigil.server.org.Policies;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 *   <li>Age unknown (-1): the patient is taken to be an adult of {@value #UNKNOWN_AGE_TAKEN_AS}, so kinds with a
 *       minimum age up to 16 apply (VTE, PRESSURE_ULCER, MUST) and FALLS (65+) does not; a clinician can still
 *       require it, and an age learned at a later transfer adds the kinds it brings in.</li>
 *   <li>A kind with {@code repeatDays} (MUST: weekly, NICE CG32) is due again that many days after completion.</li>
 *   <li>An {@code assessment} event with completed=true clears the kind; completed=false declares it required now
 *       (the route for NICE's "50–64 judged at higher risk" falls assessment and for kinds without a policy such as
 *       ALCOHOL or STROKE): due at once without a policy, at event time + dueHours with one, but never later than
 *       a due time already set. For each patient and kind the latest event by event time wins.</li>
 * </ul>
 *
 * Assessments follow the patient on transfer and end at discharge. An assessment recorded before the admission
 * message arrives (e.g. done in the emergency department) is held and applied when it does; one timed before the
 * patient's last discharge belongs to that stay and is ignored.
 */
public final class Assessments implements Feature {
    /** The age assumed when no feed gives one: an adult (NHS England's VTE standard covers all 16+). */
    static final int UNKNOWN_AGE_TAKEN_AS = 16;
    /** How long an assessment for a patient not (yet) admitted is held, and a discharge remembered. */
    static final long HOLD_MILLIS = 48 * 3_600_000L;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final long NONE = Long.MIN_VALUE;
    private static final DateTimeFormatter DUE = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.UK);

    private final RuleContext ctx;
    private final Map<String, AssessedPatient> patients = new HashMap<>();
    private final Map<String, Map<String, AssessedPatient>> byUnit = new HashMap<>();
    private final Map<String, List<Held>> held = new HashMap<>();
    private final Map<String, Long> dischargedAt = new HashMap<>();

    public Assessments(RuleContext ctx) {
        this.ctx = ctx;
    }

    /** An inpatient's assessments on this stay. */
    private static final class AssessedPatient {
        final String id;
        String unit;
        final long admittedAt;
        final Map<AssessmentKind, Requirement> kinds = new EnumMap<>(AssessmentKind.class);

        AssessedPatient(String id, String unit, long admittedAt) {
            this.id = id;
            this.unit = unit;
            this.admittedAt = admittedAt;
        }
    }

    /** One kind for one patient: due (pending) or done. */
    private static final class Requirement {
        final AssessmentKind kind;
        boolean pending;
        long dueAt;
        /** No window (declared without a policy): outstanding from the due time itself, not after it. */
        boolean immediate;
        boolean outstanding;
        long lastEventAt = NONE;
        DeadlineQueue.Deadline deadline;

        Requirement(AssessmentKind kind) {
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
        DeadlineQueue.Deadline expiry;

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
        Requirement r = p.kinds.computeIfAbsent(a.kind(), Requirement::new);
        if (at < r.lastEventAt) {
            return; // older than what we know of this kind
        }
        r.lastEventAt = at;
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
            ctx.alerts().resolve(p.unit, AlertKind.ASSESSMENT_OVERDUE, subject(p, r.kind), now, "assessment completed");
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
            // DeadlineQueue fires at due <= now, so the deadline sits at the first outstanding instant
            r.deadline = ctx.deadlines().schedule(from, t -> outstanding(p, r, t));
        }
    }

    private void outstanding(AssessedPatient p, Requirement r, long now) {
        r.deadline = null;
        r.outstanding = true;
        String due = DUE.format(Instant.ofEpochMilli(r.dueAt).atZone(ctx.unit(p.unit).zone()));
        ctx.alerts().raise(p.unit, AlertKind.ASSESSMENT_OVERDUE, AlertKind.ASSESSMENT_OVERDUE.defaultSeverity(),
                subject(p, r.kind), p.id, ctx.bedOf(p.id), r.kind.label() + " risk assessment overdue, due " + due, now);
        ctx.changed(p.unit);
    }

    private static void cancel(Requirement r) {
        if (r.deadline != null) {
            r.deadline.cancel();
            r.deadline = null;
        }
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
        h.expiry = ctx.deadlines().schedule(at + HOLD_MILLIS, t -> {
            list.remove(h);
            if (list.isEmpty()) {
                held.remove(a.patient(), list);
            }
        });
    }

    /** Every kind in policy whose age rule admits the patient and that is not yet tracked becomes due. */
    private void requireByPolicy(AssessedPatient p, int age, long now) {
        Map<AssessmentKind, Policies.AssessmentPolicy> policies = ctx.policies().assessments();
        for (AssessmentKind kind : AssessmentKind.values()) { // enum order: replay schedules deadlines alike
            Policies.AssessmentPolicy policy = policies.get(kind);
            if (policy != null && applies(policy, age) && !p.kinds.containsKey(kind)) {
                require(p, p.kinds.computeIfAbsent(kind, Requirement::new), p.admittedAt + policy.dueHours() * HOUR,
                        false, now);
            }
        }
    }

    static boolean applies(Policies.AssessmentPolicy policy, int age) {
        return (age >= 0 ? age : UNKNOWN_AGE_TAKEN_AS) >= policy.minAge();
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
                h.expiry.cancel();
                record(p, h.assessment, h.at);
            }
        }
        ctx.changed(p.unit);
    }

    @Override
    public void transferred(Patient patient, String fromUnit, long at) {
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
    public void discharged(Patient patient, String unit, long at) {
        dischargedAt.put(patient.id(), at);
        ctx.deadlines().schedule(at + HOLD_MILLIS, t -> dischargedAt.remove(patient.id(), at));
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

    @Override
    public void snapshot(String unit, LocalDate today, JsonObject out) {
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
        JsonObject kinds = new JsonObject();
        for (AssessmentKind k : AssessmentKind.values()) {
            kinds.put(k.name(), perKind[k.ordinal()]);
        }
        out.put("outstandingAssessments", kinds).put("patientsWithOutstandingAssessments", patientsOutstanding);
    }
}
