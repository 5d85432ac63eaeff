package org.vigil.server.kernel;

import org.vigil.events.Event;

import java.time.LocalDate;

/**
 * A clinical rule with its slice of state. The rule registry routes to it the event types it registered for; a
 * rule that follows patients also implements the census's listener. Its figures leave it only as an immutable
 * summary record: no Vert.x, no JSON here or in any rule. Engine thread only.
 */
public interface Feature {
    /**
     * The rule's name in failure counts, {@code /health} and the walls' banner: its clinical name, the class's
     * simple name unless overridden. Unique among the registered rules.
     */
    default String name() {
        return getClass().getSimpleName();
    }

    void apply(Event e);

    /** The engine clock has just started, at the first record's time: rules that watch the clock from then on. */
    default void started(long now) {
    }

    /**
     * The rule's figures for the unit on its local {@code today}, as an immutable record the read model carries
     * (walls, API, time series), or null when it has none there. Rules override this with their own record type;
     * a site's own rule may return any record, which the API shows field by field.
     */
    default Record summary(String unit, LocalDate today) {
        return null;
    }
}
