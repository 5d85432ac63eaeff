package org.vigil.gateway.hl7;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.util.Terser;
import org.vigil.events.Consciousness;
import org.vigil.events.DoseResult;
import org.vigil.events.Event;
import org.vigil.events.EventParser;
import org.vigil.events.EventType;
import org.vigil.events.OmissionReason;
import org.vigil.events.Payload;
import org.vigil.events.Vitals;
import org.vigil.gateway.hl7.Hl7Rejection.Where;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/**
 * HL7 v2 (2.3–2.5.1, parsed into the 2.5.1 model) → Vigil events, read through the sender's {@link CodeMap}:
 * <ul>
 *   <li>ADT A01/A04 admit, A02 transfer, A03 discharge, A08 update (a place update: a move of a patient on a ward
 *       if the location changed, never an admission), A11 cancel
 *       admit (→ discharge), A12 cancel transfer (→ transfer back to PV1-6), A13 cancel discharge (→ admission),
 *       A40 merge (→ discharge of the MRG-1 record and transfer of the PID-3 one to PV1-3, so one patient is on
 *       the ward, not two);</li>
 *   <li>ORU^R01 vital signs (OBX-3 codes, units and value sets from the code map) → observation;</li>
 *   <li>RAS^O17 / RDS^O13 medicine administration (RXA-20 completion status) → doseOutcome.</li>
 * </ul>
 * Names, addresses and NHS numbers are dropped; the patient becomes a keyed hash of the identifier its
 * {@link PatientKey} names (by default the NHS number, or the local MRN when there is none). Anything else is an
 * {@link Hl7Rejection} with its HL7 table 0357 code and place.
 * Thread-safe (immutable).
 */
public final class Hl7Mapper {
    /** The events, and where in the message each event field came from (so a server refusal points at it). */
    public record Mapped(List<Event> events, Map<String, Where> sources) {}

    private final CodeMaps codeMaps;
    private final NhsNumber nhs;
    private final ZoneId zone;
    private final PatientKey key;

    public Hl7Mapper(CodeMaps codeMaps, NhsNumber nhs, ZoneId zone, PatientKey key) {
        this.codeMaps = codeMaps;
        this.nhs = nhs;
        this.zone = zone;
        this.key = key;
    }

    public Mapped map(Message msg) throws Hl7Rejection {
        try {
            return mapChecked(msg);
        } catch (HL7Exception e) {
            // HAPI could parse the message but not read a field as its type (e.g. a repetition it cannot hold)
            throw new Hl7Rejection(ErrorCode.DATA_TYPE_ERROR, Where.segment("MSH"), "unreadable field: " + e.getMessage());
        }
    }

    private Mapped mapChecked(Message msg) throws HL7Exception, Hl7Rejection {
        Terser t = new Terser(msg);
        String processing = nz(t.get("/MSH-11-1")).trim();
        if (!processing.equals("P")) {
            // training and debugging messages describe no real patient: they must never reach a ward's wall
            throw new Hl7Rejection(ErrorCode.UNSUPPORTED_PROCESSING_ID, Where.field("MSH", 11),
                    "processing id '" + processing + "': Vigil takes production (P) messages only");
        }
        String type = required(t.get("/MSH-9-1"), Where.field("MSH", 9), "message type missing");
        String trigger = nz(t.get("/MSH-9-2"));
        String control = required(t.get("/MSH-10"), Where.field("MSH", 10), "message control id missing");
        String idBase = idBase(t.get("/MSH-3-1"), t.get("/MSH-4-1"), control);
        long msgTime = time(required(t.get("/MSH-7"), Where.field("MSH", 7), "message date/time missing"), Where.field("MSH", 7));
        CodeMap map = codeMaps.forSender(t.get("/MSH-3-1"), t.get("/MSH-4-1"));
        Sources sources = new Sources();
        List<Event> events = switch (type) {
            case "ADT" -> adt(msg, t, trigger, idBase, msgTime, map, sources);
            case "ORU" -> {
                if (!trigger.equals("R01")) {
                    throw new Hl7Rejection(ErrorCode.UNSUPPORTED_EVENT_CODE, Where.field("MSH", 9), "ORU^" + trigger + " is not one Vigil takes (ORU^R01)");
                }
                yield oru(msg, idBase, msgTime, map, sources);
            }
            case "RAS", "RDS" -> {
                if (!(type.equals("RAS") && trigger.equals("O17")) && !(type.equals("RDS") && trigger.equals("O13"))) {
                    throw new Hl7Rejection(ErrorCode.UNSUPPORTED_EVENT_CODE, Where.field("MSH", 9), type + "^" + trigger + " is not one Vigil takes (RAS^O17, RDS^O13)");
                }
                yield administrations(msg, idBase, map, sources);
            }
            default -> throw new Hl7Rejection(ErrorCode.UNSUPPORTED_MESSAGE_TYPE, Where.field("MSH", 9),
                    "message type " + type + "^" + trigger + " is not one Vigil takes (ADT, ORU^R01, RAS^O17, RDS^O13)");
        };
        return new Mapped(events, Map.copyOf(sources.byField));
    }

