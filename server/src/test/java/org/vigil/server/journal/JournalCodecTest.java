package org.vigil.server.journal;

import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The answers to alerts survive the journal's binary form exactly, and format-1 acknowledgements still read. */
class JournalCodecTest {
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
