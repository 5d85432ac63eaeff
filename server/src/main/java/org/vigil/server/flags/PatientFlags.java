package org.vigil.server.flags;

import org.vigil.events.Event;
import org.vigil.events.PatientFlag;
import org.vigil.events.Payload;
import org.vigil.server.census.CensusListener;
import org.vigil.server.census.Movements;
import org.vigil.server.census.Patient;
import org.vigil.server.kernel.Deadlines;
import org.vigil.server.kernel.Feature;
import org.vigil.server.kernel.RuleContext;
import org.vigil.server.kernel.SnapshotIn;
import org.vigil.server.kernel.SnapshotOut;
import org.vigil.server.kernel.SnapshotSlice;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The patient-level flags the reference ward dashboard counts (sepsis, AKI, pressure ulcer, infection, expected
 * discharges, outstanding medicines reconciliation, non-verified prescriptions…; reference/ward-dashboard.md).
 *
 * <ul>
 *   <li>Per patient and flag the latest event by event time wins; an older one arriving late changes nothing.</li>
 *   <li>A patient's flags count on the unit the census has them on: they follow a transfer and are cleared by
 *       discharge. The wall's flag counts are thus always a subset of its "patients on ward".</li>
 *   <li>A flag for a patient the census does not (yet) have, as when the EPR's message overtakes the ADT
 *       admission, is held and counts from their admission; held flags lapse 24 hours after their latest event
 *       if no admission comes. An inactive flag for such a patient is not held (it would count nothing).</li>
 *   <li>DISCHARGE_TODAY and GOLDEN_DISCHARGE speak of a day: they count only on the local date they were set.</li>
 * </ul>
 * Engine thread only.
 */
public final class PatientFlags implements Feature, CensusListener, Deadlines.Owner, SnapshotSlice {
    private static final long HOLD_MILLIS = 24 * 3_600_000L;
    private static final PatientFlag[] FLAGS = PatientFlag.values();

    private final RuleContext ctx;
    private final Movements census;
    private final Deadlines.Timers timers;
    private final Map<String, FlaggedPatient> byPatient = new HashMap<>();
    private final Map<String, Map<String, FlaggedPatient>> byUnit = new HashMap<>();

    public PatientFlags(RuleContext ctx, Movements census) {
        this.ctx = ctx;
        this.census = census;
        this.timers = ctx.timers(this, name());
    }

    /** One patient's flags: per flag the latest event's time and whether it set or cleared the flag. */
    private static final class FlaggedPatient {
        final String id;
        /** The census unit, or null while held for an admission. */
        String unit;
        final long[] setAt = new long[FLAGS.length];
        final boolean[] active = new boolean[FLAGS.length];
        long lapse = Deadlines.NONE;

        FlaggedPatient(String id) {
            this.id = id;
            Arrays.fill(setAt, Long.MIN_VALUE);
        }
    }

    @Override
    public void apply(Event e) {
        Payload.Flag f = (Payload.Flag) e.payload();
        FlaggedPatient p = byPatient.get(f.patient());
        Patient onCensus = census.patient(f.patient());
        if (p == null) {
            if (onCensus == null && !f.active()) {
                return;
            }
            p = new FlaggedPatient(f.patient());
            byPatient.put(p.id, p);
            if (onCensus != null) {
                place(p, onCensus.unit());
            }
        }
        int i = f.flag().ordinal();
        if (e.time() < p.setAt[i]) {
            return;
        }
        p.setAt[i] = e.time();
        p.active[i] = f.active();
        if (p.unit == null) {
            holdUntilAdmitted(p);
        } else {
            ctx.changed(p.unit);
        }
    }

    private void holdUntilAdmitted(FlaggedPatient p) {
        timers.cancel(p.lapse);
        p.lapse = timers.schedule(ctx.now() + HOLD_MILLIS, 0, p);
    }

    /** The one kind of deadline: a held patient's flags lapse, unless an admission placed them meanwhile. */
    @Override
    public void deadline(int kind, Object subject, long due, long now) {
        FlaggedPatient p = (FlaggedPatient) subject;
        p.lapse = Deadlines.NONE;
        if (p.unit == null) {
            byPatient.remove(p.id, p);
        }
    }

