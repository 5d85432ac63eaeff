package org.vigil.server.wall;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.TestServer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The push protocol against the real server (docs/walls.md): a screen gets each unit whole with its version, then
 * deltas whose {@code from} is exactly the version it holds ({@link ScreenModel} fails on any gap), and applying
 * them rebuilds what the API says; an alert transition arrives as an alert added, naming the bed; a slow screen
 * gets coalesced deltas rather than being dropped; a resync answers with the unit whole; overview screens get tile
 * deltas.
 */
class WallPushTest {
    private static final String WARD = "RVT-W12";
    private static final String WALL = "demo-ward-rvt-w12";   // read + ack RVT-W12
    private static final String EXEC = "demo-exec";           // read:system
    private static final AtomicInteger IDS = new AtomicInteger();

    private final Vertx vertx = Vertx.vertx();

    /** Bounded at 30 s: on the 2-core CI machine under the full suite a Vert.x close has taken more than 10 s. */
    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** A screen: its raw frames, and the frames as the page renders them (deltas applied by the model). */
    private record Screen(WebSocket ws, List<String> raw, List<JsonObject> shown, ScreenModel model,
                          List<Short> closed, List<AssertionError> broken) {}

    /**
     * One test's screens on one server. Declared after the server in try-with-resources, so its sockets close while
     * the server is still up: closed after it, each waited out a close handshake that never came, and the client's
     * close once took more than 30 s under the full suite on CI, failing a test whose assertions had all passed.
     */
    private final class Screens implements AutoCloseable {
        private final TestServer server;
        /** A screen waits for the close handshake at most 2 s (Vert.x's default is 10 s). */
        private final WebSocketClient client =
                vertx.createWebSocketClient(new WebSocketClientOptions().setClosingTimeout(2));

        Screens(TestServer server) {
            this.server = server;
        }

