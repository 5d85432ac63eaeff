package org.vigil.server.kernel;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.List;

/**
 * Every time-based rule's deadlines (observations due, assessments due, doses overdue, alerts unanswered, shift
 * ends, midnight) in one binary min-heap of primitive (due, id) pairs: a deadline is a {@code long} id, never an
 * object or a capturing lambda. Its owner (a rule, registered once) and its subject (an object the rule already holds, such
 * as the patient it watches) are found again through primitive maps when it fires, and the owner is told which of
 * its kinds of deadline it was.
 *
 * <p><b>Order.</b> Deadlines fire strictly in (due time, scheduling order), so replay is deterministic and equal to
 * live: the heap is keyed by (due, id), and ids grow with every schedule. A deadline scheduled while firing that is
 * itself due already fires in its place among those still waiting.
 *
 * <p><b>Why not a timer wheel</b> (docs/decisions/0004). Agrona's {@code DeadlineTimerWheel} held this before:
 * its flat array is ticks × the deadlines of its fullest tick, so at 10,000 events/s (thousands of deadlines in one
 * 1 s tick) it grew to hundreds of MB and ran the server out of heap, and an event-time replay walked it a tick at a
 * time through every second of the journal. A heap costs O(log n) a schedule and nothing per idle second.
 * Cancelling leaves the pair in the heap, skipped when it reaches the top; the heap is rebuilt from the live
 * deadlines once cancelled pairs outnumber them, so it holds at most about twice what is live.
 *
 * <p><b>Ids.</b> An id is {@code (sequence << 16) | (owner << 8) | kind}; the sequence only grows, so an id is
 * never reused and cancelling one that has fired (or was cancelled) does nothing. {@link #NONE} is never an id.
 *
 * <p>Memory: one primitive-map entry per live deadline (its subject; a deadline is live while its id is there) and
 * its heap pair, about 40–70 bytes; a live deadline's due time is read from its pair in the heap (an id is pushed
 * once, so the one pair of a live id is its own). Nothing is allocated per schedule or per firing once the map and
 * heap have grown. Engine thread only.
 */
public final class Deadlines implements SnapshotSlice {
    /** No deadline: what a field holding a deadline id reads when nothing is scheduled. */
    public static final long NONE = 0;

    private static final int MAX_OWNERS = 256;
    private static final int MAX_KINDS = 256;
    /** Long2ObjectHashMap holds no nulls: a deadline without a subject stores this. */
    private static final Object NO_SUBJECT = new Object();

    /** Whose a deadline is, and what to do when it passes. */
    @FunctionalInterface
    public interface Owner {
        /**
         * A deadline of this owner has passed.
         *
         * @param kind    the kind it was scheduled with (the owner's own numbering, 0–255)
         * @param subject what it was scheduled about (may be null)
         * @param due     when it was due
         * @param now     the engine clock, at or after {@code due}
         */
        void deadline(int kind, Object subject, long due, long now);

        /**
         * Writes, for a snapshot, which of this owner's objects a pending deadline is about, so that
         * {@link #readSubject} finds the same object in the restored state (e.g. the patient's id). An owner whose
         * deadlines all have a null subject keeps the default. A subject the owner's state no longer holds is a
         * fault: throw, and the snapshot is not written (a restart then replays further back, never wrongly).
         */
        default void writeSubject(int kind, Object subject, SnapshotOut out) {
            if (subject != null) {
                throw new IllegalStateException(getClass().getSimpleName() + " has deadline subjects but cannot write them");
            }
        }

        /** Finds again, in the restored state, the subject {@link #writeSubject} wrote. */
        default Object readSubject(int kind, SnapshotIn in) {
            return null;
        }
    }

    /** Told when an owner's deadline throws; the others then go on firing. */
    @FunctionalInterface
    public interface FailureHandler {
        void failed(String owner, RuntimeException e, long now);
    }

    /** One owner's deadlines: what a rule holds to schedule and cancel its own. Engine thread only. */
    public final class Timers {
        private final int owner;

        private Timers(int owner) {
            this.owner = owner;
        }

        /**
         * Schedules a deadline; returns its id (never {@link #NONE}).
         *
         * @param kind    which of the owner's deadlines this is, 0–255, given back when it fires
         * @param subject what it is about, given back when it fires (held until then; may be null)
         */
        public long schedule(long due, int kind, Object subject) {
            return Deadlines.this.schedule(owner, due, kind, subject);
        }

        /** Cancels a deadline of this owner's; false when it has already fired or been cancelled, or is NONE. */
        public boolean cancel(long id) {
            return id != NONE && (int) (id >>> 8 & 0xFF) == owner && Deadlines.this.cancel(id);
        }
    }

