package org.vigil.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/** Writes an event as schema v1 JSON: what the simulator and the gateway send, and what {@link EventParser} reads back. */
public final class EventJson {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private EventJson() {
    }

    public static String write(Event e) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", e.id());
            g.writeStringField("type", e.type().wireName());
            g.writeStringField("time", Instant.ofEpochMilli(e.time()).toString());
            g.writeStringField("unit", e.unit());
            body(g, e.payload());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }

    private static void body(JsonGenerator g, Payload p) throws IOException {
        if (p instanceof Payload.Movement m) {
            g.writeStringField("patient", m.patient());
            optional(g, "bed", m.bed());
            if (m.age() >= 0) {
                g.writeNumberField("age", m.age());
            }
        } else if (p instanceof Payload.Observation o) {
            g.writeStringField("patient", o.patient());
            vitals(g, o.vitals());
        } else if (p instanceof Payload.DoseScheduled d) {
            g.writeStringField("doseId", d.doseId());
            g.writeStringField("patient", d.patient());
            g.writeStringField("medicine", d.medicine());
            g.writeBooleanField("critical", d.critical());
            optional(g, "medicineClass", d.medicineClass());
            g.writeStringField("dueAt", Instant.ofEpochMilli(d.dueAt()).toString());
        } else if (p instanceof Payload.DoseOutcome d) {
            g.writeStringField("doseId", d.doseId());
            g.writeStringField("patient", d.patient());
            g.writeStringField("outcome", d.outcome().name());
            if (d.reason() != null) {
                g.writeStringField("reason", d.reason().name());
            }
        } else if (p instanceof Payload.Assessment a) {
            g.writeStringField("patient", a.patient());
            g.writeStringField("kind", a.kind().name());
            g.writeBooleanField("completed", a.completed());
        } else if (p instanceof Payload.Staffing s) {
            g.writeStringField("date", s.date());
            g.writeStringField("shift", s.shift().name());
            g.writeNumberField("registeredPlanned", s.registeredPlanned());
            g.writeNumberField("registeredActual", s.registeredActual());
            g.writeNumberField("unregisteredPlanned", s.unregisteredPlanned());
            g.writeNumberField("unregisteredActual", s.unregisteredActual());
        } else if (p instanceof Payload.Flag f) {
            g.writeStringField("patient", f.patient());
            g.writeStringField("flag", f.flag().name());
            g.writeBooleanField("active", f.active());
        } else if (p instanceof Payload.Restore2 r) {
            g.writeStringField("resident", r.resident());
            g.writeArrayFieldStart("softSigns");
            for (SoftSign s : r.softSigns()) {
                g.writeString(s.name());
            }
            g.writeEndArray();
            if (r.vitals() != null) {
                vitals(g, r.vitals());
            }
            if (r.baseline()) {
                g.writeBooleanField("baseline", true);
            }
        } else if (p instanceof Payload.Concern c) {
            g.writeStringField("patient", c.patient());
            g.writeStringField("raisedBy", c.raisedBy().name());
        } else if (p instanceof Payload.Pulse pulse) {
            g.writeNumberField("rating", pulse.rating());
        } else if (p instanceof Payload.ResidentDischarged r) {
            g.writeStringField("resident", r.resident());
            g.writeStringField("reason", r.reason().name());
        } else if (p instanceof Payload.MarthasRuleAsk a) {
            g.writeStringField("patient", a.patient());
            g.writeStringField("asked", a.asked().name());
            g.writeStringField("answer", a.answer().name());
        } else if (p instanceof Payload.SepsisScreen s) {
            g.writeStringField("patient", s.patient());
            g.writeStringField("outcome", s.outcome().name());
        } else {
            throw new IllegalArgumentException("internal records are never sent on the wire: " + p);
        }
    }

    /** The NEWS2 fields, as the scoring endpoint takes them. */
    public static String writeVitals(Vitals v) {
        StringWriter out = new StringWriter(200);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            vitals(g, v);
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }

    private static void vitals(JsonGenerator g, Vitals v) throws IOException {
        g.writeNumberField("respirationRate", v.respirationRate());
        g.writeNumberField("spo2", v.spo2());
        g.writeNumberField("spo2Scale", v.spo2Scale());
        g.writeBooleanField("onOxygen", v.onOxygen());
        g.writeNumberField("systolicBp", v.systolicBp());
        g.writeNumberField("pulse", v.pulse());
        g.writeStringField("consciousness", v.consciousness().name());
        g.writeNumberField("temperature", v.temperature());
    }

    private static void optional(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }
}
