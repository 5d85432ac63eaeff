package org.vigil.server.journal;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.events.Event;

import java.time.Clock;

/**
 * A downstream consumer of the journal (DESIGN.md: "everything downstream is a tailer"): a named Chronicle tailer
 * on its own thread that commits its position only after its sink accepted what the records produced, so an
 * outage of the sink delays, never drops. The consumer keeps its own state, a pure function of the journal: at
 * start-up the follower re-applies the journal up to the committed record with nothing produced (that output was
 * already accepted), then carries on from there. A crash between the sink accepting and the commit re-produces
 * the records after the committed one: at least once.
 *
 * <p>The committed position is the index of the last record whose output the sink accepted (inclusive). The
 * consumer is called on the follower's thread only; the figures ({@link #lagRecords()}, {@link #lagSeconds()},
 * {@link #committedIndex()}, {@link #rebuilt()}) may be read from any thread.
 */
public final class JournalFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalFollower.class);
    private static final long IDLE_SLEEP_MILLIS = 25;

    /** What a follower does with the records it reads. Follower thread only. */
    public interface Consumer {
        /**
         * Applies one record to the consumer's state. While rebuilding ({@code rebuilding} true) it produces
         * nothing: its output up to the committed record was accepted before.
         *
         * @return true to end the batch after this record (the output gathered should be delivered now)
         */
        boolean apply(Event e, long index, boolean rebuilding);

        /**
         * Hands what the batch produced to the sink, retrying until the sink accepts it; the position is committed
         * after it returns true. False: the follower is closing, nothing is committed.
         */
        boolean deliver();

        /**
         * The journal record the consumer's state already includes when the follower starts (it was restored from
         * a state snapshot), or 0: records up to it are not applied again. A consumer whose output matters
         * restores only at or before its committed record; a later one is taken as committed, nothing produced.
         */
        default long restoredIndex() {
            return 0;
        }

        /** After the rebuild, and after each commit. */
        default void committed() {
        }

        /** Each time the follower has read everything there is, before it waits for more. */
        default void idle() {
        }

        /**
         * The follower is being closed ({@link #close}) and has ended its last batch: on its thread, the last
         * moment to use the state. Not called when the follower stopped on an error.
         */
        default void closing() {
        }

        /**
         * Cluster mode ({@link #takeTurns}): drops what the batch produced, since another node delivered it. A
         * consumer that produces output must override this.
         */
        default void discard() {
            throw new IllegalStateException(getClass().getSimpleName() + " cannot stand by for another node");
        }
    }

    private final Journal journal;
    private final String name;
    private final int maxRecordsPerBatch;
    private final Clock wallClock;
    private final Consumer consumer;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long committedIndex;
    private volatile long caughtUpAtWall;
    private volatile boolean rebuilt;
    /** Why the follower stopped on its own (an exception's class), or null while it runs (or was closed). */
    private volatile String stoppedBy;
    /** Cluster mode: whose turn it is to deliver; null on a single node. */
    private DeliveryTurn turn;

    /**
     * @param name               the tailer's name: its committed position is kept under it across restarts
     * @param threadName         the follower thread's name
     * @param maxRecordsPerBatch records read before the batch is delivered, at most
     */
    public JournalFollower(Journal journal, String name, String threadName, int maxRecordsPerBatch, Clock wallClock,
                           Consumer consumer) {
        this.journal = journal;
        this.name = name;
        this.maxRecordsPerBatch = maxRecordsPerBatch;
        this.wallClock = wallClock;
        this.consumer = consumer;
        this.caughtUpAtWall = wallClock.millis();
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    /**
     * For a follower that must not produce anything for records journaled before it first existed: the first time
     * the name is seen, commits its tailer at the journal's last record, so those records are only rebuilt from.
     * That it was seen is remembered in the journal's metadata (beside the tailers' positions), so a follower
     * first seen on an empty journal, or one that has not committed yet, is never taken for new again — which
     * would skip what it has not delivered. Call before anything else appends (before the engine starts).
     * Returns whether it moved the tailer.
     */
    public static boolean startAtEndIfNew(Journal journal, String name) {
        SingleChronicleQueue q = (SingleChronicleQueue) journal.queue();
        String seen = "vigil.follower." + name;
        if (q.tableStoreGet(seen) != Long.MIN_VALUE) {
            return false;
        }
        boolean moved = false;
        try (ExcerptTailer committed = journal.namedTailer(name)) {
            long last = q.lastIndex();
            // a tailer that committed before the mark was written (a crash in between) is not moved again
            if (committed.index() == 0 && last > 0) {
                committed.moveToIndex(last);
                moved = true;
            }
            q.tableStorePut(seen, Math.max(0, last));
        }
        return moved;
    }

    /** Cluster mode, before {@link #start}: deliver only in this node's turn, else stand by ({@link DeliveryTurn}). */
    public void takeTurns(DeliveryTurn turn) {
        this.turn = turn;
    }

    public void start() {
        thread.start();
    }

    public String name() {
        return name;
    }

    /** The index of the last record whose output the sink accepted (0: none yet). */
    public long committedIndex() {
        return committedIndex;
    }

    /** Whether the start-up rebuild is done (the follower is producing). */
    public boolean rebuilt() {
        return rebuilt;
    }

    /**
     * Why the follower stopped on its own (the exception's class: no message, which may quote a record), or null.
     * Its thread is gone: nothing more is delivered, and its lag only grows, which could pass for a slow sink, so
     * /health says it in so many words (found by an independent check: a snapshot writer died, /health said ok).
     */
    public String stoppedBy() {
        return stoppedBy;
    }

    /** Whether the follower is still running (not closed). */
    public boolean running() {
        return running;
    }

    /** Journal records after the committed one; -1 if the journal cannot say. */
    public long lagRecords() {
        try {
            SingleChronicleQueue q = (SingleChronicleQueue) journal.queue();
            long last = q.lastIndex();
            long committed = committedIndex;
            if (last < 0 || last <= committed) {
                return 0;
            }
            if (committed == 0) {
                return q.countExcerpts(q.firstIndex(), last) + 1;
            }
            return q.countExcerpts(committed, last);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Wall-clock seconds since the follower was last caught up, 0 when it is. */
    public double lagSeconds() {
        return lagRecords() == 0 ? 0 : Math.max(0, wallClock.millis() - caughtUpAtWall) / 1000.0;
    }

    /** Sleeps on the follower's thread (a consumer's backoff); false when the follower is closing. */
    public boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
        return running;
    }

    private void run() {
        ExcerptTailer committed = journal.namedTailer(name);
        ExcerptTailer reader = journal.queue().createTailer();
        try {
            long restored = consumer.restoredIndex();
            long before = committed.index();
            rebuild(before, restored, reader);
            if (restored > before) {
                committed.moveToIndex(restored); // taken as committed: the state includes it, nothing to produce
            }
            while (running) {
                long last = readBatch(reader);
                if (last == 0) {
                    caughtUpAtWall = wallClock.millis();
                    consumer.idle();
                    sleep(IDLE_SLEEP_MILLIS);
                    continue;
                }
                if (!deliverInTurn(last)) {
                    return;
                }
                committed.moveToIndex(last);
                committedIndex = last;
                consumer.committed();
            }
            Thread.interrupted(); // close() woke the thread: what closing writes must not meet the interrupt
            consumer.closing();
        } catch (RuntimeException e) {
            stoppedBy = e.getClass().getSimpleName();
            LOG.error("journal follower '{}' stopped", name, e);
        } catch (Error e) {
            stoppedBy = e.getClass().getSimpleName(); // out of memory, say: /health says so before anything else
            throw e;
        } finally {
            reader.close();
            committed.close();
        }
    }

    /**
     * Delivers the batch ending at the record {@code last}, on a single node at once; in cluster mode when it is
     * this node's turn, else waits until the cluster has delivered it (then drops it) or the turn comes here. False
     * when the follower is closing.
     */
    private boolean deliverInTurn(long last) {
        if (turn == null) {
            return consumer.deliver();
        }
        long offset = journal.logOffsetAt(last);
        while (running) {
            if (turn.mine()) {
                if (!consumer.deliver()) {
                    return false;
                }
                turn.delivered(name, offset);
                return true;
            }
            if (turn.deliveredUpTo(name) >= offset) {
                consumer.discard();
                return true;
            }
            sleep(IDLE_SLEEP_MILLIS);
        }
        return false;
    }

    /**
     * Re-applies the journal up to the committed record, producing nothing (that output was accepted): from the
     * record after the restored one when the consumer's state was restored, else from the start.
     */
    private void rebuild(long committedUpTo, long restored, ExcerptTailer reader) {
        long n = 0;
        long start = System.nanoTime();
        if (restored > 0) {
            if (!reader.moveToIndex(restored)) {
                throw new IllegalStateException("the restored record " + restored + " is not in the journal");
            }
            try (DocumentContext dc = reader.readingDocument()) {
                if (!dc.isPresent() || dc.index() != restored) {
                    throw new IllegalStateException("the restored record " + restored + " is not in the journal");
                }
            }
        } else {
            reader.toStart();
        }
        if (committedUpTo > restored) {
            while (running) {
                try (DocumentContext dc = reader.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    long idx = dc.index();
                    if (idx > committedUpTo) {
                        dc.rollbackOnClose();
                        break;
                    }
                    consumer.apply(JournalCodec.read(dc.wire().bytes()), idx, true);
                    n++;
                    if (idx == committedUpTo) {
                        break;
                    }
                }
            }
        }
        committedIndex = Math.max(committedUpTo, restored);
        consumer.committed();
        rebuilt = true;
        LOG.info("journal follower '{}': rebuilt its state from {} journal records{} in {} ms; going on from there",
                name, n, restored > 0 ? " after the snapshot at record " + restored : "",
                (System.nanoTime() - start) / 1_000_000);
    }

    /** Reads up to a batch of records, applying each; returns the index of the last one read, or 0 for none. */
    private long readBatch(ExcerptTailer reader) {
        long last = 0;
        for (int records = 0; records < maxRecordsPerBatch; records++) {
            try (DocumentContext dc = reader.readingDocument()) {
                if (!dc.isPresent()) {
                    break;
                }
                last = dc.index();
                if (consumer.apply(JournalCodec.read(dc.wire().bytes()), last, false)) {
                    break;
                }
            }
        }
        return last;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
