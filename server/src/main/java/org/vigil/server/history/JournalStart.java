package org.vigil.server.history;

import org.vigil.server.journal.Journal;
import org.vigil.server.rules.Rules;

/**
 * The origin of last resort: an empty state, so the replay runs from the journal's first record — the same start
 * the engine's own start-up replay has, so it rebuilds what was live. None once retention has deleted the journal's
 * first days: an empty state replayed from the first record kept is not what was live (a night's patients with
 * high NEWS2 showed as an empty ward: found by an independent check). Any thread.
 */
public final class JournalStart implements Origins {
    private final Rules rules;
    private final Journal journal;

    public JournalStart(Rules rules, Journal journal) {
        this.rules = rules;
        this.journal = journal;
    }

    @Override
    public Origin atOrBefore(long instant) {
        return journal.retentionCut() ? null : new Origin(rules.newScratchState(), Origin.NOTHING);
    }
}
