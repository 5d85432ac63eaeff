package org.vigil.server.deterioration;

import org.vigil.clinical.news2.News2;
import org.vigil.clinical.news2.News2Score;
import org.vigil.events.Event;
import org.vigil.events.Payload;
import org.vigil.server.census.CensusListener;
import org.vigil.server.census.Patient;
import org.vigil.server.kernel.Feature;
import org.vigil.server.kernel.SnapshotIn;
import org.vigil.server.kernel.SnapshotOut;
import org.vigil.server.kernel.SnapshotSlice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The NEWS2 results of each ward patient's current stay, which the FHIR export answers: for every scored set its
 * time, unit, SpO2 scale and seven parameter scores, in time order, at most {@value #MAX_SETS} per patient (the
 * oldest go first; at hourly observations that is more than five days), forgotten at discharge. Built from the
 * observation events like every slice, so replay rebuilds exactly what was live. A set costs 16 bytes here (time,
 * packed scores, a shared unit reference). Nothing of it is on the walls: it has no summary. Engine thread only.
 */
public final class News2History implements Feature, CensusListener, SnapshotSlice {
    public static final int MAX_SETS = 128;
    private static final int SCALE_2 = 1 << 14;

    /** One scored set, as the export reads it. */
    public record ScoredSet(long time, String unit, int spo2Scale, News2Score score) {}

    private final Map<String, PatientSets> byPatient = new HashMap<>();

    @Override
    public void apply(Event e) {
        Payload.Observation o = (Payload.Observation) e.payload();
        int packed = pack(o.vitals().spo2Scale(), News2.score(o.vitals()));
        byPatient.computeIfAbsent(o.patient(), p -> new PatientSets()).add(e.time(), e.unit(), packed);
    }

    @Override
    public void discharged(Patient p, String unit, long at) {
        byPatient.remove(p.id());
    }

    /** The patient's scored sets of this stay, oldest first (empty when none). */
    public List<ScoredSet> sets(String patient) {
        PatientSets s = byPatient.get(patient);
        if (s == null) {
            return List.of();
        }
        List<ScoredSet> out = new ArrayList<>(s.size);
        for (int i = 0; i < s.size; i++) {
            int p = s.packed[i];
            out.add(new ScoredSet(s.times[i], s.units[i], (p & SCALE_2) != 0 ? 2 : 1, News2Score.unpacked(p)));
        }
        return out;
    }

    @Override
    public int snapshotVersion() {
        return 1;
    }

    /** Each patient's sets, by patient id: time, packed scores and unit, oldest first. */
    @Override
    public void writeSnapshot(SnapshotOut out) {
        Map<String, PatientSets> patients = new TreeMap<>(byPatient);
        out.writeCount(patients.size());
        for (Map.Entry<String, PatientSets> p : patients.entrySet()) {
            PatientSets s = p.getValue();
            out.writeString(p.getKey());
            out.writeCount(s.size);
            for (int i = 0; i < s.size; i++) {
                out.writeLong(s.times[i]);
                out.writeInt(s.packed[i]);
                out.writeString(s.units[i]);
            }
        }
    }

    @Override
    public void readSnapshot(SnapshotIn in) {
        Map<String, String> units = new HashMap<>(); // one String per unit, as the events shared them
        int n = in.readCount();
        for (int i = 0; i < n; i++) {
            String patient = in.readString();
            int size = in.readCount();
            if (size > MAX_SETS) {
                throw new SnapshotIn.Corrupt(size + " NEWS2 sets for one patient, more than " + MAX_SETS);
            }
            PatientSets s = new PatientSets();
            s.times = new long[Math.max(4, size)];
            s.packed = new int[s.times.length];
            s.units = new String[s.times.length];
            for (int j = 0; j < size; j++) {
                s.times[j] = in.readLong();
                s.packed[j] = in.readInt();
                String unit = in.readString();
                s.units[j] = units.computeIfAbsent(unit, u -> u);
            }
            s.size = size;
            byPatient.put(patient, s);
        }
    }

    /** Seven parameter scores of 0–3, two bits each, and the SpO2 scale in bit 14. */
    private static int pack(int spo2Scale, News2Score s) {
        return s.packed() | (spo2Scale == 2 ? SCALE_2 : 0);
    }

    /** One patient's sets in time order (a late set is put in its place), parallel arrays grown up to MAX_SETS. */
    private static final class PatientSets {
        long[] times = new long[4];
        int[] packed = new int[4];
        String[] units = new String[4];
        int size;

        void add(long time, String unit, int scores) {
            int at = size;
            while (at > 0 && times[at - 1] > time) {
                at--;
            }
            if (size == MAX_SETS) {
                if (at == 0) {
                    return; // older than everything kept: it would be the first to go
                }
                shiftLeft(); // drop the oldest
                at--;
            } else if (size == times.length) {
                int n = Math.min(MAX_SETS, size * 2);
                times = Arrays.copyOf(times, n);
                packed = Arrays.copyOf(packed, n);
                units = Arrays.copyOf(units, n);
            }
            System.arraycopy(times, at, times, at + 1, size - at);
            System.arraycopy(packed, at, packed, at + 1, size - at);
            System.arraycopy(units, at, units, at + 1, size - at);
            times[at] = time;
            packed[at] = scores;
            units[at] = unit;
            size++;
        }

        private void shiftLeft() {
            System.arraycopy(times, 1, times, 0, size - 1);
            System.arraycopy(packed, 1, packed, 0, size - 1);
            System.arraycopy(units, 1, units, 0, size - 1);
            size--;
        }
    }
}
