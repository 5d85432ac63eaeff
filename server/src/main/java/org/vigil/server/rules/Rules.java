package org.vigil.server.rules;

import org.vigil.events.EventType;
import org.vigil.organisation.Organisation;
import org.vigil.server.kernel.Feature;
import org.vigil.server.kernel.RuleContext;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The rule registry: Vigil's own rules (assembled by {@link EngineState}, in a fixed order) and a site's own rules
 * after them, each routed the event types it registered for. Every state the server keeps is built here — the
 * engine's, the InfluxDB writer's, each webhook follower's, and time travel's scratch states — so each runs
 * the same rules in the same order and is the same pure function of the journal. Rules are added before any state
 * is built; the registry is then fixed. Start-up thread only.
 */
public final class Rules {
    /** A site's rule: how to build it on a state's context, and the event types routed to it. */
    record SiteRule(Function<RuleContext, Feature> factory, EventType... types) {}

    private final Organisation org;
    private final List<SiteRule> site = new ArrayList<>();
    private boolean built;

    public Rules(Organisation org) {
        this.org = org;
    }

    /**
     * Adds a rule of the site's own (or a test's), built on each state's context and routed the given event types,
     * after Vigil's. Only before any state is built, so that every state runs the same rules.
     */
    public Rules add(Function<RuleContext, Feature> rule, EventType... types) {
        if (built) {
            throw new IllegalStateException("rules are added before any state is built from them");
        }
        site.add(new SiteRule(rule, types.clone()));
        return this;
    }

    /** A new, empty state running every registered rule; replaying the journal into it rebuilds the live state. */
    public EngineState newState() {
        built = true;
        return new EngineState(org, List.copyOf(site), true);
    }

    /**
     * A new, empty state for time travel: the same rules in the same order, without the idempotency keys (a scratch
     * state is only ever fed the journal, never a sender's event, and at 30 days of a large trust the keys would be
     * most of its memory). Any thread; the state then belongs to the thread that replays into it.
     */
    public EngineState newScratchState() {
        built = true;
        return new EngineState(org, List.copyOf(site), false);
    }

    public Organisation organisation() {
        return org;
    }
}
