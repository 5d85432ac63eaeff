package org.vigil.server.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertBook;
import org.vigil.server.alerts.AlertView;
import org.vigil.server.journal.Journal;
import org.vigil.server.kernel.RedactedFailure;
import org.vigil.server.kernel.RuleFailures;
import org.vigil.server.rules.EngineState;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The single writer. One thread takes commands from the event loops and, for each event: appends it to the
 * journal, applies it to state and evaluates the rules; after each turn it publishes the snapshots of the units that
 * changed ({@link Publication}) and only then answers the turn's ingests and alert answers, so a reader of the
 * published snapshots who got a 200 reads its own write. Queries that need more than the snapshots run on the same
 * thread, so they see a consistent state without locks. Start-up replays the journal through {@link EngineState#apply} before the engine accepts anything.
 * The state, the journal's appender and the publication belong to the engine thread; the methods here that submit
 * commands may be called from any thread.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final int MAX_COMMANDS_PER_TURN = 256;
    /**
     * The longest a turn keeps taking in waiting commands before it publishes (and so answers them): under a
     * burst, one publication covers several batches, so a busy unit's snapshot is built once for all of them.
     */
    private static final long MAX_UNPUBLISHED_NANOS = 1_000_000;
    /**
     * When the engine thread counts as held ({@link #stalledMillis}): far beyond a turn's bounded work and the idle
     * loop's second, and far below a screen's stale warning.
     */
    public static final long STALLED_AFTER_MILLIS = 10_000;

    /** Wall: live, the wall clock moves time forward between events. Event: only events move it (replay, simulation). */
    public enum ClockMode { WALL, EVENT }

    public record IngestResult(int accepted, int duplicates) {}

    /** What the engine times per command kind (its latency histogram's label). */
    public enum Command { INGEST, ALERT, READ, AUDIT }

    /** Why the engine could not take a request now: the caller answers 503 and the sender retries. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String reason) {
            super(reason, null, false, false);
        }
    }

    private final EngineState state;
    private final Journal journal;
    /** Cluster mode's log (null on a single node): every record is ordered there before any node applies it. */
    private final SharedLog shared;
    private final ClockMode mode;
    private final Clock wallClock;
    private final BlockingQueue<Runnable> inbox;
    private final Thread thread;
    private final Publication publication;
    private volatile boolean ready;
    /** System.nanoTime() when the engine thread last came round its loop (at least every second, even idle). */
    private volatile long cameRoundAt;
    private volatile boolean running = true;
    /**
     * What stopped the engine thread (an {@link Error}: out of memory, a class that would not load, a stack overflow;
     * the state may be half-applied), or null while it runs. From then on every command is refused at once.
     */
    private volatile String stoppedBy;
    private volatile long replayedEvents;
    private volatile long replayedRecords;
    private volatile long replayMillis;
    /** The engine clock after the last command or turn, for readers on other threads (time travel's "future"). */
    private volatile long clock = Long.MIN_VALUE;
    private EngineTimings metrics;
    /** The journal record the state given already includes (a restored snapshot's), or 0. */
    private long resumeAfter;

    public Engine(EngineState state, Journal journal, ClockMode mode, Clock wallClock, int inboxCapacity) {
        this(state, journal, mode, wallClock, inboxCapacity, null);
    }

    /**
     * In cluster mode ({@code shared} not null): the journal is this node's copy of the cluster's log, written as
     * its records come back ({@link #consumed}), so time travel, snapshots and the InfluxDB writer read it as on a
     * single node.
     */
    public Engine(EngineState state, Journal journal, ClockMode mode, Clock wallClock, int inboxCapacity,
                  SharedLog shared) {
        this.state = state;
        this.journal = journal;
        this.shared = shared;
        int ring = shared == null ? 0 : Integer.highestOneBit(Math.max(1, inboxCapacity)) << 2;
        this.outcomeOffsets = new long[ring];
        this.outcomes = new Object[ring];
        this.mode = mode;
        this.wallClock = wallClock;
        this.inbox = new ArrayBlockingQueue<>(inboxCapacity);
        this.thread = new Thread(this::run, "vigil-engine");
        this.publication = new Publication(state);
    }

    /**
     * Registers, before {@link #start()}, a listener told on the engine thread after each turn which units changed
     * (their new versions are published).
     */
    public void onPublished(Publication.Listener listener) {
        publication.listen(listener);
    }

    /** Sets, before {@link #start()}, where the engine records its latency and journal append times. */
    public void metrics(EngineTimings metrics) {
        this.metrics = metrics;
    }

    /**
     * Says, before {@link #start()}, that the state given is a snapshot's restored state covering the journal up to
     * the record at {@code index}: start-up replays only the records after it, through the same code path.
     */
    public void resumeAfter(long index) {
        this.resumeAfter = index;
    }

    /**
     * Cluster mode, before {@link #start()}: the state given holds the cluster's log up to {@code offset} before
     * the journal's first record (the node started from the cluster's snapshot), so the log is read on from the
     * record after it, or after the journal's last record when that is later.
     */
    public void logStartsAfter(long offset) {
        this.logStartsAfter = offset;
    }

    public void start() {
        thread.start();
    }

    public boolean ready() {
        return ready;
    }

    /** Events from senders replayed at start-up (while replaying: a running count of all records). */
    public long replayedEvents() {
        return replayedEvents;
    }

    /** Journal records replayed: events plus the server's own (clock ticks, acknowledgements). */
    public long replayedRecords() {
        return replayedRecords;
    }

    /** The journal record the start-up state was restored at (a snapshot's), or 0 after a full replay. */
    public long resumedAfter() {
        return resumeAfter;
    }

    public long replayMillis() {
        return replayMillis;
    }

    /**
     * How long the engine thread has been held (ms) — by a rule that never returns, a journal that cannot append —
     * once that is longer than {@link #STALLED_AFTER_MILLIS}; 0 while it comes round its loop (it does at least every
     * second with nothing to do, and a turn's work is bounded), and while it replays. While held, nothing is
     * applied and nothing escalates: {@code /health} says so, and a cluster node gives up owning the partition.
     * Any thread.
     */
    public long stalledMillis() {
        long held = (System.nanoTime() - cameRoundAt) / 1_000_000;
        if (stoppedBy != null) {
            return Math.max(1, held);
        }
        return ready && held > STALLED_AFTER_MILLIS ? held : 0;
    }

    /**
     * Why the engine thread stopped for good (the error, as a line), or null while it runs; any thread. A stopped
     * engine is also {@link #stalledMillis stalled}, at once: the node must be restarted, and replay rebuilds its
     * state from the journal.
     */
    public String stoppedBy() {
        return stoppedBy;
    }

    /**
     * Journals and applies a validated batch; completes after every new event is in the journal. In cluster mode:
     * completes once the cluster's log has acknowledged every event and this node has applied them, so the counts
     * are exact and whoever got the answer reads their own write on this node.
     */
    public CompletableFuture<IngestResult> ingest(List<Event> events) {
        if (shared == null) {
            return submit(new Ingest(events));
        }
        return appendShared(events).thenCompose(offsets -> submit(new Await<>(Command.INGEST, offsets, found -> {
            int duplicates = 0;
            for (Object o : found) {
                if (o == Boolean.FALSE) {
                    duplicates++;
                }
            }
            return new IngestResult(found.length - duplicates, duplicates);
        })));
    }

    private CompletableFuture<long[]> appendShared(List<Event> records) {
        if (!ready) {
            return CompletableFuture.failedFuture(new Unavailable("replaying the journal"));
        }
        return shared.append(records);
    }

    /** What became of an answer to an alert, with the alert as it stands after it (null when not found). */
    public record AlertAnswer(AlertBook.Outcome outcome, String message, AlertView alert) {}

    /**
     * Answers an alert (acknowledge, undo, accept, decline, not escalating). The alert book decides, on this
     * thread, whether the requester may and whether it changes anything; only then is the answer journaled, as an
     * internal record, and applied — so replay rebuilds who answered what and when, and nothing is journaled for
     * an answer that was refused or changed nothing.
     */
    public CompletableFuture<AlertAnswer> answer(Payload.AlertCommand command, AlertBook.Requester who) {
        if (shared == null) {
            return submit(new Answer(command, who));
        }
        // Cluster: decided here on this node's copy of the state; a DONE answer goes through the log, and whether
        // it still applies is decided again where it comes back, in the log's order, alike on every node (another
        // node's answer to the same alert may have come first).
        return submit(new Read<>(s -> decide(command, who))).thenCompose(decided -> {
            if (decided.record() == null) {
                return CompletableFuture.completedFuture(decided.answer());
            }
            return appendShared(List.of(decided.record())).thenCompose(offsets ->
                    submit(new Await<>(Command.ALERT, offsets, found -> (AlertAnswer) found[0])));
        });
    }

    /**
     * Journals one entry of the audit trail, built on the engine thread by {@code entry} (which may look the
     * request's subject up in the state, e.g. an alert's patient), at the wall clock's time; completes once it is in
     * the journal, so the caller answers only then. The entry is not applied: it changes no state.
     */
    public CompletableFuture<Void> audit(Function<EngineState, Payload.Audit> entry) {
        if (shared == null) {
            return submit(new Audit(entry));
        }
        return submit(new Read<>(s -> auditRecord(entry)))
                .thenCompose(record -> appendShared(List.of(record)))
                .thenCompose(offsets -> submit(new Await<>(Command.AUDIT, offsets, found -> null)));
    }

    private Event auditRecord(Function<EngineState, Payload.Audit> entry) {
        return new Event(null, EventType.AUDIT, wallClock.millis(), null, entry.apply(state));
    }

    /**
     * The engine clock (epoch ms) after the last command or turn, {@link Long#MIN_VALUE} before the first record;
     * any thread. Time travel answers nothing later than this (on the wall clock, nothing later than it or the wall
     * clock's time).
     */
    public long clockMillis() {
        return clock;
    }

    /** Whether the engine clock follows the wall clock between events ({@link ClockMode#WALL}) or events only. */
    public ClockMode clockMode() {
        return mode;
    }

    /** Runs {@code query} on the engine thread, after everything submitted before it. */
    public <T> CompletableFuture<T> read(Function<EngineState, T> query) {
        return submit(new Read<>(query));
    }

    /** The rules that have failed since start-up; safe to read from any thread. */
    public RuleFailures ruleFailures() {
        return state.ruleFailures();
    }

    /** The units' published snapshots and versions; any thread. */
    public Publication publication() {
        return publication;
    }

    /**
     * One command: its own future and its own task on the engine thread, so a request costs the engine one object
     * (not a future, a task and a closure). A command that changes state (an ingest, an alert answer) is answered
     * after the turn's publication ({@link #answerTurn}); a read at once.
     */
    private abstract class Task<T> extends CompletableFuture<T> implements Runnable {
        private final Command kind;
        private final long handedOff = System.nanoTime();
        private T value;

        Task(Command kind) {
            this.kind = kind;
        }

        abstract T work();

        /** Whether the command waits for records of the cluster's log not yet applied (answered when they are). */
        boolean waiting() {
            return false;
        }

        @Override
        public final void run() {
            try {
                value = work();
            } catch (RuntimeException e) {
                LOG.error("engine command failed", RedactedFailure.of(e));
                completeExceptionally(e);
                return;
            }
            if (kind == Command.READ) {
                answer();
            } else if (!waiting()) {
                toAnswer.add(this);
            }
        }

        final void resolved(T v) {
            value = v;
        }

        final void answer() {
            if (metrics != null) {
                metrics.command(kind, System.nanoTime() - handedOff);
            }
            complete(value);
        }
    }

    /** Engine thread only: the turn's state-changing commands, answered once the turn is published. */
    private final List<Task<?>> toAnswer = new ArrayList<>(MAX_COMMANDS_PER_TURN + 1);

    private final class Ingest extends Task<IngestResult> {
        private final List<Event> events;

        Ingest(List<Event> events) {
            super(Command.INGEST);
            this.events = events;
        }

        @Override
        IngestResult work() {
            int accepted = 0;
            int duplicates = 0;
            for (Event e : events) {
                if (state.seen(e)) {
                    duplicates++;
                } else {
                    applyJournaled(e);
                    accepted++;
                }
            }
            return new IngestResult(accepted, duplicates);
        }
    }

    private final class Answer extends Task<AlertAnswer> {
        private final Payload.AlertCommand command;
        private final AlertBook.Requester who;

        Answer(Payload.AlertCommand command, AlertBook.Requester who) {
            super(Command.ALERT);
            this.command = command;
            this.who = who;
        }

        @Override
        AlertAnswer work() {
            Decided d = decide(command, who);
            if (d.record() != null) {
                applyJournaled(d.record());
                return new AlertAnswer(d.answer().outcome(), d.answer().message(),
                        AlertView.of(state.alerts().get(command.alertId()), true));
            }
            return d.answer();
        }

    }

    /** Engine thread: the book's decision on an answer, and the record to journal when it is DONE (else null). */
    private Decided decide(Payload.AlertCommand command, AlertBook.Requester who) {
        long at = mode == ClockMode.WALL ? Math.max(wallClock.millis(), state.clock().now()) : state.clock().now();
        AlertBook.Decision d = state.alerts().decide(command, who, at);
        Alert a = state.alerts().get(command.alertId());
        boolean found = d.outcome() != AlertBook.Outcome.NOT_FOUND;
        AlertAnswer answer = new AlertAnswer(d.outcome(), d.message(), found ? AlertView.of(a, true) : null);
        boolean done = d.outcome() == AlertBook.Outcome.DONE;
        return new Decided(answer, done ? new Event(null, d.eventType(), at, a.unit(), d.command()) : null);
    }

    private record Decided(AlertAnswer answer, Event record) {}

    /**
     * Cluster mode: a command answered once this node has applied the log's records at {@code offsets} (they were
     * appended by this node, so they come back to it), with what became of each ({@link #outcome}).
     */
    private final class Await<T> extends Task<T> {
        private final long[] offsets;
        private final Function<Object[], T> result;
        private boolean parked;

        Await(Command kind, long[] offsets, Function<Object[], T> result) {
            super(kind);
            this.offsets = offsets;
            this.result = result;
        }

        @Override
        T work() {
            if (!applied()) {
                parked = true;
                awaiting.add(this);
                return null;
            }
            return outcome();
        }

        @Override
        boolean waiting() {
            return parked;
        }

        boolean applied() {
            return offsets.length == 0 || consumedThrough >= offsets[offsets.length - 1];
        }

        T outcome() {
            Object[] found = new Object[offsets.length];
            for (int i = 0; i < offsets.length; i++) {
                int slot = (int) (offsets[i] & (outcomes.length - 1));
                found[i] = outcomeOffsets[slot] == offsets[i] ? outcomes[slot] : null;
            }
            return result.apply(found);
        }

        /** End of a turn: once applied, answered with the turn (after its publication). */
        boolean resolve() {
            if (!applied()) {
                return false;
            }
            resolved(outcome());
            toAnswer.add(this);
            return true;
        }
    }

    private final class Read<T> extends Task<T> {
        private final Function<EngineState, T> query;

        Read(Function<EngineState, T> query) {
            super(Command.READ);
            this.query = query;
        }

        @Override
        T work() {
            return query.apply(state);
        }
    }

    private final class Audit extends Task<Void> {
        private final Function<EngineState, Payload.Audit> entry;

        Audit(Function<EngineState, Payload.Audit> entry) {
            super(Command.AUDIT);
            this.entry = entry;
        }

        @Override
        Void work() {
            append(new Event(null, EventType.AUDIT, wallClock.millis(), null, entry.apply(state)));
            return null;
        }
    }

    /** Journals the record, then applies it (tagged with its journal cycle, for retention). */
    private void applyJournaled(Event e) {
        state.apply(e, journal.cycle(append(e)));
    }

    // ------------------------------------------------------------------ cluster mode

    /** Engine thread only: awaiting commands whose records have not come back yet. */
    private final List<Await<?>> awaiting = new ArrayList<>();
    /**
     * Engine thread only: what became of recent records of the log (TRUE applied, FALSE a duplicate, an
     * {@link AlertAnswer}), by offset modulo the ring's size: four times the inbox, so a record's outcome is still
     * here when the command awaiting it (queued behind at most an inbox of records) runs.
     */
    private final long[] outcomeOffsets;
    private final Object[] outcomes;
    /** The offset of the last record of the cluster's log applied (or found a duplicate); -1 before the first. */
    private volatile long consumedThrough = -1;
    /** The cluster's log offset the state held before the journal's first record (-1: none, the log's start). */
    private long logStartsAfter = -1;
    /** Engine thread only: when this node last appended a tick not yet back from the log (0: none in flight). */
    private long tickSentAt;

    /**
     * Cluster mode: a record of the cluster's log, at {@code offset}, to apply in the log's order. Called by the
     * one thread reading the log, only once {@link #ready}, from {@link #logResumesAfter}+1 on; blocks while the
     * inbox is full (the log waits, nothing is dropped).
     */
    public void consumed(Event record, long offset) throws InterruptedException {
        inbox.put(() -> runOnTime(() -> apply(record, offset)));
    }

    /** Cluster mode: the offset of the last record this node has of the log (-1: none); any thread once ready. */
    public long logResumesAfter() {
        return consumedThrough;
    }

    /** Engine thread only: one record of the cluster's log, applied as the log's order says, alike on every node. */
    private void apply(Event e, long offset) {
        if (offset <= consumedThrough) {
            return; // in the journal already (read again after a restart)
        }
        consumedThrough = offset;
        Object outcome = Boolean.TRUE;
        if (e.type() == EventType.TICK) {
            tickSentAt = 0;
            if (e.time() > state.clock().now()) {
                applyJournaled(e, offset);
            }
        } else if (e.type() == EventType.AUDIT) {
            journal.append(e, offset); // the trail changes no state
        } else if (e.payload() instanceof Payload.AlertCommand answer) {
            outcome = appliedAnswer(e, answer, offset);
        } else if (e.id() != null && state.seen(e)) {
            outcome = Boolean.FALSE;
        } else {
            applyJournaled(e, offset);
        }
        int slot = (int) (offset & (outcomes.length - 1));
        outcomeOffsets[slot] = offset;
        outcomes[slot] = outcome;
    }

    private AlertAnswer appliedAnswer(Event e, Payload.AlertCommand answer, long offset) {
        Alert a = state.alerts().get(answer.alertId());
        if (a == null) {
            return new AlertAnswer(AlertBook.Outcome.NOT_FOUND, "no alert '" + answer.alertId() + "'", null);
        }
        AlertBook.Decision d = state.alerts().check(a, answer, e.time());
        if (d.outcome() == AlertBook.Outcome.DONE) {
            applyJournaled(e, offset);
        }
        return new AlertAnswer(d.outcome(), d.message(), AlertView.of(state.alerts().get(answer.alertId()), true));
    }

    private void applyJournaled(Event e, long offset) {
        state.apply(e, journal.cycle(journal.append(e, offset)));
    }

    /** Engine thread, at a turn's end: the awaiting commands whose records have all been applied join the turn. */
    private void resolveAwaiting() {
        if (!awaiting.isEmpty()) {
            awaiting.removeIf(Await::resolve);
        }
    }

    private long append(Event e) {
        try {
            if (metrics == null) {
                return journal.append(e);
            }
            long t0 = System.nanoTime();
            long index = journal.append(e);
            metrics.appended(System.nanoTime() - t0);
            return index;
        } catch (Journal.AppendFailed f) {
            throw new Unavailable(f.getMessage()); // nothing of it stored or applied: 503, and the sender resends
        }
    }

    private <T> CompletableFuture<T> submit(Task<T> task) {
        if (stoppedBy != null) {
            task.completeExceptionally(stopped());
        } else if (!ready) {
            task.completeExceptionally(new Unavailable("replaying the journal"));
        } else if (!inbox.offer(task)) {
            task.completeExceptionally(new Unavailable("engine busy"));
        } else if (stoppedBy != null && inbox.remove(task)) {
            task.completeExceptionally(stopped()); // offered after the stopping thread emptied the inbox
        }
        return task;
    }

    private Unavailable stopped() {
        return new Unavailable("engine stopped (" + stoppedBy + "): restart the node");
    }

    private void run() {
        cameRoundAt = System.nanoTime();
        try {
            replayAndServe();
        } catch (Throwable t) {
            // Past every RuntimeException the loop survives: an Error. The state may be half-applied and the thread is
            // gone, so every command waiting, and every one sent from now on, is refused at once (503) rather than
            // left to hang; /health says stalled, and a cluster node gives the partition up.
            stoppedBy = t.getClass().getName(); // its message (a path, a class) is for the log, not /health
            LOG.error("the engine thread stopped: nothing is applied from now on; restart the node (replay rebuilds"
                    + " the state from the journal)", RedactedFailure.of(t));
            refuseWaiting();
        }
    }

    /** Engine thread, once stopped: every command taken in and not yet answered is refused. */
    private void refuseWaiting() {
        Unavailable why = stopped();
        List<Runnable> left = new ArrayList<>(batch);
        if (current != null) {
            left.add(current);
        }
        inbox.drainTo(left);
        left.addAll(toAnswer);
        left.addAll(awaiting);
        for (Runnable r : left) {
            if (r instanceof Task<?> t) {
                t.completeExceptionally(why);
            }
        }
    }

    /** Engine thread only: the commands of the turn being run, and the one running now. */
    private final List<Runnable> batch = new ArrayList<>(MAX_COMMANDS_PER_TURN);
    private Runnable current;

    private void replayAndServe() {
        long start = System.nanoTime();
        LOG.info(resumeAfter == 0 ? "replaying journal…" : "replaying the journal after record {} (a snapshot's)…",
                resumeAfter);
        long[] count = {0};
        long[] internal = {0};
        long[] lastLog = {start};
        journal.replayAfter(resumeAfter, (e, index) -> {
            state.apply(e, journal.cycle(index));
            if (e.type().internal()) {
                internal[0]++;
            }
            long n = ++count[0];
            if ((n & 0xFFFF) == 0) {
                long t = System.nanoTime();
                if (t - lastLog[0] > 1_000_000_000L) {
                    lastLog[0] = t;
                    replayedEvents = n;
                    LOG.info("replay: {} events, {} events/s", n, (long) (n / ((t - start) / 1e9)));
                }
            }
        });
        if (shared != null) {
            consumedThrough = Math.max(journal.lastLogOffset(), logStartsAfter);
        }
        state.drainChanged(); // what replay built is every unit's version 0
        clock = state.clock().now();
        publication.publishAll();
        replayedRecords = count[0];
        replayedEvents = count[0] - internal[0];
        replayMillis = (System.nanoTime() - start) / 1_000_000;
        LOG.info("replay done: {} events in {} ms ({} events/s); {} rule failures", count[0], replayMillis,
                replayMillis == 0 ? count[0] : count[0] * 1000 / replayMillis, state.failed());
        cameRoundAt = System.nanoTime();
        ready = true;
        long unpublishedSince = 0; // System.nanoTime() of the first batch not yet published; 0 when none
        while (running) {
            cameRoundAt = System.nanoTime();
            try {
                Runnable first = inbox.poll(pollMillis(), TimeUnit.MILLISECONDS);
                if (first != null) {
                    runOnTime(first);
                    inbox.drainTo(batch, MAX_COMMANDS_PER_TURN);
                    for (Runnable r : batch) {
                        runOnTime(r);
                    }
                    batch.clear();
                }
                if (mode == ClockMode.WALL) {
                    tick();
                    clock = state.clock().now();
                }
                // More commands already waiting: take them into this turn before publishing (a unit changed by both
                // batches is built once), but never hold a publication, and so an answer, longer than the bound.
                long now = System.nanoTime();
                if (unpublishedSince == 0) {
                    unpublishedSince = now;
                }
                if (inbox.isEmpty() || now - unpublishedSince >= MAX_UNPUBLISHED_NANOS) {
                    unpublishedSince = 0;
                    publishAndAnswer();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("engine loop fault", RedactedFailure.of(e));
                unpublishedSince = 0;
                publishAndAnswer();
            }
        }
    }

    /** The end of a turn: the changed units' snapshots are published, then the turn's commands are answered. */
    private void publishAndAnswer() {
        try {
            resolveAwaiting();
            publication.publish(state.drainChanged());
            if (state.hasChanged()) {
                // building a snapshot made a rule fail for the first time: every unit's banner, now
                publication.publish(state.drainChanged());
            }
        } catch (RuntimeException e) {
            LOG.error("publication fault", RedactedFailure.of(e));
        } finally {
            answerTurn();
        }
    }

    /** After the turn's publication: its ingests and alert answers are answered, in the order they ran. */
    private void answerTurn() {
        for (int i = 0; i < toAnswer.size(); i++) {
            toAnswer.get(i).answer();
        }
        toAnswer.clear();
    }

    /** How long to wait for work: until the next deadline on the wall clock, at most a second. */
    private long pollMillis() {
        if (mode == ClockMode.EVENT) {
            return 1000;
        }
        long now = wallClock.millis();
        long next = state.nextDeadline(now + 1000);
        return next == Long.MAX_VALUE ? 1000 : Math.max(1, Math.min(1000, next - now));
    }

    /**
     * Runs one command after any tick already due, so what it reads or decides never depends on how commands were
     * batched: a query drained in the same turn as the event before it sees the deadlines that event made due on
     * the wall clock fired, exactly as it would a turn later (and as replay, which applies that tick, rebuilds it).
     */
    private void runOnTime(Runnable command) {
        current = command; // left set if it throws: an Error stops the thread, and the command is refused
        if (mode == ClockMode.WALL) {
            tick();
        }
        command.run();
        current = null;
        clock = state.clock().now();
    }

    /**
     * On the wall clock, a due deadline is fired by a journaled tick, so replay fires it at the same point. In
     * cluster mode the tick goes through the log like any record, appended by the partition's owner alone (one in
     * flight at a time), and fires the deadline on every node when it comes back.
     */
    private void tick() {
        long now = wallClock.millis();
        if (state.clock().started() && now > state.clock().now() && state.nextDeadline(now) <= now) {
            Event tick = new Event(null, EventType.TICK, now, null, Payload.Tick.INSTANCE);
            if (shared == null) {
                applyJournaled(tick);
            } else if (shared.owner() && (tickSentAt == 0 || now - tickSentAt > TICK_RESEND_MILLIS)) {
                tickSentAt = now;
                shared.append(List.of(tick)); // a failed append is sent again after TICK_RESEND_MILLIS
            }
        }
    }

    /** Cluster mode: how long a tick may take to come back from the log before the owner sends another. */
    private static final long TICK_RESEND_MILLIS = 2_000;

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
