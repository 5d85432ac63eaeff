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

    /** Told when a deadline's action throws; the queue then goes on with the next deadline. */
    @FunctionalInterface
    public interface FailureHandler {
        void failed(Action action, RuntimeException e, long now);
    }

    /**
     * A scheduled deadline. Cancelling is O(1); the entry leaves the queue when it reaches the head, or sooner
     * when cancelled entries outnumber live ones (every new observation set cancels the last one's deadline).
     */
    public static final class Deadline implements Comparable<Deadline> {
        private final long due;
        private final long seq;
        private final Action action;
        private DeadlineQueue queue;
        private boolean cancelled;

        private Deadline(long due, long seq, Action action, DeadlineQueue queue) {
            this.due = due;
            this.seq = seq;
            this.action = action;
            this.queue = queue;
        }

        public long due() {
            return due;
        }

        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                if (queue != null) {
                    queue.cancelled();
                }
            }
        }

        @Override
        public int compareTo(Deadline o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** Below this size a purge is not worth a pass over the heap. */
    private static final int PURGE_FLOOR = 1024;

    private final PriorityQueue<Deadline> queue = new PriorityQueue<>();
    private long seq;
    private int cancelledInQueue;
    private FailureHandler onFailure = (action, e, now) -> {
        throw e;
    };

    /** Where a throwing action is reported; without one, the exception propagates and later deadlines wait. */
    public void onFailure(FailureHandler handler) {
        this.onFailure = handler;
    }

    public Deadline schedule(long due, Action action) {
        Deadline d = new Deadline(due, seq++, action, this);
        queue.add(d);
        return d;
    }

    /** Keeps the heap to about twice its live deadlines: a ward's worth of cancelled timers is not kept for hours. */
    private void cancelled() {
        cancelledInQueue++;
        if (cancelledInQueue > PURGE_FLOOR && cancelledInQueue * 2 > queue.size()) {
            queue.removeIf(d -> {
                if (d.cancelled) {
                    d.queue = null;
                    return true;
                }
                return false;
            });
            cancelledInQueue = 0;
        }
    }

    private Deadline take() {
        Deadline d = queue.poll();
        d.queue = null;
        if (d.cancelled) {
            cancelledInQueue--;
        }
        return d;
    }

    /** The due time of the earliest live deadline, or {@link Long#MAX_VALUE}. */
    public long nextDue() {
        Deadline head;
        while ((head = queue.peek()) != null && head.cancelled) {
            take();
        }
        return head == null ? Long.MAX_VALUE : head.due;
    }

    /** Fires, in order, every deadline due at or before {@code now}, including ones scheduled while firing. */
    public int fireUpTo(long now) {
        int fired = 0;
        Deadline head;
        while ((head = queue.peek()) != null && head.due <= now) {
            take();
            if (!head.cancelled) {
                try {
                    head.action.fire(now);
                } catch (RuntimeException e) {
                    onFailure.failed(head.action, e, now);
                }
                fired++;
            }
        }
        return fired;
    }

    public int size() {
        return queue.size();
    }
}