    private List<Event> adt(Message msg, Terser t, String trigger, String id, long msgTime, CodeMap map, Sources sources)
            throws HL7Exception, Hl7Rejection {
        Segment pid = requiredSegment(msg, "PID");
        Segment pv1 = requiredSegment(msg, "PV1");
        String evn = segment(msg, "EVN") == null ? null : t.get("/.EVN-2");
        long time = evn == null || evn.isBlank() ? msgTime : time(evn, Where.field("EVN", 2));
        sources.put("time", evn == null || evn.isBlank() ? Where.field("MSH", 7) : Where.field("EVN", 2));
        String patient = patient(pid, 3);
        sources.put("patient", Where.field("PID", 3));
        int age = age(Terser.get(pid, 7, 0, 1, 1), time);
        EventType type;
        int location = 3;
        switch (trigger) {
            case "A01", "A04", "A13" -> type = EventType.ADMISSION;
            case "A02" -> type = EventType.TRANSFER;
            case "A08" -> type = EventType.PLACE_UPDATE; // moves a patient on a ward, never admits one
            case "A12" -> {
                type = EventType.TRANSFER;
                location = 6; // cancel transfer: back to the prior location
            }
            case "A03", "A11" -> type = EventType.DISCHARGE;
            case "A40" -> {
                return merge(msg, pid, pv1, patient, id, time, age, map, sources);
            }
            default -> throw new Hl7Rejection(ErrorCode.UNSUPPORTED_EVENT_CODE, Where.field("MSH", 9),
                    "ADT^" + trigger + " is not one Vigil takes (A01-A04, A08, A11-A13, A40)");
        }
        String unit = unit(pv1, location, map, sources);
        String bed = type == EventType.DISCHARGE ? null : bed(pv1, location); // a discharge's is ignored
        if (type != EventType.DISCHARGE && bed == null) {
            throw new Hl7Rejection(ErrorCode.REQUIRED_FIELD_MISSING, Where.field("PV1", 1, location, 3), "bed missing");
        }
        sources.put("bed", Where.field("PV1", 1, location, 3));
        return List.of(new Event(eventId(id), type, time, unit, new Payload.Movement(patient, bed, age)));
    }

    /**
     * A40: the record in MRG-1 is merged into the one in PID-3. Vigil has no merge event, so the merged-away
     * record is discharged and the surviving one moved to (or admitted to) PV1-3, in one all-or-nothing batch:
     * the ward holds one patient, not two. The merged-away record's history stays under its own pseudonym.
     */
    private List<Event> merge(Message msg, Segment pid, Segment pv1, String survivor, String id, long time, int age,
                              CodeMap map, Sources sources) throws HL7Exception, Hl7Rejection {
        Segment mrg = requiredSegment(msg, "MRG");
        String prior = patient(mrg, 1);
        String unit = unit(pv1, 3, map, sources);
        String bed = bed(pv1, 3);
        if (bed == null) {
            throw new Hl7Rejection(ErrorCode.REQUIRED_FIELD_MISSING, Where.field("PV1", 1, 3, 3), "bed missing: the surviving record needs its place");
        }
        sources.put("bed", Where.field("PV1", 1, 3, 3));
        if (prior.equals(survivor)) {
            return List.of(); // the same patient under both identifiers (e.g. one NHS number): nothing to merge
        }
        return List.of(
                new Event(eventId(id + ":merged"), EventType.DISCHARGE, time, unit, new Payload.Movement(prior, null, -1)),
                new Event(eventId(id + ":survivor"), EventType.TRANSFER, time, unit, new Payload.Movement(survivor, bed, age)));
    }

