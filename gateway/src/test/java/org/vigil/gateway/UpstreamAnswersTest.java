package org.vigil.gateway;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.gateway.hl7.CodeMaps;
import org.vigil.gateway.hl7.Hl7Mapper;
import org.vigil.gateway.hl7.LocationMap;
import org.vigil.gateway.hl7.NhsNumber;
import org.vigil.gateway.hl7.PatientKey;
import org.vigil.gateway.mllp.MllpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.gateway.AcknowledgementTest.segment;
import static org.vigil.gateway.GatewayHarness.admitA01;
import static org.vigil.gateway.GatewayHarness.control;
import static org.vigil.gateway.GatewayHarness.frame;

/**
 * Answers the server (or a proxy in front of it) may give that are not the server's usual refusal: each message
 * still gets exactly one ACK, in order, and a bad answer for one never silences the connection. The upstream is a
 * JDK HTTP server on loopback giving each message the answer the test chose for its control id (200 otherwise).
 */
class UpstreamAnswersTest {
    /** The answer for one message: status, content type and body, after a delay. */
    record Answer(int status, String type, String body, long delayMillis) {
        Answer(int status, String type, String body) {
            this(status, type, body, 0);
        }
    }

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    /** What the upstream saw, in order: "request C" and "answered C" for each control id C given an answer. */
    private final Queue<String> seen = new ConcurrentLinkedQueue<>();
    private HttpServer upstream;
    private MllpServer mllp;

