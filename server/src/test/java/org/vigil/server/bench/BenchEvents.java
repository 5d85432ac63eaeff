package org.vigil.server.bench;

import org.vigil.events.AssessmentKind;
import org.vigil.events.Consciousness;
import org.vigil.events.DoseResult;
import org.vigil.events.Event;
import org.vigil.events.EventJson;
import org.vigil.events.EventType;
import org.vigil.events.OmissionReason;
import org.vigil.events.PatientFlag;
import org.vigil.events.Payload;
import org.vigil.events.RaisedBy;
import org.vigil.events.Shift;
import org.vigil.events.SoftSign;
import org.vigil.events.Vitals;
import org.vigil.organisation.CareHome;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.Unit;
import org.vigil.organisation.Ward;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A realistic event stream over the demo organisation, shared by every benchmark so they all measure the same
 * thing: the wire mix a live system sees (observations dominate; medicines next; movements a few percent),
 * patients who are admitted to a bed before anything else is said about them and discharged later, plausible
 * vital signs, RESTORE2 only for care-home residents. Deterministic for a seed; not thread-safe.
 */
final class BenchEvents {
    /** Width of the sequence digits in a patchable id (see {@link #ID_PREFIX}). */
    static final int SEQ_DIGITS = 10;
    /** Ids made by {@link #template} are {@code ID_PREFIX + 10 digits + '-' + 4 digits}; the 10 digits are rewritten per request. */
    static final String ID_PREFIX = "ld-";

    private final List<Unit> units;
    private final List<Unit> wards = new ArrayList<>();
    private final List<Unit> homes = new ArrayList<>();
    private final SplittableRandom random;
    /** Per unit, per bed: the patient in it, or null. */
    private final String[][] occupant;
    private long patientSeq;
    private long doseSeq;
    private final Payload.DoseScheduled[] recentDoses = new Payload.DoseScheduled[40];
    private long idSeq;

    BenchEvents(Organisation org, long seed) {
        this.units = org.units();
        for (Unit u : units) {
            (u instanceof Ward ? wards : homes).add(u);
        }
        this.random = new SplittableRandom(seed);
        this.occupant = new String[units.size()][];
        for (int i = 0; i < units.size(); i++) {
            occupant[i] = new String[units.get(i).beds()];
        }
    }

    List<Unit> wards() {
        return wards;
    }

    static String bed(int i) {
        return i < 9 ? "B0" + (i + 1) : "B" + (i + 1);
    }

