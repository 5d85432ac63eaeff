package org.vigil.server.engine;

import org.vigil.server.alerts.AlertBook;
import org.vigil.server.census.Movements;
import org.vigil.server.census.Patient;
import org.vigil.server.org.Organisation;
import org.vigil.server.org.Policies;
import org.vigil.server.org.Unit;

import java.time.LocalDate;
import java.util.Set;
import java.util.function.ToIntFunction;

/** What every rule may use: the clock, the deadline queue, the alert book, the census and the policies. */
public final class RuleContext {
    private final Organisation org;
    private final EngineClock clock;
    private final DeadlineQueue deadlines;
    private final AlertBook alerts;
    private final Set<String> changed;
    private final ToIntFunction<String> patientCounts;
    private Movements movements;

    RuleContext(Organisation org, EngineClock clock, DeadlineQueue deadlines, AlertBook alerts, Set<String> changed,
                ToIntFunction<String> patientCounts) {
        this.org = org;
        this.clock = clock;
        this.deadlines = deadlines;
        this.alerts = alerts;
        this.changed = changed;
        this.patientCounts = patientCounts;
    }

    void census(Movements movements) {
        this.movements = movements;
    }

    public long now() {
        return clock.now();
    }

    public DeadlineQueue deadlines() {
        return deadlines;
    }

    public AlertBook alerts() {
        return alerts;
    }

    public Policies policies() {
        return org.policies();
    }

    public Unit unit(String id) {
        return org.unit(id);
    }

    /** Every ward and care home, in organisation-file order. */
    public java.util.List<Unit> units() {
        return org.units();
    }

    /** The local calendar day of {@code time} on the unit (Europe/London unless the organisation says otherwise). */
    public LocalDate day(String unit, long time) {
        return EngineClock.localDate(time, org.unit(unit).zone());
    }

    /** The patient's bed per the census, or null when not admitted or without a bed. */
    public String bedOf(String patient) {
        Patient p = movements.patient(patient);
        return p == null ? null : p.bed();
    }

    /** The patient as the census knows them, or null. */
    public Patient patient(String id) {
        return movements.patient(id);
    }

    /** How many patients the census has on the unit now (with or without a bed). */
    public int patientCount(String unit) {
        return patientCounts.applyAsInt(unit);
    }

    /** Marks the unit's snapshot as changed, so screens get it pushed. */
    public void changed(String unit) {
        changed.add(unit);
    }
}
