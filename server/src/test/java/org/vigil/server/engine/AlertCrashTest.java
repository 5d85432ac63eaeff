package org.vigil.server.engine;

import io.vertx.core.json.JsonArray;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.TestServer.BOOTSTRAP;
import static org.vigil.server.TestServer.JSON;
import static org.vigil.server.TestServer.NDJSON;
import static org.vigil.server.TestServer.envelope;

/**
 * Alert episodes, rungs and histories under the worst crash. A server in its own JVM (on event time, so nothing
 * but the feed moves its clock) is given escalating, flapping, accepted, declined, paused and acknowledged alerts,
 * then responders race to accept a pool of alerts and the server is killed with SIGKILL in the middle. Rebuilt
 * from the journal: every alert untouched by the race is exactly as it was served before; every acceptance that
 * was answered 200 is there, by its winner; no alert was accepted twice.
 */
class AlertCrashTest {
    private static final Instant B = TestServer.NOW.minus(Duration.ofHours(3));
    private static final String OUTREACH = "demo-outreach-rvt";
    private static final String NIC = "demo-nic-rvt-w12";
    private static final String TRUST_WALL = "demo-trust-rvt";
    private static final int POOL = 40;
    private static final int RACERS = 3;
    private static final int ACCEPTED_BEFORE_KILL = POOL / 2;
    private static int ids;

