package org.vigil.server.kernel;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Event time: the latest event time seen (the watermark), moved on by journaled ticks when the server runs on
 * the wall clock. Rules read time only from here, never from the system clock, so replay reproduces them.
 */
public final class EngineClock {
    private long now = Long.MIN_VALUE;

    /** Moves the clock forward to {@code time}; a late event never moves it back. Returns whether it moved. */
    public boolean advanceTo(long time) {
        if (time > now) {
            now = time;
            return true;
        }
        return false;
    }

    /** Epoch milliseconds; {@link Long#MIN_VALUE} before the first event. */
    public long now() {
        return now;
    }

    /** For a snapshot restored into a new state: the time it covers. */
    public void restore(long time) {
        if (started()) {
            throw new IllegalStateException("the clock of a new state only");
        }
        now = time;
    }

    public boolean started() {
        return now != Long.MIN_VALUE;
    }

    /** The local calendar day in {@code zone} (wards' "today", DST-correct). */
    public LocalDate today(ZoneId zone) {
        return localDate(now, zone);
    }

    public static LocalDate localDate(long epochMillis, ZoneId zone) {
        return Instant.ofEpochMilli(epochMillis).atZone(zone).toLocalDate();
    }

    // The local day last asked for, and the instants it spans [dayStart, dayEnd): rules ask for the day of nearly
    // every event, and almost always for the same zone and day, so the date-time objects are made once a day.
    private ZoneId dayZone;
    private LocalDate day;
    private long dayStart;
    private long dayEnd;

    /**
     * {@link #localDate} through a one-day cache: the same date for any instant within the day last asked for in the
     * same zone (its start and end are the zone's, so a DST day of 23 or 25 hours is spanned exactly). Engine thread
     * only, like the clock.
     */
    public LocalDate day(long epochMillis, ZoneId zone) {
        if (zone != dayZone || epochMillis < dayStart || epochMillis >= dayEnd) {
            LocalDate d = localDate(epochMillis, zone);
            dayStart = d.atStartOfDay(zone).toInstant().toEpochMilli();
            dayEnd = d.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
            day = d;
            dayZone = zone;
        }
        return day;
    }
}
