package org.vigil.server.wall;

import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One wall screen, and what it has been sent. Its units' messages are written on its own event loop:
 * <ul>
 *   <li>On subscription, {@link #sendSnapshot} writes every unit it watches whole, each at its version.</li>
 *   <li>When a unit is published anew, {@link #changed} (any thread) marks it; the event loop then sends the
 *       {@link WallDelta} from the frame the screen holds to the latest — coalesced, since whatever versions went by
 *       in between, the screen gets one delta to the latest.</li>
 *   <li>Figures go out at most every {@value #WARD_FIGURES_MS} ms to a ward screen, and every
 *       {@value #TILE_FIGURES_MS} ms per tile to a screen of many units (a busy ward changes many times a second;
 *       nobody reads a wall faster, and an executive wall of a hundred tiles must not repaint at the feed's rate).
 *       A delta that carries an alert transition goes out at once, so the bed of a new alert is never held back.
 *       The ward screen's limit is short because what waits on it is the only figure that moved: an external probe
 *       timing an admission on a busy ward saw 114 ms at the median behind a 250 ms limit.</li>
 *   <li>Back-pressure: while Netty's write queue for the socket is full, nothing more is written; changes keep
 *       being marked, and when the socket drains the screen gets one delta per marked unit, to the latest. So a
 *       slow screen costs one queue and one frame per unit, gets coalesced state rather than a flood, and is not
 *       dropped for being slow; only one that stays full for {@value #STUCK_MS} ms (a dead peer) is closed.</li>
 * </ul>
 * Control messages (hello, heartbeat, a responder's list) are {@link #offer}ed keyed by what they replace, so a
 * newer one overwrites an unsent older one. Fields marked "event loop" are confined to the screen's event loop.
 */
final class WallConnection {
    static final String HELLO = "hello";
    /** The most often a ward screen is sent its ward's figures (ms): 20 a second at most. */
    static final long WARD_FIGURES_MS = 50;
    /** The most often a screen of many units is sent one unit's tile (ms). */
    static final long TILE_FIGURES_MS = 250;
    /** A screen whose socket has not drained for this long is dropped (it reconnects and resynchronises). */
    static final long STUCK_MS = 30_000;

    private final ServerWebSocket ws;
    private final Context context;
    private final BiConsumer<WallConnection, String> drop;
    /** The latest frame of a unit, as this screen's view shows it (the hub's shared cache). */
    private final Function<String, WallFrame> frames;
    final String view;
    /** This screen's figures limit: {@link #WARD_FIGURES_MS} for a ward screen, else {@link #TILE_FIGURES_MS}. */
    private final long figuresMillis;
    final String target;
    /** When the screen's token stops being valid (epoch ms; {@link Long#MAX_VALUE}: never). */
    final long expiresAt;
    /** Units this screen is subscribed to, in the order its overview lists them; set once, before it subscribes. */
    volatile Set<String> units = Set.of();
    volatile boolean closed;
    /** Since when (System.nanoTime) the socket has been full, or 0 while it is not. */
    private volatile long fullSince;

    // guarded by this
    private final Map<String, String> pending = new LinkedHashMap<>();
    private Set<String> marked = new LinkedHashSet<>();
    private boolean scheduled;

    /** What the screen holds of each unit, and when it was last sent; event loop. */
    private static final class Held {
        WallFrame frame;
        long sentAt;
        long timer = -1;
    }

    private final Map<String, Held> held = new HashMap<>();

    WallConnection(ServerWebSocket ws, Context context, BiConsumer<WallConnection, String> drop,
                   Function<String, WallFrame> frames, String view, String target, long expiresAt) {
        this.ws = ws;
        this.context = context;
        this.drop = drop;
        this.frames = frames;
        this.view = view;
        this.figuresMillis = view.equals("ward") ? WARD_FIGURES_MS : TILE_FIGURES_MS;
        this.target = target;
        this.expiresAt = expiresAt;
    }

    /** The screen's event loop. */
    Context context() {
        return context;
    }

    boolean sees(String unitId) {
        return units.contains(unitId);
    }

    /** Any thread: queues {@code json} in place of any unsent message with the same key, and schedules a write. */
    void offer(String key, String json) {
        if (closed) {
            return;
        }
        synchronized (this) {
            pending.put(key, json);
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        context.runOnContext(v -> flush());
    }

    /** Any thread: the unit was published anew; the screen gets a delta to its latest frame. */
    void changed(String unit) {
        if (closed) {
            return;
        }
        synchronized (this) {
            marked.add(unit);
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        context.runOnContext(v -> flush());
    }

    /**
     * Event loop: every watched unit whole, at its latest version ({@code {type:"ward"}} or {@code {type:"overview"}}),
     * after anything offered before. From here on the screen gets deltas from these frames.
     */
    void sendSnapshot() {
        flush();
        if (closed) {
            return;
        }
        List<WallFrame> all = new ArrayList<>(units.size());
        for (String unit : units) {
            WallFrame f = frames.apply(unit);
            all.add(f);
            hold(f);
        }
        write(view.equals("ward") ? WallJson.ward(all.get(0).version(), all.get(0).body()).encode()
                : WallJson.overview(all).encode());
    }

    /** Event loop: the page asked for one unit whole again (its version did not match a delta's {@code from}). */
    void resync(String unit) {
        if (closed || !held.containsKey(unit)) {
            return;
        }
        WallFrame f = frames.apply(unit);
        hold(f);
        write((view.equals("ward") ? WallJson.ward(f.version(), f.body()) : WallJson.tile(f.version(), f.body()))
                .encode());
    }

    private void hold(WallFrame f) {
        Held h = held.computeIfAbsent(f.unit(), k -> new Held());
        h.frame = f;
        h.sentAt = System.nanoTime();
    }

    /** Event loop: writes the control messages, then a delta per marked unit (within the rate limit). */
    private void flush() {
        List<String> out;
        Set<String> units;
        synchronized (this) {
            scheduled = false;
            if (ws.writeQueueFull()) {
                stalled();
                return;
            }
            out = pending.isEmpty() ? List.of() : new ArrayList<>(pending.values());
            pending.clear();
            units = marked;
            marked = new LinkedHashSet<>();
        }
        fullSince = 0;
        for (String json : out) {
            write(json);
        }
        for (String unit : units) {
            send(unit);
        }
    }

    /** Event loop: the socket is full; try again when it drains, unless it has been stuck too long. */
    private void stalled() {
        long now = System.nanoTime();
        if (fullSince == 0) {
            fullSince = now;
        } else if (now - fullSince > STUCK_MS * 1_000_000) {
            drop.accept(this, "screen stuck: write queue full for " + STUCK_MS / 1000 + " s");
            return;
        }
        ws.drainHandler(v -> {
            ws.drainHandler(null);
            synchronized (this) {
                if (scheduled) {
                    return;
                }
                scheduled = true;
            }
            flush();
        });
    }

    /** Event loop: the delta of one unit now, or a timer for when its figures may go. */
    private void send(String unit) {
        Held h = held.get(unit);
        if (closed || h == null) {
            return; // not yet subscribed: its snapshot will carry this change
        }
        WallFrame latest = frames.apply(unit);
        if (latest.version() <= h.frame.version()) {
            return;
        }
        WallDelta d = WallDelta.between(h.frame, latest);
        if (d == null) {
            return; // nothing this screen shows changed: it keeps its version, and the next delta starts from it
        }
        long now = System.nanoTime();
        long wait = figuresMillis - (now - h.sentAt) / 1_000_000;
        if (!d.alertsChanged() && wait > 0) {
            if (h.timer < 0) {
                h.timer = context.owner().setTimer(wait, t -> {
                    h.timer = -1;
                    changed(unit);
                });
            }
            return;
        }
        if (h.timer >= 0) {
            context.owner().cancelTimer(h.timer);
            h.timer = -1;
        }
        h.frame = latest;
        h.sentAt = now;
        write(d.message().encode());
    }

    private void write(String json) {
        // The peer may have closed the socket before its close handler ran (a screen switched off mid-flush): then
        // there is nobody to write to, which is no fault of the server's to log as one.
        if (!closed && !ws.isClosed()) {
            ws.writeTextMessage(json);
        }
    }

    /** Event loop only. */
    void close(short code, String reason) {
        closed = true;
        for (Held h : held.values()) {
            if (h.timer >= 0) {
                context.owner().cancelTimer(h.timer);
            }
        }
        if (!ws.isClosed()) {
            ws.close(code, reason);
        }
    }

    /** Parses a page's message after auth: {@code {"type":"resync","unit":…}} asks for a unit whole again. */
    static String resyncUnit(String text) {
        try {
            JsonObject m = new JsonObject(text);
            return "resync".equals(m.getString("type")) ? m.getString("unit") : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
