package org.vigil.server.wall;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Back-pressure of one screen: updates coalesce per key, and a screen whose socket stays full is dropped. */
class WallConnectionTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close();
    }

    /** A socket that records writes and reports its write queue as full when told to; nothing else is real here. */
    private ServerWebSocket socket(List<String> written, AtomicBoolean full, List<Short> closedWith) {
        return (ServerWebSocket) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{ServerWebSocket.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "writeTextMessage":
                            written.add((String) args[0]);
                            return Future.succeededFuture();
                        case "writeQueueFull":
                            return full.get();
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

    @Test
    void updatesForTheSameUnitCoalesceAndAFullSnapshotSupersedesThem() throws Exception {
        List<String> written = new CopyOnWriteArrayList<>();
        List<Short> closed = new CopyOnWriteArrayList<>();
        Context ctx = vertx.getOrCreateContext();
        WallConnection c = new WallConnection(socket(written, new AtomicBoolean(), closed), ctx, (x, why) -> { },
                "system", "", Long.MAX_VALUE);
        onContext(ctx, () -> {
            // all offered before the event loop gets to write: only the latest per key goes out
            c.offer(WallConnection.HELLO, "hello");
            c.offer("W1", "w1-old");
            c.offer("W2", "w2");
            c.offer("W1", "w1-new");
        });
        assertEquals(List.of("hello", "w1-new", "w2"), written);
        written.clear();
        onContext(ctx, () -> {
            c.offer("W1", "w1-stale");
            c.offer(WallConnection.FULL, "full");
        });
        assertEquals(List.of("full"), written);
    }

    @Test
    void aScreenWhoseSocketStaysFullIsDroppedNotBuffered() throws Exception {
        List<String> written = new CopyOnWriteArrayList<>();
        List<Short> closed = new CopyOnWriteArrayList<>();
        AtomicBoolean full = new AtomicBoolean();
        List<String> dropped = new CopyOnWriteArrayList<>();
        Context ctx = vertx.getOrCreateContext();
        WallConnection[] ref = new WallConnection[1];
        ref[0] = new WallConnection(socket(written, full, closed), ctx, (x, why) -> {
            dropped.add(why);
            x.close((short) 1013, why);
        }, "ward", "W1", Long.MAX_VALUE);
        onContext(ctx, () -> ref[0].offer("W1", "first"));
        assertEquals(List.of("first"), written);
        full.set(true); // the screen stopped reading
        onContext(ctx, () -> ref[0].offer("W1", "second"));
        assertEquals(List.of("first"), written, "nothing more is written to a full socket");
        assertEquals(1, dropped.size());
        assertEquals(List.of((short) 1013), closed);
        onContext(ctx, () -> ref[0].offer("W1", "third"));
        assertEquals(List.of("first"), written, "a dropped screen gets nothing more");
    }
}
