package org.vigil.server.engine;

import java.util.PriorityQueue;

/**
 * Every time-based rule (observations due, assessments due, doses overdue, alerts unacknowledged, midnight) in
 * one priority queue keyed by due time, fired in order as the engine clock passes them. Ties fire in the order
 * they were scheduled, so replay is deterministic. Engine thread only.
 */
public final class DeadlineQueue {

    /** What happens when a deadline passes; {@code now} is the engine clock at firing. */
    @FunctionalInterface
    public interface Action {
        void fire(long now);
    }

    /** A scheduled deadline; cancelling is O(1) and the entry is dropped when it reaches the head. */
    public static final class Deadline implements Comparable<Deadline> {
        private final long due;
        private final long seq;
        private final Action action;
        private boolean cancelled;

        private Deadline(long due, long seq, Action action) {
            this.due = due;
            this.seq = seq;
            this.action = action;
        }

        public long due() {
            return due;
        }

        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Deadline o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Deadline> queue = new PriorityQueue<>();
    private long seq;

    public Deadline schedule(long due, Action action) {
        Deadline d = new Deadline(due, seq++, action);
        queue.add(d);
        return d;
    }

    /** The due time of the earliest live deadline, or {@link Long#MAX_VALUE}. */
    public long nextDue() {
        Deadline head;
        while ((head = queue.peek()) != null && head.cancelled) {
            queue.poll();
        }
        return head == null ? Long.MAX_VALUE : head.due;
    }

    /** Fires, in order, every deadline due at or before {@code now}, including ones scheduled while firing. */
    public int fireUpTo(long now) {
        int fired = 0;
        Deadline head;
        while ((head = queue.peek()) != null && head.due <= now) {
            queue.poll();
            if (!head.cancelled) {
                head.action.fire(now);
                fired++;
            }
        }
        return fired;
    }

    public int size() {
        return queue.size();
    }
}
