package org.vigil.gateway.hl7;

import java.util.Map;

/**
 * PV1-3 point of care (as the hospital's PAS names it) → Vigil unit id, from configuration: PAS ward codes are
 * local and change, so they are never guessed.
 */
public final class LocationMap {
    private final Map<String, String> pointOfCareToUnit;

    public LocationMap(Map<String, String> pointOfCareToUnit) {
        this.pointOfCareToUnit = Map.copyOf(pointOfCareToUnit);
    }

    /** The unit, or null when the point of care is not mapped. */
    public String unit(String pointOfCare) {
        return pointOfCare == null ? null : pointOfCareToUnit.get(pointOfCare.trim());
    }

    /** Reads {@code POINT_OF_CARE=UNIT} pairs separated by commas (e.g. {@code W12=RVT-W12,AMU=BFW-AMU}). */
    public static LocationMap parse(String spec) {
        java.util.HashMap<String, String> m = new java.util.HashMap<>();
        for (String pair : spec.split(",")) {
            String p = pair.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw new IllegalArgumentException("location mapping '" + p + "' is not POINT_OF_CARE=UNIT");
            }
            m.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
        }
        return new LocationMap(m);
    }
}