    private List<Event> oru(Message msg, String idBase, long msgTime, CodeMap map, Sources sources) throws HL7Exception, Hl7Rejection {
        Segment pid = requiredSegment(msg, "PID");
        Segment pv1 = requiredSegment(msg, "PV1");
        String patient = patient(pid, 3);
        sources.put("patient", Where.field("PID", 3));
        String unit = unit(pv1, 3, map, sources);
        Segment obr = segment(msg, "OBR");
        String obrTime = obr == null ? null : Terser.get(obr, 7, 0, 1, 1);
        long setTime = obrTime == null || obrTime.isBlank() ? Long.MIN_VALUE : time(obrTime, Where.field("OBR", 7));
        long latestReading = Long.MIN_VALUE;
        Map<News2Parameter, Double> readings = new EnumMap<>(News2Parameter.class);
        Consciousness acvpu = null;
        Boolean deviceOxygen = null;
        boolean scale2 = false;
        Set<String> unmapped = new LinkedHashSet<>();
        Where firstUnmapped = null;
        List<Segment> obxs = new ArrayList<>();
        collect(msg, "OBX", obxs);
        for (int i = 0; i < obxs.size(); i++) {
            Segment obx = obxs.get(i);
            int n = i + 1;
            News2Parameter p = map.parameter(Terser.get(obx, 3, 0, 1, 1), Terser.get(obx, 3, 0, 3, 1));
            if (p == null) { // the alternate identifier (OBX-3.4, system OBX-3.6): a local code with its LOINC twin
                p = map.parameter(Terser.get(obx, 3, 0, 4, 1), Terser.get(obx, 3, 0, 6, 1));
            }
            if (p == null) {
                String code = nz(Terser.get(obx, 3, 0, 1, 1));
                if (!code.isBlank()) {
                    unmapped.add(new Coding(nz(Terser.get(obx, 3, 0, 3, 1)), code).toString());
                    if (firstUnmapped == null) {
                        firstUnmapped = Where.field("OBX", n, 3, 1);
                    }
                }
                continue; // other results in the same message (weight, pain score) are not Vigil's business
            }
            resultStands(obx, n);
            Where value = Where.field("OBX", n, 5, 0);
            String v1 = Terser.get(obx, 5, 0, 1, 1);
            switch (p) {
                case CONSCIOUSNESS -> {
                    Consciousness c = map.consciousness(v1, Terser.get(obx, 5, 0, 2, 1), Terser.get(obx, 5, 0, 3, 1));
                    if (c == null) {
                        throw new Hl7Rejection(ErrorCode.TABLE_VALUE_NOT_FOUND, value, "consciousness '" + nz(v1)
                                + "' is not in the ACVPU value set (code map: " + map.name() + ")");
                    }
                    if (acvpu != null && acvpu != c) {
                        throw conflict(value, "consciousness", acvpu, c);
                    }
                    acvpu = c;
                    sources.put("consciousness", value);
                }
                case OXYGEN_DEVICE -> {
                    Boolean on = map.onOxygen(v1, Terser.get(obx, 5, 0, 2, 1), Terser.get(obx, 5, 0, 3, 1));
                    if (on == null) {
                        throw new Hl7Rejection(ErrorCode.TABLE_VALUE_NOT_FOUND, value, "oxygen device '" + nz(v1)
                                + "' is not in the oxygen value set (code map: " + map.name() + ")");
                    }
                    deviceOxygen = deviceOxygen == null ? on : deviceOxygen || on;
                    sources.put("onOxygen", value);
                }
                case SPO2_SCALE_2 -> scale2 = true;
                default -> {
                    double reading = reading(obx, n, p, map);
                    Double before = readings.put(p, reading);
                    if (before != null && before != reading) {
                        throw conflict(value, p.configName(), before, reading);
                    }
                    sources.put(field(p), value);
                }
            }
            String obxTime = Terser.get(obx, 14, 0, 1, 1);
            if (obxTime != null && !obxTime.isBlank()) {
                latestReading = Math.max(latestReading, time(obxTime, Where.field("OBX", n, 14, 0)));
            }
        }
        long time = observedAt(setTime, latestReading, msgTime);
        // Air or oxygen (RCP NEWS2 Chart 1): any sign of supplemental oxygen counts — a flow above 0, FiO2 above
        // room air's 21 %, or a device the value set calls oxygen. Scoring oxygen when in doubt errs high.
        Double flow = readings.get(News2Parameter.OXYGEN_FLOW);
        Double fio2 = readings.get(News2Parameter.FIO2);
        boolean onOxygen = (flow != null && flow > 0) || (fio2 != null && fio2 > 21) || Boolean.TRUE.equals(deviceOxygen);
        List<String> missing = new ArrayList<>();
        Double rr = need(readings, News2Parameter.RESPIRATION_RATE, "respiration rate", missing);
        Double spo2 = need(readings, News2Parameter.SPO2, "SpO2", missing);
        Double sbp = need(readings, News2Parameter.SYSTOLIC_BP, "systolic BP", missing);
        Double pulse = need(readings, News2Parameter.PULSE, "pulse", missing);
        Double temp = need(readings, News2Parameter.TEMPERATURE, "temperature", missing);
        if (acvpu == null) {
            missing.add("consciousness (ACVPU)");
        }
        if (flow == null && fio2 == null && deviceOxygen == null) {
            // Air or oxygen is one of NEWS2's seven parameters (RCP Chart 1): a set that does not say is incomplete,
            // as at the FHIR edge; scored as air it lost 2 points for every patient on oxygen whose feed left it out.
            missing.add("air or oxygen (an oxygen flow, FiO2 or delivery device)");
        }
        if (!missing.isEmpty()) {
            String why = "incomplete NEWS2 set: " + String.join(", ", missing) + " missing";
            if (firstUnmapped != null) {
                throw new Hl7Rejection(ErrorCode.TABLE_VALUE_NOT_FOUND, firstUnmapped, why + "; OBX-3 codes not in the code map ("
                        + map.name() + "): " + String.join(", ", unmapped));
            }
            throw new Hl7Rejection(ErrorCode.REQUIRED_FIELD_MISSING, Where.segment("OBX"), why);
        }
        Vitals v = new Vitals(rr, spo2, scale2 ? 2 : 1, onOxygen, sbp, pulse, acvpu, temp);
        return List.of(new Event(eventId(idBase), EventType.OBSERVATION, time, unit, new Payload.Observation(patient, v)));
    }

