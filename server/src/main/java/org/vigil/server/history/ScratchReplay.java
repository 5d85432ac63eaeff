package org.vigil.server.history;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.server.journal.Journal;
import org.vigil.server.journal.JournalCodec;
import org.vigil.server.rules.EngineState;

/**
 * Brings a scratch state to an instant: what a live server whose engine clock stood at that instant showed.
 *
 * <p><b>Which records an instant includes</b> (docs/time-travel.md): from the origin on, every journal record in
 * journal order up to the last one that does not move the engine clock past the instant — the replay stops at the
 * first record whose time is later than the instant, and a late record journaled after that one is not included
 * even if its own time is earlier, since the live clock had already passed the instant when it came. Then the
 * clock is advanced to the instant, firing every deadline due at or before it, as a wall-clock tick would have.
 * Audit records change no state and are passed over. Before the first record there is nothing to advance: the
 * state is empty.
 *
 * <p>The same {@link EngineState#apply} as live ingest and start-up replay, so a rule cannot answer differently in
 * the past. Runs on the caller's thread (a time-travel worker), never the engine's; the state is the caller's.
 */
public final class ScratchReplay {
    /** Told of each record applied, with the state just after it (the incident review gathers its timeline so). */
    @FunctionalInterface
    public interface Observer {
        Observer NONE = (e, state) -> { };

        /** Before the first record: the fresh state the replay will apply to (e.g. to follow its alerts). */
        default void replaying(EngineState state) {
        }

        void applied(Event e, EngineState state);
    }

    private ScratchReplay() {
    }

    /** Replays from {@code origin} to {@code instant} (epoch ms) and returns the state as at it. */
    public static AsAt to(Journal journal, Origin origin, long instant, Observer observer) {
        EngineState state = origin.state();
        if (state.clock().started() && state.clock().now() > instant) {
            throw new IllegalArgumentException("origin at " + state.clock().now() + " is after the instant " + instant);
        }
        observer.replaying(state);
        long records = 0;
        boolean settled = false;
        try (ExcerptTailer tailer = journal.queue().createTailer()) {
            position(tailer, origin.coveredIndex());
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    if (!JournalCodec.peekType(dc.wire().bytes()).changesState()) {
                        continue;
                    }
                    Event e = JournalCodec.read(dc.wire().bytes());
                    if (e.time() > instant) {
                        settled = true; // the live clock passed the instant here: nothing after belongs to it
                        break;
                    }
                    state.apply(e);
                    records++;
                    observer.applied(e, state);
                }
            }
        }
        if (state.clock().started() && state.clock().now() < instant) {
            Event tick = new Event(null, EventType.TICK, instant, null, Payload.Tick.INSTANCE);
            state.apply(tick);
            observer.applied(tick, state);
        }
        return new AsAt(state, instant, settled, records);
    }

    /** Puts the tailer on the record after the origin's (the journal's start for {@link Origin#NOTHING}). */
    private static void position(ExcerptTailer tailer, long covered) {
        if (covered == Origin.NOTHING) {
            tailer.toStart();
            return;
        }
        if (!tailer.moveToIndex(covered)) {
            throw new IllegalStateException("journal record " + Long.toHexString(covered)
                    + " of the origin is no longer in the journal");
        }
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                throw new IllegalStateException("journal record " + Long.toHexString(covered) + " cannot be read");
            }
        }
    }
}
