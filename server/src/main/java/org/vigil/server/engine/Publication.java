package org.vigil.server.engine;

import org.vigil.server.rules.EngineState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The units' published snapshots: what every reader off the engine thread (the API, the walls) reads, without a
 * lock and without a round trip through the engine.
 *
 * <p><b>Versions.</b> Each unit has a version number that starts at 0 when the engine is ready (replay included:
 * what replay built is version 0) and grows by exactly one after every engine turn (a batch of commands, or a clock
 * tick) in which anything of the unit changed; a turn that leaves the unit alone leaves its version alone. So a
 * reader holding version N of a unit and told of N+1 has missed nothing, and a gap (N+2) says it missed a turn.
 * Versions count publications of this process: they are not journaled, replay does not rebuild them, and they
 * restart at 0 with the server, which is why a screen always gets a full snapshot when it (re)connects.
 *
 * <p><b>Publication.</b> After each turn the engine thread builds the immutable {@link UnitSnapshot} of every unit
 * that changed and stores it in the unit's volatile slot (a single writer, so a plain volatile write publishes it
 * whole), then tells the listeners which units it published. The engine answers a turn's ingests and alert answers
 * only after this, so whoever got a 200 reads its own write here. Encoding and fan-out are the listeners' business,
 * on their own threads; the engine thread only builds the typed records.
 */
public final class Publication {
    /** Told, on the engine thread after a turn, which units were published anew (read them with {@link #snapshot}). */
    @FunctionalInterface
    public interface Listener {
        void published(Set<String> units);
    }

    /** One unit's published snapshot: written by the engine thread only, read by any. */
    private static final class Slot {
        volatile UnitSnapshot snapshot;
    }

    private final EngineState state;
    /** Filled in the constructor and never changed after, so any thread may look up a slot. */
    private final Map<String, Slot> slots;
    private final List<Listener> listeners = new ArrayList<>();
    /** The engine clock at the last turn's end ({@link Long#MIN_VALUE} before the first record). */
    private volatile long asOf = Long.MIN_VALUE;

    Publication(EngineState state) {
        this.state = state;
        Map<String, Slot> m = new HashMap<>();
        state.units().forEach(u -> m.put(u.unit().id(), new Slot()));
        this.slots = Map.copyOf(m);
    }

    /** Registers, before the engine starts, a listener told after each turn which units were published anew. */
    void listen(Listener listener) {
        listeners.add(listener);
    }

    /** Engine thread, once replay is done: every unit's version 0. */
    void publishAll() {
        asOf = clock();
        for (Map.Entry<String, Slot> e : slots.entrySet()) {
            e.getValue().snapshot = UnitSnapshot.of(state, e.getKey(), 0);
        }
    }

    /** Engine thread, after a turn: every changed unit's snapshot at its version + 1, then the listeners are told. */
    void publish(Set<String> changed) {
        long was = asOf;
        asOf = clock();
        if (was == Long.MIN_VALUE && asOf != Long.MIN_VALUE) {
            changed = slots.keySet(); // the clock's first reading gives every unit a "today" (its shift, its day)
        }
        if (changed.isEmpty()) {
            return;
        }
        for (String unit : changed) {
            Slot s = slots.get(unit);
            if (s != null) {
                UnitSnapshot before = s.snapshot;
                s.snapshot = UnitSnapshot.of(state, unit, before == null ? 0 : before.version() + 1);
            }
        }
        for (Listener l : listeners) {
            l.published(changed);
        }
    }

    /**
     * Any thread: the unit's latest published snapshot; null for an unknown unit, and for every unit until the
     * engine has replayed the journal.
     */
    public UnitSnapshot snapshot(String unit) {
        Slot s = slots.get(unit);
        return s == null ? null : s.snapshot;
    }

    /**
     * Any thread: the unit's latest published snapshot as of the engine clock at the last turn — what a query on the
     * engine thread would have answered then (a unit that did not change in a turn is as it was, only later).
     */
    public UnitSnapshot current(String unit) {
        UnitSnapshot s = snapshot(unit);
        long at = asOf;
        return s == null || at <= s.asOf() ? s : s.at(at);
    }

    private long clock() {
        return state.clock().started() ? state.clock().now() : Long.MIN_VALUE;
    }

    /** Any thread: the unit's published version (0 until it first changes after start-up, and while replaying). */
    public long version(String unit) {
        UnitSnapshot s = snapshot(unit);
        return s == null ? 0 : s.version();
    }
}