    /**
     * When the set was taken: OBR-7, or its latest reading's OBX-14 when that is later (a set charted over some
     * minutes is as fresh as its last reading); without OBR-7, the latest OBX-14; MSH-7 only when neither is given.
     * MSH-7 is when the message was sent: a set queued for an hour and taken at its sending time looked an hour
     * fresher than it was, and its next set fell due an hour late (found by an independent audit of the gateway).
     */
    private static long observedAt(long setTime, long latestReading, long msgTime) {
        long observed = Math.max(setTime, latestReading);
        return observed == Long.MIN_VALUE ? msgTime : observed;
    }

    /**
     * A reading is scored only when its OBX-11 says it stands ({@link ResultStatus}). An empty OBX-11 is taken as
     * final: HL7 requires the field, but feeds built to docs/gateway.md before it was read leave it out, and
     * refusing them would stop every set they send.
     */
    private static void resultStands(Segment obx, int n) throws HL7Exception, Hl7Rejection {
        String code = nz(Terser.get(obx, 11, 0, 1, 1)).trim();
        if (code.isEmpty()) {
            return;
        }
        ResultStatus status = ResultStatus.of(code);
        if (status == null || !status.scored()) {
            throw new Hl7Rejection(ErrorCode.TABLE_VALUE_NOT_FOUND, Where.field("OBX", n, 11, 0), "result status '" + code
                    + "' (" + (status == null ? "not in HL7 table 0085" : status.meaning())
                    + "): Vigil scores only final (F), corrected (C) or entered (R) results");
        }
    }

