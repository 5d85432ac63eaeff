package org.vigil.server.kernel;

import java.time.LocalDate;
import java.util.Arrays;

/**
 * Values for one local calendar day that reset when the day changes, for a median ("time to acceptance today").
 * Like {@link DailyCounter}, a value is kept on its own event-time day: a late one from yesterday never lands in
 * today's figures. Bounded by a day's values on one unit.
 */
public final class DailySamples {
    private LocalDate day;
    private long[] values = new long[8];
    private int size;

    public void add(LocalDate eventDay, long value) {
        if (day == null || eventDay.isAfter(day)) {
            day = eventDay;
            size = 0;
        } else if (!eventDay.equals(day)) {
            return;
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    public int count(LocalDate today) {
        return today.equals(day) ? size : 0;
    }

    /** The median of the day's values (the mean of the middle two for an even count), or null when none. */
    public Double median(LocalDate today) {
        int n = count(today);
        if (n == 0) {
            return null;
        }
        long[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        return n % 2 == 1 ? (double) sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /** For a snapshot: the day and its values. */
    public void write(SnapshotOut out) {
        out.writeDate(day);
        out.writeCount(size);
        for (int i = 0; i < size; i++) {
            out.writeLong(values[i]);
        }
    }

    /** Restores what {@link #write} wrote. */
    public void read(SnapshotIn in) {
        day = in.readDate();
        size = in.readCount();
        values = new long[Math.max(8, size)];
        for (int i = 0; i < size; i++) {
            values[i] = in.readLong();
        }
    }
}
