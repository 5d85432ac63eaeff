package org.vigil.server.engine;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.server.ServerConfig;
import org.vigil.server.TestServer;
import org.vigil.server.VigilServer;
import org.vigil.server.TestServer.Reply;
import org.vigil.server.journal.Journal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.TestServer.JSON;
import static org.vigil.server.TestServer.NDJSON;
import static org.vigil.server.TestServer.NOW;
import static org.vigil.server.TestServer.envelope;

/**
 * State is a pure function of the journal: what a restart rebuilds by replay equals what live ingest built, the
 * idempotency keys survive it, and /health says when replay is done and how many records it read.
 */
class ReplayTest {
    static final List<String> WARDS = List.of("BFW-AMU", "BFW-W3", "BFW-W7", "BFW-W10", "BFW-W16",
            "RVT-W12", "RVT-W14", "RVT-W21", "RVT-W23", "RVT-W25");
    static final List<String> HOMES = List.of("CH-BAYV", "CH-MARS", "CH-WIND", "CH-OAKS", "CH-PEND");

    /**
     * A seeded day of feeds: admissions, transfers between units, discharges, a tenth of everything delivered up
     * to an hour late (so out of order), and the other event types (including the daily ask, sepsis screens and
     * residents closed), which also show in each unit's snapshot.
     */
    static List<String> feed(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Instant start = NOW.minus(Duration.ofHours(4));
        Map<String, String> where = new HashMap<>();
        List<String> present = new ArrayList<>();
        List<String> events = new ArrayList<>();
        int patients = 0;
        for (int i = 0; i < n; i++) {
            Instant t = start.plusSeconds(20L * i);
            if (random.nextInt(10) == 0) {
                t = t.minusSeconds(60L * (1 + random.nextInt(60)));
            }
            String id = "r-" + i;
            int roll = random.nextInt(100);
            JsonObject e;
            if (roll < 35 || present.isEmpty()) {
                String patient = "P" + (++patients);
                String unit = random.nextInt(4) == 0 ? pick(HOMES, random) : pick(WARDS, random);
                e = envelope(id, "admission", t, unit).put("patient", patient).put("bed", "B" + random.nextInt(40))
                        .put("age", 18 + random.nextInt(80));
                where.put(patient, unit);
                present.add(patient);
            } else if (roll < 55) {
                String patient = pick(present, random);
                String unit = pick(WARDS, random);
                e = envelope(id, "transfer", t, unit).put("patient", patient).put("bed", "B" + random.nextInt(40));
                where.put(patient, unit);
            } else if (roll < 70) {
                String patient = present.remove(random.nextInt(present.size()));
                e = envelope(id, "discharge", t, where.remove(patient)).put("patient", patient);
            } else if (roll < 80) {
                String patient = pick(present, random);
                String unit = where.get(patient);
                e = HOMES.contains(unit)
                        ? envelope(id, "restore2", t, unit).put("resident", patient)
                                .put("softSigns", new JsonArray().add("SEEMS_DIFFERENT"))
                        : envelope(id, "observation", t, unit).put("patient", patient)
                                .put("respirationRate", 12 + random.nextInt(15)).put("spo2", 88 + random.nextInt(12))
                                .put("onOxygen", random.nextBoolean()).put("systolicBp", 90 + random.nextInt(60))
                                .put("pulse", 50 + random.nextInt(80)).put("consciousness", "A")
                                .put("temperature", 36 + random.nextInt(30) / 10.0);
            } else if (roll < 85) {
                String patient = pick(present, random);
                e = envelope(id, "flag", t, where.get(patient)).put("patient", patient).put("flag", "SEPSIS")
                        .put("active", random.nextBoolean());
            } else if (roll < 90) {
                String patient = pick(present, random);
                e = envelope(id, "concern", t, where.get(patient)).put("patient", patient).put("raisedBy", "FAMILY");
            } else if (roll < 95) {
                e = envelope(id, "staffing", t, pick(WARDS, random)).put("date", "2026-03-10").put("shift", "DAY")
                        .put("registeredPlanned", 6).put("registeredActual", 4 + random.nextInt(3))
                        .put("unregisteredPlanned", 4).put("unregisteredActual", 4);
            } else if (roll < 98) {
                // the rules of issue #11: Martha's rule daily ask and sepsis screens on wards, closing a resident
                String patient = pick(present, random);
                String unit = where.get(patient);
                if (HOMES.contains(unit)) {
                    present.remove(patient);
                    where.remove(patient);
                    e = envelope(id, "residentDischarged", t, unit).put("resident", patient)
                            .put("reason", random.nextBoolean() ? "HOSPITAL" : "DIED");
                } else if (random.nextBoolean()) {
                    e = envelope(id, "marthasRuleAsk", t, unit).put("patient", patient).put("asked", "FAMILY")
                            .put("answer", random.nextInt(4) == 0 ? "WORSE" : "SAME");
                } else {
                    e = envelope(id, "sepsisScreen", t, unit).put("patient", patient)
                            .put("outcome", random.nextBoolean() ? "SCREENED_NEGATIVE" : "SEPSIS_SUSPECTED");
                }
            } else {
                e = envelope(id, "pulse", t, pick(WARDS, random)).put("rating", 1 + random.nextInt(5));
            }
            events.add(e.encode());
        }
        return events;
    }

