package org.vigil.server.engine;

import io.vertx.core.json.JsonObject;
import org.vigil.events.Event;

import java.time.LocalDate;

/**
 * A deliberately faulty rule, for tests only: on every event routed to it, it schedules a deadline one minute
 * later that throws, then throws itself. Real exceptions, on the real engine: nothing of the engine is mocked.
 */
public final class FaultyRule implements Feature {
    private final RuleContext ctx;

    public FaultyRule(RuleContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void apply(Event e) {
        ctx.deadlines().schedule(e.time() + 60_000L, now -> {
            throw new IllegalStateException("faulty rule's deadline");
        });
        throw new IllegalStateException("faulty rule");
    }

    @Override
    public void snapshot(String unit, LocalDate today, JsonObject out) {
        out.put("faultyRuleWasHere", true);
    }
}
