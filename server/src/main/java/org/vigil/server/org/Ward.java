package org.vigil.server.org;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * An inpatient ward of a trust.
 *
 * @param dayStart   local start of the day shift (the night shift starts at {@code nightStart})
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

    /** Shift length in hours, from the shift start times (used to turn heads into hours, NICE SG1 red flag 5). */
    public double dayShiftHours() {
        return hoursBetween(dayStart, nightStart);
    }

    public double nightShiftHours() {
        return 24.0 - dayShiftHours();
    }

    private static double hoursBetween(LocalTime from, LocalTime to) {
        int minutes = (to.toSecondOfDay() - from.toSecondOfDay()) / 60;
        return (minutes < 0 ? minutes + 1440 : minutes) / 60.0;
    }
}