    /**
     * The next event of the realistic mix at {@code time} (epoch ms), with a fresh id. Until the units are about
     * 85% full most draws become admissions, so a stream starting from empty wards reaches a realistic census fast.
     */
    Event next(long time) {
        int u = random.nextInt(units.size());
        Unit unit = units.get(u);
        String[] beds = occupant[u];
        int bed = random.nextInt(beds.length);
        String patient = beds[bed];
        String id = "ev-" + Long.toString(++idSeq, 36);
        if (patient == null) {
            if (occupancy(beds) < 0.85 || random.nextInt(100) < 40) {
                return admit(id, time, u, bed);
            }
            // An empty bed was drawn on a full-enough unit: pick someone who is there.
            int drawn = bed;
            for (int i = 1; i < beds.length && patient == null; i++) {
                bed = (drawn + i) % beds.length;
                patient = beds[bed];
            }
            if (patient == null) {
                return admit(id, time, u, bed);
            }
        }
        int roll = random.nextInt(1000);
        boolean home = unit instanceof CareHome;
        if (roll < 470) {
            return home
                    ? new Event(id, EventType.RESTORE2, time, unit.id(), new Payload.Restore2(patient, softSigns(), vitals(), false))
                    : new Event(id, EventType.OBSERVATION, time, unit.id(), new Payload.Observation(patient, vitals()));
        }
        if (roll < 580) {
            String medicine = MEDICINES[random.nextInt(MEDICINES.length)];
            boolean parkinsons = medicine.startsWith("Co-careldopa");
            String doseId = "d-" + Long.toString(++doseSeq, 36);
            recentDoses[(int) (doseSeq % recentDoses.length)] = new Payload.DoseScheduled(doseId, patient, medicine,
                    parkinsons || medicine.startsWith("Insulin"), parkinsons ? "PARKINSONS" : null, time + 30 * 60_000L);
            return new Event(id, EventType.DOSE_SCHEDULED, time, unit.id(), recentDoses[(int) (doseSeq % recentDoses.length)]);
        }
        if (roll < 740 && doseSeq > 0) {
            // an outcome for one of the recent doses, for the patient it was scheduled for, as an ePMA sends it
            Payload.DoseScheduled dose = recentDoses[(int) ((doseSeq - random.nextInt((int) Math.min(doseSeq, recentDoses.length))) % recentDoses.length)];
            boolean given = random.nextInt(100) < 92;
            return new Event(id, EventType.DOSE_OUTCOME, time, unit.id(), new Payload.DoseOutcome(dose.doseId(),
                    dose.patient(), given ? DoseResult.GIVEN : DoseResult.OMITTED,
                    given ? null : OMISSIONS[random.nextInt(OMISSIONS.length)]));
        }
        if (roll < 810) {
            return new Event(id, EventType.ASSESSMENT, time, unit.id(), new Payload.Assessment(patient,
                    ASSESSMENTS[random.nextInt(ASSESSMENTS.length)], random.nextInt(10) < 8));
        }
        if (roll < 860) {
            return new Event(id, EventType.FLAG, time, unit.id(), new Payload.Flag(patient,
                    FLAGS[random.nextInt(FLAGS.length)], random.nextBoolean()));
        }
        if (roll < 900) {
            beds[bed] = null;
            return new Event(id, EventType.DISCHARGE, time, unit.id(), new Payload.Movement(patient, bed(bed), -1));
        }
        if (roll < 915) {
            return transfer(id, time, u, bed, patient);
        }
        if (roll < 925) {
            return new Event(id, EventType.CONCERN, time, unit.id(), new Payload.Concern(patient,
                    RaisedBy.values()[random.nextInt(RaisedBy.values().length)]));
        }
        if (roll < 935) {
            int planned = 4 + random.nextInt(4);
            return new Event(id, EventType.STAFFING, time, unit.id(), new Payload.Staffing(
                    LocalDate.ofInstant(Instant.ofEpochMilli(time), ZoneOffset.UTC).toString(),
                    random.nextBoolean() ? Shift.DAY : Shift.NIGHT, planned, planned - random.nextInt(2),
                    planned - 1, planned - 1 - random.nextInt(2)));
        }
        if (roll < 950) {
            return new Event(id, EventType.PULSE, time, unit.id(), new Payload.Pulse(1 + random.nextInt(5)));
        }
        // The rest: more observations (they are about half of all traffic).
        return home
                ? new Event(id, EventType.RESTORE2, time, unit.id(), new Payload.Restore2(patient, List.of(), vitals(), false))
                : new Event(id, EventType.OBSERVATION, time, unit.id(), new Payload.Observation(patient, vitals()));
    }

    private Event admit(String id, long time, int u, int bed) {
        String patient = "p" + Long.toString(0x5EED00000L + ++patientSeq * 7919, 36);
        occupant[u][bed] = patient;
        return new Event(id, EventType.ADMISSION, time, units.get(u).id(),
                new Payload.Movement(patient, bed(bed), 18 + random.nextInt(80)));
    }

    private Event transfer(String id, long time, int from, int fromBed, String patient) {
        int to = random.nextInt(units.size());
        String[] beds = occupant[to];
        for (int i = 0; i < beds.length; i++) {
            int b = (fromBed + i) % beds.length;
            if (beds[b] == null && !(to == from && b == fromBed)) {
                occupant[from][fromBed] = null;
                beds[b] = patient;
                return new Event(id, EventType.TRANSFER, time, units.get(to).id(), new Payload.Movement(patient, bed(b), -1));
            }
        }
        return new Event(id, EventType.OBSERVATION, time, units.get(from).id(), new Payload.Observation(patient, vitals()));
    }

    private static double occupancy(String[] beds) {
        int n = 0;
        for (String b : beds) {
            if (b != null) {
                n++;
            }
        }
        return (double) n / beds.length;
    }

