package org.vigil.server.timeseries;

import org.influxdb.dto.Point;
import org.vigil.server.org.CareHome;
import org.vigil.server.org.Unit;
import org.vigil.server.org.Ward;

/**
 * The measurements Vigil writes to InfluxDB (documented in docs/timeseries.md). Tags name the organisation
 * (system, place, trust, ward or home) and categories (kind, severity, shift, level) — never a patient or a bed,
 * so a series is a ward's, not a person's, and cardinality stays bounded by the organisation file.
 */
public final class InfluxSchema {
    /** Per-ward numeric state, every minute of event time and whenever the ward changes. */
    public static final String WARD_STATE = "ward_state";
    /** Per-care-home numeric state, likewise. */
    public static final String CARE_HOME_STATE = "care_home_state";
    /** Patients per NEWS2 total on a ward (fields score_0 … score_20). */
    public static final String NEWS2_DISTRIBUTION = "news2_distribution";
    /** One point per alert transition: raised, escalated, acknowledged, resolved, reopened. */
    public static final String ALERT_TRANSITION = "alert_transition";
    /** Staffing per ward shift, timestamped at the shift's start: a corrected return overwrites the first. */
    public static final String STAFFING_SHIFT = "staffing_shift";
    /** One point per RESTORE2 submission, tagged with the escalation level the server gave it. */
    public static final String CARE_HOME_SUBMISSION = "care_home_submission";
    /** The server's own operations figures, written on the wall clock (not from the journal). */
    public static final String VIGIL_OPS = "vigil_ops";

    /** The retention policy created with the database and used as its default. */
    public static final String RETENTION_POLICY = "vigil_400d";
    public static final String RETENTION_DURATION = "400d";

    private InfluxSchema() {
    }

    /** A point with the unit's organisational tags: system, place, and trust + ward, or home. */
    static Point.Builder unitPoint(String measurement, Unit unit) {
        Point.Builder b = Point.measurement(measurement);
        if (unit instanceof Ward w) {
            b.tag("system", w.system()).tag("place", w.place()).tag("trust", w.trust()).tag("ward", w.id());
        } else if (unit instanceof CareHome h) {
            b.tag("system", h.system()).tag("place", h.place()).tag("home", h.id());
        }
        return b;
    }

    /** "occupancyPercent" → "occupancy_percent": InfluxQL-friendly snake case for field names. */
    static String fieldName(String camel) {
        StringBuilder sb = new StringBuilder(camel.length() + 8);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                char prev = i > 0 ? camel.charAt(i - 1) : '_';
                if (Character.isLowerCase(prev) || Character.isDigit(prev)) {
                    sb.append('_');
                }
                sb.append(Character.toLowerCase(c));
            } else if (Character.isLetterOrDigit(c) || c == '_') {
                sb.append(c);
            } else {
                sb.append('_');
            }
        }
        return sb.toString();
    }
}
