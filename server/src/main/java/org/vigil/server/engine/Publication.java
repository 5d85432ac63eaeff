package org.vigil.server.engine;

import org.vigil.server.rules.EngineState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The units' snapshot versions, and their publication after each engine turn.
 *
 * <p><b>Versions.</b> Each unit has a version number that starts at 0 when the engine is ready (replay included:
 * what replay built is version 0) and grows by exactly one after every engine turn (a batch of commands, or a clock
 * tick) in which anything of the unit changed; a turn that leaves the unit alone leaves its version alone. So a
 * reader holding version N of a unit and told of N+1 has missed nothing, and a gap (N+2) says it missed a turn.
 * Versions count publications of this process: they are not journaled, replay does not rebuild them, and they
 * restart at 0 with the server, which is why a screen always gets a full snapshot when it (re)connects.
 *
 * <p><b>Snapshots.</b> {@link #published} is the unit's snapshot at its current version, built once per version
 * (lazily: a turn whose changes nobody reads costs nothing) and then shared; {@link #now} is a fresh snapshot with
 * the clock's current time, for readers that ask (the API), carrying the current version. Engine thread only; the
 * snapshots themselves are immutable and go to any thread.
 */
public final class Publication {
    /** Told, on the engine thread after a turn, which units changed: their new versions are published. */
    @FunctionalInterface
    public interface Listener {
        void published(Set<String> units, Publication publication);
    }

    /** One unit's version and the snapshot built for it, if any. */
    private static final class Slot {
        long version;
        UnitSnapshot snapshot;
    }

    private final EngineState state;
    private final Map<String, Slot> slots = new HashMap<>();
    private final List<Listener> listeners = new ArrayList<>();

    Publication(EngineState state) {
        this.state = state;
        state.units().forEach(u -> slots.put(u.unit().id(), new Slot()));
    }

    /** Registers, before the engine starts, a listener told after each turn which units were published anew. */
    void listen(Listener listener) {
        listeners.add(listener);
    }

    /** After a turn: every changed unit's version goes up by one, and the listeners are told. */
    void publish(Set<String> changed) {
        if (changed.isEmpty()) {
            return;
        }
        for (String unit : changed) {
            Slot s = slots.get(unit);
            if (s != null) {
                s.version++;
                s.snapshot = null;
            }
        }
        for (Listener l : listeners) {
            l.published(changed, this);
        }
    }

    /** The state the snapshots are taken from, for what a listener reads besides them (engine thread only). */
    public EngineState state() {
        return state;
    }

    /** The unit's current version (0 until it first changes after start-up). */
    public long version(String unit) {
        Slot s = slots.get(unit);
        return s == null ? 0 : s.version;
    }

    /** The unit's snapshot at its current version, built once per version; null for an unknown unit. */
    public UnitSnapshot published(String unit) {
        Slot s = slots.get(unit);
        if (s == null) {
            return null;
        }
        if (s.snapshot == null) {
            s.snapshot = UnitSnapshot.of(state, unit, s.version);
        }
        return s.snapshot;
    }

    /** A fresh snapshot of the unit now (its figures and the clock as they are), at its current version. */
    public UnitSnapshot now(String unit) {
        return UnitSnapshot.of(state, unit, version(unit));
    }
}