    @Test
    @Timeout(180)
    void everyEpisodeRungAndHistorySurvivesSigkill(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        ChildServer child = ChildServer.start(data, tmp.resolve("server.log"), "--clock", "event");
        List<String> pool;
        JsonObject before;
        Map<String, String> won = new ConcurrentHashMap<>();
        try {
            int port = child.port;
            scenario(port);
            before = alerts(port);
            assertEquals(java.util.Set.of("RAISED", "ESCALATED", "RENOTIFIED", "WORSENED", "REOPENED", "ACKNOWLEDGED",
                    "ACKNOWLEDGEMENT_UNDONE", "ACCEPTED", "DECLINED", "NOT_ESCALATING", "RESOLVED"), types(before),
                    "the scenario exercises every transition");
            pool = raisePool(port);
            before = alerts(port);

            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService racers = Executors.newFixedThreadPool(RACERS);
            for (int r = 0; r < RACERS; r++) {
                int racer = r;
                racers.submit(() -> race(port, racer, pool, stop, won));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (won.size() < ACCEPTED_BEFORE_KILL && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertTrue(won.size() >= ACCEPTED_BEFORE_KILL, () -> "only " + won.size() + " accepted in 30 s");
            child.kill();
            stop.set(true);
            racers.shutdown();
            assertTrue(racers.awaitTermination(30, TimeUnit.SECONDS), "racers did not stop after the kill");
        } finally {
            child.process.destroyForcibly();
        }

        try (TestServer server = TestServer.startOnEventTime(data)) {
            JsonObject after = alerts(server.port());
            Map<String, JsonObject> rebuilt = byId(after);
            for (Map.Entry<String, JsonObject> e : byId(before).entrySet()) {
                if (!pool.contains(e.getKey())) {
                    assertEquals(e.getValue(), rebuilt.get(e.getKey()), "alert " + e.getKey() + " rebuilt differently");
                }
            }
            for (Map.Entry<String, String> w : won.entrySet()) {
                assertEquals(w.getValue(), rebuilt.get(w.getKey()).getString("acceptedBy"),
                        "an acceptance answered 200 was lost: " + w.getKey());
            }
            for (String id : pool) {
                long accepted = rebuilt.get(id).getJsonArray("history").stream()
                        .filter(t -> ((JsonObject) t).getString("type").equals("ACCEPTED")).count();
                assertTrue(accepted <= 1, "alert " + id + " accepted " + accepted + " times");
            }
            // and a second replay of the same journal gives the same again
            server.restart();
            assertEquals(after, alerts(server.port()));
        }
    }

    /** Escalation, flapping, worsening and every kind of answer, on RVT-W12 and RVT-W14. */
    private static void scenario(int port) {
        List<String> events = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            String ward = i <= 4 ? "RVT-W12" : "RVT-W14";
            events.add(TestServer.admission("c-" + ++ids, B, ward, "CP" + i, "B" + i));
            events.add(observation(B.plusSeconds(i), ward, "CP" + i, true));
        }
        events.add(envelope("c-" + ++ids, "concern", B.plusSeconds(20), "RVT-W12").put("patient", "CP1")
                .put("raisedBy", "FAMILY").encode());
        ingest(port, events);
        // answers: an acceptance, a decline that climbs, a pause, an acknowledgement and its undo
        assertEquals(200, answer(port, "RVT-W12", "NEWS2_HIGH", "CP1", "accept", OUTREACH,
                new JsonObject().put("by", "Olu Ade")).status());
        assertEquals(200, answer(port, "RVT-W12", "NEWS2_HIGH", "CP2", "decline", NIC,
                new JsonObject().put("by", "Kim Bell").put("reason", "WITH_ANOTHER_PATIENT")).status());
        assertEquals(200, answer(port, "RVT-W14", "NEWS2_HIGH", "CP5", "not-escalating", OUTREACH,
                new JsonObject().put("by", "Olu Ade").put("reason", "end-of-life care plan").put("minutes", 20)).status());
        assertEquals(200, answer(port, "RVT-W14", "NEWS2_HIGH", "CP6", "ack", TRUST_WALL,
                new JsonObject().put("by", "JS").put("role", "Staff nurse")).status());
        assertEquals(200, answer(port, "RVT-W14", "NEWS2_HIGH", "CP6", "ack/undo", TRUST_WALL, new JsonObject()).status());
        assertEquals(200, answer(port, "RVT-W14", "NEWS2_HIGH", "CP7", "ack", TRUST_WALL,
                new JsonObject().put("by", "AB").put("note", "registrar coming")).status());
        // time moves on: rungs fall due, a paused alert resumes, a flapping one re-opens
        List<String> later = new ArrayList<>();
        later.add(envelope("c-" + ++ids, "pulse", B.plus(Duration.ofMinutes(16)), "RVT-W12").put("rating", 4).encode());
        later.add(observation(B.plus(Duration.ofMinutes(17)), "RVT-W14", "CP8", false));
        later.add(observation(B.plus(Duration.ofMinutes(25)), "RVT-W14", "CP8", true));
        later.add(observation(B.plus(Duration.ofMinutes(26)), "RVT-W14", "CP7", false));
        later.add(observation(B.plus(Duration.ofMinutes(28)), "RVT-W14", "CP7", true));
        later.add(restore2(B.plus(Duration.ofMinutes(30)), 21, 95)); // NEWS2 2 + 1 = 3: GP review
        later.add(restore2(B.plus(Duration.ofMinutes(40)), 25, 93)); // NEWS2 3 + 2 = 5: urgent, worse
        // the last rung's repeat (15 min after the site manager was told) falls due
        later.add(envelope("c-" + ++ids, "pulse", B.plus(Duration.ofMinutes(60)), "RVT-W12").put("rating", 3).encode());
        ingest(port, later);
    }

    /** Forty NEWS2 ≥ 7 alerts on RVT-W21 and RVT-W23 for the responders to race for; returns their ids. */
    private static List<String> raisePool(int port) {
        List<String> events = new ArrayList<>();
        Instant t = B.plus(Duration.ofMinutes(61));
        for (int i = 1; i <= POOL; i++) {
            String ward = i % 2 == 0 ? "RVT-W21" : "RVT-W23";
            events.add(TestServer.admission("c-" + ++ids, t, ward, "RP" + i, "R" + i));
            events.add(observation(t, ward, "RP" + i, true));
        }
        ingest(port, events);
        List<String> pool = new ArrayList<>();
        for (Object o : alerts(port).getJsonArray("alerts")) {
            JsonObject a = (JsonObject) o;
            if (a.getString("unit").matches("RVT-W2[13]") && a.getString("kind").equals("NEWS2_HIGH")) {
                pool.add(a.getString("id"));
            }
        }
        assertEquals(POOL, pool.size());
        return pool;
    }

    /** One responder's phone: accepts every pool alert it can, in its own order, until the server goes away. */
    private static void race(int port, int racer, List<String> pool, AtomicBoolean stop, Map<String, String> won) {
        List<String> order = new ArrayList<>(pool);
        Collections.shuffle(order, new java.util.Random(racer));
        String by = "racer-" + racer;
        for (String id : order) {
            if (stop.get()) {
                return;
            }
            Reply r;
            try {
                r = TestServer.send(port, "POST", "/api/v1/alerts/" + id + "/accept", OUTREACH, JSON,
                        new JsonObject().put("by", by).encode().getBytes(StandardCharsets.UTF_8));
            } catch (UncheckedIOException killed) {
                return;
            }
            if (r.status() == 200) {
                String before = won.putIfAbsent(id, by);
                if (before != null) {
                    throw new AssertionError(id + " accepted by " + before + " and " + by);
                }
            } else if (r.status() != 409 && r.status() != 503) {
                throw new AssertionError("unexpected answer to an accept: " + r);
            }
        }
    }

    /** A set for a resident of The Oaks, otherwise normal. */
    private static String restore2(Instant t, int rr, int spo2) {
        return envelope("c-" + ++ids, "restore2", t, "CH-OAKS").put("resident", "OR1")
                .put("softSigns", new JsonArray()).put("respirationRate", rr).put("spo2", spo2).put("onOxygen", false)
                .put("systolicBp", 125).put("pulse", 72).put("consciousness", "A").put("temperature", 37.0).encode();
    }

    private static java.util.Set<String> types(JsonObject list) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (Object a : list.getJsonArray("alerts")) {
            for (Object t : ((JsonObject) a).getJsonArray("history")) {
                out.add(((JsonObject) t).getString("type"));
            }
        }
        return out;
    }

