package org.vigil.server.journal;

import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesOut;
import org.vigil.events.AssessmentKind;
import org.vigil.events.Consciousness;
import org.vigil.events.DailyAskAnswer;
import org.vigil.events.DailyAskRespondent;
import org.vigil.events.DoseResult;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.OmissionReason;
import org.vigil.events.Payload;
import org.vigil.events.PatientFlag;
import org.vigil.events.RaisedBy;
import org.vigil.events.ResidentDischargeReason;
import org.vigil.events.SepsisScreenOutcome;
import org.vigil.events.Shift;
import org.vigil.events.SoftSign;
import org.vigil.events.Vitals;

import java.util.ArrayList;
import java.util.List;

/**
 * The journal's binary form of an event: a format version, the type, the envelope, then the body's fields in a
 * fixed order. Binary rather than JSON because start-up replays the whole journal and must run at millions of
 * events a second. Enum values are stored by ordinal, so enums in the events module only ever grow at the end.
 */
public final class JournalCodec {
    /**
     * Bumped when a record's layout changes; a reader refuses versions it does not know rather than misread them.
     * 2: an acknowledgement also records the acknowledger's role and the token that made it (version 1 records,
     * without them, are still read).
     */
    static final byte VERSION = 2;
    private static final byte VERSION_1 = 1;
    private static final EventType[] TYPES = EventType.values();

    private JournalCodec() {
    }

    public static void write(Event e, BytesOut<?> out) {
        out.writeByte(VERSION);
        out.writeByte((byte) e.type().ordinal());
        out.writeUtf8(e.id());
        out.writeLong(e.time());
        out.writeUtf8(e.unit());
        Payload p = e.payload();
        if (p instanceof Payload.Movement m) {
            out.writeUtf8(m.patient());
            out.writeUtf8(m.bed());
            out.writeStopBit(m.age());
        } else if (p instanceof Payload.Observation o) {
            out.writeUtf8(o.patient());
            writeVitals(o.vitals(), out);
        } else if (p instanceof Payload.DoseScheduled d) {
            out.writeUtf8(d.doseId());
            out.writeUtf8(d.patient());
            out.writeUtf8(d.medicine());
            out.writeBoolean(d.critical());
            out.writeUtf8(d.medicineClass());
            out.writeLong(d.dueAt());
        } else if (p instanceof Payload.DoseOutcome d) {
            out.writeUtf8(d.doseId());
            out.writeUtf8(d.patient());
            out.writeByte((byte) d.outcome().ordinal());
            out.writeByte((byte) (d.reason() == null ? -1 : d.reason().ordinal()));
        } else if (p instanceof Payload.Assessment a) {
            out.writeUtf8(a.patient());
            out.writeByte((byte) a.kind().ordinal());
            out.writeBoolean(a.completed());
        } else if (p instanceof Payload.Staffing s) {
            out.writeUtf8(s.date());
            out.writeByte((byte) s.shift().ordinal());
            out.writeStopBit(s.registeredPlanned());
            out.writeStopBit(s.registeredActual());
            out.writeStopBit(s.unregisteredPlanned());
            out.writeStopBit(s.unregisteredActual());
        } else if (p instanceof Payload.Flag f) {
            out.writeUtf8(f.patient());
            out.writeByte((byte) f.flag().ordinal());
            out.writeBoolean(f.active());
        } else if (p instanceof Payload.Restore2 r) {
            out.writeUtf8(r.resident());
            out.writeStopBit(r.softSigns().size());
            for (SoftSign s : r.softSigns()) {
                out.writeByte((byte) s.ordinal());
            }
            out.writeBoolean(r.vitals() != null);
            if (r.vitals() != null) {
                writeVitals(r.vitals(), out);
            }
            out.writeBoolean(r.baseline());
        } else if (p instanceof Payload.Concern c) {
            out.writeUtf8(c.patient());
            out.writeByte((byte) c.raisedBy().ordinal());
        } else if (p instanceof Payload.Pulse pulse) {
            out.writeStopBit(pulse.rating());
        } else if (p instanceof Payload.ResidentDischarged r) {
            out.writeUtf8(r.resident());
            out.writeByte((byte) r.reason().ordinal());
        } else if (p instanceof Payload.MarthasRuleAsk a) {
            out.writeUtf8(a.patient());
            out.writeByte((byte) a.asked().ordinal());
            out.writeByte((byte) a.answer().ordinal());
        } else if (p instanceof Payload.SepsisScreen s) {
            out.writeUtf8(s.patient());
            out.writeByte((byte) s.outcome().ordinal());
        } else if (p instanceof Payload.AlertAck a) {
            out.writeUtf8(a.alertId());
            out.writeUtf8(a.by());
            out.writeUtf8(a.note());
            out.writeUtf8(a.role());
            out.writeUtf8(a.token());
        } else if (p instanceof Payload.AlertAckUndo u) {
            out.writeUtf8(u.alertId());
            out.writeUtf8(u.token());
        } else if (p instanceof Payload.AlertAccept a) {
            out.writeUtf8(a.alertId());
            out.writeUtf8(a.by());
            out.writeUtf8(a.role());
        } else if (p instanceof Payload.AlertDecline d) {
            out.writeUtf8(d.alertId());
            out.writeUtf8(d.by());
            out.writeUtf8(d.role());
            out.writeUtf8(d.reason());
        } else if (p instanceof Payload.AlertNotEscalating n) {
            out.writeUtf8(n.alertId());
            out.writeUtf8(n.by());
            out.writeUtf8(n.role());
            out.writeUtf8(n.reason());
            out.writeStopBit(n.minutes());
        } else if (p instanceof Payload.Audit a) {
            out.writeUtf8(a.who());
            out.writeUtf8(a.method());
            out.writeUtf8(a.path());
            out.writeUtf8(a.query());
            out.writeStopBit(a.units().size());
            for (String u : a.units()) {
                out.writeUtf8(u);
            }
            out.writeUtf8(a.patient());
            out.writeStopBit(a.status());
        } else if (!(p instanceof Payload.Tick)) {
            throw new IllegalArgumentException("no journal layout for " + p.getClass());
        }
    }

