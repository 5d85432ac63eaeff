package org.vigil.server.history;

import org.vigil.server.journal.Journal;
import org.vigil.server.rules.EngineState;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Time travel: questions about the state as it was at an instant, answered on a small pool of worker threads from
 * scratch states ({@link ScratchReplay}), never on the engine thread and never touching the live state. At most
 * {@code threads} replays run at once and {@code queued} wait; beyond that a question is refused ({@link Busy}: the
 * API answers 503 and the caller retries), so a burst of historical views cannot starve ingest of CPU or memory.
 *
 * <p>A few recent states are kept, by instant: the questions of one step of a review (a ward, its alerts, the
 * overview) ask about the same instant, and a kept state answers them without another replay. Only a settled state
 * is kept ({@link AsAt#settled()}): one that no later record can change. A kept state is read under its own lock.
 * Any thread.
 */
public final class History implements AutoCloseable {
    /** Too many historical questions at once: the caller should retry shortly. */
    public static final class Busy extends RuntimeException {
        public Busy() {
            super("time travel is busy: too many historical views at once", null, false, false);
        }
    }

    /**
     * An instant before the oldest state this server keeps: retention deleted the journal's first days and no state
     * snapshot kept is as old. Refused (400 naming the parameter), never answered from a state that was not live.
     */
    public static final class NoPast extends RuntimeException {
        private final String field;

        NoPast(String field) {
            super("is before the oldest state this server keeps: retention has deleted the journal's first days and no"
                    + " state snapshot kept is as old; ask about a later instant", null, false, false);
            this.field = field;
        }

        /** The request parameter that named the instant. */
        public String field() {
            return field;
        }
    }

    private final Journal journal;
    private final Origins origins;
    private final ThreadPoolExecutor workers;
    private final int keep;
    /** Recent and in-flight states by instant, least recently used first. Guarded by itself. */
    private final LinkedHashMap<Long, CompletableFuture<AsAt>> states = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * @param threads replays at once (one per core is plenty: a replay is CPU-bound)
     * @param queued  questions waiting for a worker, at most
     * @param keep    settled states kept for reuse
     */
    public History(Journal journal, Origins origins, int threads, int queued, int keep) {
        this.journal = journal;
        this.origins = origins;
        this.keep = keep;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queued), r -> {
                    Thread t = new Thread(r, "vigil-history-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Answers {@code query} on the state as at {@code instant} (epoch ms), on a worker thread. */
    public <T> CompletableFuture<T> at(long instant, Function<EngineState, T> query) {
        return onWorker(() -> {
            AsAt s = stateAt(instant);
            synchronized (s.state()) {
                return query.apply(s.state());
            }
        });
    }

    /**
     * Replays to {@code instant} from an origin before {@code from} with an observer told of every record applied,
     * then answers {@code then} on the final state; on a worker thread, never kept (the observer's view of the
     * records in between is the point: the incident review). The origin is strictly before {@code from}: one whose
     * clock stands at {@code from} already holds that instant's records, which the observer must see.
     */
    public <T> CompletableFuture<T> across(long from, long instant, ScratchReplay.Observer observer,
                                           Function<AsAt, T> then) {
        long before = from == Long.MIN_VALUE ? from : from - 1;
        return onWorker(() -> then.apply(ScratchReplay.to(journal, origin(before, "from"), instant, observer)));
    }

    private interface Work<T> {
        T run();
    }

    private <T> CompletableFuture<T> onWorker(Work<T> work) {
        CompletableFuture<T> out = new CompletableFuture<>();
        try {
            workers.execute(() -> {
                try {
                    out.complete(work.run());
                } catch (RuntimeException | Error e) {
                    out.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            out.completeExceptionally(new Busy());
        }
        return out;
    }

    /** The state as at the instant: kept, being built by another worker (waited for), or replayed here. */
    private AsAt stateAt(long instant) {
        CompletableFuture<AsAt> mine = new CompletableFuture<>();
        CompletableFuture<AsAt> theirs;
        synchronized (states) {
            theirs = states.putIfAbsent(instant, mine);
            if (theirs == null) {
                trim();
            }
        }
        if (theirs != null) {
            return theirs.join();
        }
        try {
            AsAt s = ScratchReplay.to(journal, origin(instant, "at"), instant, ScratchReplay.Observer.NONE);
            mine.complete(s);
            if (!s.settled()) {
                forget(instant, mine); // records still to come may belong before this instant: never reuse it
            }
            return s;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            forget(instant, mine);
            throw e;
        }
    }

    private Origin origin(long instant, String field) {
        Origin o = origins.atOrBefore(instant);
        if (o == null) {
            throw new NoPast(field);
        }
        return o;
    }

    private void forget(long instant, CompletableFuture<AsAt> f) {
        synchronized (states) {
            states.remove(instant, f);
        }
    }

    /** Drops the least recently used states beyond the number kept (a waiter still holds its own reference). */
    private void trim() {
        Iterator<Map.Entry<Long, CompletableFuture<AsAt>>> it = states.entrySet().iterator();
        while (states.size() > keep && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
