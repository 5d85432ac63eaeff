package org.vigil.server.fhir;

import io.vertx.core.json.JsonObject;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.vigil.events.Consciousness;
import org.vigil.events.Event;
import org.vigil.events.EventParser;
import org.vigil.events.InvalidEventException;
import org.vigil.server.fhir.News2Coding.Parameter;
import org.vigil.server.fhir.News2Coding.Reading;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.Unit;
import org.vigil.organisation.Ward;
import org.vigil.organisation.tokens.Tokens;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns vital-sign Observations into Vigil observation sets (docs/fhir.md): readings of one patient with the same
 * effective time are one set, which must hold all seven NEWS2 parameters, come from one ward, and become one
 * schema-v1 {@code observation} event checked by the same {@link EventParser} as every other feed (ranges, unit,
 * future time). Anything Vigil cannot use is a {@link FhirRejection} naming the element; nothing is half-read.
 * Thread-safe (no state between calls).
 */
final class ObservationSets {
    /** FHIR dateTime to the second with an offset: a reading's time must be an instant (no bare dates). */
    private static final Pattern INSTANT = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");
    private static final Pattern PATIENT_REFERENCE = Pattern.compile("Patient/([A-Za-z0-9\\-.]{1,64})");

    /** One Vigil observation set: its event, its ward, and where in the request the ward was named. */
    record ObservationSet(Event event, Ward unit, String unitExpression) {}

    /** An Observation of the request and its FHIRPath (e.g. {@code Bundle.entry[2].resource}). */
    record Located(Observation observation, String path) {}

    private final Organisation org;
    private final EventParser parser;

    ObservationSets(Organisation org, EventParser parser) {
        this.org = org;
        this.parser = parser;
    }

    List<ObservationSet> read(List<Located> observations, String root) throws FhirRejection {
        Map<String, Draft> drafts = new LinkedHashMap<>();
        for (Located l : observations) {
            List<Value> readings = readings(l.observation(), l.path());
            if (readings.isEmpty()) {
                continue; // a sender's NEWS2 score, or a panel whose members are other entries: nothing to read
            }
            Observation o = l.observation();
            String status = o.hasStatus() ? o.getStatus().toCode() : null;
            if (!"final".equals(status) && !"amended".equals(status) && !"corrected".equals(status)) {
                throw FhirRejection.unusable(IssueType.VALUE, "status '" + status + "': only final (or amended, "
                        + "corrected) readings are scored", l.path() + ".status");
            }
            String patient = patient(o.getSubject(), l.path() + ".subject");
            long time = effective(o, l.path());
            Place place = place(o, l.path());
            Draft d = drafts.computeIfAbsent(patient + "|" + time, k -> new Draft(patient, time, l.path(), place));
            if (!d.place.unit.equals(place.unit)) {
                throw FhirRejection.unusable(IssueType.VALUE, "readings of patient " + patient + " at the same time "
                        + "name two wards, " + d.place.unit.id() + " and " + place.unit.id(), place.expression);
            }
            for (Value v : readings) {
                d.add(v);
            }
        }
        if (drafts.isEmpty()) {
            throw FhirRejection.unusable(IssueType.REQUIRED, "no vital-sign readings: Vigil scores NEWS2 from the "
                    + "seven readings (docs/fhir.md)", root);
        }
        List<ObservationSet> sets = new ArrayList<>(drafts.size());
        for (Draft d : drafts.values()) {
            sets.add(d.toSet());
        }
        return sets;
    }

    // ------------------------------------------------------------------------------------------------ readings

    /** One parameter's value as read, with the reading it came from and where it was. */
    private record Value(Reading reading, Object value, String expression, int spo2Scale) {
        Parameter parameter() {
            return reading.parameter();
        }
    }