    /** Mostly normal adult vitals, with a tail of deteriorating patients (what NEWS2 is for). */
    Vitals vitals() {
        boolean unwell = random.nextInt(100) < 12;
        double rr = unwell ? 20 + random.nextInt(10) : 12 + random.nextInt(8);
        double spo2 = unwell ? 88 + random.nextInt(8) : 94 + random.nextInt(6);
        boolean oxygen = unwell && random.nextBoolean();
        double sbp = unwell ? 88 + random.nextInt(30) : 105 + random.nextInt(50);
        double pulse = unwell ? 95 + random.nextInt(40) : 58 + random.nextInt(40);
        Consciousness c = unwell && random.nextInt(10) == 0 ? Consciousness.C : Consciousness.A;
        double temp = (unwell ? 375 + random.nextInt(20) : 360 + random.nextInt(15)) / 10.0;
        return new Vitals(rr, spo2, 1, oxygen, sbp, pulse, c, temp);
    }

    private List<SoftSign> softSigns() {
        if (random.nextInt(10) < 7) {
            return List.of();
        }
        return List.of(SOFT_SIGNS[random.nextInt(SOFT_SIGNS.length)]);
    }

    /** The event with its id replaced (the JSON templates carry patchable ids). */
    static Event withId(Event e, String id) {
        return new Event(id, e.type(), e.time(), e.unit(), e.payload());
    }

    static byte[] json(Event e) {
        return EventJson.write(e).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code count} events as NDJSON whose ids are {@code ld-0000000000-NNNN}: a sender sequence number (rewritten
     * per request by {@link Template#stamp}, so every request carries ids never seen before) and the line number.
     */
    Template template(int count, long time0, long spacingMillis) {
        StringBuilder out = new StringBuilder(count * 260);
        int[] offsets = new int[count];
        for (int i = 0; i < count; i++) {
            Event e = next(time0 + i * spacingMillis);
            String id = ID_PREFIX + "0".repeat(SEQ_DIGITS) + "-" + String.format("%04d", i);
            String line = EventJson.write(withId(e, id));
            int at = line.indexOf("\"id\":\"" + ID_PREFIX);
            if (at < 0) {
                throw new IllegalStateException("id not where expected in " + line);
            }
            offsets[i] = out.length() + at + 6 + ID_PREFIX.length();
            out.append(line).append('\n');
        }
        byte[] bytes = out.toString().getBytes(StandardCharsets.US_ASCII);
        return new Template(bytes, offsets);
    }

    /** An NDJSON body (or one JSON event when it holds one line) with the positions of its ids' sequence digits. */
    static final class Template {
        final byte[] bytes;
        final int[] seqOffsets;

        Template(byte[] bytes, int[] seqOffsets) {
            this.bytes = bytes;
            this.seqOffsets = seqOffsets;
        }

        int events() {
            return seqOffsets.length;
        }

        /** A copy of the body whose ids carry {@code seq}: unique per request as long as seq is. */
        byte[] stamp(long seq) {
            byte[] out = bytes.clone();
            stampInPlace(out, seq);
            return out;
        }

        void stampInPlace(byte[] out, long seq) {
            for (int off : seqOffsets) {
                long v = seq;
                for (int d = SEQ_DIGITS - 1; d >= 0; d--) {
                    out[off + d] = (byte) ('0' + (v % 10));
                    v /= 10;
                }
            }
        }
    }

    private static final String[] MEDICINES = {
            "Co-careldopa 25mg/100mg tablets", "Insulin aspart 100 units/mL", "Paracetamol 1g tablets",
            "Amoxicillin 500mg capsules", "Enoxaparin 40mg injection", "Omeprazole 20mg capsules",
            "Levetiracetam 500mg tablets", "Furosemide 40mg tablets", "Gentamicin 80mg injection",
            "Bisoprolol 2.5mg tablets"};
    private static final OmissionReason[] OMISSIONS = OmissionReason.values();
    private static final AssessmentKind[] ASSESSMENTS = {
            AssessmentKind.VTE, AssessmentKind.PRESSURE_ULCER, AssessmentKind.MUST, AssessmentKind.FALLS};
    private static final PatientFlag[] FLAGS = PatientFlag.values();
    private static final SoftSign[] SOFT_SIGNS = SoftSign.values();
}