    /** A numeric OBX-5 in the parameter's canonical unit, converted from the OBX-6 unit the sender gave. */
    private static double reading(Segment obx, int n, News2Parameter p, CodeMap map) throws HL7Exception, Hl7Rejection {
        String raw = nz(Terser.get(obx, 5, 0, 1, 1)).trim();
        double value;
        try {
            value = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw new Hl7Rejection(ErrorCode.DATA_TYPE_ERROR, Where.field("OBX", n, 5, 0), "'" + raw + "' is not a number");
        }
        if (!Double.isFinite(value)) {
            throw new Hl7Rejection(ErrorCode.DATA_TYPE_ERROR, Where.field("OBX", n, 5, 0), "'" + raw + "' is not a number");
        }
        String unit = nz(Terser.get(obx, 6, 0, 1, 1));
        if (unit.isBlank()) {
            unit = nz(Terser.get(obx, 6, 0, 2, 1));
        }
        DoubleUnaryOperator convert = map.unit(p.quantity(), unit);
        if (convert == null) {
            throw new Hl7Rejection(ErrorCode.TABLE_VALUE_NOT_FOUND, Where.field("OBX", n, 6, 1), "unit '" + unit
                    + "' cannot be converted to " + p.quantity().canonical() + " for " + p.configName());
        }
        double converted = convert.applyAsDouble(value);
        // The event keeps only "on oxygen": the server cannot range-check these, so the gateway does (EventParser's
        // ranges); a negative flow or FiO2 0.28 sent as a percentage would otherwise be scored as air.
        if (p == News2Parameter.OXYGEN_FLOW) {
            inRange(converted, EventParser.OXYGEN_FLOW_MIN, EventParser.OXYGEN_FLOW_MAX, "L/min", raw, n);
        } else if (p == News2Parameter.FIO2) {
            inRange(converted, EventParser.FIO2_MIN, EventParser.FIO2_MAX, "%", raw, n);
        }
        return converted;
    }

    private static void inRange(double v, double min, double max, String unit, String raw, int n) throws Hl7Rejection {
        if (v < min || v > max) {
            throw new Hl7Rejection(ErrorCode.DATA_TYPE_ERROR, Where.field("OBX", n, 5, 0), "'" + raw
                    + "' is out of range: not within " + (int) min + "–" + (int) max + " " + unit);
        }
    }

    private static Hl7Rejection conflict(Where where, String what, Object a, Object b) {
        return new Hl7Rejection(ErrorCode.DATA_TYPE_ERROR, where, "two different " + what + " readings in one set (" + a + " and " + b + ")");
    }

    private static Double need(Map<News2Parameter, Double> readings, News2Parameter p, String name, List<String> missing) {
        Double v = readings.get(p);
        if (v == null) {
            missing.add(name);
        }
        return v;
    }

    /** The event field a reading fills (schema v1 names). */
    private static String field(News2Parameter p) {
        return switch (p) {
            case OXYGEN_FLOW, FIO2, OXYGEN_DEVICE -> "onOxygen";
            case SPO2_SCALE_2 -> "spo2Scale";
            case SYSTOLIC_BP -> "systolicBp";
            default -> p.configName();
        };
    }

