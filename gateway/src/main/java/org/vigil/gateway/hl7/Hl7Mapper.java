package org.vigil.gateway.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.util.Terser;
import org.vigil.events.Consciousness;
import org.vigil.events.DoseResult;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.OmissionReason;
import org.vigil.events.Payload;
import org.vigil.events.Vitals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * HL7 v2 (2.3–2.5.1, parsed into the 2.5.1 model) → Vigil events:
 * <ul>
 *   <li>ADT A01/A04 admit, A02 transfer, A03 discharge, A08 update (a move if the location changed), A11 cancel
 *       admit (→ discharge), A12 cancel transfer (→ transfer back to PV1-6), A13 cancel discharge (→ admission);</li>
 *   <li>ORU^R01 vital signs (OBX by LOINC, reference/news2.md) → observation;</li>
 *   <li>RAS^O17 / RDS^O13 medicine administration (RXA-20 completion status) → doseOutcome.</li>
 * </ul>
 * Names, addresses and NHS numbers are dropped; the patient becomes a keyed hash of the NHS number (or of the
 * local MRN when there is none).
 */
public final class Hl7Mapper {
    static final String LOINC_RR = "9279-1";
    static final String LOINC_SPO2 = "59408-5";
    static final String LOINC_SPO2_ALT = "2708-6";
    static final String LOINC_SBP = "8480-6";
    static final String LOINC_PULSE = "8867-4";
    static final String LOINC_TEMP = "8310-5";
    static final String LOINC_O2_FLOW = "3151-8";
    static final String LOINC_FIO2 = "3150-0";
    /** SNOMED CT ACVPU observable (UK Core). */
    static final String SNOMED_ACVPU = "1104441000000107";
    /** SNOMED CT NEWS2 SpO2 scale 2 sub-score: its presence means the set was charted on Scale 2. */
    static final String SNOMED_SPO2_SCALE_2 = "1104321000000108";

    private final LocationMap locations;
    private final NhsNumber nhs;
    private final ZoneId zone;

    public Hl7Mapper(LocationMap locations, NhsNumber nhs, ZoneId zone) {
        this.locations = locations;
        this.nhs = nhs;
        this.zone = zone;
    }

    public List<Event> map(Message msg) throws HL7Exception, UnmappableException {
        Terser t = new Terser(msg);
        String type = t.get("/MSH-9-1");
        String trigger = t.get("/MSH-9-2");
        String control = required(t, "/MSH-10", "MSH-10", "message control id");
        String idBase = "hl7:" + nz(t.get("/MSH-4-1")) + ":" + control;
        long msgTime = time(t.get("/MSH-7"), "MSH-7");
        if ("ADT".equals(type)) {
            return List.of(adt(msg, t, trigger, idBase, msgTime));
        }
        if ("ORU".equals(type) && "R01".equals(trigger)) {
            return oru(msg, t, idBase, msgTime);
        }
        if (("RAS".equals(type) && "O17".equals(trigger)) || ("RDS".equals(type) && "O13".equals(trigger))) {
            return administrations(msg, t, idBase);
        }
        throw new UnmappableException("MSH-9", "message type " + type + "^" + trigger + " is not one Vigil takes");
    }

    private Event adt(Message msg, Terser t, String trigger, String id, long msgTime) throws HL7Exception, UnmappableException {
        Segment pid = segment(msg, "PID");
        Segment pv1 = segment(msg, "PV1");
        if (pid == null || pv1 == null) {
            throw new UnmappableException(pid == null ? "PID" : "PV1", "segment missing");
        }
        String evn = segment(msg, "EVN") == null ? null : t.get("/.EVN-2");
        long time = evn == null || evn.isBlank() ? msgTime : time(evn, "EVN-2");
        String patient = patient(pid);
        int age = age(Terser.get(pid, 7, 0, 1, 1), time);
        EventType type;
        int location = 3;
        switch (nz(trigger)) {
            case "A01", "A04", "A13" -> type = EventType.ADMISSION;
            case "A02", "A08" -> type = EventType.TRANSFER;
            case "A12" -> {
                type = EventType.TRANSFER;
                location = 6; // cancel transfer: back to the prior location
            }
            case "A03", "A11" -> type = EventType.DISCHARGE;
            default -> throw new UnmappableException("MSH-9-2", "ADT^" + trigger + " is not one Vigil takes");
        }
        String field = "PV1-" + location;
        String unit = unit(Terser.get(pv1, location, 0, 1, 1), field);
        String bed = bed(pv1, location);
        if (type != EventType.DISCHARGE && bed == null) {
            throw new UnmappableException(field + "-3", "bed missing");
        }
        return new Event(eventId(id), type, time, unit, new Payload.Movement(patient, bed, age));
    }

