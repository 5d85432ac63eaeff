package org.vigil.server.kernel;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

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

    /** For a snapshot: one counter per unit (or patient), sorted by id. */
    public static void writeAll(Map<String, DailyCounter> counters, SnapshotOut out) {
        Map<String, DailyCounter> sorted = new TreeMap<>(counters);
        out.writeCount(sorted.size());
        for (Map.Entry<String, DailyCounter> c : sorted.entrySet()) {
            out.writeString(c.getKey());
            c.getValue().write(out);
        }
    }

    /** Puts into {@code counters} what {@link #writeAll} wrote. */
    public static void readAll(Map<String, DailyCounter> counters, SnapshotIn in) {
        int n = in.readCount();
        for (int i = 0; i < n; i++) {
            DailyCounter c = new DailyCounter();
            counters.put(in.readString(), c);
            c.read(in);
        }
    }
}
