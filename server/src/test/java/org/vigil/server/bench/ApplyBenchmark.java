package org.vigil.server.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.server.rules.EngineState;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.organisation.Unit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Apply: {@link EngineState#apply} of census movements on the demo organisation's wards. Every bed starts
 * occupied; each pair of operations discharges a bed's patient and admits a new one to it (the wards stay full, as
 * NHS wards are), visiting the beds in a stride that hops between wards. Event time moves 250 ms an event, so
 * local-midnight deadlines fire as they would live. Patients are readmitted from a pool of 65,536 ids; event ids
 * cycle through 2^20 (the idempotency set stays at a realistic size instead of growing for the whole run).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ApplyBenchmark {
    private static final int PATIENTS = 1 << 16;
    private static final int IDS = 1 << 20;
    private static final int STRIDE = 97;

    private EngineState state;
    private String[] slotUnit;
    private String[] slotBed;
    private String[] occupant;
    private String[] patients;
    private String[] ids;
    private int slot;
    private boolean admitNext;
    private int nextPatient;
    private int nextId;
    private long time;

    @Setup
    public void setup() throws IOException {
        Organisation org = OrganisationLoader.demo();
        state = new EngineState(org);
        List<String> units = new ArrayList<>();
        List<String> beds = new ArrayList<>();
        for (Unit w : org.wards()) {
            for (int b = 0; b < w.beds(); b++) {
                units.add(w.id());
                beds.add(BenchEvents.bed(b));
            }
        }
        if (units.size() % STRIDE == 0) {
            throw new IllegalStateException("stride must be coprime with the bed count " + units.size());
        }
        slotUnit = units.toArray(new String[0]);
        slotBed = beds.toArray(new String[0]);
        occupant = new String[slotUnit.length];
        patients = new String[PATIENTS];
        for (int i = 0; i < PATIENTS; i++) {
            patients[i] = "p" + Long.toString(0x5EED00000L + i * 7919L, 36);
        }
        ids = new String[IDS];
        for (int i = 0; i < IDS; i++) {
            ids[i] = "adt-" + Long.toString(0x1000000L + i, 36);
        }
        time = System.currentTimeMillis() - 86_400_000L;
        for (int s = 0; s < slotUnit.length; s++) {
            admit(s);
        }
        if (state.unit(slotUnit[0]).census().count() == 0) {
            throw new IllegalStateException("census did not take the admissions");
        }
    }

    @Benchmark
    public void movement() {
        if (admitNext) {
            admit(slot);
            slot = (slot + STRIDE) % slotUnit.length;
        } else {
            String patient = occupant[slot];
            occupant[slot] = null;
            state.apply(new Event(ids[nextId++ & (IDS - 1)], EventType.DISCHARGE, time += 250, slotUnit[slot],
                    new Payload.Movement(patient, slotBed[slot], -1)));
        }
        admitNext = !admitNext;
    }

    private void admit(int s) {
        String patient = patients[nextPatient++ & (PATIENTS - 1)];
        occupant[s] = patient;
        state.apply(new Event(ids[nextId++ & (IDS - 1)], EventType.ADMISSION, time += 250, slotUnit[s],
                new Payload.Movement(patient, slotBed[s], 18 + (nextPatient % 80))));
    }
}
