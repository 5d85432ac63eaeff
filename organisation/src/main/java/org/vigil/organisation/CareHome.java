package org.vigil.organisation;

import java.time.ZoneId;
import java.util.List;

/**
 * A care home within a place; residents are observed with RESTORE2.
 *
 * @param nursing a care home with nursing (a nursing home): NICE QS89 statement 1 applies to it
 */
public record CareHome(String id, String name, int beds, ZoneId zone, String place, String system, boolean nursing)
        implements Unit {
    @Override
    public String kind() {
        return "careHome";
    }

    @Override
    public List<String> scopeTargets() {
        return List.of("home:" + id, "place:" + place, "system");
    }
}
