package org.vigil.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.hl7.NhsNumber;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
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

/**
 * The gateway's log, and its server's, carry nothing of a patient (hazard log HAZ-13, open item O10): a real server
 * and a real MLLP gateway on loopback, their log (SLF4J simple, on standard error) captured, sent messages the
 * gateway accepts (AA), refuses (AE, AR) and cannot frame, each with an NHS number, a name, an address and a local
 * record number; then none of them, nor the pseudonyms the gateway derives from them, is in the log.
 */
class GatewayLogRedactionTest {
    private static final String NHS = "9434765919";
    /** Fails Modulus 11. */
    private static final String BAD_NHS = "9434765918";

    @Test
    void noNhsNumberNameRecordNumberOrPseudonymReachesTheLog(@TempDir Path dir) throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            try (GatewayHarness gw = new GatewayHarness(dir)) {
                assertEquals("AA", ackCode(gw.exchange(frame(admitA01(control(), NHS, "W12", "B1")), 1)[0]));
                assertEquals("AE", ackCode(gw.exchange(frame(admitA01(control(), BAD_NHS, "W12", "B2")), 1)[0]));
                assertEquals("AR", ackCode(gw.exchange(frame(admitA01(control(), NHS, "W99", "B1")), 1)[0]));
                String feverish = "MSH|^~\\&|PHILIPS|RVT|||" + now(1) + "||ORU^R01|" + control() + "|P|2.5.1\n"
                        + "PID|1||" + NHS + "^^^NHS^NH||SMITH^JOHN\nPV1|1|I|W12^^B1\nOBR|1\n"
                        + "OBX|1|NM|9279-1^RR^LN||22|/min\nOBX|2|NM|59408-5^SpO2^LN||94|%\n"
                        + "OBX|3|NM|8480-6^SBP^LN||105|mm[Hg]\nOBX|4|NM|8867-4^HR^LN||45|/min\n"
                        + "OBX|5|ST|1104441000000107^ACVPU^SCT||C\nOBX|6|NM|8310-5^Temp^LN||95|Cel\n"
                        + "OBX|7|NM|3151-8^O2 flow^LN||0|L/min\n";
                assertEquals("AE", ackCode(gw.exchange(frame(feverish), 1)[0]), "refused by the server: 95 °C");
                String unparseable = "MSH|^~\\&|EPIC|RVT|VIGIL|RVT|" + now(1) + "||ADT^A01|" + control()
                        + "|P|7.9\nPID|1||RX123456^^^RVT^MR~" + NHS + "^^^NHS^NH||SMITH^JOHN\nPV1|1|I|W12^^B1\n";
                String ack = gw.exchange(frame(unparseable), 1)[0];
                assertTrue(List.of("AE", "AR").contains(ackCode(ack)), ack);
                // bytes outside a frame, then a frame: the noise is logged as counted, never quoted
                try (Socket s = new Socket("127.0.0.1", gw.mllp.port())) {
                    OutputStream out = s.getOutputStream();
                    out.write(("PID|1||" + NHS + "^^^NHS^NH||SMITH^JOHN\r").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                for (int i = 0; i < 100 && !log.toString(StandardCharsets.UTF_8).contains("outside a frame"); i++) {
                    Thread.sleep(50); // logged when the connection ends, on the gateway's I/O thread
                }
            }
        } finally {
            System.setErr(err);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("outside a frame"), "the log was captured: " + logged);
        NhsNumber pseudonyms = new NhsNumber(GatewayHarness.SECRET.getBytes(StandardCharsets.UTF_8));
        for (String identifier : List.of(NHS, BAD_NHS, "SMITH", "JOHN", "Mill Lane", "PR1 1AA", "RX123456",
                pseudonyms.pseudonym("nhs", NHS), pseudonyms.pseudonym("mrn", "RX123456"))) {
            assertFalse(logged.contains(identifier), () -> "the log names " + identifier + ":\n" + logged);
        }
    }
}
