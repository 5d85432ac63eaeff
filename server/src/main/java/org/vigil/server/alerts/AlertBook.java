package org.vigil.server.alerts;

import io.vertx.core.json.JsonObject;
import org.vigil.server.engine.DailyCounter;
import org.vigil.server.engine.DeadlineQueue;
import org.vigil.server.engine.EngineClock;
import org.vigil.server.org.Policies;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Every alert's lifecycle. Rules say what is true ("this patient's NEWS2 is 7"); the book turns that into at
 * most one active alert per unit, kind and subject, escalates those left unacknowledged past policy, and resolves
 * them when the rule says the condition has cleared. A condition that clears and returns within the hold-down
 * reopens the same alert rather than raising a new one, so a flapping value does not flood the wall.
 *
 * <p>Ids are a sequence, and every input that moves an alert (events, clock ticks, acknowledgements) is in the
 * journal, so replay rebuilds the book exactly. Engine thread only.
 */
public final class AlertBook {
    /** Resolved alerts stay queryable this long (the day's burden figures and "resolved" lists need them). */
    private static final long KEEP_RESOLVED_MILLIS = 24 * 3_600_000L;

    /** The outcome of an acknowledgement request. */
    public enum AckOutcome { ACKNOWLEDGED, ALREADY_ACKNOWLEDGED, RESOLVED, UNKNOWN }

    private final DeadlineQueue deadlines;
    private final Policies.Escalation policy;
    private final Consumer<String> changed;
    private final Function<String, ZoneId> zones;
    private final Map<String, Alert> byId = new HashMap<>();
    private final Map<String, Alert> activeByKey = new HashMap<>();
    private final Map<String, Alert> resolvedByKey = new HashMap<>();
    private final Map<String, Map<String, Alert>> activeByUnit = new HashMap<>();
    private final Map<String, Burden> burden = new HashMap<>();
    private long sequence;

    public AlertBook(DeadlineQueue deadlines, Policies.Escalation policy, Function<String, ZoneId> zones,
                     Consumer<String> changed) {
        this.deadlines = deadlines;
        this.policy = policy;
        this.zones = zones;
        this.changed = changed;
    }

    static String key(String unit, AlertKind kind, String subject) {
        return unit + '\u0000' + kind.ordinal() + '\u0000' + subject;
    }

    /**
     * Makes sure an alert is active for this condition: raises it, updates the one already active, or reopens
     * one resolved within the hold-down.
     */
    public Alert raise(String unit, AlertKind kind, Severity severity, String subject, String patient, String bed,
                       String detail, long now) {
        String key = key(unit, kind, subject);
        Alert a = activeByKey.get(key);
        if (a != null) {
            if (a.severity() != severity || !detail.equals(a.detail()) || !java.util.Objects.equals(bed, a.bed())) {
                a.update(severity, bed, detail);
                changed.accept(unit);
            }
            return a;
        }
        Alert recent = resolvedByKey.remove(key);
        // The same episode only if about the same patient: a subject (a dose id) can be corrected to another.
        if (recent != null && java.util.Objects.equals(recent.patient(), patient)
                && now - recent.resolvedAt() < policy.holdDownMinutes() * 60_000L) {
            recent.reopen();
            recent.update(severity, bed, detail);
            activate(recent);
            if (recent.state() == AlertState.RAISED) {
                scheduleEscalation(recent, now);
            }
            return recent;
        }
        a = new Alert("AL-" + (++sequence), unit, kind, severity, subject, patient, bed, detail, now);
        byId.put(a.id(), a);
        activate(a);
        scheduleEscalation(a, now);
        burden(unit).raised.increment(day(unit, now));
        return a;
    }

    /** The condition cleared: resolves the active alert, if any. */
    public boolean resolve(String unit, AlertKind kind, String subject, long now, String why) {
        Alert a = activeByKey.get(key(unit, kind, subject));
        if (a == null) {
            return false;
        }
        resolve(a, now, why);
        return true;
    }

    /** Resolves every active alert about the patient on the unit (they were discharged). */
    public void resolvePatient(String patient, String unit, long now, String why) {
        for (Alert a : activeAbout(patient, unit)) {
            resolve(a, now, why);
        }
    }

    /** The patient moved: their active alerts move with them to the new unit and bed. */
    public void movePatient(String patient, String fromUnit, String toUnit, String bed) {
        for (Alert a : activeAbout(patient, fromUnit)) {
            deactivate(a);
            a.moveTo(toUnit, bed);
            activate(a);
            changed.accept(fromUnit);
        }
    }

    public AckOutcome acknowledge(String alertId, String by, String note, long now) {
        Alert a = byId.get(alertId);
        if (a == null) {
            return AckOutcome.UNKNOWN;
        }
        if (a.state() == AlertState.RESOLVED) {
            return AckOutcome.RESOLVED;
        }
        if (a.state() == AlertState.ACKNOWLEDGED) {
            return AckOutcome.ALREADY_ACKNOWLEDGED;
        }
        if (a.escalation != null) {
            a.escalation.cancel();
        }
        if (!a.escalated()) {
            burden(a.unit()).acknowledgedWithinTarget.increment(day(a.unit(), a.raisedAt()));
        }
        a.acknowledge(by, note, now);
        changed.accept(a.unit());
        return AckOutcome.ACKNOWLEDGED;
    }

