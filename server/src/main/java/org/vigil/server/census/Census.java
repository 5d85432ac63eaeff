package org.vigil.server.census;

import org.vigil.server.kernel.DailyCounter;
import org.vigil.server.kernel.SnapshotIn;
import org.vigil.server.kernel.SnapshotOut;

import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** One unit's slice of the census: who is here, in which bed, and today's admissions and discharges. Engine thread only. */
public final class Census {
    private final int beds;
    private final Map<String, Patient> patients = new HashMap<>();
    private final Map<String, Patient> byBed = new HashMap<>();
    private final DailyCounter admissionsToday = new DailyCounter();
    private final DailyCounter dischargesToday = new DailyCounter();

    public Census(int beds) {
        this.beds = beds;
    }

    public Patient patient(String id) {
        return patients.get(id);
    }

    public Collection<Patient> patients() {
        return patients.values();
    }

    public int count() {
        return patients.size();
    }

    void arrive(Patient p, LocalDate day, boolean admission) {
        patients.put(p.id(), p);
        takeBed(p, p.bed());
        if (admission) {
            admissionsToday.increment(day);
        }
    }

    /** A move within the unit: the old bed is freed, the new one taken (from whoever held it). */
    void changeBed(Patient p, String bed) {
        if (p.bed() != null && byBed.get(p.bed()) == p) {
            byBed.remove(p.bed());
        }
        takeBed(p, bed);
    }

    private void takeBed(Patient p, String bed) {
        if (bed != null) {
            Patient previous = byBed.put(bed, p);
            if (previous != null && previous != p) {
                previous.loseBed();
            }
        }
    }

    void leave(Patient p, LocalDate day, boolean discharge) {
        patients.remove(p.id());
        if (p.bed() != null && byBed.get(p.bed()) == p) {
            byBed.remove(p.bed());
        }
        if (discharge) {
            dischargesToday.increment(day);
        }
    }

    /** For a snapshot: who holds which bed, and the day's counts (the patients themselves are the movements'). */
    void write(SnapshotOut out) {
        Map<String, Patient> beds = new TreeMap<>(byBed);
        out.writeCount(beds.size());
        for (Map.Entry<String, Patient> b : beds.entrySet()) {
            out.writeString(b.getKey());
            out.writeString(b.getValue().id());
        }
        admissionsToday.write(out);
        dischargesToday.write(out);
    }

    /** Restores what {@link #write} wrote, the unit's patients already {@link #restore restored}. */
    void read(SnapshotIn in) {
        int n = in.readCount();
        for (int i = 0; i < n; i++) {
            String bed = in.readString();
            Patient p = patients.get(in.readString());
            if (p == null) {
                throw new SnapshotIn.Corrupt("bed " + bed + " held by a patient not on the unit");
            }
            byBed.put(bed, p);
        }
        admissionsToday.read(in);
        dischargesToday.read(in);
    }

    /** A patient of a snapshot, on this unit. */
    void restore(Patient p) {
        patients.put(p.id(), p);
    }

    /** The unit's census on its local {@code today}. */
    public CensusSummary summary(LocalDate today) {
        int unbedded = 0;
        for (Patient p : patients.values()) {
            if (p.bed() == null) {
                unbedded++;
            }
        }
        return new CensusSummary(beds, patients.size(), beds == 0 ? 0 : Math.round(1000.0 * patients.size() / beds) / 10.0,
                unbedded, admissionsToday.on(today), dischargesToday.on(today));
    }
}