    private List<Event> administrations(Message msg, String idBase, CodeMap map, Sources sources) throws HL7Exception, Hl7Rejection {
        Segment pid = requiredSegment(msg, "PID");
        Segment pv1 = requiredSegment(msg, "PV1");
        Segment orc = requiredSegment(msg, "ORC");
        String patient = patient(pid, 3);
        sources.put("patient", Where.field("PID", 3));
        String unit = unit(pv1, 3, map, sources);
        String order = nz(Terser.get(orc, 3, 0, 1, 1));
        if (order.isEmpty()) {
            order = nz(Terser.get(orc, 2, 0, 1, 1));
        }
        if (order.isEmpty()) {
            throw new Hl7Rejection(ErrorCode.REQUIRED_FIELD_MISSING, Where.field("ORC", 3), "no filler or placer order number to identify the dose");
        }
        sources.put("doseId", Where.field("ORC", 3));
        List<Segment> rxas = new ArrayList<>();
        collect(msg, "RXA", rxas);
        if (rxas.isEmpty()) {
            throw new Hl7Rejection(ErrorCode.SEGMENT_SEQUENCE_ERROR, Where.segment("RXA"), "segment missing");
        }
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < rxas.size(); i++) {
            Segment rxa = rxas.get(i);
            int n = i + 1;
            long time = time(Terser.get(rxa, 3, 0, 1, 1), Where.field("RXA", n, 3, 0));
            if (nz(Terser.get(rxa, 21, 0, 1, 1)).trim().equals("D")) {
                // RXA-21 D (HL7 table 0323): the administration record is withdrawn. Vigil cannot un-record a dose,
                // and taking the message as given kept the dose charted as given (found by an independent audit):
                // refused, so the sender's interface team sees it and the ward corrects the record in the eMAR.
                throw new Hl7Rejection(ErrorCode.TABLE_VALUE_NOT_FOUND, Where.field("RXA", n, 21, 0),
                        "action code D (delete): Vigil cannot withdraw a recorded administration; record the dose's "
                                + "outcome again (RXA-20 RE or NA if it was not given)");
            }
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
                    reason = map.omissionReason(Terser.get(rxa, 18, 0, 1, 1), Terser.get(rxa, 18, 0, 2, 1),
                            Terser.get(rxa, 18, 0, 3, 1));
                    if (reason == null) {
                        // not in the sender's value set: counted as missed, so an unknown code errs towards an alert
                        reason = OmissionReason.NO_REASON;
                    }
                }
                default -> throw new Hl7Rejection(ErrorCode.TABLE_VALUE_NOT_FOUND, Where.field("RXA", n, 20, 0),
                        "completion status '" + status + "' is not CP, PA, RE or NA (HL7 table 0322)");
            }
            // The dose is the order plus its administration sub-id (RXA-2), so a round's doses stay distinct.
            String doseId = order + "/" + nz(Terser.get(rxa, 2, 0, 1, 1));
            events.add(new Event(eventId(idBase + (rxas.size() > 1 ? ":" + n : "")), EventType.DOSE_OUTCOME,
                    time, unit, new Payload.DoseOutcome(doseId, patient, result, reason)));
        }
        sources.put("outcome", Where.field("RXA", 1, 20, 0));
        return events;
    }

    /**
     * A CX list (PID-3, MRG-1) as a pseudonym of the identifier the {@link PatientKey} names: the NHS number
     * (identifier type NH, or assigning authority NHS) or the first local id. An NHS number is checked whichever
     * is the key: one failing Modulus 11 means the message is not to be trusted.
     */
    private String patient(Segment seg, int field) throws HL7Exception, Hl7Rejection {
        Where where = Where.field(seg.getName(), field);
        int reps = seg.getField(field).length;
        String nhsNumber = null;
        String firstLocal = null;
        for (int r = 0; r < reps; r++) {
            String id = Terser.get(seg, field, r, 1, 1);
            String authority = nz(Terser.get(seg, field, r, 4, 1));
            String typeCode = nz(Terser.get(seg, field, r, 5, 1));
            if (id == null || id.isBlank()) {
                continue;
            }
            if (typeCode.equals("NH") || authority.equalsIgnoreCase("NHS")) {
                String digits = NhsNumber.normalise(id);
                if (!NhsNumber.valid(digits)) {
                    throw new Hl7Rejection(ErrorCode.DATA_TYPE_ERROR, where, "NHS number fails the Modulus 11 check");
                }
                if (NhsNumber.placeholder(digits)) {
                    // taken, every unknown patient would be one patient, moved from bed to bed by each admission
                    throw new Hl7Rejection(ErrorCode.DATA_TYPE_ERROR, where, "NHS number is a placeholder (one digit"
                            + " ten times), not a patient's: leave it out of PID-3 when the number is not known");
                }
                if (nhsNumber == null) {
                    nhsNumber = digits;
                }
            } else if (firstLocal == null) {
                firstLocal = authority + ":" + id.trim();
            }
        }
        boolean byNhs = key == PatientKey.NHS || key == PatientKey.NHS_ELSE_LOCAL && nhsNumber != null;
        String id = byNhs ? nhsNumber : firstLocal;
        if (id != null) {
            return nhs.pseudonym(byNhs ? "nhs" : "mrn", id);
        }
        throw new Hl7Rejection(ErrorCode.REQUIRED_FIELD_MISSING, where, switch (key) {
            case NHS -> "no NHS number: this gateway knows patients by NHS number (--patient-key nhs)";
            case LOCAL -> "no local patient identifier: this gateway knows patients by hospital number (--patient-key local)";
            case NHS_ELSE_LOCAL -> "no patient identifier";
        });
    }

    private static String unit(Segment pv1, int field, CodeMap map, Sources sources) throws HL7Exception, Hl7Rejection {
        Where where = Where.field("PV1", 1, field, 1);
        String pointOfCare = Terser.get(pv1, field, 0, 1, 1);
        if (pointOfCare == null || pointOfCare.isBlank()) {
            throw new Hl7Rejection(ErrorCode.REQUIRED_FIELD_MISSING, where, "point of care missing");
        }
        String unit = map.locations().unit(pointOfCare);
        if (unit == null) {
            throw new Hl7Rejection(ErrorCode.TABLE_VALUE_NOT_FOUND, where, "point of care '" + pointOfCare
                    + "' is not mapped to a unit (code map: " + map.name() + ")");
        }
        sources.put("unit", where);
        return unit;
    }

    /**
     * The bed's label: room and bed (PV1-3.2, PV1-3.3), as a Vigil bed holds it, or null without a bed. One longer
     * than a Vigil bed ({@link EventParser#MAX_BED_LENGTH}) keeps its last characters after a tag of four hex digits
     * from the whole label: cut alone, EAST-WING-SIDEROOM-B1 and WEST-WING-SIDEROOM-B1 both read WING-SIDEROOM-B1,
     * and the second patient took the first one's bed (found by an independent check); refused, a PAS that cannot
     * rename its rooms had its patients on no ward (found by a review). Two labels share a tag once in 65,536.
     */
    private static String bed(Segment pv1, int field) throws HL7Exception {
        String room = Terser.get(pv1, field, 0, 2, 1);
        String bed = Terser.get(pv1, field, 0, 3, 1);
        if (bed == null || bed.isBlank()) {
            return null;
        }
        String label = room == null || room.isBlank() ? bed.trim() : room.trim() + "-" + bed.trim();
        if (label.length() <= EventParser.MAX_BED_LENGTH) {
            return label;
        }
        String tag = String.format("%04X~", label.hashCode() & 0xFFFF);
        return tag + label.substring(label.length() - (EventParser.MAX_BED_LENGTH - tag.length()));
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

    private long time(String dtm, Where where) throws Hl7Rejection {
        try {
            return Hl7Time.parse(dtm, zone);
        } catch (RuntimeException e) {
            throw new Hl7Rejection(ErrorCode.DATA_TYPE_ERROR, where, "unparseable date-time '" + dtm + "'");
        }
    }

    private static String required(String v, Where where, String what) throws Hl7Rejection {
        if (v == null || v.isBlank()) {
            throw new Hl7Rejection(ErrorCode.REQUIRED_FIELD_MISSING, where, what);
        }
        return v;
    }

    /**
     * The id of a message's events: {@code hl7:MSH-3:MSH-4:MSH-10}. HL7 v2.5.1 §2.14.9.10 makes MSH-10 unique only
     * within the sending system, the application and facility together: a PAS and an e-obs system at one trust
     * both numbering from 1 must not have one's message taken for the other's resend (and dropped as a
     * duplicate). A ':' in the application or facility is escaped, so no two senders' ids can coincide.
     */
    static String idBase(String application, String facility, String control) {
        return "hl7:" + escaped(application) + ":" + escaped(facility) + ":" + control;
    }

    private static String escaped(String part) {
        return nz(part).replace("%", "%25").replace(":", "%3A");
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

    private static Segment requiredSegment(Group g, String name) throws HL7Exception, Hl7Rejection {
        Segment s = segment(g, name);
        if (s == null) {
            throw new Hl7Rejection(ErrorCode.SEGMENT_SEQUENCE_ERROR, Where.segment(name), "segment missing");
        }
        return s;
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

    /** Where each event field was read (first place wins: it is the one a sender fixes). */
    private static final class Sources {
        final Map<String, Where> byField = new HashMap<>();

        void put(String field, Where where) {
            byField.putIfAbsent(field, where);
        }
    }
}
