package org.vigil.server.rules;

import org.vigil.events.EventType;
import org.vigil.organisation.Unit;
import org.vigil.server.census.Census;
import org.vigil.server.kernel.SnapshotIn;
import org.vigil.server.kernel.SnapshotOut;

/** A ward's or care home's own slice: its census, and when each feed last delivered to it. Engine thread only. */
public final class UnitState {
    private final Unit unit;
    private final Census census;
    private final long[] lastEventAt = new long[EventType.values().length];

    UnitState(Unit unit) {
        this.unit = unit;
        this.census = new Census(unit.beds());
    }

    public Unit unit() {
        return unit;
    }

    public Census census() {
        return census;
    }

    /** Whether this moved the feed's last delivery on (shown on the walls, so the unit is published anew). */
    boolean received(EventType type, long time) {
        if (time <= lastEventAt[type.ordinal()]) {
            return false;
        }
        lastEventAt[type.ordinal()] = time;
        return true;
    }

    /** For a snapshot: when each feed last delivered (the census is the movements' to write). */
    void write(SnapshotOut out) {
        out.writeCount(lastEventAt.length);
        for (long t : lastEventAt) {
            out.writeLong(t);
        }
    }

    void read(SnapshotIn in) {
        int n = in.readCount();
        if (n > lastEventAt.length) {
            throw new SnapshotIn.Corrupt(n + " event types in the snapshot, " + lastEventAt.length + " here");
        }
        for (int i = 0; i < n; i++) {
            lastEventAt[i] = in.readLong();
        }
    }

    /** When a feed last delivered to this unit (epoch ms), or 0: walls show a tile's age from this. */
    public long lastEventAt(EventType type) {
        return lastEventAt[type.ordinal()];
    }
}