    public Alert get(String id) {
        return byId.get(id);
    }

    public Alert active(String unit, AlertKind kind, String subject) {
        return activeByKey.get(key(unit, kind, subject));
    }

    /** The unit's active alerts, most severe first, then newest first (the wall's order). */
    public List<Alert> active(String unit) {
        Map<String, Alert> m = activeByUnit.get(unit);
        List<Alert> out = m == null ? new ArrayList<>() : new ArrayList<>(m.values());
        out.sort(WALL_ORDER);
        return out;
    }

    public static final Comparator<Alert> WALL_ORDER = Comparator.comparing(Alert::severity)
            .thenComparing(Comparator.comparingLong(Alert::raisedAt).reversed())
            .thenComparing(Alert::id);

    /** Every alert (active, or resolved within the last day) the filter admits, in the wall's order. */
    public List<Alert> find(Predicate<Alert> filter) {
        List<Alert> out = new ArrayList<>();
        for (Alert a : byId.values()) {
            if (filter.test(a)) {
                out.add(a);
            }
        }
        out.sort(WALL_ORDER);
        return out;
    }

    /** Alarm burden for the unit's day: alarm fatigue is itself a safety risk. */
    public void burdenSnapshot(String unit, LocalDate today, int patients, JsonObject out) {
        Burden b = burden(unit);
        int raised = b.raised.on(today);
        int resolved = b.resolved.on(today);
        out.put("alertBurden", new JsonObject()
                .put("raisedToday", raised)
                .put("alertsPer100BedDays", patients == 0 ? null : Math.round(1000.0 * raised / patients) / 10.0)
                .put("acknowledgedWithinTargetPercent", percent(b.acknowledgedWithinTarget.on(today), raised))
                .put("resolvedToday", resolved)
                .put("resolvedWithoutActionPercent", percent(b.resolvedUnacknowledged.on(today), resolved)));
    }

    private static Double percent(int part, int whole) {
        return whole == 0 ? null : Math.round(1000.0 * part / whole) / 10.0;
    }

    private void resolve(Alert a, long now, String why) {
        boolean unacknowledged = a.state() != AlertState.ACKNOWLEDGED;
        deactivate(a);
        a.resolve(now, why);
        if (a.escalation != null) {
            a.escalation.cancel();
        }
        resolvedByKey.put(a.key(), a);
        Burden b = burden(a.unit());
        b.resolved.increment(day(a.unit(), now));
        if (unacknowledged) {
            b.resolvedUnacknowledged.increment(day(a.unit(), now));
        }
        deadlines.schedule(now + KEEP_RESOLVED_MILLIS, t -> {
            if (a.state() == AlertState.RESOLVED && a.resolvedAt() == now) {
                byId.remove(a.id());
                resolvedByKey.remove(a.key(), a);
            }
        });
    }

    private void scheduleEscalation(Alert a, long now) {
        long minutes = switch (a.severity()) {
            case HIGH -> policy.highMinutes();
            case MEDIUM -> policy.mediumMinutes();
            case LOW -> policy.otherMinutes();
        };
        if (a.kind() == AlertKind.PATIENT_CONCERN) {
            minutes = policy.highMinutes();
        }
        a.escalation = deadlines.schedule(now + minutes * 60_000L, t -> {
            if (a.state() == AlertState.RAISED) {
                a.escalate(t);
                changed.accept(a.unit());
            }
        });
    }

    private List<Alert> activeAbout(String patient, String unit) {
        List<Alert> out = new ArrayList<>();
        Map<String, Alert> m = activeByUnit.get(unit);
        if (m != null) {
            for (Alert a : m.values()) {
                if (patient.equals(a.patient())) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    private void activate(Alert a) {
        activeByKey.put(a.key(), a);
        activeByUnit.computeIfAbsent(a.unit(), u -> new LinkedHashMap<>()).put(a.id(), a);
        changed.accept(a.unit());
    }

    private void deactivate(Alert a) {
        activeByKey.remove(a.key());
        Map<String, Alert> m = activeByUnit.get(a.unit());
        if (m != null) {
            m.remove(a.id());
        }
        changed.accept(a.unit());
    }

    private Burden burden(String unit) {
        return burden.computeIfAbsent(unit, u -> new Burden());
    }

    private LocalDate day(String unit, long t) {
        return EngineClock.localDate(t, zones.apply(unit));
    }

    private static final class Burden {
        final DailyCounter raised = new DailyCounter();
        final DailyCounter acknowledgedWithinTarget = new DailyCounter();
        final DailyCounter resolved = new DailyCounter();
        final DailyCounter resolvedUnacknowledged = new DailyCounter();
    }
}