    /** The live deadlines (scheduled, neither fired nor cancelled) and their subjects. */
    private final Long2ObjectHashMap<Object> subjectOf = new Long2ObjectHashMap<>();
    private final List<Owner> owners = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    /** Every deadline, due first: (due, id) pairs in a binary min-heap, cancelled ones among them until skipped. */
    private long[] heapDue = new long[64];
    private long[] heapId = new long[64];
    private int heapSize;
    private long sequence;
    private boolean firing;
    private long firingNow;
    private FailureHandler onFailure = (owner, e, now) -> {
        throw e;
    };
    public Deadlines() {
    }

    /** Registers an owner under its rule's name (failures are counted under it); returns the owner's timers. */
    public Timers timers(Owner owner, String name) {
        if (owners.size() == MAX_OWNERS) {
            throw new IllegalStateException("more than " + MAX_OWNERS + " deadline owners");
        }
        owners.add(owner);
        names.add(name);
        return new Timers(owners.size() - 1);
    }

    /** Where a throwing deadline is reported; without one, the exception propagates and later deadlines wait. */
    public void onFailure(FailureHandler handler) {
        this.onFailure = handler;
    }

    private long schedule(int owner, long due, int kind, Object subject) {
        if (kind < 0 || kind >= MAX_KINDS) {
            throw new IllegalArgumentException("deadline kind must be 0–255: " + kind);
        }
        long id = ++sequence << 16 | (long) owner << 8 | kind;
        subjectOf.put(id, subject == null ? NO_SUBJECT : subject);
        push(due, id);
        return id;
    }

    private boolean cancel(long id) {
        if (subjectOf.remove(id) == null) {
            return false;
        }
        // its pair stays in the heap, skipped when it reaches the top
        if (heapSize > 2 * subjectOf.size() + 64) {
            compact();
        }
        return true;
    }

    /** Rebuilds the heap from the live deadlines only (Floyd's bottom-up heap construction, O(n)). */
    private void compact() {
        int n = 0;
        for (int i = 0; i < heapSize; i++) {
            if (subjectOf.containsKey(heapId[i])) {
                heapDue[n] = heapDue[i];
                heapId[n] = heapId[i];
                n++;
            }
        }
        heapSize = n;
        for (int i = (n >>> 1) - 1; i >= 0; i--) {
            siftDown(i, heapDue[i], heapId[i]);
        }
    }

    /**
     * Fires, in (due, scheduling) order, every deadline due at or before {@code now}, including ones scheduled
     * while firing; returns how many fired.
     */
    public int fireUpTo(long now) {
        int fired = 0;
        firing = true;
        firingNow = now;
        try {
            while (live() && heapDue[0] <= now) {
                long id = heapId[0];
                long due = heapDue[0];
                pop();
                Object subject = subjectOf.remove(id);
                int owner = (int) (id >>> 8 & 0xFF);
                try {
                    owners.get(owner).deadline((int) (id & 0xFF), subject == NO_SUBJECT ? null : subject, due, now);
                } catch (RuntimeException e) {
                    onFailure.failed(names.get(owner), e, now);
                }
                fired++;
            }
        } finally {
            firing = false;
        }
        return fired;
    }

    /**
     * The due time of the earliest live deadline at or before {@code horizon}, or {@link Long#MAX_VALUE} when none
     * is due by then.
     */
    public long earliestBy(long horizon) {
        return live() && heapDue[0] <= horizon ? heapDue[0] : Long.MAX_VALUE;
    }

    /** Live deadlines (scheduled, not yet fired or cancelled). */
    public int size() {
        return subjectOf.size();
    }

    /**
     * Every live deadline, in id order, as "id due owner subject" with the subject as its owner names it in a
     * snapshot (hex): what restored deadlines must equal (tests, diagnostics).
     */
    public List<String> pending() {
        net.openhft.chronicle.bytes.Bytes<?> subject = net.openhft.chronicle.bytes.Bytes.allocateElasticOnHeap(64);
        try {
            List<String> out = new ArrayList<>();
            Long2LongHashMap dues = liveDueTimes();
            for (long id : sortedIds(dues)) {
                subject.clear();
                Object s = subjectOf.get(id);
                int owner = (int) (id >>> 8 & 0xFF);
                owners.get(owner).writeSubject((int) (id & 0xFF), s == NO_SUBJECT ? null : s, new SnapshotOut(subject));
                out.add(id + " " + dues.get(id) + " " + names.get(owner) + " "
                        + java.util.HexFormat.of().formatHex(subject.toByteArray()));
            }
            return out;
        } finally {
            subject.releaseLast();
        }
    }

    /** The live deadlines' due times by id, read from their pairs in the heap (snapshots and diagnostics). */
    private Long2LongHashMap liveDueTimes() {
        Long2LongHashMap dues = new Long2LongHashMap(Math.max(8, 2 * subjectOf.size()), 0.65f, Long.MIN_VALUE);
        for (int i = 0; i < heapSize; i++) {
            if (subjectOf.containsKey(heapId[i])) {
                dues.put(heapId[i], heapDue[i]);
            }
        }
        if (dues.size() != subjectOf.size()) {
            throw new IllegalStateException(subjectOf.size() + " live deadlines, " + dues.size() + " in the heap");
        }
        return dues;
    }

