package org.vigil.server.wall;

/** What the wall pages judge for display (never a clinical rule): read by the pages from {@code GET /api/v1/meta}. */
public final class WallThresholds {
    private WallThresholds() {
    }

    /** A screen that has heard nothing for six heartbeats says it is stale, rather than showing confident old numbers. */
    public static final int STALE_AFTER_SECONDS = 6 * WallHub.HEARTBEAT_SECONDS;

    /**
     * A shift filled below this share of its planned hours is marked low on the staffing tile (NHS England's
     * monthly safe-staffing fill-rate returns are commonly read against 90 %).
     */
    public static final int STAFFING_FILL_RATE_LOW_PERCENT = 90;

    /**
     * A care home silent this long is marked on the community view: the routine RESTORE2 round is 12-hourly
     * (shared/reference/restore2.md), plus an hour's grace.
     */
    public static final int CARE_HOME_QUIET_HOURS = 13;
}
