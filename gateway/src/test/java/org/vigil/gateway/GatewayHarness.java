package org.vigil.gateway;

import io.vertx.core.json.JsonObject;
import org.vigil.gateway.hl7.CodeMaps;
import org.vigil.gateway.hl7.Hl7Mapper;
import org.vigil.gateway.hl7.LocationMap;
import org.vigil.gateway.hl7.NhsNumber;
import org.vigil.gateway.hl7.PatientKey;
import org.vigil.gateway.mllp.MllpServer;
import org.vigil.server.ServerConfig;
import org.vigil.server.VigilServer;
import org.vigil.server.engine.Engine;
import org.vigil.server.journal.Journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A real server and a real MLLP gateway in front of it, plus an MLLP client and sample messages. */
final class GatewayHarness implements AutoCloseable {
    static final String TOKEN = "gateway-test-token";
    /** The gateway's pseudonymisation secret in these tests. */
    static final String SECRET = "test-secret-of-32-bytes-at-least!";
    private static final DateTimeFormatter DTM = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");
    private static final AtomicInteger CONTROL = new AtomicInteger(1000);
    private static final String LOCATIONS = "W12=RVT-W12,WD21=RVT-W21,AMU=BFW-AMU";

    final VigilServer server;
    final MllpServer mllp;
    private final Path dir;

    GatewayHarness(Path dir) throws Exception {
        this(dir, CodeMaps.withLocations(LocationMap.parse(LOCATIONS)));
    }

    GatewayHarness(Path dir, CodeMaps codeMaps) throws Exception {
        this(dir, codeMaps, List.of());
    }

    /** With {@code before}: nodes the gateway tries before the live server (a cluster's dead ones). */
    GatewayHarness(Path dir, CodeMaps codeMaps, List<String> before) throws Exception {
        this(dir, codeMaps, before, 64 * 1024);
    }

    /** With the gateway's MLLP message limit ({@code --max-mllp-bytes}). */
    GatewayHarness(Path dir, int maxMllpBytes) throws Exception {
        this(dir, CodeMaps.withLocations(LocationMap.parse(LOCATIONS)), List.of(), maxMllpBytes);
    }

    private GatewayHarness(Path dir, CodeMaps codeMaps, List<String> before, int maxMllpBytes) throws Exception {
        this.dir = dir;
        server = VigilServer.start(new ServerConfig("127.0.0.1", 0, dir, null, Engine.ClockMode.WALL, 30, 10_000,
                8 * 1024 * 1024, 65_536), Clock.systemUTC(), TOKEN);
        Hl7Mapper mapper = new Hl7Mapper(codeMaps,
                new NhsNumber(SECRET.getBytes(StandardCharsets.UTF_8)), ZoneId.of("Europe/London"), PatientKey.NHS_ELSE_LOCAL);
        List<String> nodes = new ArrayList<>(before);
        nodes.add("http://127.0.0.1:" + server.port());
        mllp = new MllpServer("127.0.0.1", 0, null, maxMllpBytes, mapper,
                new ServerClient(new ServerNodes(nodes), TOKEN, Duration.ofSeconds(5)));
    }

    @Override
    public void close() {
        mllp.close();
        server.close();
    }

    /** The ids of every sender's event in the server's journal (read as a second reader, as a tailer would). */
    List<String> journalIds() throws IOException {
        List<String> ids = new ArrayList<>();
        try (Journal journal = new Journal(dir.resolve("journal"))) {
            journal.replay(e -> {
                if (!e.type().internal()) {
                    ids.add(e.id()); // the senders' events; internal records (the audit trail's, ticks) have no id
                }
            });
        }
        return ids;
    }

    static String now(int minutesAgo) {
        return ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(minutesAgo).format(DTM);
    }

    static String control() {
        return "MSG" + CONTROL.incrementAndGet();
    }

    /** Sends framed messages on one connection and returns each ACK's text. */
    String[] exchange(byte[] payload, int acks) throws IOException {
        return exchange(mllp.port(), payload, acks);
    }

    /** Sends framed messages to an MLLP port on one connection and returns each ACK's text. */
    static String[] exchange(int port, byte[] payload, int acks) throws IOException {
        return exchange(port, payload, acks, Duration.ofSeconds(10));
    }

    /** As {@link #exchange(int, byte[], int)}, waiting at most {@code wait} for each ACK's next byte. */
    static String[] exchange(int port, byte[] payload, int acks, Duration wait) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) wait.toMillis());
            OutputStream out = s.getOutputStream();
            out.write(payload);
            out.flush();
            return acks(s.getInputStream(), acks);
        }
    }

    /** Reads the next {@code acks} framed ACKs from a connection and returns each one's text. */
    static String[] acks(InputStream in, int acks) throws IOException {
        String[] result = new String[acks];
        for (int i = 0; i < acks; i++) {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != 0x0B) {
                if (b < 0) {
                    throw new IOException("connection closed before ACK " + (i + 1));
                }
            }
            while ((b = in.read()) != 0x1C) {
                frame.write(b);
            }
            in.read();
            result[i] = frame.toString(StandardCharsets.UTF_8);
        }
        return result;
    }

    static byte[] frame(String... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String m : messages) {
            out.write(0x0B);
            out.writeBytes(m.replace('\n', '\r').getBytes(StandardCharsets.UTF_8));
            out.write(0x1C);
            out.write(0x0D);
        }
        return out.toByteArray();
    }

    static String ackCode(String ack) {
        for (String seg : ack.split("\r")) {
            if (seg.startsWith("MSA|")) {
                return seg.split("\\|")[1];
            }
        }
        throw new AssertionError("no MSA in " + ack);
    }

    JsonObject ward(String id) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/api/v1/wards/" + id))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        return new JsonObject(r.body());
    }

    /** Epic-style 2.5.1 A01: PID-3 repeats MRN and NHS number, with names and an address Vigil must drop. */
    static String admitA01(String control, String nhs, String pointOfCare, String bed) {
        return "MSH|^~\\&|EPIC|RVT|VIGIL|RVT|" + now(3) + "||ADT^A01^ADT_A01|" + control + "|P|2.5.1\n"
                + "EVN|A01|" + now(3) + "\n"
                + "PID|1||RX123456^^^RVT^MR~" + nhs + "^^^NHS^NH||SMITH^JOHN^A||19460211|M|||1 Mill Lane^^Preston^^PR1 1AA\n"
                + "PV1|1|I|" + pointOfCare + "^^" + bed + "^RVT||||1234^JONES^A|||MED||||||||IP\n";
    }
}
