package org.vigil.server.engine;

import io.vertx.core.json.JsonObject;
import org.vigil.events.Event;
import org.vigil.server.census.Patient;

import java.time.LocalDate;

/**
 * A clinical rule with its slice of state. The engine routes to it the event types it registered for and tells
 * it when patients are admitted, move or leave; it adds its fields to each unit's snapshot. Engine thread only.
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

    default void admitted(Patient p, long at) {
    }

    default void transferred(Patient p, String fromUnit, long at) {
    }

    default void discharged(Patient p, String unit, long at) {
    }

    /** The patient's age became known, or was corrected, while they stayed on their unit. */
    default void ageChanged(Patient p, long at) {
    }

    /** Adds this feature's fields to the unit's snapshot for the unit's local {@code today}. */
    void snapshot(String unit, LocalDate today, JsonObject out);
}
