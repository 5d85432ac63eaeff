package org.vigil.server.history;

import org.vigil.server.snapshots.Snapshots;

import java.time.Instant;

/**
 * The nearest state snapshot whose engine clock is at or before the instant (restored into a new state, the
 * asker's own), so a question about last night replays at most the records since that snapshot; with none usable,
 * {@link JournalStart}. A snapshot's clock at or before the instant means every record it covers is one the instant
 * includes, since the clock never moves back (docs/time-travel.md). Any thread: each call reads its own copy.
 */
public final class SnapshotOrigins implements Origins {
    private final Snapshots snapshots;
    private final Origins fallback;

    public SnapshotOrigins(Snapshots snapshots, Origins fallback) {
        this.snapshots = snapshots;
        this.fallback = fallback;
    }

    @Override
    public Origin atOrBefore(long instant) {
        return snapshots.nearestAtOrBefore(Instant.ofEpochMilli(instant))
                .map(r -> new Origin(r.state(), r.journalIndex()))
                .orElseGet(() -> fallback.atOrBefore(instant));
    }
}