    private List<Event> oru(Message msg, Terser t, String idBase, long msgTime) throws HL7Exception, UnmappableException {
        Segment pid = segment(msg, "PID");
        Segment pv1 = segment(msg, "PV1");
        if (pid == null) {
            throw new UnmappableException("PID", "segment missing");
        }
        if (pv1 == null) {
            throw new UnmappableException("PV1", "segment missing: the ward is needed");
        }
        String patient = patient(pid);
        String unit = unit(Terser.get(pv1, 3, 0, 1, 1), "PV1-3");
        Segment obr = segment(msg, "OBR");
        String obrTime = obr == null ? null : Terser.get(obr, 7, 0, 1, 1);
        long time = obrTime == null || obrTime.isBlank() ? msgTime : time(obrTime, "OBR-7");
        Double rr = null, spo2 = null, sbp = null, pulse = null, temp = null;
        Consciousness acvpu = null;
        boolean onOxygen = false;
        int scale = 1;
        List<Segment> obxs = new ArrayList<>();
        collect(msg, "OBX", obxs);
        for (int i = 0; i < obxs.size(); i++) {
            Segment obx = obxs.get(i);
            String code = nz(Terser.get(obx, 3, 0, 1, 1));
            String value = Terser.get(obx, 5, 0, 1, 1);
            String where = "OBX(" + (i + 1) + ")-5";
            switch (code) {
                case LOINC_RR -> rr = number(value, where);
                case LOINC_SPO2, LOINC_SPO2_ALT -> spo2 = number(value, where);
                case LOINC_SBP -> sbp = number(value, where);
                case LOINC_PULSE -> pulse = number(value, where);
                case LOINC_TEMP -> {
                    String units = nz(Terser.get(obx, 6, 0, 1, 1));
                    if (units.equalsIgnoreCase("[degF]") || units.equalsIgnoreCase("degF")) {
                        throw new UnmappableException("OBX(" + (i + 1) + ")-6", "temperature must be in Cel, not " + units);
                    }
                    temp = number(value, where);
                }
                case LOINC_O2_FLOW -> onOxygen |= number(value, where) > 0;
                case LOINC_FIO2 -> onOxygen |= number(value, where) > 21;
                case SNOMED_ACVPU -> acvpu = acvpu(value, where);
                case SNOMED_SPO2_SCALE_2 -> scale = 2;
                default -> { } // other results in the same message are not Vigil's business
            }
            String obxTime = Terser.get(obx, 14, 0, 1, 1);
            if (obxTime != null && !obxTime.isBlank()) {
                time = Math.max(time, time(obxTime, "OBX(" + (i + 1) + ")-14"));
            }
        }
        if (rr == null && spo2 == null && sbp == null && pulse == null && temp == null && acvpu == null) {
            throw new UnmappableException("OBX-3", "no NEWS2 vital signs in this ORU (LOINC 9279-1, 59408-5, 8480-6, 8867-4, 8310-5, ACVPU)");
        }
        requirePresent(rr, "respiration rate (LOINC 9279-1)");
        requirePresent(spo2, "SpO2 (LOINC 59408-5)");
        requirePresent(sbp, "systolic BP (LOINC 8480-6)");
        requirePresent(pulse, "heart rate (LOINC 8867-4)");
        requirePresent(temp, "body temperature (LOINC 8310-5)");
        requirePresent(acvpu, "ACVPU (SNOMED 1104441000000107)");
        Vitals v = new Vitals(rr, spo2, scale, onOxygen, sbp, pulse, acvpu, temp);
        return List.of(new Event(eventId(idBase), EventType.OBSERVATION, time, unit, new Payload.Observation(patient, v)));
    }

