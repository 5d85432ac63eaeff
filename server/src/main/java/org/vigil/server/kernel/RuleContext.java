package org.vigil.server.kernel;

import org.vigil.organisation.Organisation;
import org.vigil.organisation.Policies;
import org.vigil.organisation.Unit;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;

/**
 * What every rule may use from below: the engine clock, its own deadlines, the organisation and its policies,
 * and the mark that a unit's figures changed. What a rule needs from other rules (the census, the alert book,
 * staffing's red flags) it is given by the rule registry when it is built. Engine thread only.
 */
public final class RuleContext {
    private final Organisation org;
    private final EngineClock clock;
    private final Deadlines deadlines;
    private final Consumer<String> changed;

    public RuleContext(Organisation org, EngineClock clock, Deadlines deadlines, Consumer<String> changed) {
        this.org = org;
        this.clock = clock;
        this.deadlines = deadlines;
        this.changed = changed;
    }

    /** Event time (epoch ms): the engine clock, never the system clock. */
    public long now() {
        return clock.now();
    }

    /** Registers the rule as the owner of deadlines, under its name; call once, when the rule is built. */
    public Deadlines.Timers timers(Deadlines.Owner owner, String name) {
        return deadlines.timers(owner, name);
    }

    public Organisation organisation() {
        return org;
    }

    public Policies policies() {
        return org.policies();
    }

    public Unit unit(String id) {
        return org.unit(id);
    }

    /** Every ward and care home, in organisation-file order. */
    public List<Unit> units() {
        return org.units();
    }

    /** The local calendar day of {@code time} on the unit (Europe/London unless the organisation says otherwise). */
    public LocalDate day(String unit, long time) {
        return clock.day(time, org.unit(unit).zone());
    }

    /** Marks the unit's figures as changed, so its next snapshot is published (screens get it pushed). */
    public void changed(String unit) {
        changed.accept(unit);
    }
}
