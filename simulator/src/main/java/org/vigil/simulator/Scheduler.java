package org.vigil.simulator;

import java.util.PriorityQueue;

/**
 * The simulation's clock and agenda: actions run in time order (ties in the order they were scheduled), so a
 * seed gives one event stream whatever speed the stream is replayed at.
 */
final class Scheduler {
    private record Entry(long time, long seq, Runnable action) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Entry> agenda = new PriorityQueue<>();
    private long now;
    private long seq;

    Scheduler(long start) {
        this.now = start;
    }

    long now() {
        return now;
    }

    /** Runs {@code action} at {@code time}; a time in the past runs at the present (the clock never goes back). */
    void at(long time, Runnable action) {
        agenda.add(new Entry(Math.max(time, now), seq++, action));
    }

    /** Time of the next action, or Long.MAX_VALUE when nothing is scheduled. */
    long next() {
        Entry e = agenda.peek();
        return e == null ? Long.MAX_VALUE : e.time;
    }

    /** Runs the next action if it is due by {@code until}; false when none is. */
    boolean runOne(long until) {
        Entry e = agenda.peek();
        if (e == null || e.time > until) {
            return false;
        }
        agenda.poll();
        now = e.time;
        e.action.run();
        return true;
    }

    void advanceClock(long until) {
        if (until > now) {
            now = until;
        }
    }
}
