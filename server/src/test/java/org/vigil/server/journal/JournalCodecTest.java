package org.vigil.server.journal;

import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.events.AssessmentKind;
import org.vigil.events.Consciousness;
import org.vigil.events.DailyAskAnswer;
import org.vigil.events.DailyAskRespondent;
import org.vigil.events.DoseResult;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.OmissionReason;
import org.vigil.events.PatientFlag;
import org.vigil.events.Payload;
import org.vigil.events.RaisedBy;
import org.vigil.events.ResidentDischargeReason;
import org.vigil.events.SepsisScreenOutcome;
import org.vigil.events.Shift;
import org.vigil.events.SoftSign;
import org.vigil.events.Vitals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every record type survives the binary form unchanged, in memory and through the real journal; the answers to
 * alerts round-trip exactly, and format-1 acknowledgements still read.
 */
class JournalCodecTest {
    private static final long T = 1_773_144_000_000L;
    private static final Vitals VITALS = new Vitals(22.5, 94, 2, true, 105, 45, Consciousness.C, 35.5);

    /** One record of every type, with every enum value of the new types, so an ordinal slip shows. */
    static List<Event> everyType() {
        List<Event> out = new ArrayList<>();
        out.add(e(EventType.ADMISSION, "RVT-W12", new Payload.Movement("P1", "B1", 81)));
        out.add(e(EventType.TRANSFER, "RVT-W14", new Payload.Movement("P1", "C2", -1)));
        out.add(e(EventType.DISCHARGE, "RVT-W14", new Payload.Movement("P1", null, -1)));
        out.add(e(EventType.PLACE_UPDATE, "RVT-W14", new Payload.Movement("P1", "C3", 82)));
        out.add(e(EventType.OBSERVATION, "RVT-W12", new Payload.Observation("P1", VITALS)));
        out.add(e(EventType.DOSE_SCHEDULED, "RVT-W12", new Payload.DoseScheduled("D1", "P1", "Co-careldopa", true,
                "PARKINSONS", T + 3_600_000L)));
        out.add(e(EventType.DOSE_SCHEDULED, "RVT-W12", new Payload.DoseScheduled("D2", "P1", "Paracetamol", false,
                null, T)));
        out.add(e(EventType.DOSE_OUTCOME, "RVT-W12", new Payload.DoseOutcome("D1", "P1", DoseResult.OMITTED,
                OmissionReason.NIL_BY_MOUTH)));
        out.add(e(EventType.DOSE_OUTCOME, "RVT-W12", new Payload.DoseOutcome("D2", "P1", DoseResult.GIVEN, null)));
        out.add(e(EventType.ASSESSMENT, "RVT-W12", new Payload.Assessment("P1", AssessmentKind.FALLS, false)));
        out.add(e(EventType.STAFFING, "RVT-W12", new Payload.Staffing("2026-03-10", Shift.NIGHT, 5, 4, 9, 9)));
        out.add(e(EventType.FLAG, "RVT-W12", new Payload.Flag("P1", PatientFlag.SEPSIS, true)));
        out.add(e(EventType.RESTORE2, "CH-BAYV", new Payload.Restore2("R1",
                List.of(SoftSign.RESTLESS, SoftSign.SEEMS_DIFFERENT), VITALS, true)));
        out.add(e(EventType.RESTORE2, "CH-BAYV", new Payload.Restore2("R1", List.of(SoftSign.RESTLESS), null, false)));
        out.add(e(EventType.CONCERN, "RVT-W12", new Payload.Concern("P1", RaisedBy.FAMILY)));
        out.add(e(EventType.PULSE, "RVT-W12", new Payload.Pulse(4)));
        out.add(new Event(null, EventType.TICK, T, null, Payload.Tick.INSTANCE));
        out.add(new Event(null, EventType.ALERT_ACK, T, "RVT-W12",
                new Payload.AlertAck("AL-1", "Sister Jones", null, null, null)));
        out.addAll(answers());
        for (ResidentDischargeReason r : ResidentDischargeReason.values()) {
            out.add(e(EventType.RESIDENT_DISCHARGED, "CH-BAYV", new Payload.ResidentDischarged("R1", r)));
        }
        for (DailyAskRespondent who : DailyAskRespondent.values()) {
            for (DailyAskAnswer answer : DailyAskAnswer.values()) {
                out.add(e(EventType.MARTHAS_RULE_ASK, "RVT-W12", new Payload.MarthasRuleAsk("P1", who, answer)));
            }
        }
        for (SepsisScreenOutcome o : SepsisScreenOutcome.values()) {
            out.add(e(EventType.SEPSIS_SCREEN, "RVT-W12", new Payload.SepsisScreen("P1", o)));
        }
        out.addAll(audits());
        return out;
    }

