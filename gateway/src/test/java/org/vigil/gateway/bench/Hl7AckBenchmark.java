package org.vigil.gateway.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.vigil.gateway.ServerClient;
import org.vigil.gateway.hl7.CodeMaps;
import org.vigil.gateway.hl7.Hl7Mapper;
import org.vigil.gateway.hl7.LocationMap;
import org.vigil.gateway.hl7.NhsNumber;
import org.vigil.gateway.hl7.PatientKey;
import org.vigil.gateway.mllp.MllpServer;
import org.vigil.server.ServerConfig;
import org.vigil.server.VigilServer;
import org.vigil.server.engine.Engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./vigil bench hl7}: ACK latency of the MLLP gateway — from the last byte of a framed ORU^R01 (a full NEWS2
 * set) to the first byte of its AA, which the gateway sends only after the server journaled the observation. The
 * server and gateway run in this JVM (loopback HTTP between them, as in production); the senders are plain
 * blocking sockets, each a closed loop (the next message once the ACK is in), on 1 and then 16 connections.
 * Figures go to {@code gateway/target/hl7-bench-results.json}. A measurement, not a test: nothing is asserted.
 *
 * <p>Tunables: {@code -Dvigil.bench.hl7.warmupSeconds=5 -Dvigil.bench.hl7.seconds=20} (via VIGIL_BENCH_OPTS).
 */
public final class Hl7AckBenchmark {
    private static final String TOKEN = "bench-token";
    private static final DateTimeFormatter DTM = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");
    private static final String[] WARDS = {"W12", "W14", "W21", "AMU", "W3"};
    private static final int PATIENTS = 200;
    private static final AtomicLong CONTROL = new AtomicLong();

