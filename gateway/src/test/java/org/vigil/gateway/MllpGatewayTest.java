package org.vigil.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.gateway.GatewayHarness.ackCode;
import static org.vigil.gateway.GatewayHarness.admitA01;
import static org.vigil.gateway.GatewayHarness.control;
import static org.vigil.gateway.GatewayHarness.frame;
import static org.vigil.gateway.GatewayHarness.now;

/** HL7 v2 over MLLP, end to end: a real socket, the real gateway, the real server and its state. */
class MllpGatewayTest {
    @TempDir
    static Path dir;
    static GatewayHarness gw;

    @BeforeAll
    static void start() throws Exception {
        gw = new GatewayHarness(dir);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    static String[] exchange(byte[] payload, int acks) throws java.io.IOException {
        return gw.exchange(payload, acks);
    }

    static io.vertx.core.json.JsonObject ward(String id) throws Exception {
        return gw.ward(id);
    }

    @Test
    void anAdmissionReachesTheWardAndIsAcknowledgedAaOnlyAfterItIsStored() throws Exception {
        int before = ward("RVT-W12").getInteger("patients");
        String[] acks = exchange(frame(admitA01(control(), "9434765919", "W12", "B7")), 1);
        assertEquals("AA", ackCode(acks[0]));
        assertEquals(before + 1, ward("RVT-W12").getInteger("patients"));
        String snapshot = ward("RVT-W12").encode();
        assertFalse(snapshot.contains("SMITH") || snapshot.contains("9434765919") || snapshot.contains("Mill Lane"));
    }

    @Test
    void aRepeatedMessageIsAcknowledgedButChangesNothing() throws Exception {
        String msg = admitA01(control(), "4010232137", "W12", "B9");
        assertEquals("AA", ackCode(exchange(frame(msg), 1)[0]));
        int after = ward("RVT-W12").getInteger("patients");
        assertEquals("AA", ackCode(exchange(frame(msg), 1)[0]));
        assertEquals(after, ward("RVT-W12").getInteger("patients"));
    }

    /**
     * HL7 v2.5.1 §2.14.9.10: MSH-10 is unique within the sending system, MSH-3 and MSH-4 together. A PAS and an
     * e-obs system at one trust both numbering from 1 must not have one's message taken for the other's resend.
     */
    @Test
    void twoSendingApplicationsAtOneFacilityWithTheSameControlIdAreBothStored() throws Exception {
        int before = ward("RVT-W12").getInteger("patients");
        String control = control();
        String pas = admitA01(control, "4010232137", "W12", "B30").replace("|EPIC|RVT|", "|PAS|RVT|");
        String eobs = admitA01(control, "9434765870", "W12", "B31").replace("|EPIC|RVT|", "|EOBS|RVT|");
        assertEquals("AA", ackCode(exchange(frame(pas), 1)[0]));
        assertEquals("AA", ackCode(exchange(frame(eobs), 1)[0]));
        assertEquals(before + 2, ward("RVT-W12").getInteger("patients"));
        assertTrue(gw.journalIds().containsAll(List.of("hl7:PAS:RVT:" + control, "hl7:EOBS:RVT:" + control)));
    }

    /** Cerner-style 2.3 A02 with escaped characters and no EVN-2: moves the patient to another ward. */
    @Test
    void aTransferInVersion23MovesThePatient() throws Exception {
        exchange(frame(admitA01(control(), "9876543210", "W12", "B11")), 1);
        int w21 = ward("RVT-W21").getInteger("patients");
        String a02 = "MSH|^~\\&|CERNER|RVT|||" + now(2) + "||ADT^A02|" + control() + "|P|2.3\n"
                + "EVN|A02\n"
                + "PID|||RX555^^^RVT^MR~9876543210^^^NHS^NH||O\\S\\BRIEN^MARY\\T\\ANNE||19380704|F\n"
                + "PV1||I|WD21^^C3|||W12^^B11\n";
        assertEquals("AA", ackCode(exchange(frame(a02), 1)[0]));
        assertEquals(w21 + 1, ward("RVT-W21").getInteger("patients"));
    }

    /** ORU^R01 with NEWS2 vitals by LOINC, ACVPU by SNOMED and oxygen flow: a NEWS2 11 patient, HIGH. */
    @Test
    void vitalSignsBecomeAScoredObservation() throws Exception {
        exchange(frame(admitA01(control(), "4505577104", "AMU", "A2")), 1);
        String t = now(1);
        String oru = "MSH|^~\\&|PHILIPS|BFW|||" + t + "||ORU^R01^ORU_R01|" + control() + "|P|2.4\n"
                + "PID|1||4505577104^^^NHS^NH||DOE^JANE\n"
                + "PV1|1|I|AMU^^A2\n"
                + "OBR|1|||NEWS2^NEWS2 observations|||" + t + "\n"
                + "OBX|1|NM|9279-1^Respiratory rate^LN||22|/min\n"
                + "OBX|2|NM|59408-5^Oxygen saturation^LN||94|%\n"
                + "OBX|3|NM|3151-8^Inhaled oxygen flow rate^LN||2|L/min\n"
                + "OBX|4|NM|8480-6^Systolic blood pressure^LN||105|mm[Hg]\n"
                + "OBX|5|NM|8867-4^Heart rate^LN||45|/min\n"
                + "OBX|6|ST|1104441000000107^ACVPU^SCT||C\n"
                + "OBX|7|NM|8310-5^Body temperature^LN||35.5|Cel\n";
        assertEquals("AA", ackCode(exchange(frame(oru), 1)[0]));
        assertEquals(1, ward("BFW-AMU").getInteger("news2High"));
    }

    @Test
    void anIncompleteVitalSetIsRejectedSayingWhatIsMissing() throws Exception {
        String oru = "MSH|^~\\&|PHILIPS|BFW|||" + now(1) + "||ORU^R01|" + control() + "|P|2.5.1\n"
                + "PID|1||4505577104^^^NHS^NH\nPV1|1|I|AMU^^A2\nOBR|1\n"
                + "OBX|1|NM|9279-1^RR^LN||18|/min\n";
        String ack = exchange(frame(oru), 1)[0];
        assertEquals("AE", ackCode(ack));
        assertTrue(ack.contains("ERR||OBX^1|101^Required field missing^HL70357|E") && ack.contains("SpO2"), ack);
    }

    @Test
    void anInvalidNhsNumberIsRejected() throws Exception {
        String ack = exchange(frame(admitA01(control(), "9434765918", "W12", "B1")), 1)[0];
        assertEquals("AE", ackCode(ack));
        assertTrue(ack.contains("ERR||PID^1^3|102^Data type error^HL70357|E") && ack.contains("Modulus 11"), ack);
    }

    /**
     * Ten of one digit pass Modulus 11 (the weights sum to 54, so the check digit is the digit itself), and they are
     * what a PAS sends for a patient whose NHS number it does not know. Taken as NHS numbers, two such patients were
     * one: both admissions were AA and the ward held one patient, the first moved into the second's bed (found by
     * an independent audit). Refused like a number failing the check, whichever the patient key.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0000000000", "9999999999", "1111111111"})
    void aPlaceholderNhsNumberIsRefusedNotTakenForAPatient(String placeholder) throws Exception {
        for (String mrn : List.of("RX-UNKNOWN-1", "RX-UNKNOWN-2")) {
            String c = control();
            String ack = exchange(frame(admitA01(c, placeholder, "AMU", mrn.substring(3)).replace("RX123456", mrn)), 1)[0];
            assertEquals("AE", ackCode(ack), ack);
            assertTrue(ack.contains("ERR||PID^1^3|102^Data type error^HL70357|E") && ack.contains("placeholder"), ack);
            assertFalse(gw.journalIds().stream().anyMatch(id -> id.endsWith(":" + c)), "nothing stored for " + mrn);
        }
    }

    @Test
    void anUnmappedWardIsRejectedNamingThePointOfCare() throws Exception {
        String ack = exchange(frame(admitA01(control(), "9434765919", "W99", "B1")), 1)[0];
        assertEquals("AR", ackCode(ack));
        assertTrue(ack.contains("ERR||PV1^1^3^1^1|103^Table value not found^HL70357|E") && ack.contains("W99"), ack);
    }

    @Test
    void unparseableTextGetsAeWithItsControlId() throws Exception {
        String ack = exchange(frame("MSH|^~\\&|X|Y|||" + now(0) + "||ADT^A01|BROKEN1|P|2.5.1\nthis is not a segment"), 1)[0];
        assertEquals("AE", ackCode(ack));
        assertTrue(ack.contains("MSA|AE|BROKEN1|unparseable HL7"), ack);
    }

    @Test
    void garbageBetweenFramesAndSplitFramesAreTolerated() throws Exception {
        byte[] one = frame(admitA01(control(), "9000000009", "W12", "B20"));
        byte[] two = frame(admitA01(control(), "9434765870", "W12", "B21"));
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes("noise\r\n".getBytes(StandardCharsets.US_ASCII));
        stream.writeBytes(one);
        stream.writeBytes("more noise".getBytes(StandardCharsets.US_ASCII));
        stream.writeBytes(two);
        String[] acks = exchange(stream.toByteArray(), 2);
        assertEquals("AA", ackCode(acks[0]));
        assertEquals("AA", ackCode(acks[1]));
    }

    /**
     * A frame with no end block, followed by the next frame's start block: the cut message is neither stored nor
     * acknowledged (its sender had no ACK, so it resends it), and the next message is answered and stored.
     */
    @Test
    void anUnterminatedFrameIsDroppedAndTheNextIsAnsweredAndStored() throws Exception {
        String cut = control();
        String whole = control();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.write(0x0B);
        stream.writeBytes(admitA01(cut, "4010232137", "W12", "B40").replace('\n', '\r').getBytes(StandardCharsets.UTF_8));
        stream.writeBytes(frame(admitA01(whole, "9434765870", "W12", "B41")));
        String ack = exchange(stream.toByteArray(), 1)[0];
        assertTrue(ack.contains("MSA|AA|" + whole), ack);
        List<String> ids = gw.journalIds();
        assertTrue(ids.stream().anyMatch(id -> id.endsWith(":" + whole)), ids.toString());
        assertFalse(ids.stream().anyMatch(id -> id.endsWith(":" + cut)), ids.toString());
    }

    @Test
    void aMessageOverTheSizeLimitIsRejectedNotBuffered() throws Exception {
        String huge = admitA01(control(), "9434765919", "W12", "B1") + "NTE|1||" + "x".repeat(80 * 1024) + "\n";
        String ack = exchange(frame(huge), 1)[0];
        assertEquals("AE", ackCode(ack));
        assertTrue(ack.contains("102^Data type error^HL70357") && ack.contains("longer than"), ack);
    }

    /** RAS^O17: a dose given and one not given (medicine not available). */
    @Test
    void medicineAdministrationBecomesDoseOutcomes() throws Exception {
        exchange(frame(admitA01(control(), "9434765919", "W12", "B7")), 1);
        String ras = "MSH|^~\\&|EPMA|RVT|||" + now(1) + "||RAS^O17^RAS_O17|" + control() + "|P|2.5.1\n"
                + "PID|1||9434765919^^^NHS^NH\nPV1|1|I|W12^^B7\n"
                + "ORC|RE|ORD-1|FIL-77\n"
                + "RXA|0|1|" + now(2) + "||LEVO^Co-careldopa 25/100|1|tab|||||||||||||CP\n"
                + "RXA|0|2|" + now(1) + "||LEVO^Co-careldopa 25/100|0|tab|||||||||||NOT_AVAILABLE||NA\n";
        assertEquals("AA", ackCode(exchange(frame(ras), 1)[0]));
    }

    /** RXA-21 D withdraws an administration: refused (AR at RXA-21), nothing stored, so the dose is not left given. */
    @Test
    void aDeletedAdministrationIsRefusedAndNothingIsStored() throws Exception {
        String control = control();
        String ras = "MSH|^~\\&|EPMA|RVT|||" + now(1) + "||RAS^O17^RAS_O17|" + control + "|P|2.5.1\n"
                + "PID|1||9434765919^^^NHS^NH\nPV1|1|I|W12^^B7\nORC|RE|ORD-1|FIL-78\n"
                + "RXA|0|1|" + now(2) + "||LEVO^Co-careldopa 25/100|1|tab|||||||||||||CP|D\n";
        String ack = exchange(frame(ras), 1)[0];
        assertEquals("AR", ackCode(ack));
        assertTrue(ack.contains("ERR||RXA^1^21|103^Table value not found^HL70357") && ack.contains("cannot withdraw"), ack);
        assertFalse(gw.journalIds().stream().anyMatch(id -> id.endsWith(":" + control)));
    }
}