    private static long[] sortedIds(Long2LongHashMap dues) {
        long[] ids = new long[dues.size()];
        int n = 0;
        for (Long2LongHashMap.KeyIterator it = dues.keySet().iterator(); it.hasNext(); ) {
            ids[n++] = it.nextValue();
        }
        java.util.Arrays.sort(ids);
        return ids;
    }

    @Override
    public int snapshotVersion() {
        return 1;
    }

    /**
     * The owners' names (a check that the restored state registered the same owners in the same order), the id
     * sequence, then every live deadline in id order: its id, due time and subject as its owner writes it.
     */
    @Override
    public void writeSnapshot(SnapshotOut out) {
        out.writeCount(names.size());
        for (String n : names) {
            out.writeString(n);
        }
        out.writeLong(sequence);
        Long2LongHashMap dues = liveDueTimes();
        long[] ids = sortedIds(dues);
        out.writeCount(ids.length);
        for (long id : ids) {
            out.writeLong(id);
            out.writeLong(dues.get(id));
            Object subject = subjectOf.get(id);
            int owner = (int) (id >>> 8 & 0xFF);
            owners.get(owner).writeSubject((int) (id & 0xFF), subject == NO_SUBJECT ? null : subject, out);
        }
    }

    /**
     * Puts the deadlines back with their old ids, in scheduling order, after every owner's slice is restored (the
     * subjects are found in them) and the clock is set: order is (due, id), as when they were scheduled.
     */
    @Override
    public void readSnapshot(SnapshotIn in) {
        int owners = in.readCount();
        if (owners != names.size()) {
            throw new SnapshotIn.Corrupt("deadline owners: " + owners + " in the snapshot, " + names.size() + " here");
        }
        for (int i = 0; i < owners; i++) {
            String name = in.readString();
            if (!names.get(i).equals(name)) {
                throw new SnapshotIn.Corrupt("deadline owner " + i + " is " + name + " in the snapshot, "
                        + names.get(i) + " here");
            }
        }
        if (!subjectOf.isEmpty() || sequence != 0) {
            throw new IllegalStateException("deadlines are restored into a new state only");
        }
        long restoredSequence = in.readLong();
        int n = in.readCount();
        long[] ids = new long[n];
        long[] dues = new long[n];
        Object[] subjects = new Object[n];
        long previous = NONE;
        for (int i = 0; i < n; i++) {
            long id = in.readLong();
            long due = in.readLong();
            int owner = (int) (id >>> 8 & 0xFF);
            if (id <= previous || owner >= this.owners.size() || id >>> 16 > restoredSequence) {
                throw new SnapshotIn.Corrupt("deadline id " + id + " out of order or unknown");
            }
            previous = id;
            ids[i] = id;
            dues[i] = due;
            subjects[i] = this.owners.get(owner).readSubject((int) (id & 0xFF), in);
        }
        for (int i = 0; i < n; i++) {
            sequence = (ids[i] >>> 16) - 1;
            long again = schedule((int) (ids[i] >>> 8 & 0xFF), dues[i], (int) (ids[i] & 0xFF), subjects[i]);
            if (again != ids[i]) {
                throw new IllegalStateException("restored deadline " + again + " is not " + ids[i]);
            }
        }
        sequence = restoredSequence;
    }

    /** Whether the heap's top is a live deadline, dropping cancelled ones from the top. */
    private boolean live() {
        while (heapSize > 0 && !subjectOf.containsKey(heapId[0])) {
            pop();
        }
        return heapSize > 0;
    }

    private void push(long due, long id) {
        if (heapSize == heapDue.length) {
            heapDue = java.util.Arrays.copyOf(heapDue, heapSize * 2);
            heapId = java.util.Arrays.copyOf(heapId, heapSize * 2);
        }
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(due, id, heapDue[parent], heapId[parent])) {
                break;
            }
            heapDue[i] = heapDue[parent];
            heapId[i] = heapId[parent];
            i = parent;
        }
        heapDue[i] = due;
        heapId[i] = id;
    }

    private void pop() {
        heapSize--;
        siftDown(0, heapDue[heapSize], heapId[heapSize]);
    }

    /** Puts (due, id) at {@code i} or below, moving smaller children up. */
    private void siftDown(int i, long due, long id) {
        int half = heapSize >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < heapSize && before(heapDue[child + 1], heapId[child + 1], heapDue[child], heapId[child])) {
                child++;
            }
            if (!before(heapDue[child], heapId[child], due, id)) {
                break;
            }
            heapDue[i] = heapDue[child];
            heapId[i] = heapId[child];
            i = child;
        }
        heapDue[i] = due;
        heapId[i] = id;
    }

    /** (due, id) order: ids grow with the scheduling sequence, so equal due times keep scheduling order. */
    private static boolean before(long due, long id, long thanDue, long thanId) {
        return due < thanDue || due == thanDue && id < thanId;
    }
}
