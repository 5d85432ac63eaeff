package org.vigil.server.history;

import org.vigil.server.rules.EngineState;

/**
 * Where a scratch replay starts: a fresh state that already holds the journal up to and including the record at
 * {@code coveredIndex}, or an empty state and {@link #NOTHING} (replay from the journal's first record). The state
 * belongs to the thread that asked for it.
 */
public record Origin(EngineState state, long coveredIndex) {
    /** No record applied yet: the replay reads the journal from its start. */
    public static final long NOTHING = -1;
}
