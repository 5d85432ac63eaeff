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
    void apply(Event e);

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