    private Hl7AckBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int warmup = Integer.getInteger("vigil.bench.hl7.warmupSeconds", 5);
        int seconds = Integer.getInteger("vigil.bench.hl7.seconds", 20);
        String loadBefore = loadAverage();
        Path dir = Files.createTempDirectory("vigil-bench-hl7");
        JsonArray runs = new JsonArray();
        try (VigilServer server = VigilServer.start(new ServerConfig("127.0.0.1", 0, dir, null, Engine.ClockMode.WALL, 30,
                10_000, 8 << 20, ServerConfig.ENGINE_INBOX), Clock.systemUTC(), TOKEN);
             MllpServer mllp = new MllpServer("127.0.0.1", 0, null, 1 << 20,
                     new Hl7Mapper(CodeMaps.withLocations(LocationMap.parse("W12=RVT-W12,W14=RVT-W14,W21=RVT-W21,AMU=BFW-AMU,W3=BFW-W3")),
                             new NhsNumber("bench-secret-of-at-least-16-bytes".getBytes(StandardCharsets.UTF_8)), ZoneId.of("Europe/London"), PatientKey.NHS_ELSE_LOCAL),
                     new ServerClient("http://127.0.0.1:" + server.port(), TOKEN, Duration.ofSeconds(10)))) {
            try (Sender admit = new Sender(mllp.port())) {
                for (int p = 0; p < PATIENTS; p++) {
                    String ack = admit.send(admission(p));
                    if (!ack.contains("MSA|AA|")) {
                        throw new IllegalStateException("admission refused: " + ack);
                    }
                }
            }
            for (int connections : new int[]{1, 16}) {
                run(mllp.port(), connections, warmup);
                JsonObject r = run(mllp.port(), connections, seconds).put("connections", connections);
                runs.add(r);
                System.out.printf("hl7: %2d connection(s): %,d ACKs in %d s (%,.0f/s), p50 %,d µs, p99 %,d µs, p99.9 %,d µs, max %,d µs, not AA %d%n",
                        connections, r.getLong("acks"), seconds, r.getDouble("acksPerSecond"), r.getLong("p50Micros"),
                        r.getLong("p99Micros"), r.getLong("p999Micros"), r.getLong("maxMicros"), r.getLong("notAa"));
            }
        }
        JsonObject out = new JsonObject()
                .put("command", "./vigil bench hl7")
                .put("at", Instant.now().toString())
                .put("machine", new JsonObject().put("cores", Runtime.getRuntime().availableProcessors())
                        .put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")))
                .put("what", "ORU^R01 (full NEWS2 set) → AA after the server journaled it; closed loop per connection")
                .put("warmupSeconds", warmup).put("seconds", seconds).put("runs", runs)
                // other processes on the same 2 cores move these figures: the load says how busy the machine was
                .put("loadAverage", new JsonObject().put("before", loadBefore).put("after", loadAverage()));
        Path file = Path.of("gateway/target/hl7-bench-results.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, out.encodePrettily());
        System.out.println("hl7: load average before " + loadBefore + ", after " + out.getJsonObject("loadAverage").getString("after")
                + "; figures in " + file);
    }

    /** Each connection sends observations back to back for {@code seconds}; latencies pooled into one histogram. */
    private static JsonObject run(int port, int connections, int seconds) throws Exception {
        Histogram all = new Histogram(60_000_000L, 3);
        AtomicLong notAa = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        List<Histogram> each = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Histogram h = new Histogram(60_000_000L, 3);
            each.add(h);
            int first = c;
            Thread t = new Thread(() -> {
                try (Sender s = new Sender(port)) {
                    for (int i = first; System.nanoTime() < end; i += connections) {
                        String msg = observation(i % PATIENTS);
                        long t0 = System.nanoTime();
                        String ack = s.send(msg);
                        h.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                        if (!ack.contains("MSA|AA|")) {
                            notAa.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, "hl7-sender-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        each.forEach(all::add);
        return new JsonObject().put("acks", all.getTotalCount()).put("acksPerSecond", all.getTotalCount() / (double) seconds)
                .put("p50Micros", all.getValueAtPercentile(50)).put("p90Micros", all.getValueAtPercentile(90))
                .put("p99Micros", all.getValueAtPercentile(99)).put("p999Micros", all.getValueAtPercentile(99.9))
                .put("maxMicros", all.getMaxValue()).put("notAa", notAa.get());
    }

    /** The 1/5/15-minute load averages (Linux), or "unknown". */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String nhs(int p) {
        String nine = String.format("9%08d", p * 7 + 11);
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (nine.charAt(i) - '0') * (10 - i);
        }
        int check = (11 - sum % 11) % 11;
        return check == 10 ? null : nine + check;
    }

    private static String id(int p) {
        String n = nhs(p);
        return n != null ? n + "^^^NHS^NH" : "MRN" + p + "^^^BENCH^MR";
    }

    private static String now() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(DTM);
    }

    private static String admission(int p) {
        return "MSH|^~\\&|PAS|BENCH|VIGIL|BENCH|" + now() + "||ADT^A01^ADT_A01|A" + p + "-" + CONTROL.incrementAndGet() + "|P|2.5.1\r"
                + "EVN|A01|" + now() + "\rPID|1||" + id(p) + "||BENCH^PATIENT||19460211|M\r"
                + "PV1|1|I|" + WARDS[p % WARDS.length] + "^^B" + (p / WARDS.length + 1) + "\r";
    }

    private static String observation(int p) {
        String t = now();
        return "MSH|^~\\&|EOBS|BENCH|||" + t + "||ORU^R01^ORU_R01|O" + CONTROL.incrementAndGet() + "|P|2.5.1\r"
                + "PID|1||" + id(p) + "\rPV1|1|I|" + WARDS[p % WARDS.length] + "^^B" + (p / WARDS.length + 1) + "\r"
                + "OBR|1|||NEWS2|||" + t + "\r"
                + "OBX|1|NM|9279-1^Respiratory rate^LN||18|/min\rOBX|2|NM|59408-5^SpO2^LN||97|%\r"
                + "OBX|3|NM|8480-6^Systolic BP^LN||124|mm[Hg]\rOBX|4|NM|8867-4^Heart rate^LN||72|/min\r"
                + "OBX|5|NM|8310-5^Temperature^LN||36.8|Cel\rOBX|6|ST|1104441000000107^ACVPU^SCT||A\rOBX|7|NM|3151-8^O2 flow^LN||0|L/min\r";
    }

    /** One MLLP connection: frame, send, read the ACK's frame. */
    private static final class Sender implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final ByteArrayOutputStream frame = new ByteArrayOutputStream(512);

        Sender(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new java.io.BufferedInputStream(socket.getInputStream());
        }

        String send(String message) throws IOException {
            byte[] body = message.getBytes(StandardCharsets.UTF_8);
            byte[] framed = new byte[body.length + 3];
            framed[0] = 0x0B;
            System.arraycopy(body, 0, framed, 1, body.length);
            framed[body.length + 1] = 0x1C;
            framed[body.length + 2] = 0x0D;
            out.write(framed);
            out.flush();
            int b;
            while ((b = in.read()) != 0x0B) {
                if (b < 0) {
                    throw new IOException("closed before the ACK");
                }
            }
            frame.reset();
            while ((b = in.read()) != 0x1C) {
                if (b < 0) {
                    throw new IOException("closed inside the ACK");
                }
                frame.write(b);
            }
            in.read();
            return frame.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
