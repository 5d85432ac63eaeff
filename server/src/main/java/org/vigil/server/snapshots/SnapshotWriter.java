package org.vigil.server.snapshots;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.events.Event;
import org.vigil.server.journal.Journal;
import org.vigil.server.journal.JournalFollower;
import org.vigil.server.rules.EngineState;
import org.vigil.server.rules.Rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.ObjLongConsumer;

/**
 * Takes state snapshots beside the journal, never on the engine thread and never in ingest's way: a named journal
 * follower ({@value #TAILER}) with a state of its own, built by the rule registry like the engine's, restored from
 * the newest snapshot at start (on its own thread) and kept up with the journal. After
 * {@link Snapshots.Settings#recordsAfter} records (more for a large state), or once caught up after
 * {@link Snapshots.Settings#everyMinutes()} of event time with a tenth of that many records since the last, it
 * writes the state as of the last record it applied ({@link Snapshots#write}), and once more on a clean stop
 * ({@link #closing}). A failed write is logged and retried at the next trigger; the engine never waits for it.
 * Follower thread only, but for the figures.
 */
public final class SnapshotWriter implements JournalFollower.Consumer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);
    /** The follower's name: its position is where the newest snapshot stands, or beyond. */
    public static final String TAILER = "snapshots";
    private static final int MAX_RECORDS_PER_BATCH = 5_000;
    private static final long DAY_MILLIS = 86_400_000L;
    /** How long a stop waits for the follower to read the engine's last records before its last snapshot. */
    private static final long CLOSE_CATCH_UP_MILLIS = 5_000;

    private final Journal journal;
    private final Rules rules;
    private final Snapshots snapshots;
    private final Snapshots.Settings settings;
    private final JournalFollower follower;
    private EngineState state;
    private long lastIndex;
    private long sinceLast;
    private long lastSnapshotTime = Long.MIN_VALUE;
    /** The size of the last snapshot written or restored, which sets how many records the next one waits for. */
    private long lastBytes;
    private boolean due;
    private boolean refusedLogged;
    private volatile Snapshots.Written lastWritten;
    private ObjLongConsumer<Path> published;

    public SnapshotWriter(Journal journal, Rules rules, Snapshots snapshots, Snapshots.Settings settings,
                          Clock wallClock) {
        this.journal = journal;
        this.rules = rules;
        this.snapshots = snapshots;
        this.settings = settings;
        this.follower = new JournalFollower(journal, TAILER, "vigil-snapshots", MAX_RECORDS_PER_BATCH, wallClock, this);
    }

    /**
     * Cluster mode, before {@link #start}: each snapshot written is also given, with the cluster log's offset of
     * the record it covers, to {@code published} (which copies it to the cluster's snapshot topic).
     */
    public void publishTo(ObjLongConsumer<Path> published) {
        this.published = published;
    }

    /** Its journal follower, for /health (whether it has stopped). */
    public JournalFollower follower() {
        return follower;
    }

    public void start() {
        follower.start();
    }

    /** The newest snapshot this writer has written since start-up, or null. */
    public Snapshots.Written lastWritten() {
        return lastWritten;
    }

    /** Restores the newest snapshot into this writer's own state, on the follower's thread; else a new state. */
    @Override
    public long restoredIndex() {
        Optional<Snapshots.Restored> r = snapshots.newest();
        state = r.map(Snapshots.Restored::state).orElseGet(rules::newState);
        lastIndex = r.map(Snapshots.Restored::journalIndex).orElse(0L);
        lastSnapshotTime = r.map(Snapshots.Restored::eventTime).orElse(Long.MIN_VALUE);
        lastBytes = r.map(restored -> sizeOf(restored.file())).orElse(0L);
        return lastIndex;
    }

    @Override
    public boolean apply(Event e, long index, boolean rebuilding) {
        state.apply(e, journal.cycle(index));
        lastIndex = index;
        if (e.type().changesState()) {
            // Audit entries (every audited read) change no state: counted, reads alone would write snapshots of an
            // unchanged state and push the older, distinct ones out of those kept (found by an independent check)
            sinceLast++;
        }
        if (sinceLast >= settings.recordsAfter(lastBytes) || sinceLast >= settings.everyRecords() && newDay()) {
            due = true;
        }
        return due;
    }

    /**
     * Whether the state's clock is in a later UTC day than the last snapshot. A large state's wait never holds back
     * a day's first snapshot: once the day is past, it is where time travel and incident reviews into that day
     * start (the first of each day is kept: {@link Snapshots.Settings}), and a journal loaded at speed (a demo's
     * history, a replay) would otherwise leave days without one, each question replaying from days before.
     */
    private boolean newDay() {
        return state.clock().started()
                && Math.floorDiv(state.clock().now(), DAY_MILLIS) != Math.floorDiv(lastSnapshotTime, DAY_MILLIS);
    }

    @Override
    public boolean deliver() {
        if (due) {
            write();
        }
        return true;
    }

    /**
     * Caught up: an hour (by default) of event time since the last snapshot (with none yet, always), with records
     * enough to matter: a tenth of the count, a large state's count too. Without that, a journal replayed at speed
     * on event time, where an hour passes within a few hundred records, wrote a large state every tenth of
     * {@code everyRecords} (found by review). Compared without subtracting the last snapshot's time: with none it is
     * {@link Long#MIN_VALUE}, the difference overflowed negative, and the first snapshot waited for the full count
     * of records — days on a quiet server, each restart replaying the whole journal (found by an audit).
     */
    @Override
    public void idle() {
        if (sinceLast >= Math.max(1, settings.recordsAfter(lastBytes) / 10) && state.clock().started()
                && lastSnapshotTime <= state.clock().now() - settings.everyMinutes() * 60_000L) {
            write();
        }
    }

    private void write() {
        write(true);
    }

    /** {@code publish}: also to the cluster's snapshot topic, when there is one. */
    private void write(boolean publish) {
        due = false;
        if (!state.snapshottable()) {
            if (!refusedLogged) {
                refusedLogged = true;
                LOG.warn("state snapshots are off: a site rule does not implement SnapshotSlice, so restarts replay"
                        + " the journal from its start and retention deletes nothing");
            }
            return;
        }
        try {
            Snapshots.Written w = snapshots.write(state, lastIndex);
            sinceLast = 0;
            lastSnapshotTime = state.clock().now();
            lastWritten = w;
            lastBytes = w.bytes();
            LOG.info("state snapshot {} written: journal record {}, {} bytes in {} ms", w.file().getFileName(),
                    w.journalIndex(), w.bytes(), w.millis());
            if (publish && published != null) {
                published.accept(w.file(), journal.logOffsetAt(w.journalIndex()));
            }
        } catch (IOException | RuntimeException e) {
            // e.g. a full disk, or a deadline whose subject a rule cannot name: the next trigger tries again
            LOG.error("state snapshot at journal record {} not written; the next one is tried after more records",
                    lastIndex, e);
            sinceLast = 0;
        }
    }

    /** A restored snapshot's size; 0 (the next snapshot after {@code everyRecords}) if it cannot be read. */
    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * A clean stop, after the engine's (so nothing more is journaled): waits, bounded, for the follower to read
     * what the engine journaled last, then closes it, and {@link #closing} takes a last snapshot.
     */
    @Override
    public void close() {
        for (int i = 0; i < CLOSE_CATCH_UP_MILLIS / 10 && follower.stoppedBy() == null && follower.lagRecords() > 0; i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        follower.close();
    }

    /**
     * Stopping cleanly: a last snapshot when at least a tenth of {@code everyRecords} changed the state since the
     * last one, so that a restart (an upgrade, a planned move) restores it and replays nothing. A large state's
     * tail took a second to replay at the start of a restart, where the engine's code is not yet compiled
     * (BENCHMARKS.md, "Restart"); a smaller tail replays quicker than a large state is written. Not given to the
     * cluster's snapshot topic: the cluster's connection closed before the engine.
     */
    @Override
    public void closing() {
        if (sinceLast >= Math.max(1, settings.everyRecords() / 10)) {
            write(false);
        }
    }
}
