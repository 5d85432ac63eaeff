package org.vigil.server.engine;

import io.vertx.core.json.JsonObject;
import org.vigil.events.EventType;
import org.vigil.server.census.Census;
import org.vigil.server.org.CareHome;
import org.vigil.server.org.Organisation;
import org.vigil.server.org.Unit;
import org.vigil.server.org.Ward;

import java.time.Instant;
import java.time.LocalDate;

/** A ward's or care home's rolling state: the sum of its feature slices. Engine thread only. */
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

    /** Identity and place in the organisation, common to the snapshot and the overview. */
    JsonObject identity(Organisation org) {
        JsonObject out = new JsonObject().put("id", unit.id()).put("name", unit.name()).put("kind", unit.kind());
        if (unit instanceof Ward w) {
            out.put("trust", w.trust()).put("trustName", org.trustName(w.trust()))
                    .put("place", w.place()).put("placeName", org.placeName(w.place()));
        } else if (unit instanceof CareHome h) {
            out.put("place", h.place()).put("placeName", org.placeName(h.place()));
        }
        return out;
    }

    JsonObject snapshot(Organisation org, EngineClock clock) {
        JsonObject out = identity(org);
        LocalDate today = clock.started() ? clock.today(unit.zone()) : null;
        out.put("asOf", clock.started() ? Instant.ofEpochMilli(clock.now()).toString() : null);
        census.snapshot(out, today == null ? LocalDate.MIN : today);
        JsonObject feeds = new JsonObject();
        for (EventType t : EventType.values()) {
            if (!t.internal() && lastEventAt[t.ordinal()] != 0) {
                feeds.put(t.wireName(), Instant.ofEpochMilli(lastEventAt[t.ordinal()]).toString());
            }
        }
        out.put("lastEventAt", feeds);
        return out;
    }
}
