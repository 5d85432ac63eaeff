package org.vigil.server.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.vigil.server.wall.ScreenModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.server.TestServer;
import org.vigil.server.TestServer.Reply;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.TestServer.BOOTSTRAP;
import static org.vigil.server.TestServer.JSON;
import static org.vigil.server.TestServer.NOW;
import static org.vigil.server.TestServer.envelope;

/**
 * The alert endpoints end to end: events in over HTTP, answers through the API with the demo organisation's
 * scoped tokens, what the ward wall's and a responder's sockets are pushed, and the same alerts — every episode,
 * rung and history — after a restart that replays the journal.
 */
class AlertsApiTest {
    static final String WARD = "RVT-W12";
    static final String WALL = "demo-ward-rvt-w12";          // read + ack RVT-W12
    static final String OUTREACH = "demo-outreach-rvt";      // respond:role:outreach:RVT
    static final String NIC = "demo-nic-rvt-w12";            // respond:role:nurse-in-charge:RVT-W12
    static final String SITE = "demo-site-rvt";              // respond:role:site-manager:RVT
    static final String BFW_WALL = "demo-trust-bfw";         // read + ack trust BFW: not RVT

    /** How long a test waits for its Vert.x client to close: minutes, not seconds, on a loaded 2-core machine. */
    private static final int CLOSE_SECONDS = 120;
    private static int ids;

    static String admit(String patient, String bed, Instant t) {
        return TestServer.admission("api-" + ++ids, t, WARD, patient, bed);
    }

    static String concern(String patient, Instant t) {
        return envelope("api-" + ++ids, "concern", t, WARD).put("patient", patient).put("raisedBy", "FAMILY").encode();
    }

    /** NEWS2 11: NEWS2_HIGH. */
    static String high(String patient, Instant t) {
        return envelope("api-" + ++ids, "observation", t, WARD).put("patient", patient).put("respirationRate", 22)
                .put("spo2", 94).put("onOxygen", true).put("systolicBp", 105).put("pulse", 45)
                .put("consciousness", "C").put("temperature", 35.5).encode();
    }

    static JsonObject alertOf(TestServer s, String kind) {
        for (Object o : s.unit(WARD).getJsonArray("alerts")) {
            if (((JsonObject) o).getString("kind").equals(kind)) {
                return (JsonObject) o;
            }
        }
        throw new AssertionError("no " + kind);
    }

    static Reply post(TestServer s, String id, String what, String token, JsonObject body) {
        return s.post("/api/v1/alerts/" + id + "/" + what, token, JSON, body.encode());
    }

    static List<String> types(JsonObject alert) {
        return alert.getJsonArray("history").stream().map(o -> ((JsonObject) o).getString("type")).toList();
    }

