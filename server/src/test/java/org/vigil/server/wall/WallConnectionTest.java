package org.vigil.server.wall;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One screen's side of the push: control messages coalesce per key; a unit's changes go out as one delta from
 * what the screen holds to the latest; an alert transition is never held back; a full socket holds the screen's
 * updates (coalesced) until it drains instead of dropping the screen.
 */
class WallConnectionTest {
    private final Vertx vertx = Vertx.vertx();
    private final Map<String, WallFrame> latest = new ConcurrentHashMap<>();

    @AfterEach
    void close() {
        vertx.close();
    }

    /** A socket that records writes, reports its write queue as full when told to, and keeps its drain handler. */
    private ServerWebSocket socket(List<String> written, AtomicBoolean full, List<Short> closedWith,
                                   AtomicReference<Handler<Void>> drain) {
        return (ServerWebSocket) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{ServerWebSocket.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "writeTextMessage":
                            written.add((String) args[0]);
                            return Future.succeededFuture();
                        case "writeQueueFull":
                            return full.get();
                        case "drainHandler":
                            @SuppressWarnings("unchecked") Handler<Void> h = (Handler<Void>) args[0];
                            drain.set(h);
                            return proxy;
                        case "isClosed":
                            return !closedWith.isEmpty();
                        case "close":
                            closedWith.add(args != null && args.length > 0 ? (Short) args[0] : (short) 1000);
                            return Future.succeededFuture();
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    /** Runs {@code r} on the context and waits until everything queued on it before has run too. */
    private static void onContext(Context ctx, Runnable r) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ctx.runOnContext(v -> {
            r.run();
            ctx.runOnContext(w -> done.complete(null));
        });
        done.get(5, TimeUnit.SECONDS);
    }

    private void publish(String unit, long version, int patients, String... alertIds) {
        JsonArray alerts = new JsonArray();
        for (String id : alertIds) {
            alerts.add(new JsonObject().put("id", id).put("bed", "B-" + id));
        }
        latest.put(unit, new WallFrame(unit, version, new JsonObject().put("id", unit).put("patients", patients)
                .put("alerts", alerts)));
    }

    /** A screen whose socket always takes what it is written (into {@code written}) and is never dropped. */
    private WallConnection screen(Context ctx, List<String> written) {
        return screen(ctx, socket(written, new AtomicBoolean(), new CopyOnWriteArrayList<>(), new AtomicReference<>()),
                new CopyOnWriteArrayList<>());
    }

    private WallConnection screen(Context ctx, ServerWebSocket ws, List<String> dropped) {
        WallConnection c = new WallConnection(ws, ctx, (x, why) -> dropped.add(why), latest::get, "ward", "W1",
                Long.MAX_VALUE);
        c.units = Set.of("W1");
        return c;
    }

    private static JsonObject last(List<String> written) {
        return new JsonObject(written.get(written.size() - 1));
    }

    @Test
    void controlMessagesCoalescePerKey() throws Exception {
        List<String> written = new CopyOnWriteArrayList<>();
        Context ctx = vertx.getOrCreateContext();
        WallConnection c = screen(ctx, written);
        onContext(ctx, () -> {
            // all offered before the event loop gets to write: only the latest per key goes out
            c.offer(WallConnection.HELLO, "hello");
            c.offer("heartbeat", "beat-old");
            c.offer("heartbeat", "beat-new");
        });
        assertEquals(List.of("hello", "beat-new"), written);
    }

    @Test
    void changesBetweenTwoWritesGoOutAsOneDeltaToTheLatest() throws Exception {
        List<String> written = new CopyOnWriteArrayList<>();
        Context ctx = vertx.getOrCreateContext();
        WallConnection c = screen(ctx, written);
        publish("W1", 3, 10);
        onContext(ctx, c::sendSnapshot);
        assertEquals("ward", last(written).getString("type"));
        assertEquals(3, last(written).getLong("version"));

        onContext(ctx, () -> {
            publish("W1", 4, 11);
            c.changed("W1");
            publish("W1", 5, 12, "AL-1");
            c.changed("W1");
        });
        JsonObject d = last(written);
        assertEquals(2, written.size(), "one delta for two versions");
        assertEquals("delta", d.getString("type"));
        assertEquals(3, d.getLong("from"));
        assertEquals(5, d.getLong("version"));
        assertEquals(new JsonObject().put("patients", 12), d.getJsonObject("figures"));
        assertEquals("AL-1", d.getJsonObject("alerts").getJsonArray("added").getJsonObject(0).getString("id"));
        assertEquals(new JsonArray().add("AL-1"), d.getJsonObject("alerts").getJsonArray("order"));
    }

    @Test
    void anAlertTransitionIsSentAtOnceAndFiguresCatchUpInOneDelta() throws Exception {
        List<String> written = new CopyOnWriteArrayList<>();
        Context ctx = vertx.getOrCreateContext();
        WallConnection c = screen(ctx, written);
        publish("W1", 0, 10);
        onContext(ctx, c::sendSnapshot);
        // right after the snapshot: the alert goes out in the same turn of the event loop, never behind a timer
        onContext(ctx, () -> {
            publish("W1", 1, 10, "AL-1");
            c.changed("W1");
        });
        assertEquals(2, written.size());
        assertEquals(1, last(written).getLong("version"));
        // figures changing many times go out as one delta from what the screen holds, whenever the limit allows
        onContext(ctx, () -> {
            for (int v = 2; v <= 20; v++) {
                publish("W1", v, 10 + v, "AL-1");
                c.changed("W1");
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (last(written).getLong("version") != 20 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(3, written.size(), "19 versions of figures: one delta");
        assertEquals(1, last(written).getLong("from"));
        assertEquals(30, last(written).getJsonObject("figures").getInteger("patients"));
    }

    @Test
    void aScreenWhoseSocketIsFullGetsCoalescedStateWhenItDrainsAndIsNotDropped() throws Exception {
        List<String> written = new CopyOnWriteArrayList<>();
        List<Short> closed = new CopyOnWriteArrayList<>();
        List<String> dropped = new CopyOnWriteArrayList<>();
        AtomicBoolean full = new AtomicBoolean();
        AtomicReference<Handler<Void>> drain = new AtomicReference<>();
        Context ctx = vertx.getOrCreateContext();
        WallConnection c = screen(ctx, socket(written, full, closed, drain), dropped);
        publish("W1", 0, 10);
        onContext(ctx, c::sendSnapshot);
        full.set(true); // the screen stopped reading
        onContext(ctx, () -> {
            for (int v = 1; v <= 50; v++) {
                publish("W1", v, 10 + v, "AL-" + v);
                c.changed("W1");
                c.offer("heartbeat", "beat-" + v);
            }
        });
        assertEquals(1, written.size(), "nothing is written to a full socket");
        assertTrue(dropped.isEmpty() && closed.isEmpty(), "a slow screen is not dropped");
        full.set(false);
        onContext(ctx, () -> drain.get().handle(null));
        assertEquals(3, written.size(), "when it drains: the latest heartbeat and one delta, " + written);
        assertEquals("beat-50", written.get(1));
        JsonObject d = last(written);
        assertEquals(0, d.getLong("from"));
        assertEquals(50, d.getLong("version"));
        assertEquals(new JsonArray().add("AL-50"), d.getJsonObject("alerts").getJsonArray("order"));
    }

    @Test
    void aResyncSendsTheUnitWholeAtItsLatestVersion() throws Exception {
        List<String> written = new CopyOnWriteArrayList<>();
        Context ctx = vertx.getOrCreateContext();
        WallConnection c = screen(ctx, written);
        publish("W1", 0, 10);
        onContext(ctx, c::sendSnapshot);
        publish("W1", 7, 17);
        onContext(ctx, () -> c.resync(WallConnection.resyncUnit("{\"type\":\"resync\",\"unit\":\"W1\"}")));
        assertEquals("ward", last(written).getString("type"));
        assertEquals(7, last(written).getLong("version"));
        assertEquals(17, last(written).getJsonObject("unit").getInteger("patients"));
        onContext(ctx, () -> c.resync("W9"));
        assertEquals(2, written.size(), "a unit the screen does not watch is not sent");
    }
}
