package org.vigil.server.history;

import org.vigil.server.rules.EngineState;

/**
 * A scratch state as at an instant ({@link ScratchReplay}). {@code settled}: a record later than the instant was
 * already in the journal, so no record appended from now on can belong before the cut, and the state at this
 * instant will never read otherwise (it may be kept and reused). Only its owner's thread touches the state; a
 * state shared through the cache is used under its own lock.
 *
 * @param records how many journal records the replay applied after its origin (the tick to the instant aside)
 */
public record AsAt(EngineState state, long instant, boolean settled, long records) {}
