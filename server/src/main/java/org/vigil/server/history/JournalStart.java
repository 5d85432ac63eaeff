package org.vigil.server.history;

import org.vigil.server.rules.Rules;

/**
 * The origin of last resort: an empty state, so the replay runs from the journal's first retained record — the
 * same start the engine's own start-up replay has, so it rebuilds what was live. Any thread.
 */
public final class JournalStart implements Origins {
    private final Rules rules;

    public JournalStart(Rules rules) {
        this.rules = rules;
    }

    @Override
    public Origin atOrBefore(long instant) {
        return new Origin(rules.newScratchState(), Origin.NOTHING);
    }
}
