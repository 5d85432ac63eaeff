package org.vigil.server.wall;

import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One wall screen. The engine thread (and the heartbeat timer) {@link #offer} messages keyed by what they
 * replace — a unit's id, "snapshot", "heartbeat" — so a newer message overwrites an unsent older one: the queue
 * can never hold more than one message per key (bounded by the units the screen watches), and a screen that
 * cannot keep up with the socket (Netty's write queue full) is dropped rather than buffered.
 */
final class WallConnection {
    static final String FULL = "*";
    static final String HELLO = "hello";

    private final ServerWebSocket ws;
    private final Context context;
    private final BiConsumer<WallConnection, String> drop;
    final String view;
    final String target;
    /** When the screen's token stops being valid (epoch ms; {@link Long#MAX_VALUE}: never). */
    final long expiresAt;
    /** Units this screen is subscribed to; set once on subscription (on the engine thread), read there. */
    volatile Set<String> units = Set.of();
    volatile boolean closed;

    private final Map<String, String> pending = new LinkedHashMap<>();
    private boolean scheduled;

    WallConnection(ServerWebSocket ws, Context context, BiConsumer<WallConnection, String> drop, String view, String target,
                   long expiresAt) {
        this.ws = ws;
        this.context = context;
        this.drop = drop;
        this.view = view;
        this.target = target;
        this.expiresAt = expiresAt;
    }

    /** The screen's event loop. */
    Context context() {
        return context;
    }

    /** Any thread: queues {@code json} in place of any unsent message with the same key, and schedules a write. */
    void offer(String key, String json) {
        if (closed) {
            return;
        }
        synchronized (this) {
            if (key.equals(FULL)) {
                pending.keySet().retainAll(java.util.Set.of(HELLO)); // a full snapshot supersedes unsent updates
            }
            pending.put(key, json);
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        context.runOnContext(v -> flush());
    }

    /** Event loop: writes what is pending; drops the screen if its socket is still full from earlier writes. */
    private void flush() {
        List<String> out;
        synchronized (this) {
            out = new ArrayList<>(pending.values());
            pending.clear();
            scheduled = false;
        }
        for (String json : out) {
            if (closed) {
                return;
            }
            if (ws.writeQueueFull()) {
                drop.accept(this, "screen too slow: write queue full");
                return;
            }
            ws.writeTextMessage(json);
        }
    }

    /** Event loop only. */
    void close(short code, String reason) {
        closed = true;
        if (!ws.isClosed()) {
            ws.close(code, reason);
        }
    }

    boolean sees(String unitId) {
        return units.contains(unitId);
    }
}