    static <T> T pick(List<T> list, SplittableRandom random) {
        return list.get(random.nextInt(list.size()));
    }

    /** Sends the feed as single events and NDJSON batches of varying size, resending a few; returns accepted. */
    static int send(TestServer server, List<String> events, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int accepted = 0;
        int i = 0;
        while (i < events.size()) {
            int size = Math.min(events.size() - i, random.nextInt(3) == 0 ? 1 : 1 + random.nextInt(15));
            List<String> chunk = new ArrayList<>(events.subList(i, i + size));
            int resent = 0;
            if (i > 0 && random.nextInt(8) == 0) {
                chunk.add(events.get(random.nextInt(i))); // a sender retrying something already acknowledged
                resent = 1;
            }
            Reply r = chunk.size() == 1 ? server.postEvent(chunk.get(0)) : server.postBatch(chunk.toArray(String[]::new));
            assertEquals(200, r.status(), r::toString);
            assertEquals(size, r.json().getInteger("accepted"), r::toString);
            assertEquals(resent, r.json().getInteger("duplicates"), r::toString);
            accepted += size;
            i += size;
        }
        return accepted;
    }

    static int sum(JsonObject overview, String field) {
        int total = 0;
        for (Object u : overview.getJsonArray("units")) {
            total += ((JsonObject) u).getInteger(field);
        }
        return total;
    }

    @Test
    void replayRebuildsExactlyTheLiveState(@TempDir Path dir) {
        List<String> events = feed(600, 42);
        try (TestServer server = TestServer.start(dir)) {
            assertEquals(0L, server.health().getLong("replayedEvents"));
            int accepted = send(server, events, 7);
            JsonObject live = server.overview();
            // the feed really exercised the census, or equality would prove little
            assertTrue(sum(live, "patients") > 20, live::encode);
            assertTrue(sum(live, "dischargesToday") > 20, live::encode);
            assertTrue(sum(live, "admissionsToday") > sum(live, "patients"), live::encode);

            server.restart();

            assertEquals(accepted, server.health().getLong("replayedEvents"), "every accepted event, each once");
            assertEquals(live, server.overview(), "replay must rebuild the live state exactly");

            // the idempotency keys are rebuilt too: every event is still a duplicate
            for (int i = 0; i < events.size(); i += 100) {
                Reply r = server.postBatch(events.subList(i, Math.min(events.size(), i + 100)).toArray(String[]::new));
                assertEquals(0, r.json().getInteger("accepted"), r::toString);
            }
            assertEquals(live, server.overview());

            // and the replayed state goes on from where live left it
            String patient = "P-after-restart";
            assertEquals(200, server.postEvent(TestServer.admission("after-1", NOW.minusSeconds(60), "RVT-W12", patient, "B99")).status());
            assertEquals(sum(live, "patients") + 1, sum(server.overview(), "patients"));
        }
    }

