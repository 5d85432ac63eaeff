package org.vigil.gateway;

import ca.uhn.hl7v2.Version;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.gateway.hl7.CodeMaps;
import org.vigil.gateway.hl7.Hl7Mapper;
import org.vigil.gateway.hl7.LocationMap;
import org.vigil.gateway.hl7.NhsNumber;
import org.vigil.gateway.hl7.PatientKey;
import org.vigil.gateway.mllp.MllpServer;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.gateway.GatewayHarness.ackCode;
import static org.vigil.gateway.GatewayHarness.admitA01;
import static org.vigil.gateway.GatewayHarness.control;
import static org.vigil.gateway.GatewayHarness.frame;
import static org.vigil.gateway.GatewayHarness.now;

/**
 * Each acknowledgement the gateway gives, over a real socket (HL7 v2.5.1 ch. 2, table 0008 and table 0357; see
 * docs/gateway.md "Acknowledgements"): MSA-1, ERR-2 (where), ERR-3 (the code) and MSA-3 (in words).
 */
class AcknowledgementTest {
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

    static String segment(String ack, String name) {
        for (String s : ack.split("\r")) {
            if (s.startsWith(name + "|")) {
                return s;
            }
        }
        return "";
    }

    static String oru(String control, String obx) {
        return "MSH|^~\\&|EOBS|BFW|||" + now(1) + "||ORU^R01|" + control + "|P|2.5.1\n"
                + "PID|1||9434765919^^^NHS^NH\nPV1|1|I|AMU^^A2\nOBR|1\n"
                + "OBX|1|NM|9279-1^RR^LN||18|/min\nOBX|2|NM|59408-5^SpO2^LN||97|%\nOBX|3|NM|8480-6^SBP^LN||120|mm[Hg]\n"
                + "OBX|4|NM|8867-4^HR^LN||70|/min\n" + obx + "OBX|6|ST|1104441000000107^ACVPU^SCT||A\nOBX|7|NM|3151-8^O2 flow^LN||0|L/min\n";
    }

