package org.vigil.server.engine;

import org.vigil.events.Event;
import org.vigil.server.kernel.Deadlines;
import org.vigil.server.kernel.Feature;
import org.vigil.server.kernel.RuleContext;

import java.time.LocalDate;

/**
 * A deliberately faulty rule, for tests only: on every event routed to it, it schedules a deadline one minute
 * later that throws, then throws itself. Real exceptions, on the real engine: nothing of the engine is mocked.
 * Its summary (a site rule's own record) says it was asked.
 */
public final class FaultyRule implements Feature, Deadlines.Owner {
    /** What this rule shows of a unit: the API writes it field by field. */
    public record Seen(boolean faultyRuleWasHere) {}

    private final Deadlines.Timers timers;

    public FaultyRule(RuleContext ctx) {
        this.timers = ctx.timers(this, name());
    }

    @Override
    public void apply(Event e) {
        timers.schedule(e.time() + 60_000L, 0, null);
        throw new IllegalStateException("faulty rule");
    }

    @Override
    public void deadline(int kind, Object subject, long due, long now) {
        throw new IllegalStateException("faulty rule's deadline");
    }

    @Override
    public Seen summary(String unit, LocalDate today) {
        return new Seen(true);
    }
}