    @Test
    void repeatAcrossARestartIsStillADuplicate(@TempDir Path dir) {
        String event = TestServer.admission("dup-1", NOW.minusSeconds(600), "RVT-W12", "P1", "B1");
        try (TestServer server = TestServer.start(dir)) {
            assertEquals(1, server.postEvent(event).json().getInteger("accepted"));
            JsonObject before = server.overview();
            server.restart();
            Reply again = server.postEvent(event);
            assertEquals(0, again.json().getInteger("accepted"), again::toString);
            assertEquals(1, again.json().getInteger("duplicates"), again::toString);
            assertEquals(before, server.overview());
            server.restart();
            assertEquals(1L, server.health().getLong("replayedEvents"), "the duplicate was not journaled");
        }
    }

    /**
     * A journal of 300k records, written with the real journal, so that replay takes a moment. A request in that
     * window is refused with 503 and Retry-After and journals nothing; /health says "replaying" (the helper's
     * polls check that too), then 200 with the number of records read. Whether the first request lands in the
     * window depends on the machine, so each branch asserts what must then hold.
     */
    @Test
    void healthIs503WhileReplayingThen200WithTheRecordCount(@TempDir Path dir) throws Exception {
        int n = 300_000;
        long t0 = NOW.minus(Duration.ofHours(3)).toEpochMilli();
        try (Journal journal = new Journal(dir.resolve("journal"))) {
            for (int i = 0; i < n; i++) {
                journal.append(new Event("s-" + i, EventType.PULSE, t0 + i, "RVT-W14", new Payload.Pulse(1 + i % 5)));
            }
        }
        String event = envelope("during-replay", "pulse", NOW, "RVT-W14").put("rating", 2).encode();
        VigilServer raw = VigilServer.start(new ServerConfig("127.0.0.1", 0, dir, null, Engine.ClockMode.WALL, 30, 100,
                1 << 20, 65536), TestServer.CLOCK, TestServer.BOOTSTRAP);
        try {
            Reply early = TestServer.send(raw.port(), "POST", "/api/v1/events", TestServer.BOOTSTRAP, JSON,
                    event.getBytes(StandardCharsets.UTF_8));
            if (early.status() == 503) {
                assertEquals("1", early.retryAfter(), early::toString);
                Reply health = TestServer.send(raw.port(), "GET", "/health", null, null, null);
                if (health.status() == 503) {
                    assertEquals("replaying", health.json().getString("status"));
                    assertNull(health.json().getValue("replayMillis"));
                }
            } else {
                assertEquals(200, early.status(), early::toString); // replay finished first on this machine
            }

            JsonObject ready = TestServer.awaitHealthy(raw.port(), Duration.ofSeconds(60));
            assertEquals("ok", ready.getString("status"));
            assertEquals(n, ready.getLong("replayedEvents"));
            assertTrue(ready.getLong("replayMillis") >= 0);

            Reply ward = TestServer.send(raw.port(), "GET", "/api/v1/wards/RVT-W14", TestServer.BOOTSTRAP, null, null);
            assertEquals(Instant.ofEpochMilli(t0 + n - 1).toString(),
                    ward.json().getJsonObject("lastEventAt").getString("pulse"), ward::toString);
            Reply replayedId = TestServer.send(raw.port(), "POST", "/api/v1/events", TestServer.BOOTSTRAP, JSON,
                    envelope("s-" + n / 2, "pulse", NOW, "RVT-W14").put("rating", 3).encode().getBytes(StandardCharsets.UTF_8));
            assertEquals(1, replayedId.json().getInteger("duplicates"), replayedId::toString);

            Reply again = TestServer.send(raw.port(), "POST", "/api/v1/events", TestServer.BOOTSTRAP, NDJSON,
                    event.getBytes(StandardCharsets.UTF_8));
            assertEquals(200, again.status(), again::toString);
            // a 503 journaled nothing, so the event is new now; after a 200 it is a duplicate
            assertEquals(early.status() == 503 ? 1 : 0, again.json().getInteger("accepted"), again::toString);
        } finally {
            raw.close();
        }
    }
}
