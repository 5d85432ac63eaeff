package org.vigil.server.wall;

import org.vigil.events.EventType;

import java.util.List;

/**
 * The feeds a ward wall's tiles come from, and how long each may be quiet before its numbers stop being
 * believable: past the window a tile says "no staffing feed for 3 h" instead of showing an old number. The pages
 * read these from {@code GET /api/v1/meta}; docs/walls.md gives the reasoning for each window.
 */
public enum WallFeed {
    /** Admissions happen every day on an acute ward; a day without any means the PAS feed is down. */
    CENSUS("census", "census", 24, EventType.ADMISSION, EventType.TRANSFER, EventType.DISCHARGE,
            EventType.PLACE_UPDATE),
    /** The longest routine interval on an acute ward is 12-hourly, but some patient is observed every 4 h. */
    OBSERVATIONS("obs", "observations", 4, EventType.OBSERVATION),
    /**
     * Medicine rounds are at most 6 hours apart by day, but 10 overnight (22:00 to 08:00; the next day's chart is
     * published from about 07:00), and an hour's grace for recording the last round: 11 h. At 6 h every ward read
     * "no medicines feed" each early morning and led its executive card with it (found by an independent check of
     * the demo), which teaches a ward to ignore the warning; a feed that stops by day is seen by the next morning.
     */
    MEDICINES("doses", "medicines", 11, EventType.DOSE_SCHEDULED, EventType.DOSE_OUTCOME),
    ASSESSMENTS("assess", "assessments", 24, EventType.ASSESSMENT),
    /** One shift (12 h) and an hour's grace for the return. */
    STAFFING("staffing", "staffing", 13, EventType.STAFFING),
    FLAGS("flags", "clinical flags", 24, EventType.FLAG),
    RELIABILITY("pulse", "reliability", 24, EventType.PULSE);

    private final String id;
    private final String label;
    private final int validityHours;
    private final List<EventType> types;

    WallFeed(String id, String label, int validityHours, EventType... types) {
        this.id = id;
        this.label = label;
        this.validityHours = validityHours;
        this.types = List.of(types);
    }

    /** The key the ward page's tiles name their feed by. */
    public String id() {
        return id;
    }

    /** As the tile says it: "no {label} feed". */
    public String label() {
        return label;
    }

    public int validityHours() {
        return validityHours;
    }

    /** The event types whose {@code lastEventAt} dates the feed. */
    public List<EventType> types() {
        return types;
    }
}