    private List<Event> administrations(Message msg, Terser t, String idBase) throws HL7Exception, UnmappableException {
        Segment pid = segment(msg, "PID");
        Segment pv1 = segment(msg, "PV1");
        Segment orc = segment(msg, "ORC");
        if (pid == null || pv1 == null || orc == null) {
            throw new UnmappableException(pid == null ? "PID" : pv1 == null ? "PV1" : "ORC", "segment missing");
        }
        String patient = patient(pid);
        String unit = unit(Terser.get(pv1, 3, 0, 1, 1), "PV1-3");
        String order = nz(Terser.get(orc, 3, 0, 1, 1));
        if (order.isEmpty()) {
            order = nz(Terser.get(orc, 2, 0, 1, 1));
        }
        if (order.isEmpty()) {
            throw new UnmappableException("ORC-3", "no filler or placer order number to identify the dose");
        }
        List<Segment> rxas = new ArrayList<>();
        collect(msg, "RXA", rxas);
        if (rxas.isEmpty()) {
            throw new UnmappableException("RXA", "segment missing");
        }
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < rxas.size(); i++) {
            Segment rxa = rxas.get(i);
            String where = "RXA(" + (i + 1) + ")";
            long time = time(Terser.get(rxa, 3, 0, 1, 1), where + "-3");
            String status = nz(Terser.get(rxa, 20, 0, 1, 1));
            DoseResult result;
            OmissionReason reason = null;
            switch (status) {
                case "CP", "PA", "" -> result = DoseResult.GIVEN;
                case "RE" -> {
                    result = DoseResult.OMITTED;
                    reason = OmissionReason.PATIENT_REFUSED;
                }
                case "NA" -> {
                    result = DoseResult.OMITTED;
                    reason = reason(Terser.get(rxa, 18, 0, 1, 1));
                }
                default -> throw new UnmappableException(where + "-20", "completion status '" + status + "' is not CP, PA, RE or NA");
            }
            // The dose is the order plus its administration sub-id (RXA-2), so a round's doses stay distinct.
            String doseId = order + "/" + nz(Terser.get(rxa, 2, 0, 1, 1));
            events.add(new Event(eventId(idBase + (rxas.size() > 1 ? ":" + (i + 1) : "")), EventType.DOSE_OUTCOME,
                    time, unit, new Payload.DoseOutcome(doseId, patient, result, reason)));
        }
        return events;
    }

    /** RXA-18 reason codes: Vigil's own names are taken as they are; anything else is "no reason recorded". */
    private static OmissionReason reason(String code) {
        if (code != null) {
            for (OmissionReason r : OmissionReason.values()) {
                if (r.name().equalsIgnoreCase(code.trim())) {
                    return r;
                }
            }
        }
        return OmissionReason.NO_REASON;
    }

    /** PID-3: the NHS number (identifier type NH, or assigning authority NHS) if any, else the first local id. */
    private String patient(Segment pid) throws HL7Exception, UnmappableException {
        int reps = pid.getField(3).length;
        String firstLocal = null;
        for (int r = 0; r < reps; r++) {
            String id = Terser.get(pid, 3, r, 1, 1);
            String authority = nz(Terser.get(pid, 3, r, 4, 1));
            String typeCode = nz(Terser.get(pid, 3, r, 5, 1));
            if (id == null || id.isBlank()) {
                continue;
            }
            if (typeCode.equals("NH") || authority.equalsIgnoreCase("NHS")) {
                String digits = NhsNumber.normalise(id);
                if (!NhsNumber.valid(digits)) {
                    throw new UnmappableException("PID-3", "NHS number fails the Modulus 11 check");
                }
                return nhs.pseudonym("nhs", digits);
            }
            if (firstLocal == null) {
                firstLocal = authority + ":" + id.trim();
            }
        }
        if (firstLocal == null) {
            throw new UnmappableException("PID-3", "no patient identifier");
        }
        return nhs.pseudonym("mrn", firstLocal);
    }

    private String unit(String pointOfCare, String field) throws UnmappableException {
        if (pointOfCare == null || pointOfCare.isBlank()) {
            throw new UnmappableException(field + "-1", "point of care missing");
        }
        String unit = locations.unit(pointOfCare);
        if (unit == null) {
            throw new UnmappableException(field + "-1", "point of care '" + pointOfCare + "' is not mapped to a unit");
        }
        return unit;
    }

    /** PL.2 room and PL.3 bed: "bed" alone when there is no room, "room-bed" otherwise. */
    private static String bed(Segment pv1, int field) throws HL7Exception {
        String room = Terser.get(pv1, field, 0, 2, 1);
        String bed = Terser.get(pv1, field, 0, 3, 1);
        if (bed == null || bed.isBlank()) {
            return null;
        }
        String label = room == null || room.isBlank() ? bed.trim() : room.trim() + "-" + bed.trim();
        return label.length() > 16 ? label.substring(label.length() - 16) : label;
    }

    private int age(String dob, long at) {
        if (dob == null || dob.length() < 8) {
            return -1;
        }
        try {
            LocalDate born = LocalDate.of(Integer.parseInt(dob.substring(0, 4)), Integer.parseInt(dob.substring(4, 6)),
                    Integer.parseInt(dob.substring(6, 8)));
            int years = Period.between(born, Instant.ofEpochMilli(at).atZone(zone).toLocalDate()).getYears();
            return years >= 0 && years <= 130 ? years : -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static Consciousness acvpu(String value, String where) throws UnmappableException {
        String v = nz(value).trim().toUpperCase();
        switch (v) {
            case "A", "ALERT": return Consciousness.A;
            case "C", "CONFUSION", "NEW CONFUSION": return Consciousness.C;
            case "V", "VOICE": return Consciousness.V;
            case "P", "PAIN": return Consciousness.P;
            case "U", "UNRESPONSIVE": return Consciousness.U;
            default: throw new UnmappableException(where, "ACVPU value '" + value + "' is not A, C, V, P or U");
        }
    }

    private static double number(String value, String where) throws UnmappableException {
        try {
            return Double.parseDouble(nz(value).trim());
        } catch (NumberFormatException e) {
            throw new UnmappableException(where, "'" + value + "' is not a number");
        }
    }

    private static void requirePresent(Object value, String what) throws UnmappableException {
        if (value == null) {
            throw new UnmappableException("OBX", "incomplete NEWS2 set: " + what + " missing");
        }
    }

    private long time(String dtm, String field) throws UnmappableException {
        try {
            return Hl7Time.parse(dtm, zone);
        } catch (RuntimeException e) {
            throw new UnmappableException(field, "unparseable date-time '" + dtm + "'");
        }
    }

    private static String required(Terser t, String path, String field, String what) throws HL7Exception, UnmappableException {
        String v = t.get(path);
        if (v == null || v.isBlank()) {
            throw new UnmappableException(field, what + " missing");
        }
        return v;
    }

    /** Vigil ids are at most 64 characters: longer ones become a digest, still stable for the same message. */
    private static String eventId(String id) {
        if (id.length() <= 64) {
            return id;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return "hl7:" + HexFormat.of().formatHex(d, 0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first segment of that name anywhere in the message, or null. */
    private static Segment segment(Group g, String name) throws HL7Exception {
        List<Segment> found = new ArrayList<>(1);
        collect(g, name, found);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Every non-empty segment of that name, in message order, whatever the group structure. */
    private static void collect(Group g, String name, List<Segment> out) throws HL7Exception {
        for (String child : g.getNames()) {
            for (Structure s : g.getAll(child)) {
                if (s instanceof Segment seg) {
                    if (seg.getName().equals(name) && !seg.isEmpty()) {
                        out.add(seg);
                    }
                } else if (s instanceof Group sub) {
                    collect(sub, name, out);
                }
            }
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