    /** The readings of one Observation: its own value, or its components' (a panel, or e.g. SpO2 with O2 flow, FiO2). */
    private static List<Value> readings(Observation o, String path) throws FhirRejection {
        Reading own = reading(o.getCode(), path + ".code");
        List<Value> out = new ArrayList<>();
        if (own == News2Coding.PANEL) {
            if (o.hasValue()) {
                throw FhirRejection.unusable(IssueType.STRUCTURE, "a panel carries its readings as components, not a "
                        + "value of its own", path + ".value");
            }
            if (o.hasExtension(News2Coding.SPO2_SCALE)) {
                // refused, not ignored: ignored, a Scale 2 decision would be scored on Scale 1
                throw FhirRejection.unusable(IssueType.VALUE, "the SpO2 scale goes on the SpO2 reading (its "
                        + "component), not on the panel", path + ".extension");
            }
        } else if (own.parameter() == null) {
            return out; // known but not used, components and all (a sender's NEWS2 score and sub-scores)
        } else {
            out.add(value(own, o.getValue(), o.hasDataAbsentReason(), o.getExtensionsByUrl(News2Coding.SPO2_SCALE), path));
        }
        for (int i = 0; i < o.getComponent().size(); i++) {
            Observation.ObservationComponentComponent c = o.getComponent().get(i);
            String cpath = path + ".component[" + i + "]";
            Reading r = reading(c.getCode(), cpath + ".code");
            if (r == News2Coding.PANEL) {
                throw FhirRejection.unusable(IssueType.STRUCTURE, "a panel cannot be a component", cpath + ".code");
            }
            if (r.parameter() != null) {
                out.add(value(r, c.getValue(), c.hasDataAbsentReason(), c.getExtensionsByUrl(News2Coding.SPO2_SCALE), cpath));
            }
        }
        return out;
    }

    /** The one reading a code stands for; other codings beside a known one are allowed (local codes). */
    private static Reading reading(CodeableConcept code, String expression) throws FhirRejection {
        Reading found = null;
        StringBuilder seen = new StringBuilder();
        for (Coding c : code.getCoding()) {
            Reading r = News2Coding.reading(c.getSystem(), c.getCode());
            seen.append(seen.length() == 0 ? "" : ", ").append(c.getSystem()).append('|').append(c.getCode());
            if (r == null) {
                continue;
            }
            if (found != null && found != r && (found.parameter() != r.parameter() || found == News2Coding.PANEL
                    || r == News2Coding.PANEL)) {
                throw FhirRejection.unusable(IssueType.CODEINVALID, "codings disagree: " + seen, expression);
            }
            if (found != null && found.value() == News2Coding.Value.NONE && r.value() == News2Coding.Value.NONE
                    && Boolean.TRUE.equals(found.fixed())) {
                continue; // "on oxygen" beside "room air" in one code: oxygen, erring high, as between readings
            }
            found = r;
        }
        if (found == null) {
            throw FhirRejection.unusable(IssueType.CODEINVALID, code.getCoding().isEmpty()
                    ? "no coding: a reading needs a LOINC or SNOMED CT code (docs/fhir.md)"
                    : "unknown code " + seen + ": not a vital sign Vigil scores (docs/fhir.md lists the codes)", expression);
        }
        return found;
    }

    private static Value value(Reading r, Type value, boolean absent, List<Extension> scaleExtension, String path)
            throws FhirRejection {
        if (absent && r.value() != News2Coding.Value.NONE) {
            throw FhirRejection.unusable(IssueType.REQUIRED, r.meaning() + " has no value (dataAbsentReason): "
                    + "NEWS2 needs all seven readings", path + ".dataAbsentReason");
        }
        int scale = spo2Scale(scaleExtension, path);
        if (scale != 1 && r.parameter() != Parameter.SPO2) {
            throw FhirRejection.unusable(IssueType.VALUE, "the SpO2 scale goes on the SpO2 reading", path + ".extension");
        }
        return switch (r.value()) {
            case NONE -> {
                if (value != null && !value.isEmpty()) {
                    throw FhirRejection.unusable(IssueType.VALUE, "'" + r.meaning() + "' is said by its code alone; "
                            + "it has no value", path + ".value");
                }
                yield new Value(r, r.fixed(), path + ".code", scale);
            }
            case CODED -> new Value(r, acvpu(value, path), path + ".valueCodeableConcept", scale);
            case QUANTITY -> new Value(r, quantity(r, value, path), path + ".valueQuantity.value", scale);
        };
    }

