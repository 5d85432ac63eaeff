package org.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.vigil.gateway.ServerClient;
import org.vigil.gateway.hl7.CodeMaps;
import org.vigil.gateway.hl7.Hl7Mapper;
import org.vigil.gateway.hl7.LocationMap;
import org.vigil.gateway.hl7.NhsNumber;
import org.vigil.gateway.hl7.PatientKey;
import org.vigil.gateway.mllp.MllpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole MLLP path (gateway/mllp → hl7 → server): one framed message of any text gets exactly one ACK, within
 * the socket timeout, with MSA-1 AA, AE or AR (CA, CE or CR in enhanced mode) — and AA/CA only when the journal
 * holds something new for it (or the same control id was accepted before, a resend, or it is a merge of a record
 * into itself).
 */
class MllpGatewayFuzzTest {
    private static LiveServer live;
    private static MllpServer mllp;
    private static final Set<String> accepted = new HashSet<>();

    @BeforeAll
    static void start() throws Exception {
        live = new LiveServer();
        Hl7Mapper mapper = new Hl7Mapper(CodeMaps.withLocations(LocationMap.parse("W12=RVT-W12,AMU=BFW-AMU")),
                new NhsNumber("fuzz-secret-of-at-least-16-bytes".getBytes(StandardCharsets.UTF_8)), ZoneId.of("Europe/London"), PatientKey.NHS_ELSE_LOCAL);
        mllp = new MllpServer("127.0.0.1", 0, null, 64 * 1024, mapper,
                new ServerClient("http://127.0.0.1:" + live.port(), LiveServer.TOKEN, Duration.ofSeconds(10)));
    }

    @AfterAll
    static void stop() {
        mllp.close();
        live.close();
    }

    @FuzzTest
    void message(byte[] data) throws IOException {
        LiveServer.allowLoopbackOnly();
        byte[] text = new String(data, StandardCharsets.UTF_8).replace('\n', '\r')
                .replace("\u000b", "").replace("\u001c", "").getBytes(StandardCharsets.UTF_8);
        int before = live.journaledIds().size();
        String ack;
        try (Socket s = new Socket("127.0.0.1", mllp.port())) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write(0x0B);
            s.getOutputStream().write(text);
            s.getOutputStream().write(new byte[]{0x1C, 0x0D});
            ack = readFrame(s.getInputStream());
        }
        String msa = "";
        for (String seg : ack.split("\r")) {
            if (seg.startsWith("MSA|")) {
                msa = seg;
            }
        }
        String[] f = msa.split("\\|", -1);
        // original mode AA/AE/AR, or enhanced mode (MSH-15/16 given) CA/CE/CR
        assertTrue(f.length > 2 && f[1].matches("[AC][AER]"), "no MSA-1 in " + ack);
        if (f[1].equals("AA") || f[1].equals("CA")) {
            boolean stored = live.journaledIds().size() > before;
            boolean merge = new String(text, StandardCharsets.UTF_8).contains("A40");
            assertTrue(stored || accepted.contains(f[2]) || merge, "AA but nothing journaled: " + ack);
            accepted.add(f[2]);
        }
    }

    private static String readFrame(InputStream in) throws IOException {
        int b;
        while ((b = in.read()) != 0x0B) {
            if (b < 0) {
                throw new AssertionError("connection closed without an ACK");
            }
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        while ((b = in.read()) != 0x1C) {
            if (b < 0) {
                throw new AssertionError("connection closed inside an ACK");
            }
            frame.write(b);
        }
        return frame.toString(StandardCharsets.UTF_8);
    }
}