    private void place(FlaggedPatient p, String unit) {
        if (p.unit != null) {
            Map<String, FlaggedPatient> from = byUnit.get(p.unit);
            if (from != null) {
                from.remove(p.id);
            }
            ctx.changed(p.unit);
        }
        timers.cancel(p.lapse);
        p.lapse = Deadlines.NONE;
        p.unit = unit;
        byUnit.computeIfAbsent(unit, u -> new HashMap<>()).put(p.id, p);
        ctx.changed(unit);
    }

    @Override
    public void admitted(Patient patient, long at) {
        FlaggedPatient p = byPatient.get(patient.id());
        if (p != null) {
            place(p, patient.unit());
        }
    }

    @Override
    public void transferred(Patient patient, String fromUnit, long at) {
        admitted(patient, at);
    }

    @Override
    public void discharged(Patient patient, String unit, long at) {
        FlaggedPatient p = byPatient.remove(patient.id());
        if (p != null && p.unit != null) {
            Map<String, FlaggedPatient> m = byUnit.get(p.unit);
            if (m != null) {
                m.remove(p.id);
            }
            ctx.changed(p.unit);
        }
    }

    @Override
    public int snapshotVersion() {
        return 1;
    }

    /** Every patient with flags (sorted by id): their unit (or none while held), each flag's time and state. */
    @Override
    public void writeSnapshot(SnapshotOut out) {
        Map<String, FlaggedPatient> sorted = new TreeMap<>(byPatient);
        out.writeCount(sorted.size());
        out.writeCount(FLAGS.length);
        for (FlaggedPatient p : sorted.values()) {
            out.writeString(p.id);
            out.writeString(p.unit);
            for (int i = 0; i < FLAGS.length; i++) {
                out.writeLong(p.setAt[i]);
                out.writeBoolean(p.active[i]);
            }
            out.writeLong(p.lapse);
        }
    }

    @Override
    public void readSnapshot(SnapshotIn in) {
        int n = in.readCount();
        if (in.readCount() != FLAGS.length) {
            throw new SnapshotIn.Corrupt("another number of patient flags in the snapshot");
        }
        for (int j = 0; j < n; j++) {
            FlaggedPatient p = new FlaggedPatient(in.readString());
            p.unit = in.readString();
            for (int i = 0; i < FLAGS.length; i++) {
                p.setAt[i] = in.readLong();
                p.active[i] = in.readBoolean();
            }
            p.lapse = in.readLong();
            byPatient.put(p.id, p);
            if (p.unit != null) {
                byUnit.computeIfAbsent(p.unit, u -> new HashMap<>()).put(p.id, p);
            }
        }
    }

    /** The one kind of deadline is about a patient held for an admission: their id. */
    @Override
    public void writeSubject(int kind, Object subject, SnapshotOut out) {
        FlaggedPatient p = (FlaggedPatient) subject;
        if (byPatient.get(p.id) != p) {
            throw new IllegalStateException("a flags deadline for a patient no longer held");
        }
        out.writeString(p.id);
    }

    @Override
    public Object readSubject(int kind, SnapshotIn in) {
        String id = in.readString();
        FlaggedPatient p = byPatient.get(id);
        if (p == null) {
            throw new SnapshotIn.Corrupt("a flags deadline for patient " + id + ", not in the snapshot");
        }
        return p;
    }

    /** The flags among the unit's patients now; the day-scoped ones only when set on its local {@code today}. */
    @Override
    public FlagsSummary summary(String unit, LocalDate today) {
        int[] counts = new int[FLAGS.length];
        Map<String, FlaggedPatient> m = byUnit.get(unit);
        if (m != null) {
            for (FlaggedPatient p : m.values()) {
                for (PatientFlag f : FLAGS) {
                    int i = f.ordinal();
                    if (p.active[i] && (!dayScoped(f) || ctx.day(unit, p.setAt[i]).equals(today))) {
                        counts[i]++;
                    }
                }
            }
        }
        Map<PatientFlag, Integer> flags = new EnumMap<>(PatientFlag.class);
        for (PatientFlag f : FLAGS) {
            flags.put(f, counts[f.ordinal()]);
        }
        return new FlagsSummary(Collections.unmodifiableMap(flags));
    }

    /** "Discharge today" set yesterday and never cleared is not an expected discharge today. */
    private static boolean dayScoped(PatientFlag f) {
        return f == PatientFlag.DISCHARGE_TODAY || f == PatientFlag.GOLDEN_DISCHARGE;
    }
}
