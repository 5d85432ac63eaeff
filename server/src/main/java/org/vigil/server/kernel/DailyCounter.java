package org.vigil.server.kernel;

import java.time.LocalDate;

/**
 * A count for one local calendar day that resets when the day changes ("missed doses today"). Events are
 * counted on their own event-time day, so a late event from yesterday never lands in today's count.
 */
public final class DailyCounter {
    private LocalDate day;
    private int count;

    public void increment(LocalDate eventDay) {
        add(eventDay, 1);
    }

    public void add(LocalDate eventDay, int n) {
        if (day == null || eventDay.isAfter(day)) {
            day = eventDay;
            count = n;
        } else if (eventDay.equals(day)) {
            count += n;
        }
    }

    public int on(LocalDate today) {
        return today.equals(day) ? count : 0;
    }

    /** For a snapshot: the day and its count. */
    public void write(SnapshotOut out) {
        out.writeDate(day);
        out.writeInt(count);
    }

    /** Restores what {@link #write} wrote. */
    public void read(SnapshotIn in) {
        day = in.readDate();
        count = in.readInt();
    }
}