    private static String observation(Instant t, String ward, String patient, boolean high) {
        JsonObject o = envelope("c-" + ++ids, "observation", t, ward).put("patient", patient);
        return (high ? o.put("respirationRate", 22).put("spo2", 94).put("onOxygen", true).put("systolicBp", 105)
                .put("pulse", 45).put("consciousness", "C").put("temperature", 35.5)
                : o.put("respirationRate", 16).put("spo2", 97).put("onOxygen", false).put("systolicBp", 125)
                .put("pulse", 72).put("consciousness", "A").put("temperature", 37.0)).encode();
    }

    private static void ingest(int port, List<String> events) {
        Reply r = TestServer.send(port, "POST", "/api/v1/events", BOOTSTRAP, NDJSON,
                (String.join("\n", events) + "\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.status(), r::toString);
        assertEquals(events.size(), r.json().getInteger("accepted"), r::toString);
    }

    private static Reply answer(int port, String unit, String kind, String patientBed, String what, String token,
                                JsonObject body) {
        String bed = "B" + patientBed.substring(2);
        String id = null;
        for (Object o : alerts(port).getJsonArray("alerts")) {
            JsonObject a = (JsonObject) o;
            if (a.getString("unit").equals(unit) && a.getString("kind").equals(kind) && bed.equals(a.getString("bed"))
                    && !a.getString("state").equals("RESOLVED")) {
                id = a.getString("id");
            }
        }
        assertTrue(id != null, "no " + kind + " at " + unit + " " + bed);
        Reply r = TestServer.send(port, "POST", "/api/v1/alerts/" + id + "/" + what, token, JSON,
                body.encode().getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.status(), r::toString);
        return r;
    }

    private static JsonObject alerts(int port) {
        Reply r = TestServer.send(port, "GET", "/api/v1/alerts?state=all", BOOTSTRAP, null, null);
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    private static Map<String, JsonObject> byId(JsonObject list) {
        Map<String, JsonObject> out = new HashMap<>();
        JsonArray all = list.getJsonArray("alerts");
        for (int i = 0; i < all.size(); i++) {
            out.put(all.getJsonObject(i).getString("id"), all.getJsonObject(i));
        }
        return out;
    }
}