        Screen open(String token, String view, String id) throws Exception {
            WebSocket ws = client.connect(server.port(), "127.0.0.1", "/ws/wall").toCompletionStage()
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
            Screen screen = new Screen(ws, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(),
                    new ScreenModel(view), new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
            ws.textMessageHandler(text -> {
                screen.raw().add(text);
                try {
                    screen.shown().add(new JsonObject(screen.model().take(text)));
                } catch (AssertionError e) { // a protocol failure: the test fails with it, not with a timeout
                    screen.broken().add(e);
                }
            });
            ws.closeHandler(v -> screen.closed().add(ws.closeStatusCode() == null ? -1 : ws.closeStatusCode()));
            ws.writeTextMessage(new JsonObject().put("type", "auth").put("token", token).put("view", view)
                    .put("id", id).encode());
            return screen;
        }

        @Override
        public void close() throws Exception {
            client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static JsonObject await(Screen screen, Predicate<JsonObject> match) throws InterruptedException {
        List<JsonObject> frames = screen.shown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!screen.broken().isEmpty()) {
                throw screen.broken().get(0);
            }
            for (int i = frames.size() - 1; i >= 0; i--) {
                if (match.test(frames.get(i))) {
                    return frames.get(i);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching frame in " + frames);
    }

    private static String admit(String bed, Instant t) {
        return TestServer.admission("push-" + IDS.incrementAndGet(), t, WARD, "P-PUSH-" + bed, bed);
    }

    private static String concern(String bed, Instant t) {
        return TestServer.envelope("push-" + IDS.incrementAndGet(), "concern", t, WARD).put("patient", "P-PUSH-" + bed)
                .put("raisedBy", "FAMILY").encode();
    }

    /** The unit as the API has it, without its asOf (a frame's asOf is when the unit last changed). */
    private static JsonObject withoutAsOf(JsonObject unit) {
        JsonObject u = unit.copy();
        u.remove("asOf");
        return u;
    }

    @Test
    void aWardScreenGetsItsSnapshotThenDeltasThatRebuildWhatTheApiSays(@TempDir Path dir) throws Exception {
        try (TestServer s = TestServer.start(dir); Screens screens = new Screens(s)) {
            Instant t = TestServer.NOW.minus(Duration.ofMinutes(5));
            Screen screen = screens.open(WALL, "ward", WARD);
            JsonObject first = await(screen, f -> f.getString("type").equals("ward"));
            assertEquals(0, first.getLong("version"), "nothing has changed since start-up");

            for (int i = 1; i <= 5; i++) {
                assertEquals(200, s.postEvent(admit("D" + i, t)).status());
            }
            assertEquals(200, s.postEvent(concern("D3", t)).status());
            JsonObject api = s.unit(WARD);
            await(screen, f -> f.getString("type").equals("ward")
                    && withoutAsOf(f.getJsonObject("unit")).equals(withoutAsOf(api)));

            // the concern went out as an alert added, naming the bed (never patient ids: only beds and counts)
            JsonObject added = screen.raw().stream().map(JsonObject::new)
                    .filter(m -> m.getString("type").equals("delta") && m.containsKey("alerts")).findFirst()
                    .orElseThrow();
            assertEquals("D3", added.getJsonObject("alerts").getJsonArray("added").getJsonObject(0).getString("bed"));
            assertFalse(String.join("", screen.raw()).contains("P-PUSH-"), "no patient id on the wall socket");
            // every delta starts where the previous message left the screen, and versions only grow
            long held = 0;
            for (String f : screen.raw()) {
                JsonObject m = new JsonObject(f);
                if (m.getString("type").equals("delta")) {
                    assertEquals(held, m.getLong("from"), f);
                    assertTrue(m.getLong("version") > held, f);
                    held = m.getLong("version");
                }
            }
        }
    }

    @Test
    void aScreenThatStopsReadingGetsCoalescedStateWhenItReadsAgainAndIsNotDropped(@TempDir Path dir) throws Exception {
        try (TestServer s = TestServer.start(dir); Screens screens = new Screens(s)) {
            Instant t = TestServer.NOW.minus(Duration.ofMinutes(5));
            Screen screen = screens.open(WALL, "ward", WARD);
            await(screen, f -> f.getString("type").equals("ward"));
            screen.ws().pause(); // the screen stops reading: the server's writes back up
            int events = 150;
            for (int i = 1; i <= events; i++) {
                assertEquals(200, s.postEvent(admit("S" + i, t)).status());
            }
            JsonObject api = s.unit(WARD);
            screen.ws().resume();
            await(screen, f -> f.getString("type").equals("ward")
                    && withoutAsOf(f.getJsonObject("unit")).equals(withoutAsOf(api)));
            assertEquals(events, api.getInteger("patients"));
            assertTrue(screen.closed().isEmpty(), "a slow screen is not disconnected");
            long deltas = screen.raw().stream().filter(f -> f.startsWith("{\"type\":\"delta\"")).count();
            assertTrue(deltas < events, "changes coalesce: " + deltas + " deltas for " + events + " changes");
        }
    }

    @Test
    void aResyncAnswersWithTheUnitWholeAtItsLatestVersion(@TempDir Path dir) throws Exception {
        try (TestServer s = TestServer.start(dir); Screens screens = new Screens(s)) {
            Instant t = TestServer.NOW.minus(Duration.ofMinutes(5));
            Screen screen = screens.open(WALL, "ward", WARD);
            await(screen, f -> f.getString("type").equals("ward"));
            assertEquals(200, s.postEvent(admit("R1", t)).status());
            await(screen, f -> f.getString("type").equals("ward") && f.getLong("version") >= 1);
            int before = screen.raw().size();
            screen.ws().writeTextMessage(new JsonObject().put("type", "resync").put("unit", WARD).encode());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (screen.raw().size() == before && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            JsonObject whole = new JsonObject(screen.raw().get(before));
            assertEquals("ward", whole.getString("type"));
            assertEquals(screen.model().version(WARD), whole.getLong("version"));
            assertEquals(1, whole.getJsonObject("unit").getInteger("patients"));
        }
    }

    @Test
    void anOverviewScreenGetsTileDeltas(@TempDir Path dir) throws Exception {
        try (TestServer s = TestServer.start(dir); Screens screens = new Screens(s)) {
            Instant t = TestServer.NOW.minus(Duration.ofMinutes(5));
            Screen screen = screens.open(EXEC, "system", "");
            JsonObject overview = await(screen, f -> f.getString("type").equals("overview"));
            assertEquals(0, overview.getJsonObject("versions").getLong(WARD));
            assertEquals(200, s.postEvent(admit("T1", t)).status());
            assertEquals(200, s.postEvent(concern("T1", t)).status());
            JsonObject tile = await(screen, f -> f.getString("type").equals("tile")
                    && f.getJsonObject("unit").getString("id").equals(WARD)
                    && f.getJsonObject("unit").getInteger("patients") == 1
                    && f.getJsonObject("unit").getInteger("activeAlerts") == 1).getJsonObject("unit");
            assertEquals(s.unit(WARD).getInteger("patients"), tile.getInteger("patients"));
            assertTrue(screen.raw().stream().skip(2).allMatch(f -> f.startsWith("{\"type\":\"delta\"")
                    || f.startsWith("{\"type\":\"heartbeat\"")), "after the overview, only deltas: " + screen.raw());
            assertNull(tile.getValue("alerts"), "a tile carries counts and escalated alerts, no alert list");
        }
    }
}