    /**
     * The ACVPU level its SNOMED CT finding gives; other codings may sit beside it (a local code), but two findings
     * naming different levels are refused, as conflicting codes are: taking either could score 0 for a 3.
     */
    private static Consciousness acvpu(Type value, String path) throws FhirRejection {
        Consciousness found = null;
        if (value instanceof CodeableConcept cc) {
            for (Coding c : cc.getCoding()) {
                Consciousness level = News2Coding.SNOMED.equals(c.getSystem()) ? News2Coding.acvpu(c.getCode()) : null;
                if (found != null && level != null && level != found) {
                    throw FhirRejection.unusable(IssueType.CODEINVALID, "ACVPU codings disagree: " + found + " and "
                            + level, path + ".valueCodeableConcept");
                }
                found = level != null ? level : found;
            }
        }
        if (found != null) {
            return found;
        }
        throw FhirRejection.unusable(IssueType.CODEINVALID, "ACVPU needs valueCodeableConcept with a SNOMED CT "
                + "finding: 248234008 alert, 130987000 acute confusion, 300202002 voice, 450847001 pain, "
                + "422768004 unresponsive", path + ".valueCodeableConcept");
    }

    /** A reading's number in the unit NEWS2 uses (°F converted to °C); an oxygen flow or FiO2 is "on oxygen" or not. */
    private static Object quantity(Reading r, Type value, String path) throws FhirRejection {
        if (!(value instanceof Quantity q) || !q.hasValue()) {
            throw FhirRejection.unusable(IssueType.REQUIRED, r.meaning() + " needs valueQuantity with a value",
                    path + ".valueQuantity");
        }
        if (q.hasComparator()) {
            throw FhirRejection.unusable(IssueType.VALUE, r.meaning() + ": '" + q.getComparator().toCode()
                    + "' is not a reading that can be scored", path + ".valueQuantity.comparator");
        }
        if (!News2Coding.UCUM.equals(q.getSystem()) || !r.units().contains(q.getCode())) {
            throw FhirRejection.unusable(IssueType.VALUE, r.meaning() + " must be in UCUM " + String.join(" or ",
                    r.units()) + ", not " + q.getSystem() + "|" + q.getCode(), path + ".valueQuantity.code");
        }
        if (r.parameter() == Parameter.AIR_OR_OXYGEN) {
            return onOxygen(r, q, path);
        }
        double v = q.getValue().doubleValue();
        // FHIR vital signs allow body temperature in [degF]; NEWS2 bands are in °C (RCP 2017 Chart 1)
        return "[degF]".equals(q.getCode()) ? (v - 32) * 5 / 9 : v;
    }

    /**
     * Air or oxygen from an oxygen flow or an FiO2. The event keeps only "on oxygen", so nothing after this edge can
     * check the number: it is checked here against EventParser's range, as the gateway checks HL7's. Each range
     * starts at air (no flow; room air's 21 %) and anything above it is oxygen (RCP NEWS2 2017 Chart 1); a negative
     * flow, or FiO2 0.28 sent in % (a fraction in the wrong unit), would otherwise be scored as air.
     */
    private static boolean onOxygen(Reading r, Quantity q, String path) throws FhirRejection {
        boolean fio2 = r == News2Coding.FIO2;
        double air = fio2 ? EventParser.FIO2_MIN : EventParser.OXYGEN_FLOW_MIN;
        double max = fio2 ? EventParser.FIO2_MAX : EventParser.OXYGEN_FLOW_MAX;
        // UCUM 1 is FiO2 as a fraction: moving the decimal point keeps 0.21 exactly 21 %, as a product of doubles may not
        boolean fraction = "1".equals(q.getCode());
        BigDecimal value = fraction ? q.getValue().movePointRight(2) : q.getValue();
        double v = value.doubleValue();
        if (v < air || v > max) {
            throw FhirRejection.unusable(IssueType.VALUE, r.meaning() + ": out of range: " + q.getValue().toPlainString()
                    + (fraction ? " (" + value.toPlainString() + " %)" : "") + " is not within " + (int) air + "–"
                    + (int) max + " " + r.units().get(0), path + ".valueQuantity.value");
        }
        return v > air;
    }

    private static int spo2Scale(List<Extension> ext, String path) throws FhirRejection {
        if (ext.isEmpty()) {
            return 1; // RCP: Scale 2 only on a recorded clinical decision, so its absence means Scale 1
        }
        if (ext.size() > 1 || !(ext.get(0).getValue() instanceof IntegerType i)
                || i.getValue() == null || (i.getValue() != 1 && i.getValue() != 2)) {
            throw FhirRejection.unusable(IssueType.VALUE, "the SpO2 scale extension takes valueInteger 1 or 2",
                    path + ".extension");
        }
        return i.getValue();
    }

    // ------------------------------------------------------------------------------------- who, when, where

