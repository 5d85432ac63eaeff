package org.vigil.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.gateway.GatewayHarness.ackCode;
import static org.vigil.gateway.GatewayHarness.admitA01;
import static org.vigil.gateway.GatewayHarness.control;
import static org.vigil.gateway.GatewayHarness.frame;
import static org.vigil.gateway.GatewayHarness.now;

/**
 * ADT corrections end to end (real gateway, real server, its census): cancel admit (A11), cancel transfer (A12),
 * cancel discharge (A13) and merge (A40) never leave a patient twice on a ward, and a message Vigil cannot place
 * or read leaves nothing in the journal.
 */
class AdtCorrectionsTest {
    private static final AtomicInteger NEXT = new AtomicInteger(100_000);

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

    /** A fresh valid NHS number (Modulus 11) for each test, so tests do not share patients. */
    static String nhs() {
        while (true) {
            String nine = "94" + NEXT.getAndIncrement() + "0";
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += (nine.charAt(i) - '0') * (10 - i);
            }
            int check = 11 - sum % 11;
            if (check == 11) {
                check = 0;
            }
            if (check != 10) {
                return nine + check;
            }
        }
    }

    static String ack(String message) throws Exception {
        return gw.exchange(frame(message), 1)[0];
    }

    static int patients(String ward) throws Exception {
        return gw.ward(ward).getInteger("patients");
    }

    static String adt(String trigger, int minutesAgo, String pid, String pv1, String more) {
        return "MSH|^~\\&|PAS|RVT|VIGIL|RVT|" + now(minutesAgo) + "||ADT^" + trigger + "|" + control() + "|P|2.5.1\n"
                + "EVN|" + trigger + "|" + now(minutesAgo) + "\n"
                + "PID|1||" + pid + "\n" + more + "PV1|1|I|" + pv1 + "\n";
    }

    @Test
    void aCancelledAdmissionTakesThePatientOffTheWard() throws Exception {
        String nhs = nhs();
        int before = patients("RVT-W12");
        assertEquals("AA", ackCode(ack(admitA01(control(), nhs, "W12", "C1"))));
        assertEquals(before + 1, patients("RVT-W12"));
        assertEquals("AA", ackCode(ack(adt("A11", 2, nhs + "^^^NHS^NH", "W12^^C1", ""))));
        assertEquals(before, patients("RVT-W12"));
    }

    @Test
    void aCancelledTransferPutsThePatientBackOnlyOnce() throws Exception {
        String nhs = nhs();
        int w12 = patients("RVT-W12"), w21 = patients("RVT-W21");
        assertEquals("AA", ackCode(ack(admitA01(control(), nhs, "W12", "C2"))));
        assertEquals("AA", ackCode(ack(adt("A02", 2, nhs + "^^^NHS^NH", "WD21^^D4|||W12^^C2", ""))));
        assertEquals(w12, patients("RVT-W12"));
        assertEquals(w21 + 1, patients("RVT-W21"));
        // A12: PV1-3 is where the cancelled transfer took them, PV1-6 where they go back to
        assertEquals("AA", ackCode(ack(adt("A12", 1, nhs + "^^^NHS^NH", "WD21^^D4|||W12^^C2", ""))));
        assertEquals(w12 + 1, patients("RVT-W12"));
        assertEquals(w21, patients("RVT-W21"));
    }

    @Test
    void aCancelledDischargeReadmitsOnceEvenIfSentTwice() throws Exception {
        String nhs = nhs();
        int before = patients("RVT-W12");
        assertEquals("AA", ackCode(ack(admitA01(control(), nhs, "W12", "C3"))));
        assertEquals("AA", ackCode(ack(adt("A03", 2, nhs + "^^^NHS^NH", "W12^^C3", ""))));
        assertEquals(before, patients("RVT-W12"));
        assertEquals("AA", ackCode(ack(adt("A13", 1, nhs + "^^^NHS^NH", "W12^^C3", ""))));
        assertEquals("AA", ackCode(ack(adt("A13", 0, nhs + "^^^NHS^NH", "W12^^C3", ""))));
        assertEquals(before + 1, patients("RVT-W12"));
    }

    /** The PAS knew the patient by a local number, then found their NHS number and merged the records. */
    @Test
    void aMergeLeavesOnePatientInTheBed() throws Exception {
        String nhs = nhs();
        String mrn = "RX" + NEXT.getAndIncrement();
        int before = patients("RVT-W12");
        assertEquals("AA", ackCode(ack(adt("A01", 3, mrn + "^^^RVT^MR", "W12^^C4", ""))));
        assertEquals(before + 1, patients("RVT-W12"));
        assertEquals("AA", ackCode(ack(adt("A40", 2, nhs + "^^^NHS^NH~" + mrn + "^^^RVT^MR", "W12^^C4", "MRG|" + mrn + "^^^RVT^MR\n"))));
        assertEquals(before + 1, patients("RVT-W12"));
        assertEquals(0, gw.ward("RVT-W12").getInteger("patientsWithoutBed"));
        // the survivor is the one the ward now follows: discharging them empties the bed
        assertEquals("AA", ackCode(ack(adt("A03", 1, nhs + "^^^NHS^NH", "W12^^C4", ""))));
        assertEquals(before, patients("RVT-W12"));
    }

    @Test
    void anUnmappedLocationIsRefusedAndNothingReachesTheJournal() throws Exception {
        String control = control();
        String ack = ack(admitA01(control, nhs(), "W99", "B1"));
        assertEquals("AR", ackCode(ack));
        assertTrue(ack.contains("103^Table value not found") && ack.contains("'W99' is not mapped"), ack);
        assertFalse(gw.journalIds().stream().anyMatch(id -> id.contains(control)));
    }

    @Test
    void anUnknownCodeIsRefusedAndNothingReachesTheJournal() throws Exception {
        String nhs = nhs();
        ack(admitA01(control(), nhs, "W12", "C5"));
        String control = control();
        String oru = "MSH|^~\\&|EOBS|RVT|||" + now(1) + "||ORU^R01|" + control + "|P|2.5.1\n"
                + "PID|1||" + nhs + "^^^NHS^NH\nPV1|1|I|W12^^C5\nOBR|1\n"
                + "OBX|1|NM|RESP^Resp rate^99EOBS||18|/min\nOBX|2|NM|59408-5^SpO2^LN||97|%\n"
                + "OBX|3|NM|8480-6^SBP^LN||120|mm[Hg]\nOBX|4|NM|8867-4^HR^LN||70|/min\n"
                + "OBX|5|NM|8310-5^Temp^LN||37|Cel\nOBX|6|ST|1104441000000107^ACVPU^SCT||A\nOBX|7|NM|3151-8^O2 flow^LN||0|L/min\n";
        String ack = ack(oru);
        assertEquals("AR", ackCode(ack));
        assertTrue(ack.contains("ERR||OBX^1^3^1^1|103^Table value not found") && ack.contains("RESP (99EOBS)"), ack);
        assertFalse(gw.journalIds().stream().anyMatch(id -> id.contains(control)));
        // the same set with the LOINC code is stored: the refusal was the code, nothing else
        String good = oru.replace(control, control + "B").replace("RESP^Resp rate^99EOBS", "9279-1^RR^LN");
        assertEquals("AA", ackCode(ack(good)));
        assertTrue(gw.journalIds().stream().anyMatch(id -> id.contains(control + "B")));
    }

    /**
     * A08 updates a patient's details: it moves a patient on a ward to the place it gives and never admits. As a
     * transfer it re-admitted a discharged patient, whose observations then fell overdue (an independent audit).
     */
    @Test
    void anUpdateMovesAPatientOnTheWardAndNeverReadmitsADischargedOne() throws Exception {
        String nhs = nhs();
        String pid = nhs + "^^^NHS^NH";
        int w12 = patients("RVT-W12");
        int w21 = patients("RVT-W21");
        assertEquals("AA", ackCode(ack(adt("A01", 10, pid, "W12^^C7", ""))));
        assertEquals("AA", ackCode(ack(adt("A08", 8, pid, "WD21^^D2", ""))));
        assertEquals(w12, patients("RVT-W12"));
        assertEquals(w21 + 1, patients("RVT-W21"), "moved by the update");
        assertEquals("AA", ackCode(ack(adt("A03", 6, pid, "WD21^^D2", ""))));
        assertEquals("AA", ackCode(ack(adt("A08", 4, pid, "WD21^^D2", ""))));
        assertEquals(w21, patients("RVT-W21"), "an update after the discharge brings nobody back");
        assertEquals("AA", ackCode(ack(adt("A08", 2, nhs() + "^^^NHS^NH", "W12^^C8", ""))));
        assertEquals(w12, patients("RVT-W12"), "an update for a patient never admitted admits nobody");
    }
}