    /**
     * The record's type without decoding the rest (the audit index skips every clinical record this way); the
     * input is left where it was.
     */
    public static EventType peekType(BytesIn<?> in) {
        long at = in.readPosition();
        byte version = in.readByte(at);
        if (version != VERSION && version != VERSION_1) {
            throw new IllegalStateException("journal record version " + version + " is not readable by this build");
        }
        return type(in.readByte(at + 1));
    }

    /**
     * The record type of an ordinal: one this build does not know (a journal written by a newer build, say after a
     * rollback) is refused by name, not as an index out of bounds.
     */
    private static EventType type(byte ordinal) {
        if (ordinal < 0 || ordinal >= TYPES.length) {
            throw new IllegalStateException("journal record type " + ordinal + " is not readable by this build "
                    + "(written by a newer one?)");
        }
        return TYPES[ordinal];
    }

    public static Event read(BytesIn<?> in) {
        byte version = in.readByte();
        if (version != VERSION && version != VERSION_1) {
            throw new IllegalStateException("journal record version " + version + " is not readable by this build");
        }
        EventType type = type(in.readByte());
        String id = in.readUtf8();
        long time = in.readLong();
        String unit = in.readUtf8();
        return new Event(id, type, time, unit, readPayload(type, version, in));
    }

    private static Payload readPayload(EventType type, byte version, BytesIn<?> in) {
        switch (type) {
            case ADMISSION:
            case TRANSFER:
            case DISCHARGE:
            case PLACE_UPDATE:
                return new Payload.Movement(in.readUtf8(), in.readUtf8(), (int) in.readStopBit());
            case OBSERVATION:
                return new Payload.Observation(in.readUtf8(), readVitals(in));
            case DOSE_SCHEDULED:
                return new Payload.DoseScheduled(in.readUtf8(), in.readUtf8(), in.readUtf8(), in.readBoolean(),
                        in.readUtf8(), in.readLong());
            case DOSE_OUTCOME: {
                String doseId = in.readUtf8();
                String patient = in.readUtf8();
                DoseResult outcome = DoseResult.values()[in.readByte()];
                byte reason = in.readByte();
                return new Payload.DoseOutcome(doseId, patient, outcome, reason < 0 ? null : OmissionReason.values()[reason]);
            }
            case ASSESSMENT:
                return new Payload.Assessment(in.readUtf8(), AssessmentKind.values()[in.readByte()], in.readBoolean());
            case STAFFING:
                return new Payload.Staffing(in.readUtf8(), Shift.values()[in.readByte()], (int) in.readStopBit(),
                        (int) in.readStopBit(), (int) in.readStopBit(), (int) in.readStopBit());
            case FLAG:
                return new Payload.Flag(in.readUtf8(), PatientFlag.values()[in.readByte()], in.readBoolean());
            case RESTORE2: {
                String resident = in.readUtf8();
                int n = (int) in.readStopBit();
                List<SoftSign> signs = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    signs.add(SoftSign.values()[in.readByte()]);
                }
                Vitals vitals = in.readBoolean() ? readVitals(in) : null;
                return new Payload.Restore2(resident, signs, vitals, in.readBoolean());
            }
            case CONCERN:
                return new Payload.Concern(in.readUtf8(), RaisedBy.values()[in.readByte()]);
            case PULSE:
                return new Payload.Pulse((int) in.readStopBit());
            case TICK:
                return Payload.Tick.INSTANCE;
            case ALERT_ACK: {
                String alertId = in.readUtf8();
                String by = in.readUtf8();
                String note = in.readUtf8();
                if (version == VERSION_1) {
                    return new Payload.AlertAck(alertId, by, null, note, null);
                }
                String role = in.readUtf8();
                return new Payload.AlertAck(alertId, by, role, note, in.readUtf8());
            }
            case ALERT_ACK_UNDO:
                return new Payload.AlertAckUndo(in.readUtf8(), in.readUtf8());
            case ALERT_ACCEPT:
                return new Payload.AlertAccept(in.readUtf8(), in.readUtf8(), in.readUtf8());
            case ALERT_DECLINE:
                return new Payload.AlertDecline(in.readUtf8(), in.readUtf8(), in.readUtf8(), in.readUtf8());
            case ALERT_NOT_ESCALATING:
                return new Payload.AlertNotEscalating(in.readUtf8(), in.readUtf8(), in.readUtf8(), in.readUtf8(),
                        (int) in.readStopBit());
            case RESIDENT_DISCHARGED:
                return new Payload.ResidentDischarged(in.readUtf8(), ResidentDischargeReason.values()[in.readByte()]);
            case MARTHAS_RULE_ASK:
                return new Payload.MarthasRuleAsk(in.readUtf8(), DailyAskRespondent.values()[in.readByte()],
                        DailyAskAnswer.values()[in.readByte()]);
            case SEPSIS_SCREEN:
                return new Payload.SepsisScreen(in.readUtf8(), SepsisScreenOutcome.values()[in.readByte()]);
            case AUDIT: {
                String who = in.readUtf8();
                String method = in.readUtf8();
                String path = in.readUtf8();
                String query = in.readUtf8();
                int n = (int) in.readStopBit();
                List<String> units = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    units.add(in.readUtf8());
                }
                return new Payload.Audit(who, method, path, query, units, in.readUtf8(), (int) in.readStopBit());
            }
            default:
                throw new IllegalStateException("no journal layout for " + type);
        }
    }

    private static void writeVitals(Vitals v, BytesOut<?> out) {
        out.writeDouble(v.respirationRate());
        out.writeDouble(v.spo2());
        out.writeByte((byte) v.spo2Scale());
        out.writeBoolean(v.onOxygen());
        out.writeDouble(v.systolicBp());
        out.writeDouble(v.pulse());
        out.writeByte((byte) v.consciousness().ordinal());
        out.writeDouble(v.temperature());
    }

    private static Vitals readVitals(BytesIn<?> in) {
        return new Vitals(in.readDouble(), in.readDouble(), in.readByte(), in.readBoolean(), in.readDouble(),
                in.readDouble(), Consciousness.values()[in.readByte()], in.readDouble());
    }
}