    private static String patient(Reference subject, String path) throws FhirRejection {
        String byReference = null;
        if (subject.hasReference()) {
            var m = PATIENT_REFERENCE.matcher(subject.getReference());
            if (!m.matches()) {
                throw FhirRejection.unusable(IssueType.VALUE, "subject must be Patient/{local pseudonymous id}, not "
                        + subject.getReference(), path + ".reference");
            }
            byReference = m.group(1);
        }
        String byIdentifier = null;
        if (subject.hasIdentifier()) {
            Identifier id = subject.getIdentifier();
            if (News2Coding.NHS_NUMBER.equals(id.getSystem())) {
                throw FhirRejection.unusable(IssueType.SECURITY, "NHS numbers are not accepted: send the local "
                        + "pseudonymous id (the gateway pseudonymises NHS numbers)", path + ".identifier.system");
            }
            if (!News2Coding.PATIENT_ID.equals(id.getSystem()) || !id.hasValue()) {
                throw FhirRejection.unusable(IssueType.VALUE, "subject.identifier must have system "
                        + News2Coding.PATIENT_ID + " and the local pseudonymous id as value", path + ".identifier");
            }
            byIdentifier = id.getValue();
        }
        if (byReference != null && byIdentifier != null && !byReference.equals(byIdentifier)) {
            throw FhirRejection.unusable(IssueType.VALUE, "subject reference and identifier name two patients", path);
        }
        if (byReference == null && byIdentifier == null) {
            throw FhirRejection.unusable(IssueType.REQUIRED, "subject is required: Patient/{local pseudonymous id}", path);
        }
        return byReference != null ? byReference : byIdentifier;
    }

    private static long effective(Observation o, String path) throws FhirRejection {
        Type t = o.getEffective();
        String name = o.hasEffectiveInstantType() ? "effectiveInstant" : "effectiveDateTime";
        String raw = t instanceof PrimitiveType<?> p && (o.hasEffectiveDateTimeType() || o.hasEffectiveInstantType())
                ? p.getValueAsString() : null;
        if (raw == null) {
            throw FhirRejection.unusable(IssueType.REQUIRED, "effectiveDateTime is required: when the reading was "
                    + "taken, to the second, with its offset", path + ".effective");
        }
        if (!INSTANT.matcher(raw).matches()) {
            throw FhirRejection.unusable(IssueType.VALUE, name + " must be a time to the second with its offset "
                    + "(e.g. 2026-03-10T09:00:00Z), not " + raw, path + "." + name);
        }
        try {
            return OffsetDateTime.parse(raw).toInstant().toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            throw FhirRejection.unusable(IssueType.VALUE, name + " is not a valid time: " + raw, path + "." + name);
        }
    }

    /** The ward of a reading, and where the request named it. */
    private record Place(Ward unit, String expression) {}

    private Place place(Observation o, String path) throws FhirRejection {
        if (!o.hasEncounter() || !o.getEncounter().hasReference()) {
            throw FhirRejection.unusable(IssueType.REQUIRED, "encounter is required: a contained Encounter whose "
                    + "location names the ward (docs/fhir.md)", path + ".encounter");
        }
        String ref = o.getEncounter().getReference();
        int index = -1;
        for (int i = 0; ref.startsWith("#") && i < o.getContained().size(); i++) {
            Resource r = o.getContained().get(i);
            if (r instanceof Encounter && ref.substring(1).equals(r.getIdElement().getIdPart())) {
                index = i;
            }
        }
        if (index < 0) {
            throw FhirRejection.unusable(IssueType.NOTSUPPORTED, "encounter must reference an Encounter contained "
                    + "in this Observation (#id): Vigil keeps no Encounters, it reads the ward from it", path + ".encounter");
        }
        Encounter e = (Encounter) o.getContained().get(index);
        String epath = path + ".contained[" + index + "]";
        Ward ward = null;
        String wardPath = null;
        for (int j = 0; j < e.getLocation().size(); j++) {
            Identifier id = e.getLocation().get(j).getLocation().getIdentifier();
            String lpath = epath + ".location[" + j + "].location.identifier";
            if (News2Coding.UNIT_ID.equals(id.getSystem())) {
                Unit u = id.hasValue() ? org.unit(id.getValue()) : null;
                if (u == null) {
                    throw FhirRejection.unusable(IssueType.VALUE, "unmapped location: no ward '" + id.getValue()
                            + "' in the organisation file", lpath + ".value");
                }
                if (!(u instanceof Ward w)) {
                    throw FhirRejection.unusable(IssueType.NOTSUPPORTED, "'" + u.id() + "' is a care home: care homes "
                            + "send RESTORE2 to /api/v1/events", lpath + ".value");
                }
                ward = w;
                wardPath = lpath + ".value";
            } else if (News2Coding.BED_ID.equals(id.getSystem())
                    && (!id.hasValue() || id.getValue().length() > EventParser.MAX_BED_LENGTH)) {
                // checked, not used: the census (admissions and transfers) is where a patient's bed comes from
                throw FhirRejection.unusable(IssueType.VALUE, "bed must be 1 to " + EventParser.MAX_BED_LENGTH
                        + " characters", lpath + ".value");
            }
        }
        if (ward == null) {
            throw FhirRejection.unusable(IssueType.REQUIRED, "unmapped location: the Encounter names no ward (a "
                    + "location identifier with system " + News2Coding.UNIT_ID + ")", epath + ".location");
        }
        return new Place(ward, wardPath);
    }

