package org.vigil.server.kernel;

/**
 * A slice of engine state that a state snapshot carries: written by the snapshot writer (a journal follower with a
 * state of its own, never the engine thread) and read back into a newly built, empty state at restart or for a
 * historical view. A restored state then goes on from the snapshot's journal index exactly as the state that wrote
 * it would have, so every field that a later record, deadline or summary reads must be written, with the same
 * order wherever order is observable (an insertion-ordered map that a rule iterates is written in its order).
 *
 * <p><b>Versions.</b> {@link #snapshotVersion()} numbers the slice's layout: bump it whenever what
 * {@link #writeSnapshot} writes changes (a field added, removed or reordered). A snapshot whose slice versions this
 * build does not read (not between {@link #oldestReadable} and this one) is skipped with a log line naming the
 * slice, and the next older snapshot, or the journal from its start, is used instead: an old layout is never
 * misread. Enums are written by ordinal, so
 * like the journal's they only ever grow at the end.
 *
 * <p><b>Deadlines.</b> A slice that owns deadlines writes no deadline itself: the deadline wheel is its own slice,
 * written last, and asks each owner to name a deadline's subject ({@link Deadlines.Owner#writeSubject}) and to
 * find it again in its restored state ({@link Deadlines.Owner#readSubject}). Fields holding deadline ids keep their
 * values: a restored wheel gives every deadline its old id.
 *
 * <p>A rule's slice is stored under the rule's {@link Feature#name()}; a rule that holds state and does not implement
 * this interface turns snapshots off for its whole state (restarts then replay the journal from its start), since
 * a restored state without its figures would be wrong, not merely slow.
 *
 * <p>Its methods run on the thread that owns the state (the snapshot writer's, or the start-up thread before the
 * engine starts), like every other method of a slice.
 */
public interface SnapshotSlice {
    /** The layout version of what {@link #writeSnapshot} writes; bump it when the layout changes. */
    int snapshotVersion();

    /**
     * The oldest layout {@link #readSnapshot} still reads ({@link SnapshotIn#version}): a layout that only added
     * a section at its end can read the one before, so an upgrade keeps its snapshots — which matters once journal
     * retention has deleted the days a replay from the journal's start would need.
     */
    default int oldestReadable() {
        return snapshotVersion();
    }

    /** Writes the slice's whole state. */
    void writeSnapshot(SnapshotOut out);

    /**
     * Reads what {@link #writeSnapshot} wrote, at a version from {@link #oldestReadable} to this one, into this slice as newly built (nothing applied
     * yet). Schedules no deadline and marks no unit changed: the wheel is restored after every slice.
     */
    void readSnapshot(SnapshotIn in);
}