    @Test
    void aConcernIsAcceptedDeclinedPausedAndAcknowledgedThroughTheApiAndTheSocketsSeeIt(@TempDir Path dir)
            throws Exception {
        Vertx vertx = Vertx.vertx();
        WebSocketClient client = vertx.createWebSocketClient(); // held: the sockets live as long as their client
        try (TestServer s = TestServer.start(dir)) {
            Instant t = NOW.minus(Duration.ofMinutes(1));
            assertEquals(200, s.postBatch(admit("P-API-1", "7", t), concern("P-API-1", t)).status());
            String id = alertOf(s, "PATIENT_CONCERN").getString("id");

            List<String> wallFrames = new CopyOnWriteArrayList<>();
            List<String> phoneFrames = new CopyOnWriteArrayList<>();
            socket(client, s.port(), new JsonObject().put("type", "auth").put("token", WALL).put("view", "ward")
                    .put("id", WARD), wallFrames);
            socket(client, s.port(), new JsonObject().put("type", "auth").put("token", OUTREACH).put("view", "respond")
                    .put("id", "outreach"), phoneFrames);
            JsonObject listed = await(phoneFrames, f -> f.getString("type").equals("respond")
                    && f.getJsonArray("alerts").size() == 1);
            assertEquals(id, listed.getJsonArray("alerts").getJsonObject(0).getString("id"),
                    "Martha's rule: outreach is told at once, so its page lists the concern");
            assertEquals("Ward 12 — Acute Medicine", listed.getJsonArray("alerts").getJsonObject(0).getString("unitName"));

            // GET with history; 404 alike for another trust's token and for an unknown id
            Reply one = s.get("/api/v1/alerts/" + id, OUTREACH);
            assertEquals(200, one.status(), one::toString);
            assertEquals(List.of("RAISED", "ESCALATED"), types(one.json()));
            assertEquals("outreach", one.json().getJsonObject("rung").getString("role"));
            Reply hidden = s.get("/api/v1/alerts/" + id, BFW_WALL);
            Reply unknown = s.get("/api/v1/alerts/AL-999999", BFW_WALL);
            assertEquals(404, hidden.status());
            assertEquals(404, unknown.status());
            assertEquals(unknown.json().getString("error").replace("AL-999999", id), hidden.json().getString("error"),
                    "an id of another unit's alert reveals nothing");
            assertEquals(404, post(s, id, "accept", BFW_WALL, new JsonObject().put("by", "X")).status());

            // accept: the first wins, the second is told who has it
            Reply accepted = post(s, id, "accept", OUTREACH, new JsonObject().put("by", "Olu Ade"));
            assertEquals(200, accepted.status(), accepted::toString);
            assertEquals("ACCEPTED", accepted.json().getString("state"));
            assertEquals("outreach", accepted.json().getString("acceptedRole"));
            Reply lost = post(s, id, "accept", SITE, new JsonObject().put("by", "Sam Roe"));
            assertEquals(409, lost.status(), lost::toString);
            assertTrue(lost.json().getString("error").contains("Olu Ade (outreach)"), lost::toString);
            assertEquals("Olu Ade", lost.json().getString("acceptedBy"));
            assertEquals(200, post(s, id, "accept", OUTREACH, new JsonObject().put("by", "Olu Ade")).status(),
                    "accepting again is no change");
            assertEquals(403, post(s, id, "accept", WALL, new JsonObject().put("by", "JS")).status(),
                    "a ward wall acknowledges; it does not respond");
            // everyone sees who has it: the ward wall is pushed the acceptance
            await(wallFrames, f -> f.getString("type").equals("ward") && "Olu Ade".equals(
                    find(f.getJsonObject("unit").getJsonArray("alerts"), id).getString("acceptedBy")));

            // hand back with a reason: unanswered again, and told again
            Reply back = post(s, id, "decline", OUTREACH, new JsonObject().put("by", "Olu Ade")
                    .put("reason", "called to an arrest on Ward 14"));
            assertEquals(200, back.status(), back::toString);
            assertEquals("ESCALATED", back.json().getString("state"));
            assertFalse(back.json().containsKey("acceptedBy"));

            // not escalating, from the nurse in charge, for a bounded time: shown on the wall
            Reply paused = post(s, id, "not-escalating", NIC, new JsonObject().put("by", "Kim Bell")
                    .put("reason", "end-of-life care plan").put("minutes", 30));
            assertEquals(200, paused.status(), paused::toString);
            JsonObject pause = paused.json().getJsonObject("notEscalating");
            assertEquals("nurse-in-charge", pause.getString("role"));
            assertEquals(Instant.parse(pause.getString("at")).plus(Duration.ofMinutes(30)).toString(),
                    pause.getString("until"));
            await(wallFrames, f -> f.getString("type").equals("ward") && find(f.getJsonObject("unit")
                    .getJsonArray("alerts"), id).containsKey("notEscalating"));

            // acknowledge at the wall with who and role, then undo within the window, by the same screen
            Reply ack = post(s, id, "ack", WALL, new JsonObject().put("by", "JS").put("role", "Staff nurse")
                    .put("note", "family reassured"));
            assertEquals(200, ack.status(), ack::toString);
            assertEquals("JS", ack.json().getString("acknowledgedBy"));
            assertEquals("Staff nurse", ack.json().getString("acknowledgedRole"));
            Reply undo = s.post("/api/v1/alerts/" + id + "/ack/undo", WALL, JSON, "");
            assertEquals(200, undo.status(), undo::toString);
            assertEquals("ESCALATED", undo.json().getString("state"));
            assertEquals(409, s.post("/api/v1/alerts/" + id + "/ack/undo", WALL, JSON, "").status());

            JsonObject history = s.get("/api/v1/alerts/" + id, OUTREACH).json();
            assertEquals(List.of("RAISED", "ESCALATED", "ACCEPTED", "DECLINED", "RENOTIFIED", "NOT_ESCALATING",
                    "ACKNOWLEDGED", "ACKNOWLEDGEMENT_UNDONE"), types(history));
            JsonObject declined = history.getJsonArray("history").getJsonObject(3);
            assertEquals("Olu Ade", declined.getString("by"));
            assertEquals("called to an arrest on Ward 14", declined.getString("reason"));

            // the burden: one accepted (at 0 min from the raise … the fixed clock), one decline, re-notified
            JsonObject burden = s.unit(WARD).getJsonObject("alertBurden");
            assertEquals(1, burden.getInteger("acceptedToday"));
            assertEquals(1.0, burden.getDouble("medianMinutesToAcceptance"), "accepted at NOW, raised at NOW − 1 min");
            assertEquals(1, burden.getJsonObject("declinesByReason").getInteger("OTHER"));
            assertEquals(100.0, burden.getDouble("renotifiedPercent"));
            awaitMetric(s, "vigil_alert_burden_accepted_today{unit=\"RVT-W12\"} 1.0");
            awaitMetric(s, "vigil_alert_declines_today{reason=\"OTHER\",unit=\"RVT-W12\"} 1.0");

            // replay rebuilds every episode, rung and history exactly
            JsonObject live = s.get("/api/v1/alerts?state=all", BOOTSTRAP).json();
            JsonObject overview = s.overview();
            s.restart();
            assertEquals(live, s.get("/api/v1/alerts?state=all", BOOTSTRAP).json());
            assertEquals(overview, s.overview());
            // the sockets closed while their server is up: closed after it, each waited out its close handshake
            // and Vert.x took over 30 s to close under a loaded full suite, after every assertion had passed; so
            // did the Vert.x instance after it, once, with four builds beside the suite: bounded generously
            client.close().toCompletionStage().toCompletableFuture().get(CLOSE_SECONDS, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Bad input: 400 naming the field, and nothing journaled (the history does not change). */
    @ParameterizedTest(name = "{0} {1} → 400 {2}")
    @CsvSource(delimiter = '|', value = {
            "accept|{}|by",
            "accept|{\"by\":\"\"}|by",
            "accept|{\"by\":\"A\",\"role\":\"surgeon\"}|role",
            "accept|{\"by\":\"A\",\"colour\":\"red\"}|colour",
            "decline|{\"by\":\"A\"}|reason",
            "decline|{\"by\":\"A\",\"reason\":\"   \"}|reason",
            "not-escalating|{\"by\":\"A\"}|reason",
            "not-escalating|{\"by\":\"A\",\"reason\":\"plan\",\"minutes\":0}|minutes",
            "not-escalating|{\"by\":\"A\",\"reason\":\"plan\",\"minutes\":721}|minutes",
            "not-escalating|{\"by\":\"A\",\"reason\":\"plan\",\"minutes\":\"60\"}|minutes",
            "ack|{}|by",
            "ack|{\"note\":\"seen\"}|by",
            "ack/undo|{\"by\":\"A\"}|by"})
    void badInputIsRefusedNamingTheFieldAndNothingIsStored(String what, String body, String field,
                                                          @TempDir Path dir) {
        try (TestServer s = TestServer.start(dir)) {
            Instant t = NOW.minus(Duration.ofMinutes(1));
            s.postBatch(admit("P-BAD", "3", t), concern("P-BAD", t));
            String id = alertOf(s, "PATIENT_CONCERN").getString("id");
            String token = what.startsWith("ack") ? WALL : OUTREACH;
            Reply r = s.post("/api/v1/alerts/" + id + "/" + what, token, JSON, body);
            assertEquals(400, r.status(), r::toString);
            assertEquals(field, r.json().getString("field"), r::toString);
            assertEquals(List.of("RAISED", "ESCALATED"), types(s.get("/api/v1/alerts/" + id, BOOTSTRAP).json()));
        }
    }

    /**
     * A reason typed or pasted in a right-to-left language, with its direction mark, is recorded: refusing it left a
     * decline unrecorded and the paging going on (a review of the refusal of bidirectional controls in ids and beds).
     */
    @Test
    void aRightToLeftReasonIsRecorded(@TempDir Path dir) {
        try (TestServer s = TestServer.start(dir)) {
            Instant t = NOW.minus(Duration.ofMinutes(1));
            s.postBatch(admit("P-RTL", "4", t), concern("P-RTL", t));
            String id = alertOf(s, "PATIENT_CONCERN").getString("id");
            Reply r = s.post("/api/v1/alerts/" + id + "/decline", OUTREACH, JSON, new JsonObject().put("by", "A")
                    .put("role", "outreach").put("reason", "\u200F\u0633\u0628\u0628").encode());
            assertEquals(200, r.status(), r::toString);
        }
    }

    /** A list filter given twice is refused naming it (it was the first value, silently: an independent check). */
    @ParameterizedTest
    @CsvSource({"unit=RVT-W12&unit=RVT-W14, unit", "state=all&state=active, state", "state=, state"})
    void aListFilterGivenTwiceOrEmptyIsRefusedNamingIt(String query, String field, @TempDir Path dir) {
        try (TestServer s = TestServer.start(dir)) {
            Reply r = s.get("/api/v1/alerts?" + query, BOOTSTRAP);
            assertEquals(400, r.status(), r::toString);
            assertEquals(field, r.json().getString("field"), r::toString);
        }
    }

    @Test
    void aResponderSeesOnlyTheAlertsItsRoleWasToldOf(@TempDir Path dir) throws Exception {
        Vertx vertx = Vertx.vertx();
        WebSocketClient client = vertx.createWebSocketClient(); // held: the sockets live as long as their client
        try (TestServer s = TestServer.start(dir)) {
            Instant t = NOW.minus(Duration.ofMinutes(1));
            s.postBatch(admit("P-R-1", "1", t), high("P-R-1", t));
            String high = alertOf(s, "NEWS2_HIGH").getString("id");
            List<String> nic = new CopyOnWriteArrayList<>();
            List<String> outreach = new CopyOnWriteArrayList<>();
            socket(client, s.port(), new JsonObject().put("type", "auth").put("token", NIC).put("view", "respond"), nic);
            socket(client, s.port(), new JsonObject().put("type", "auth").put("token", OUTREACH).put("view", "respond")
                    .put("id", "outreach"), outreach);
            JsonObject hello = await(nic, f -> f.getString("type").equals("hello"));
            assertEquals("nurse-in-charge", hello.getString("id"), "the token's only role");
            assertEquals(4, hello.getJsonArray("declineReasons").size());
            await(nic, f -> f.getString("type").equals("respond") && f.getJsonArray("alerts").size() == 1
                    && f.getJsonArray("alerts").getJsonObject(0).getString("id").equals(high));
            await(outreach, f -> f.getString("type").equals("respond") && f.getJsonArray("alerts").isEmpty());
            // the nurse in charge declines it: outreach is told now, not at 15 minutes
            Reply d = post(s, high, "decline", NIC, new JsonObject().put("by", "Kim Bell").put("reason", "WITH_ANOTHER_PATIENT"));
            assertEquals(200, d.status(), d::toString);
            assertEquals(1, d.json().getJsonObject("rung").getInteger("index"));
            await(outreach, f -> f.getString("type").equals("respond") && f.getJsonArray("alerts").size() == 1);
            assertEquals(1, s.unit(WARD).getJsonObject("alertBurden").getJsonObject("declinesByReason")
                    .getInteger("WITH_ANOTHER_PATIENT"));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_SECONDS, TimeUnit.SECONDS);
        }
    }

    static JsonObject find(JsonArray alerts, String id) {
        for (Object o : alerts) {
            if (((JsonObject) o).getString("id").equals(id)) {
                return (JsonObject) o;
            }
        }
        return new JsonObject();
    }

    /**
     * Opens a wall socket and says who it is; frames collects what it is pushed, as the page renders it (a delta
     * applied to the unit the screen holds: {@link ScreenModel}).
     */
    static WebSocket socket(WebSocketClient client, int port, JsonObject auth, List<String> frames) throws Exception {
        WebSocket ws = client.connect(port, "127.0.0.1", "/ws/wall").toCompletionStage()
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        ScreenModel screen = new ScreenModel(auth.getString("view"));
        ws.textMessageHandler(text -> frames.add(screen.take(text)));
        ws.writeTextMessage(auth.encode());
        return ws;
    }

    /** The first frame (already received or arriving within 10 s) that matches. */
    static JsonObject await(List<String> frames, Predicate<JsonObject> match) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (String f : frames) {
                JsonObject j = new JsonObject(f);
                if (match.test(j)) {
                    return j;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching frame in " + frames);
    }

    static void awaitMetric(TestServer s, String line) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        String body = "";
        while (System.nanoTime() < deadline) {
            body = TestServer.send(s.port(), "GET", "/metrics", null, null, null).body();
            if (body.lines().anyMatch(l -> l.equals(line))) {
                return;
            }
            Thread.sleep(200);
        }
        String text = body;
        assertNotNull(text);
        throw new AssertionError("metric line not found: " + line + "\n" + text.lines()
                .filter(l -> l.startsWith("vigil_alert")).toList());
    }
}