    /** Audit records: a read of one ward, a historical overview of several units, an export about one patient. */
    static List<Event> audits() {
        long wall = 1_773_150_000_000L;
        return List.of(
                new Event(null, EventType.AUDIT, wall, null, new Payload.Audit("demo ward wall RVT-W12", "GET",
                        "/api/v1/wards/RVT-W12", null, List.of("RVT-W12"), null, 200)),
                new Event(null, EventType.AUDIT, wall + 1, null, new Payload.Audit("demo RVT trust wall", "GET",
                        "/api/v1/overview", "at=2026-03-10T03:00:00Z", List.of("RVT-W12", "RVT-W14"), null, 200)),
                new Event(null, EventType.AUDIT, wall + 2, null, new Payload.Audit("demo governance RVT", "GET",
                        "/api/v1/incidents/RVT-W12/P1", "from=2026-03-09T19:30:00Z&to=2026-03-10T07:30:00Z",
                        List.of("RVT-W12"), "P1", 200)),
                new Event(null, EventType.AUDIT, wall + 3, null, new Payload.Audit("bootstrap", "GET",
                        "/api/v1/audit", null, List.of(), null, 400)));
    }

    /** The audit index reads only a record's type: it is the same the full read finds, and nothing is consumed. */
    @Test
    void aRecordsTypeIsReadWithoutConsumingIt() {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap(256);
        for (Event e : everyType()) {
            bytes.clear();
            JournalCodec.write(e, bytes);
            assertEquals(e.type(), JournalCodec.peekType(bytes));
            assertEquals(e, JournalCodec.read(bytes));
        }
    }

    private static int ids;

    private static Event e(EventType type, String unit, Payload p) {
        return new Event("j-" + ++ids, type, T + ids, unit, p);
    }

    @Test
    void everyRecordTypeRoundTripsInMemory() {
        List<Event> events = everyType();
        Set<EventType> covered = EnumSet.noneOf(EventType.class);
        Bytes<?> bytes = Bytes.allocateElasticOnHeap(256);
        for (Event e : events) {
            bytes.clear();
            JournalCodec.write(e, bytes);
            assertEquals(e, JournalCodec.read(bytes));
            covered.add(e.type());
        }
        assertEquals(EnumSet.allOf(EventType.class), covered, "a type without a round trip");
    }

    /** A type a newer build wrote (a rollback) is refused by name, not as an index out of bounds. */
    @Test
    void aRecordTypeThisBuildDoesNotKnowIsRefusedByName() {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap(256);
        JournalCodec.write(everyType().get(0), bytes);
        bytes.writeByte(1, (byte) 120);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> JournalCodec.peekType(bytes));
        assertTrue(e.getMessage().contains("type 120 is not readable by this build"), e.getMessage());
        assertTrue(assertThrows(IllegalStateException.class,
                () -> JournalCodec.read(bytes)).getMessage().contains("not readable by this build"));
    }

    @Test
    void everyRecordTypeRoundTripsThroughTheJournal(@TempDir Path dir) throws java.io.IOException {
        List<Event> events = everyType();
        try (Journal journal = new Journal(dir)) {
            for (Event e : events) {
                journal.append(e);
            }
        }
        List<Event> read = new ArrayList<>();
        try (Journal journal = new Journal(dir)) {
            journal.replay(read::add);
        }
        assertEquals(events, read);
    }

    static List<Event> answers() {
        long t = 1_763_900_000_000L;
        return List.of(
                new Event(null, EventType.ALERT_ACK, t, "RVT-W12", new Payload.AlertAck("AL-1", "JS", "Staff nurse", "seen", "wall")),
                new Event(null, EventType.ALERT_ACK, t, "RVT-W12", new Payload.AlertAck("AL-1", null, "Nurse in charge", null, "wall")),
                new Event(null, EventType.ALERT_ACK_UNDO, t, "RVT-W12", new Payload.AlertAckUndo("AL-1", "wall")),
                new Event(null, EventType.ALERT_ACCEPT, t, "RVT-W12", new Payload.AlertAccept("AL-2", "Olu Ade", "outreach")),
                new Event(null, EventType.ALERT_DECLINE, t, "CH-BAYV", new Payload.AlertDecline("AL-3", "Dr Lee", "community", "WITH_ANOTHER_PATIENT")),
                new Event(null, EventType.ALERT_NOT_ESCALATING, t, "RVT-W12",
                        new Payload.AlertNotEscalating("AL-4", "Kim Bell", "nurse-in-charge", "end-of-life care plan", 720)));
    }

    @ParameterizedTest
    @MethodSource("answers")
    void anAnswerRoundTrips(Event e) {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap(256);
        JournalCodec.write(e, bytes);
        assertEquals(e, JournalCodec.read(bytes));
    }

    /** Journals written before acknowledgements named a role and a token: read with both null. */
    @Test
    void aFormatOneAcknowledgementIsStillRead() {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap(256);
        bytes.writeByte((byte) 1);
        bytes.writeByte((byte) EventType.ALERT_ACK.ordinal());
        bytes.writeUtf8((String) null);
        bytes.writeLong(42L);
        bytes.writeUtf8("RVT-W12");
        bytes.writeUtf8("AL-9");
        bytes.writeUtf8("demo ward wall RVT-W12");
        bytes.writeUtf8("registrar reviewing");
        assertEquals(new Event(null, EventType.ALERT_ACK, 42L, "RVT-W12",
                new Payload.AlertAck("AL-9", "demo ward wall RVT-W12", null, "registrar reviewing", null)),
                JournalCodec.read(bytes));
    }
}