    @BeforeEach
    void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            String events = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String control = answers.keySet().stream().filter(c -> events.contains(":" + c + "\"")).findFirst().orElse(null);
            Answer a = control == null ? new Answer(200, "application/json", "{\"accepted\":1,\"duplicates\":0}")
                    : answers.get(control);
            seen.add("request " + control);
            try {
                Thread.sleep(a.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            seen.add("answered " + control); // before the answer leaves, so the gateway cannot act on it first
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", a.type());
            exchange.sendResponseHeaders(a.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        upstream.setExecutor(Executors.newCachedThreadPool()); // concurrent, as the real server is
        upstream.start();
        Hl7Mapper mapper = new Hl7Mapper(CodeMaps.withLocations(LocationMap.parse("W12=RVT-W12")),
                new NhsNumber("test-secret-of-32-bytes-at-least!".getBytes(StandardCharsets.UTF_8)), ZoneId.of("Europe/London"), PatientKey.NHS_ELSE_LOCAL);
        mllp = new MllpServer("127.0.0.1", 0, null, 64 * 1024, mapper, new ServerClient(
                "http://127.0.0.1:" + upstream.getAddress().getPort(), "t", Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        mllp.close();
        upstream.stop(0);
        ((ExecutorService) upstream.getExecutor()).shutdownNow();
    }

    private String[] exchange(String... messages) throws IOException {
        return GatewayHarness.exchange(mllp.port(), frame(messages), messages.length);
    }

    /**
     * A 400 that names no field (a proxy's HTML page, or JSON without "field") is still a refusal of the message's
     * content: AE 102, ERR-2 empty because nothing says where. Found by an audit: it used to fail the ACK chain, and
     * no later message on that connection was ever answered.
     */
    @Test
    void aRefusalNamingNoFieldIsAnAeAndTheConnectionGoesOn() throws Exception {
        String[] c = {control(), control(), control()};
        answers.put(c[0], new Answer(400, "text/html", "<html><body><h1>400 Bad Request</h1></body></html>"));
        answers.put(c[1], new Answer(400, "application/json", "{\"error\":\"something was wrong\"}"));
        String[] acks = exchange(admitA01(c[0], "9434765919", "W12", "B1"), admitA01(c[1], "9434765919", "W12", "B2"),
                admitA01(c[2], "9434765919", "W12", "B3"));
        for (int i = 0; i < 2; i++) {
            assertTrue(segment(acks[i], "MSA").startsWith("MSA|AE|" + c[i] + "|refused by Vigil"), acks[i]);
            String[] err = segment(acks[i], "ERR").split("\\|", -1);
            assertEquals("", err[2], acks[i]);
            assertEquals("102^Data type error^HL70357", err[3], acks[i]);
        }
        assertTrue(acks[1].contains("something was wrong"), acks[1]);
        assertTrue(segment(acks[2], "MSA").startsWith("MSA|AA|" + c[2]), acks[2]);
    }

    /**
     * A sender pipelining without waiting for its ACKs, while the server is slow, meets TCP's back-pressure: the
     * gateway stops reading a connection with too many messages unanswered, rather than queueing them all in its
     * memory. Of 18 MB sent while the first message waits, the kernel's buffers take some; the rest is not read.
     */
    @Test
    void aFloodOnOneConnectionIsNotReadBeyondWhatWaitsToBeAnswered() throws Exception {
        String held = control();
        answers.put(held, new Answer(200, "application/json", "{\"accepted\":1,\"duplicates\":0}", 10_000));
        byte[] one = frame(admitA01(control(), "9434765919", "W12", "B1"));
        java.nio.ByteBuffer flood = java.nio.ByteBuffer.allocate(one.length * 60_000 + 1024);
        flood.put(frame(admitA01(held, "9434765919", "W12", "B1")));
        for (int i = 0; i < 60_000; i++) {
            flood.put(one);
        }
        flood.flip();
        int total = flood.remaining();
        try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(
                new InetSocketAddress("127.0.0.1", mllp.port()))) {
            ch.configureBlocking(false);
            long until = System.nanoTime() + 5_000_000_000L; // bounded: 5 s of writing as fast as the socket takes
            while (flood.hasRemaining() && System.nanoTime() < until) {
                if (ch.write(flood) == 0) {
                    Thread.sleep(10);
                }
            }
            assertTrue(flood.hasRemaining(), "all " + total + " bytes were taken while one message was unanswered");
        }
    }

    /**
     * Messages pipelined on one connection reach the server in the order sent: the second is forwarded only once
     * the first was answered, however slow that answer (and the ACKs keep that order too).
     */
    @Test
    void oneConnectionsMessagesReachTheServerInTheOrderSent() throws Exception {
        String first = control();
        String second = control();
        answers.put(first, new Answer(200, "application/json", "{\"accepted\":1,\"duplicates\":0}", 300));
        answers.put(second, new Answer(200, "application/json", "{\"accepted\":1,\"duplicates\":0}"));
        String[] acks = exchange(admitA01(first, "9434765919", "W12", "B1"), admitA01(second, "9434765919", "W12", "B2"));
        assertEquals(List.of("request " + first, "answered " + first, "request " + second, "answered " + second),
                List.copyOf(seen));
        assertTrue(segment(acks[0], "MSA").startsWith("MSA|AA|" + first), acks[0]);
        assertTrue(segment(acks[1], "MSA").startsWith("MSA|AA|" + second), acks[1]);
    }

    /**
     * AR 207 tells the sender what Vigil knows of its message. A server that answered (503: replaying, its log
     * unavailable) did not store it. One that did not answer in time, or a proxy in front of it that gave up (504),
     * may have journaled it and answered late: the sender is told it may or may not have been stored and to resend
     * it unchanged, which its event id makes safe. An audit found "not stored" after a timeout, untrue when the
     * server had journaled the message. (A server never reached: {@link AcknowledgementTest#whenTheServerIsDownTheAnswerIsAr207}.)
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "the server refusing it, 503|503|0|not stored (Vigil answered 503",
            "a proxy that gave up waiting, 504|504|0|may or may not have been stored",
            "no answer within the timeout|200|8000|may or may not have been stored"})
    void eachAr207SaysWhetherTheMessageMayHaveBeenStored(String what, int status, long delayMillis, String says)
            throws Exception {
        String c = control();
        answers.put(c, new Answer(status, "text/plain", "unavailable", delayMillis));
        String ack = exchange(admitA01(c, "9434765919", "W12", "B1"))[0];
        String msa = segment(ack, "MSA");
        assertTrue(msa.startsWith("MSA|AR|" + c + "|"), ack);
        assertEquals("207^Application internal error^HL70357", segment(ack, "ERR").split("\\|", -1)[3], ack);
        assertTrue(msa.contains(says) && msa.contains("resend"), ack);
        if (says.startsWith("may")) {
            assertFalse(msa.contains("not stored"), ack);
            assertTrue(msa.contains("event id") && msa.contains("AA"), "a resend is safe, and the sender is told so: " + ack);
        }
    }
}
