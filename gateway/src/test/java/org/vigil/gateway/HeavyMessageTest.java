package org.vigil.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.gateway.AcknowledgementTest.oru;
import static org.vigil.gateway.AcknowledgementTest.segment;
import static org.vigil.gateway.GatewayHarness.admitA01;
import static org.vigil.gateway.GatewayHarness.control;
import static org.vigil.gateway.GatewayHarness.frame;

/**
 * A message within --max-mllp-bytes that is slow to parse (HAPI's work grows with segments, fields and
 * repetitions, not bytes) is refused before HAPI reads it, so one sender cannot hold up the others' ACKs on the
 * parsing threads every MLLP connection shares (docs/gateway.md "Acknowledgements", parse limits).
 */
class HeavyMessageTest {
    /** Generous for a loaded machine; without the limits the other sender waited over a minute. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static GatewayHarness gw;

    @BeforeAll
    static void start() throws Exception {
        gw = new GatewayHarness(dir, 1024 * 1024); // the default --max-mllp-bytes
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    /**
     * An independent audit sent PID-3 repeated 90,000 times: seconds of parsing on one of the two threads all
     * connections share, and every other sender's ACK waited behind it. Here a megabyte of repetitions on three
     * connections (more than one per parsing thread) and then an admission on a fourth: the admission is answered
     * AA, and each heavy message AE 102 naming the limit, nothing of it stored.
     */
    @Test
    void aMessageSlowToParseIsRefusedAndHoldsUpNoOtherSender() throws Exception {
        List<String> heavy = List.of(control(), control(), control());
        List<Socket> senders = new ArrayList<>();
        try {
            for (String c : heavy) {
                Socket s = new Socket("127.0.0.1", gw.mllp.port());
                s.setSoTimeout((int) WAIT.toMillis());
                s.getOutputStream().write(frame(admitA01(c, "9434765919", "W12", "B1")
                        .replace("RX123456^^^RVT^MR~", "RX123456^^^RVT^MR" + "~".repeat(1_000_000))));
                senders.add(s);
            }
            String normal = control();
            String ack = GatewayHarness.exchange(gw.mllp.port(), frame(admitA01(normal, "4010232137", "W12", "B2")), 1, WAIT)[0];
            assertTrue(segment(ack, "MSA").startsWith("MSA|AA|" + normal), ack);
            for (int i = 0; i < heavy.size(); i++) {
                String refusal = GatewayHarness.acks(senders.get(i).getInputStream(), 1)[0];
                assertTrue(segment(refusal, "MSA").startsWith("MSA|AE|" + heavy.get(i) + "|message with more than 250 repetitions"), refusal);
                assertEquals("102^Data type error^HL70357", segment(refusal, "ERR").split("\\|", -1)[3], refusal);
            }
        } finally {
            for (Socket s : senders) {
                s.close();
            }
        }
        assertFalse(gw.journalIds().stream().anyMatch(id -> heavy.stream().anyMatch(id::endsWith)), "nothing stored");
    }

    /**
     * Messages within the limits still cost HAPI a fraction of a second each, and a sender may pipeline up to
     * {@code Unanswered.MOST} of them. Two senders pipeline 200 such messages each (a ward the code map does not
     * know, so each is answered as soon as it is parsed and mapped, never waiting on the server); then a third
     * sends one admission. The gateway used to give each connection one of two parsing threads in turn, so the
     * admission waited behind the first sender's whole backlog. Now each connection has one parsing turn at a
     * time on a shared pool: the admission is answered before either backlog is done. The ACKs' control ids count
     * up as the gateway makes them (docs/gateway.md "ACK control ids"), which orders them across connections
     * without timing anything.
     */
    @Test
    void aSenderPipeliningMessagesAtTheLimitsHoldsUpNoOtherSender() throws Exception {
        int backlog = 200;
        List<Socket> senders = new ArrayList<>();
        try {
            for (int s = 0; s < 2; s++) {
                Socket sender = new Socket("127.0.0.1", gw.mllp.port());
                sender.setSoTimeout((int) WAIT.toMillis());
                String[] messages = new String[backlog];
                for (int i = 0; i < backlog; i++) {
                    messages[i] = atTheLimits(control()).replace("AMU^^A2", "W99^^A2");
                }
                sender.getOutputStream().write(frame(messages));
                senders.add(sender);
            }
            for (Socket sender : senders) {
                GatewayHarness.acks(sender.getInputStream(), 1); // the gateway is parsing each backlog
            }
            String normal = control();
            String ack = GatewayHarness.exchange(gw.mllp.port(),
                    frame(admitA01(normal, "4010232137", "W12", "B3")), 1, WAIT)[0];
            assertTrue(segment(ack, "MSA").startsWith("MSA|AA|" + normal), ack);
            long answered = ackControlId(ack);
            for (Socket sender : senders) {
                String[] refusals = GatewayHarness.acks(sender.getInputStream(), backlog - 1);
                long before = Arrays.stream(refusals).filter(r -> ackControlId(r) < answered).count();
                assertTrue(ackControlId(refusals[backlog - 2]) > answered, "the admission was answered after a "
                        + "sender's whole backlog of " + backlog + " (" + before + " of its last " + (backlog - 1) + " before it)");
                assertTrue(segment(refusals[backlog - 2], "MSA").startsWith("MSA|AR|"), refusals[backlog - 2]);
            }
        } finally {
            for (Socket s : senders) {
                s.close();
            }
        }
    }

    /** MSH-10 of an ACK: the gateway's own control id. */
    private static long ackControlId(String ack) {
        return Long.parseLong(segment(ack, "MSH").split("\\|", -1)[9]);
    }

    /** An observation set at the parse limits: 250 segments, 250 repetitions, some 9,600 of the 10,000 separators. */
    private static String atTheLimits(String control) {
        String set = oru(control, "OBX|5|NM|8310-5^Temp^LN||37.0|Cel\n"); // 11 segments
        String note = "NTE|1||" + "^".repeat(36) + "\n"; // 39 separators
        return (set + note.repeat(239)).replace("9434765919^^^NHS^NH", "9434765919^^^NHS^NH" + "~".repeat(250));
    }

    /** Each limit, just past it; a message at the limits is parsed as usual. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "251 segments|AE|message with more than 250 segments",
            "251 repetitions|AE|message with more than 250 repetitions",
            "10001 separators|AE|message with more than 10000 field, component, repetition and subcomponent separators",
            "at the limits|AA|"})
    void eachLimitIsNamed(String what, String msa1, String reason) throws Exception {
        String c = control();
        String temp = "OBX|5|NM|8310-5^Temp^LN||37.0|Cel\n";
        String set = oru(c, temp); // 11 segments
        String message = switch (what) {
            case "251 segments" -> set + "NTE|1||a note\n".repeat(240);
            case "251 repetitions" -> set.replace("9434765919^^^NHS^NH", "9434765919^^^NHS^NH" + "~".repeat(251));
            case "10001 separators" -> set + "NTE|1||" + "^".repeat(10_001) + "\n";
            case "at the limits" -> (set + "NTE|1||a note\n".repeat(239))
                    .replace("9434765919^^^NHS^NH", "9434765919^^^NHS^NH" + "~".repeat(250));
            default -> throw new IllegalArgumentException(what);
        };
        String ack = gw.exchange(frame(message), 1)[0];
        assertTrue(segment(ack, "MSA").startsWith("MSA|" + msa1 + "|" + c + (reason == null ? "" : "|" + reason)), ack);
    }
}
