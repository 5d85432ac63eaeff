package org.vigil.server.history;

/**
 * What time travel starts its scratch replays from: given an instant, a fresh state covering the journal up to a
 * record no later than the instant (its engine clock at or before the instant), and the journal index it covers.
 * The nearer the origin to the instant, the shorter the replay. Implementations are safe to call from any thread
 * and hand out a state no one else holds.
 */
@FunctionalInterface
public interface Origins {
    /** The origin for the instant; null when there is none (retention deleted the journal's start, {@link JournalStart}). */
    Origin atOrBefore(long instant);
}
