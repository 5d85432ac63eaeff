package org.vigil.simulator;

import java.time.LocalDate;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One ward's day-to-day variation in one measure, drawn so that its daily XmR chart shows common cause only.
 *
 * <p>Independent daily draws would not: on 90 points a run of six on one side of the mean begins at any point with
 * probability about 1/64, so a chart of honest noise shows a false "shift" more often than not, and the board would
 * be full of signals nobody scripted. So each day is a side of the usual level (above or below), in runs of at most
 * three days, with a value drawn from that side's few values: no run of six can form on either side of the mean,
 * no six-point trend (there are at most four distinct values), and no point reaches the limits. The seed and the
 * ward fix the sequence; each date is drawn once, in date order.
 */
final class CommonCause {
    /** Longest run of days on one side of the usual level. */
    static final int MAX_RUN = 3;

    private final SplittableRandom random;
    /** Per date drawn: bit 0 the side (1 = high), the rest a uniform draw that picks the value within the side. */
    private final TreeMap<LocalDate, Integer> days = new TreeMap<>();
    private boolean high;
    private int run;

    CommonCause(long seed, String ward, String measure) {
        // String.hashCode is specified, so the same seed draws the same days on every JVM.
        this.random = new SplittableRandom(seed * 1_000_003L + 31L * ward.hashCode() + measure.hashCode());
    }

    /** Whether {@code date} is on the high side of the usual level (the same answer each time it is asked). */
    boolean high(LocalDate date) {
        return (day(date) & 1) == 1;
    }

    /** A value from {@code low} (low side) or {@code high} (high side) for {@code date}, the same each time. */
    int value(LocalDate date, int[] low, int[] high) {
        int d = day(date);
        int[] side = (d & 1) == 1 ? high : low;
        return side[(d >>> 1) % side.length];
    }

    private int day(LocalDate date) {
        Integer known = days.get(date);
        if (known != null) {
            return known;
        }
        if (!days.isEmpty() && date.isBefore(days.firstKey())) {
            // before the first date asked (the simulation asks in date order): drawn on its own
            return random.nextInt(1 << 16);
        }
        LocalDate from = days.isEmpty() ? date : days.lastKey().plusDays(1);
        for (LocalDate d = from; !d.isAfter(date); d = d.plusDays(1)) {
            days.put(d, (random.nextInt(1 << 15) << 1) | (next() ? 1 : 0));
        }
        return days.get(date);
    }

    private boolean next() {
        if (run == 0 || run >= MAX_RUN || random.nextDouble() < (run == 1 ? 0.5 : 0.75)) {
            high = run == 0 ? random.nextBoolean() : !high;
            run = 1;
        } else {
            run++;
        }
        return high;
    }
}
