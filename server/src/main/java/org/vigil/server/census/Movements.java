package org.vigil.server.census;

import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.server.kernel.EngineClock;
import org.vigil.server.kernel.SnapshotIn;
import org.vigil.server.kernel.SnapshotOut;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Admission, transfer and discharge across every unit. Real ADT feeds arrive duplicated, late and out of order,
 * so the latest movement by event time wins and anything older is recorded but does not move the patient:
 * <ul>
 *   <li>a movement older than the patient's latest is ignored;</li>
 *   <li>a discharge leaves a marker, so movements older than it that arrive later are ignored, even when the
 *       discharge names a unit the patient's late transfer had not yet reached;</li>
 *   <li>a transfer of a patient not seen admits them to the receiving unit (the admission message was lost);</li>
 *   <li>a place update (HL7 A08) moves a patient the census has admitted, as a transfer does, and is ignored for
 *       anyone else: it is sent for a patient's details at any time, after their discharge too;</li>
 *   <li>an admission to an occupied bed gives the bed to the newcomer; the previous occupant stays on the
 *       ward without a bed until a movement places them;</li>
 *   <li>an admission or transfer for a patient already on the unit changes their bed, and their age when it
 *       carries one: this is how an age unknown at admission arrives later.</li>
 * </ul>
 * Engine thread only.
 */
public final class Movements {

    private final Map<String, Patient> current = new HashMap<>();
    private final Map<String, Long> dischargedAt = new HashMap<>();
    private final Function<String, Census> census;
    private final Function<String, ZoneId> zones;
    private final CensusListener listener;

    public Movements(Function<String, Census> census, Function<String, ZoneId> zones, CensusListener listener) {
        this.census = census;
        this.zones = zones;
        this.listener = listener;
    }

    /** The patient as the census knows them, or null when not admitted. */
    public Patient patient(String id) {
        return current.get(id);
    }

    /** When the patient was last discharged, if the census has them discharged now; else 0. */
    public long dischargedAt(String patient) {
        return current.containsKey(patient) ? 0 : lastDischargedAt(patient);
    }

    /**
     * When the patient was last discharged, admitted again since or not; 0 if never. The marker outlives a
     * readmission so that a set from the stay before, sent late, is still known for one (found by a review).
     */
    public long lastDischargedAt(String patient) {
        Long at = dischargedAt.get(patient);
        return at == null ? 0 : at;
    }

    /** The patient's bed per the census, or null when not admitted or without a bed. */
    public String bedOf(String patient) {
        Patient p = current.get(patient);
        return p == null ? null : p.bed();
    }

    /** How many patients the census has on the unit now (with or without a bed). */
    public int count(String unit) {
        return census.apply(unit).count();
    }

    /** Applies one admission, transfer or discharge; returns whether the census changed. */
    public boolean apply(Event e) {
        Payload.Movement m = (Payload.Movement) e.payload();
        Patient p = current.get(m.patient());
        if (p != null && e.time() < p.lastMovementAt()) {
            // An older movement never moves the patient back; but an admission older than the stay's start means
            // the stay began then: what is due from admission (first observations, risk assessments) is due
            // earlier (found by an independent check: an A01 arriving after its A02 made everything an hour late).
            if (e.type() == EventType.ADMISSION && e.time() < p.admittedAt()) {
                long was = p.admittedAt();
                p.admittedEarlier(e.time());
                listener.admittedEarlier(p, was);
            }
            return false;
        }
        Long gone = dischargedAt.get(m.patient());
        if (p == null && gone != null && e.time() <= gone) {
            return false;
        }
        if (e.type() == EventType.DISCHARGE) {
            return discharge(p, m, e);
        }
        if (p == null && e.type() == EventType.PLACE_UPDATE) {
            return false; // never admits: taken as a transfer, an A08 after discharge brought the patient back
        }
        if (p == null) {
            p = new Patient(m.patient(), e.unit(), m.bed(), e.time(), m.age());
            current.put(p.id(), p);
            arrive(p, e, true);
            listener.admitted(p, e.time());
            return true;
        }
        if (p.unit().equals(e.unit())) {
            boolean moved = !m.bed().equals(p.bed());
            int age = p.age();
            census.apply(p.unit()).changeBed(p, m.bed());
            p.moveTo(p.unit(), m.bed(), e.time(), m.age());
            if (p.age() != age) {
                // An admission or transfer for a patient already here is how a feed sends an age it lacked.
                listener.ageChanged(p, e.time());
            }
            return moved;
        }
        String from = p.unit();
        leave(p, e, false);
        p.moveTo(e.unit(), m.bed(), e.time(), m.age());
        arrive(p, e, false);
        listener.transferred(p, from, e.time());
        return true;
    }

    private boolean discharge(Patient p, Payload.Movement m, Event e) {
        // The latest movement wins even when it names another unit: a discharge from W14 newer than the
        // patient's last known place (W12) means the transfer between them is late, and the marker below
        // makes sure that transfer is ignored when it arrives.
        dischargedAt.merge(m.patient(), e.time(), Math::max);
        if (p == null) {
            return false;
        }
        current.remove(p.id());
        leave(p, e, true);
        listener.discharged(p, p.unit(), e.time());
        return true;
    }

    /**
     * For a snapshot: every patient in the census (sorted by id), the discharge markers, then each unit's beds and
     * daily counts, in the order given.
     */
    public void writeSnapshot(SnapshotOut out, List<String> units) {
        Map<String, Patient> patients = new TreeMap<>(current);
        out.writeCount(patients.size());
        for (Patient p : patients.values()) {
            out.writeString(p.id());
            out.writeString(p.unit());
            out.writeString(p.bed());
            out.writeLong(p.admittedAt());
            out.writeInt(p.age());
            out.writeLong(p.lastMovementAt());
        }
        Map<String, Long> gone = new TreeMap<>(dischargedAt);
        out.writeCount(gone.size());
        for (Map.Entry<String, Long> g : gone.entrySet()) {
            out.writeString(g.getKey());
            out.writeLong(g.getValue());
        }
        for (String unit : units) {
            census.apply(unit).write(out);
        }
    }

    /** Restores what {@link #writeSnapshot} wrote into this new census; tells no listener. */
    public void readSnapshot(SnapshotIn in, List<String> units) {
        int n = in.readCount();
        for (int i = 0; i < n; i++) {
            Patient p = new Patient(in.readString(), in.readString(), in.readString(), in.readLong(), in.readInt(),
                    in.readLong());
            Census c = units.contains(p.unit()) ? census.apply(p.unit()) : null;
            if (c == null) {
                throw new SnapshotIn.Corrupt("patient on unit " + p.unit() + ", not in the organisation");
            }
            current.put(p.id(), p);
            c.restore(p);
        }
        int gone = in.readCount();
        for (int i = 0; i < gone; i++) {
            dischargedAt.put(in.readString(), in.readLong());
        }
        for (String unit : units) {
            census.apply(unit).read(in);
        }
    }

    private void arrive(Patient p, Event e, boolean admission) {
        census.apply(p.unit()).arrive(p, EngineClock.localDate(e.time(), zones.apply(p.unit())), admission);
    }

    private void leave(Patient p, Event e, boolean discharge) {
        String unit = p.unit();
        census.apply(unit).leave(p, EngineClock.localDate(e.time(), zones.apply(unit)), discharge);
    }
}