    // ------------------------------------------------------------------------------------------------- sets

    /** A set being assembled: who, when, where, and the readings found so far. */
    private final class Draft {
        final String patient;
        final long time;
        final String path;
        final Place place;
        final Map<Parameter, Value> values = new EnumMap<>(Parameter.class);
        /** Each kind of reading found so far: a kind may be given once in a set. */
        final Map<Reading, Value> kinds = new HashMap<>();

        Draft(String patient, long time, String path, Place place) {
            this.patient = patient;
            this.time = time;
            this.path = path;
            this.place = place;
        }

        void add(Value v) throws FhirRejection {
            Value twin = kinds.putIfAbsent(v.reading(), v);
            if (twin != null) {
                throw FhirRejection.unusable(IssueType.DUPLICATE, "two " + v.parameter().label() + " readings for "
                        + "patient " + patient + " at the same time (the other is " + twin.expression() + ")",
                        v.expression());
            }
            // Only air or oxygen has several kinds of reading (a flow, an FiO2, a code), and a set may say it by more
            // than one: the US Core pulse-oximetry profile gives a flow and an FiO2 as components of the SpO2 reading.
            // Oxygen when any of them says so, as at the HL7 gateway (docs/gateway.md): which one is wrong is not
            // known, and oxygen read as air would miss 2 points where the other way errs high.
            Value earlier = values.putIfAbsent(v.parameter(), v);
            if (earlier != null && Boolean.TRUE.equals(v.value())) {
                values.put(v.parameter(), v);
            }
        }

        ObservationSet toSet() throws FhirRejection {
            List<String> missing = new ArrayList<>();
            for (Parameter p : Parameter.values()) {
                if (!values.containsKey(p)) {
                    missing.add(p.label());
                }
            }
            if (!missing.isEmpty()) {
                throw FhirRejection.unusable(IssueType.REQUIRED, "the set of patient " + patient + " at "
                        + Instant.ofEpochMilli(time) + " has no " + String.join(", ", missing)
                        + " reading: NEWS2 needs all seven", path);
            }
            JsonObject json = new JsonObject().put("type", "observation")
                    .put("time", Instant.ofEpochMilli(time).toString())
                    .put("unit", place.unit.id()).put("patient", patient)
                    .put("spo2Scale", values.get(Parameter.SPO2).spo2Scale());
            for (Value v : values.values()) {
                json.put(v.parameter().field(), v.value() instanceof Consciousness c ? c.name() : v.value());
            }
            // The same readings always make the same id, so a retried request is recognised as a duplicate.
            json.put("id", "fhir-" + Tokens.sha256(json.encode()).substring(0, 40));
            try {
                return new ObservationSet(parser.parse(json.encode().getBytes(StandardCharsets.UTF_8)), place.unit,
                        place.expression);
            } catch (InvalidEventException e) {
                throw FhirRejection.unusable(IssueType.VALUE, e.field() == null ? e.getMessage()
                        : e.field() + ": " + e.getMessage(), expression(e.field()));
            }
        }

        /** The FHIR element behind a schema-v1 field the event parser refused. */
        private String expression(String field) {
            for (Value v : values.values()) {
                if (v.parameter().field().equals(field)) {
                    return v.expression();
                }
            }
            return switch (field == null ? "" : field) {
                case "time" -> path + ".effective";
                case "unit" -> place.expression;
                case "patient" -> path + ".subject";
                default -> path;
            };
        }
    }
}
