package org.vigil.server.rules;

import org.vigil.events.EventType;
import org.vigil.organisation.Unit;
import org.vigil.server.census.Census;

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

    void received(EventType type, long time) {
        lastEventAt[type.ordinal()] = Math.max(lastEventAt[type.ordinal()], time);
    }

    /** When a feed last delivered to this unit (epoch ms), or 0: walls show a tile's age from this. */
    public long lastEventAt(EventType type) {
        return lastEventAt[type.ordinal()];
    }
}