    @ParameterizedTest(name = "{0}: {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "accepted|AA||",
            "no PV1 segment|AE|100^Segment sequence error^HL70357|PV1^1",
            "no temperature|AE|101^Required field missing^HL70357|OBX^1",
            "no air or oxygen|AE|101^Required field missing^HL70357|OBX^1",
            "a temperature in words|AE|102^Data type error^HL70357|OBX^5^5",
            "a temperature the server finds impossible|AE|102^Data type error^HL70357|OBX^5^5",
            "an unmapped ward|AR|103^Table value not found^HL70357|PV1^1^3^1^1",
            "a unit Vigil cannot convert|AR|103^Table value not found^HL70357|OBX^5^6^1^1",
            "a temperature posted as wrong|AR|103^Table value not found^HL70357|OBX^5^11",
            "a scheduling message|AR|200^Unsupported message type^HL70357|MSH^1^9",
            "a pre-admission|AR|201^Unsupported event code^HL70357|MSH^1^9",
            "a training message|AR|202^Unsupported processing id^HL70357|MSH^1^11",
            "version 3.0|AR|203^Unsupported version id^HL70357|MSH^1^12",
            "version 2.9|AR|203^Unsupported version id^HL70357|MSH^1^12",
            "no encoding characters|AE|101^Required field missing^HL70357|MSH^1^2",
            "incomplete encoding characters|AE|101^Required field missing^HL70357|MSH^1^2",
            "no version|AE|101^Required field missing^HL70357|MSH^1^12",
            "no message type|AE|101^Required field missing^HL70357|MSH^1^9",
            "no message code|AE|101^Required field missing^HL70357|MSH^1^9"})
    void eachAnswer(String what, String msa1, String err3, String err2) throws Exception {
        String c = control();
        String temp = "OBX|5|NM|8310-5^Temp^LN||37.0|Cel\n";
        String message = switch (what) {
            case "accepted" -> oru(c, temp);
            case "no PV1 segment" -> oru(c, temp).replace("PV1|1|I|AMU^^A2\n", "");
            case "no temperature" -> oru(c, "");
            case "no air or oxygen" -> oru(c, temp).replace("OBX|7|NM|3151-8^O2 flow^LN||0|L/min\n", "");
            case "a temperature in words" -> oru(c, temp.replace("37.0", "normal"));
            case "a temperature the server finds impossible" -> oru(c, temp.replace("37.0", "50"));
            case "an unmapped ward" -> oru(c, temp).replace("AMU^^A2", "W99^^A2");
            case "a unit Vigil cannot convert" -> oru(c, temp.replace("|Cel", "|K"));
            case "a temperature posted as wrong" -> oru(c, temp.replace("|Cel", "|Cel|||||W"));
            case "a scheduling message" -> oru(c, temp).replace("ORU^R01", "SIU^S12");
            case "a pre-admission" -> admitA01(c, "9434765919", "W12", "B1").replace("ADT^A01^ADT_A01", "ADT^A05");
            case "a training message" -> oru(c, temp).replace("|P|2.5.1", "|T|2.5.1");
            case "version 3.0" -> oru(c, temp).replace("|P|2.5.1", "|P|3.0");
            case "version 2.9" -> oru(c, temp).replace("|P|2.5.1", "|P|2.9");
            case "no encoding characters" -> oru(c, temp).replace("MSH|^~\\&|", "MSH||");
            case "incomplete encoding characters" -> oru(c, temp).replace("MSH|^~\\&|", "MSH|^~|");
            case "no version" -> oru(c, temp).replace("|P|2.5.1", "|P|");
            case "no message type" -> oru(c, temp).replace("ORU^R01", "");
            case "no message code" -> oru(c, temp).replace("ORU^R01", "^R01");
            default -> throw new IllegalArgumentException(what);
        };
        String ack = gw.exchange(frame(message), 1)[0];
        String version = segment(ack, "MSH").split("\\|", -1)[11];
        assertTrue(Version.versionOf(version) != null, "the ACK's MSH-12 is a version Vigil takes: " + ack);
        String msa = segment(ack, "MSA");
        assertTrue(msa.startsWith("MSA|" + msa1 + "|" + c), ack);
        if (msa1.equals("AA")) {
            assertEquals("", segment(ack, "ERR"), ack);
            assertTrue(gw.journalIds().contains("hl7:EOBS:BFW:" + c));
            return;
        }
        String[] err = segment(ack, "ERR").split("\\|", -1);
        assertEquals(err3, err[3], ack);
        assertEquals(err2 == null ? "" : err2, err[2], ack);
        assertEquals("E", err[4], ack);
        String text = msa.split("\\|", -1)[3];
        assertTrue(text.length() > 10, "MSA-3 says why in words: " + ack);
        assertEquals(text, err[8], ack);
        assertFalse(gw.journalIds().stream().anyMatch(id -> id.contains(c)), "nothing stored for " + what);
    }

    @Test
    void theServersRefusalNamesTheFieldItCameFrom() throws Exception {
        String ack = gw.exchange(frame(oru(control(), "OBX|5|NM|8310-5^Temp^LN||50|Cel\n")), 1)[0];
        assertTrue(segment(ack, "MSA").contains("refused by Vigil") && segment(ack, "MSA").contains("temperature"), ack);
    }

    /** Enhanced mode (MSH-15/16 given): the accept acknowledgement, CA only once journaled. */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"W12, CA", "W99, CR", "Z99, CR"})
    void enhancedModeAnswersWithTheCommitCodes(String ward, String expected) throws Exception {
        String a01 = admitA01(control(), "9434765919", ward.equals("Z99") ? "W12" : ward, "B2")
                .replace("|P|2.5.1", "|P|2.5.1|||AL|NE");
        if (ward.equals("Z99")) {
            a01 = a01.replace("ADT^A01^ADT_A01", "ADT^Z99");
        }
        assertEquals(expected, ackCode(gw.exchange(frame(a01), 1)[0]));
    }

    /**
     * Enhanced mode holds for a message refused before HAPI could read it too (no version, one Vigil does not
     * take, a character set it does not read, over the size limit): the raw header's MSH-15/16 say the mode. An
     * audit found AE and AR here, codes an enhanced-mode sender does not expect as its accept acknowledgement.
     */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"no version, CE", "version 2.9, CR", "UNICODE UTF-16, CR", "over the size limit, CE"})
    void enhancedModeHoldsForAMessageHapiCouldNotRead(String what, String expected) throws Exception {
        String c = control();
        String a01 = admitA01(c, "9434765919", "W12", "B2");
        String message = switch (what) {
            case "no version" -> a01.replace("|P|2.5.1", "|P||||AL|NE");
            case "version 2.9" -> a01.replace("|P|2.5.1", "|P|2.9|||AL|NE");
            case "UNICODE UTF-16" -> a01.replace("|P|2.5.1", "|P|2.5.1|||AL|NE||UNICODE UTF-16");
            case "over the size limit" -> a01.replace("|P|2.5.1", "|P|2.5.1|||AL|NE") + "NTE|1||" + "x".repeat(70_000) + "\n";
            default -> throw new IllegalArgumentException(what);
        };
        String ack = gw.exchange(frame(message), 1)[0];
        assertTrue(segment(ack, "MSA").startsWith("MSA|" + expected + "|" + c + "|"), ack);
        assertFalse(gw.journalIds().stream().anyMatch(id -> id.endsWith(":" + c)));
    }

    /** Found by fuzzing: a sender declaring a letter as its escape character still gets an ACK readable as text. */
    @Test
    void theAckUsesTheStandardDelimitersWhateverTheSendersAre() throws Exception {
        String c = control();
        String odd = "MSH|^~A&|PAS|RVT|||" + now(1) + "||ADT^Z01|" + c + "|P|2.5.1\nPID|1||9434765919^^^NHS^NH\n";
        String ack = gw.exchange(frame(odd), 1)[0];
        assertTrue(ack.startsWith("MSH|^~\\&|"), ack);
        assertTrue(segment(ack, "MSA").startsWith("MSA|AR|" + c + "|"), ack);
    }

    static byte[] frameIn(String message, java.nio.charset.Charset charset) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(0x0B);
        out.writeBytes(message.replace('\n', '\r').getBytes(charset));
        out.write(0x1C);
        out.write(0x0D);
        return out.toByteArray();
    }

    /** MSH-18 says how a message is encoded (HL7 table 0211): '°C' in ISO 8859-1 is one byte, 0xB0. */
    @ParameterizedTest(name = "MSH-18 {0}")
    @CsvSource({"8859/1, ISO-8859-1", "8859/15, ISO-8859-15", "UNICODE UTF-8, UTF-8", "'', UTF-8"})
    void eachMessageIsReadInTheCharacterSetItsMsh18Names(String msh18, String charset) throws Exception {
        String c = control();
        String message = oru(c, "OBX|5|NM|8310-5^Temp^LN||37.0|°C\n").replace("|P|2.5.1", "|P|2.5.1||||||" + msh18);
        String ack = gw.exchange(frameIn(message, java.nio.charset.Charset.forName(charset)), 1)[0];
        assertTrue(segment(ack, "MSA").startsWith("MSA|AA|" + c), ack);
        assertTrue(gw.journalIds().contains("hl7:EOBS:BFW:" + c));
    }

    /** A character set Vigil does not read is refused, naming it, before any of the message is decoded. */
    @ParameterizedTest(name = "MSH-18 {0}")
    @CsvSource({"UNICODE UTF-16", "ISO IR87", "EBCDIC"})
    void aCharacterSetVigilDoesNotReadIsRefusedAtMsh18(String msh18) throws Exception {
        String c = control();
        String message = oru(c, "OBX|5|NM|8310-5^Temp^LN||37.0|Cel\n").replace("|P|2.5.1", "|P|2.5.1||||||" + msh18);
        String ack = gw.exchange(frame(message), 1)[0];
        assertTrue(segment(ack, "MSA").startsWith("MSA|AR|" + c + "|character set '" + msh18 + "'"), ack);
        assertTrue(segment(ack, "ERR").startsWith("ERR||MSH^1^18|103^Table value not found^HL70357|E"), ack);
        assertFalse(gw.journalIds().stream().anyMatch(id -> id.endsWith(":" + c)));
    }

    /** Before 2.5 a sender reads ERR-1: it carries the place and the code too. */
    @Test
    void aVersion23SenderFindsTheErrorInErr1() throws Exception {
        String a02 = "MSH|^~\\&|CERNER|RVT|||" + now(2) + "||ADT^A02|" + control() + "|P|2.3\nEVN|A02\n"
                + "PID|||RX555^^^RVT^MR||X||19380704|F\nPV1||I|WD99^^C3|||W12^^B11\n";
        String ack = gw.exchange(frame(a02), 1)[0];
        assertEquals("AR", ackCode(ack));
        assertTrue(segment(ack, "ERR").startsWith("ERR|PV1^1^3^103&Table value not found&HL70357|"), ack);
    }

    /** Vigil down is not the sender's fault: AR with 207, to resend unchanged later — and never AA. */
    @Test
    void whenTheServerIsDownTheAnswerIsAr207() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Hl7Mapper mapper = new Hl7Mapper(CodeMaps.withLocations(LocationMap.parse("W12=RVT-W12")),
                new NhsNumber("test-secret-of-32-bytes-at-least!".getBytes(StandardCharsets.UTF_8)), ZoneId.of("Europe/London"), PatientKey.NHS_ELSE_LOCAL);
        try (MllpServer down = new MllpServer("127.0.0.1", 0, null, 64 * 1024, mapper,
                new ServerClient("http://127.0.0.1:" + closed, "t", Duration.ofSeconds(2)))) {
            String ack = GatewayHarness.exchange(down.port(), frame(admitA01(control(), "9434765919", "W12", "B1")), 1)[0];
            assertTrue(ack.contains("MSA|AR|"), ack);
            assertTrue(ack.contains("207^Application internal error^HL70357") && ack.contains("resend later"), ack);
            // never reached, so truly not stored (a timeout says it may have been: UpstreamAnswersTest)
            assertTrue(ack.contains("|not stored"), ack);
            // what failed, for the interface team reading its engine's log (it said CompletionException, the wrapper)
            assertTrue(ack.contains("ConnectException"), ack);
        }
    }

    /**
     * An ACK's MSH-10 is unique across gateway restarts: a receiving engine may file ACKs by control id. HAPI's
     * generator counted from 0 at every start, so a restarted gateway answered "0" again (found by an independent
     * audit), and an ACK for a message HAPI could not read had "ACK" and the time to the second: two in one second
     * alike, and 22 characters where MSH-10 holds 20 (ST, HL7 v2.5.1). Two runs of the gateway, each answering a
     * message HAPI reads and two it cannot.
     */
    @Test
    void ackControlIdsAreUniqueAcrossGatewayRuns() throws Exception {
        Hl7Mapper mapper = new Hl7Mapper(CodeMaps.withLocations(LocationMap.parse("W12=RVT-W12")),
                new NhsNumber("test-secret-of-32-bytes-at-least!".getBytes(StandardCharsets.UTF_8)), ZoneId.of("Europe/London"), PatientKey.NHS_ELSE_LOCAL);
        Set<String> ids = new HashSet<>();
        for (int run = 0; run < 2; run++) {
            try (MllpServer mllp = new MllpServer("127.0.0.1", 0, null, 64 * 1024, mapper, new ServerClient(
                    "http://127.0.0.1:" + gw.server.port(), GatewayHarness.TOKEN, Duration.ofSeconds(5)))) {
                String[] acks = GatewayHarness.exchange(mllp.port(),
                        frame(admitA01(control(), "9434765919", "W12", "B1"), "not HL7", "nor this"), 3);
                for (String ack : acks) {
                    String id = segment(ack, "MSH").split("\\|", -1)[9];
                    assertTrue(!id.isEmpty() && id.length() <= 20, "MSH-10 is 1 to 20 characters: " + ack);
                    assertTrue(ids.add(id), "control id " + id + " used twice: " + ack);
                }
            }
        }
    }
}
