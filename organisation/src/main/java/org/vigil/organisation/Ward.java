package org.vigil.organisation;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * An inpatient ward of a trust.
 *
 * @param dayStart   local start of the day shift (the night shift starts at {@code nightStart}); shift lengths
 *                   are worked out per date by {@code staffing.ShiftKey}, since clock changes make them vary
 */
public record Ward(String id, String name, int beds, ZoneId zone, String trust, String place, String system,
                   LocalTime dayStart, LocalTime nightStart) implements Unit {
    @Override
    public String kind() {
        return "ward";
    }

    @Override
    public List<String> scopeTargets() {
        return List.of("ward:" + id, "trust:" + trust, "place:" + place, "system");
    }
}
