package org.vigil.server.engine;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.ChildServer;
import org.vigil.server.TestServer;
import org.vigil.server.TestServer.Reply;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.TestServer.BOOTSTRAP;
import static org.vigil.server.TestServer.JSON;
import static org.vigil.server.TestServer.NDJSON;

/**
 * The journal's promise under the worst crash: a server in its own JVM, under load from several clients, is
 * killed with SIGKILL. Every event it acknowledged must be in the state rebuilt from its journal, nothing may be
 * applied twice, and what it had not acknowledged may be there or not (it was appended or it was not).
 */
class CrashTest {
    private static final List<String> UNITS = List.of("BFW-AMU", "BFW-W3", "BFW-W7", "BFW-W10", "BFW-W16",
            "CH-BAYV", "CH-MARS", "CH-WIND", "RVT-W12", "RVT-W14", "RVT-W21", "RVT-W23", "RVT-W25", "CH-OAKS", "CH-PEND");
    private static final int CLIENTS = 4;
    private static final int ACKED_BEFORE_KILL = 250;
    /** Before the fixed clock of the in-process restart, and in the past for the child's wall clock. */
    private static final Instant TIME = TestServer.NOW.minus(Duration.ofHours(1));

    /** One admission of a distinct patient, as sent. */
    record Sent(String id, String unit, String patient, String json) {}

    @Test
    @Timeout(120)
    void everyAcknowledgedEventSurvivesSigkillAndNoneIsAppliedTwice(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        ChildServer child = ChildServer.start(data, tmp.resolve("server.log"));
        int port = child.port;
        List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        List<Sent> acked = Collections.synchronizedList(new ArrayList<>());
        try {
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.submit(() -> load(client, port, stop, sent, acked));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (acked.size() < ACKED_BEFORE_KILL && System.nanoTime() < deadline && child.process.isAlive()) {
                Thread.sleep(5);
            }
            assertTrue(child.process.isAlive(), () -> "the server died before the kill: " + child.tail());
            assertTrue(acked.size() >= ACKED_BEFORE_KILL, () -> "only " + acked.size() + " acknowledged in 30 s");

            child.kill();
            stop.set(true);
            clients.shutdown();
            assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS), "clients did not stop after the kill");
        } finally {
            child.process.destroyForcibly();
        }

        List<Sent> allSent = List.copyOf(sent);
        List<Sent> allAcked = List.copyOf(acked);
        assertTrue(allSent.size() > allAcked.size(), "the kill should have caught requests in flight");

        // the same data directory, replayed by a new server (in this JVM, so its state can be inspected)
        try (TestServer server = TestServer.start(data)) {
            List<String> missing = server.server().engine().read(state -> {
                List<String> lost = new ArrayList<>();
                for (Sent s : allAcked) {
                    if (state.unit(s.unit()).census().patient(s.patient()) == null) {
                        lost.add(s.id());
                    }
                }
                return lost;
            }).get(30, TimeUnit.SECONDS);
            assertEquals(List.of(), missing, "acknowledged events lost by the crash");

            int patients = totalPatients(server.overview());
            assertTrue(patients >= allAcked.size() && patients <= allSent.size(),
                    "patients " + patients + " must be between acknowledged " + allAcked.size() + " and sent " + allSent.size());

            // every acknowledged event again: all duplicates, none applied a second time
            int duplicates = 0;
            for (int i = 0; i < allAcked.size(); i += 100) {
                List<Sent> chunk = allAcked.subList(i, Math.min(allAcked.size(), i + 100));
                Reply r = server.postBatch(chunk.stream().map(Sent::json).toArray(String[]::new));
                assertEquals(200, r.status(), r::toString);
                assertEquals(0, r.json().getInteger("accepted"), () -> "an acknowledged event was not journaled: " + r);
                duplicates += r.json().getInteger("duplicates");
            }
            assertEquals(allAcked.size(), duplicates);
            assertEquals(patients, totalPatients(server.overview()));

            // and everything that was sent: the unacknowledged complete the census, exactly once each
            for (int i = 0; i < allSent.size(); i += 100) {
                List<Sent> chunk = allSent.subList(i, Math.min(allSent.size(), i + 100));
                assertEquals(200, server.postBatch(chunk.stream().map(Sent::json).toArray(String[]::new)).status());
            }
            assertEquals(allSent.size(), totalPatients(server.overview()));
        }
    }

    /** One client: distinct admissions, singly and in NDJSON batches of three, until the server stops answering. */
    private static void load(int client, int port, AtomicBoolean stop, List<Sent> sent, List<Sent> acked) {
        SplittableRandom random = new SplittableRandom(client);
        int k = 0;
        while (!stop.get()) {
            int n = random.nextInt(3) == 0 ? 3 : 1;
            List<Sent> request = new ArrayList<>(n);
            for (int i = 0; i < n; i++, k++) {
                String id = "crash-" + client + "-" + k;
                String unit = UNITS.get(random.nextInt(UNITS.size()));
                String patient = "CP-" + client + "-" + k;
                request.add(new Sent(id, unit, patient, TestServer.admission(id, TIME, unit, patient, "B" + k)));
            }
            sent.addAll(request); // before the request: what the server may have appended
            byte[] body = String.join("\n", request.stream().map(Sent::json).toList()).getBytes(StandardCharsets.UTF_8);
            Reply r;
            try {
                r = TestServer.send(port, "POST", "/api/v1/events", BOOTSTRAP, n == 1 ? JSON : NDJSON, body);
            } catch (UncheckedIOException killed) {
                return;
            }
            if (r.status() == 200) {
                if (r.json().getInteger("accepted") != n) {
                    throw new AssertionError("distinct new events must all be accepted: " + r);
                }
                acked.addAll(request);
            } else if (r.status() != 503) {
                throw new AssertionError("unexpected answer under load: " + r);
            }
        }
    }

    private static int totalPatients(JsonObject overview) {
        int total = 0;
        for (Object u : overview.getJsonArray("units")) {
            total += ((JsonObject) u).getInteger("patients");
        }
        return total;
    }
}
