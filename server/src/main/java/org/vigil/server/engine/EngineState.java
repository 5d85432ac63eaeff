package org.vigil.server.engine;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertBook;
import org.vigil.server.assessments.Assessments;
import org.vigil.server.census.Movements;
import org.vigil.server.census.Patient;
import org.vigil.server.deterioration.CareHomeResidents;
import org.vigil.server.deterioration.Deterioration;
import org.vigil.server.deterioration.News2History;
import org.vigil.server.deterioration.SepsisScreening;
import org.vigil.server.flags.Concerns;
import org.vigil.server.flags.MarthasRuleDailyAsk;
import org.vigil.server.flags.PatientFlags;
import org.vigil.server.flags.ReliabilityPulse;
import org.vigil.server.medicines.Medicines;
import org.vigil.server.org.Organisation;
import org.vigil.server.org.Unit;
import org.vigil.server.staffing.SafeStaffing;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * All rolling state, and the one code path that changes it: {@link #apply(Event)}, used alike by live ingest and
 * by start-up replay, so state is a pure function of the journal. Engine thread only; no locks.
 *
 * <p>A rule that throws is isolated and counted, never silent: each rule's handling of an event, of a census
 * movement, of a deadline it scheduled and of the snapshot is caught on its own, recorded in
 * {@link RuleFailures} under the rule's name (metrics, {@code /health} and the walls' banner read it), and the
 * other rules and the engine go on. Replay meets the same failure at the same record, so it stays deterministic.
 */
public final class EngineState implements Movements.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(EngineState.class);

    private final Organisation org;
    private final EngineClock clock = new EngineClock();
    private final DeadlineQueue deadlines = new DeadlineQueue();
    private final SeenIds seen = new SeenIds();
    private final Map<String, UnitState> units = new LinkedHashMap<>();
    private final Movements movements;
    private final Set<String> changed = new HashSet<>();
    private final AlertBook alerts;
    private final RuleContext ctx;
    private final List<Feature> features = new ArrayList<>();
    private final Map<EventType, List<Feature>> routes = new EnumMap<>(EventType.class);
    /** Top-level class name → rule name, to say whose deadline threw. */
    private final Map<String, String> ruleByClass = new HashMap<>();
    private final RuleFailures failures = new RuleFailures();
    private final CareHomeResidents careHomes;
    private final News2History news2History = new News2History();
    private boolean midnightScheduled;
    private long applied;

    public EngineState(Organisation org) {
        this.org = org;
        for (Unit u : org.units()) {
            units.put(u.id(), new UnitState(u));
        }
        this.movements = new Movements(id -> units.get(id).census(), id -> units.get(id).unit().zone(), this);
        this.alerts = new AlertBook(deadlines, org, changed::add);
        this.ctx = new RuleContext(org, clock, deadlines, alerts, changed, id -> units.get(id).census().count());
        ctx.census(movements);
        deadlines.onFailure((action, e, now) -> failed(ruleOf(action), "deadline", now, e));
        SafeStaffing staffing = new SafeStaffing(ctx);
        register(staffing, EventType.STAFFING);
        Deterioration deterioration = new Deterioration(ctx, staffing);
        register(deterioration, EventType.OBSERVATION);
        register(news2History, EventType.OBSERVATION);
        // after Deterioration on the same observation, so it reads the set Deterioration has just taken in
        register(new SepsisScreening(ctx, deterioration), EventType.OBSERVATION, EventType.SEPSIS_SCREEN);
        register(new Medicines(ctx, staffing), EventType.DOSE_SCHEDULED, EventType.DOSE_OUTCOME);
        register(new Assessments(ctx), EventType.ASSESSMENT);
        this.careHomes = new CareHomeResidents(ctx);
        register(careHomes, EventType.RESTORE2, EventType.RESIDENT_DISCHARGED);
        register(new PatientFlags(ctx), EventType.FLAG);
        Concerns concerns = new Concerns(ctx);
        register(concerns, EventType.CONCERN);
        register(new MarthasRuleDailyAsk(ctx, concerns), EventType.MARTHAS_RULE_ASK);
        register(new ReliabilityPulse(ctx), EventType.PULSE);
    }

    /**
     * Adds a rule of the site's own (or a test's), built on the rules' context and routed the given event types,
     * after the built-in ones. Only before the first record is applied, so replay and live run the same rules in
     * the same order.
     */
    public void addRule(Function<RuleContext, Feature> rule, EventType... types) {
        if (clock.started()) {
            throw new IllegalStateException("rules are added before the first record is applied");
        }
        register(rule.apply(ctx), types);
    }

    /** Adds a rule, routed the given event types, in a fixed order (replay applies rules in the same order). */
    private void register(Feature f, EventType... types) {
        String name = f.name();
        if (ruleByClass.containsValue(name)) {
            throw new IllegalArgumentException("two rules named " + name);
        }
        ruleByClass.put(f.getClass().getName().split("\\$", 2)[0], name);
        features.add(f);
        for (EventType t : types) {
            routes.computeIfAbsent(t, k -> new ArrayList<>()).add(f);
        }
    }

    /** The registered rules' names, in order. */
    public List<String> ruleNames() {
        List<String> names = new ArrayList<>(features.size());
        for (Feature f : features) {
            names.add(f.name());
        }
        return names;
    }

    /**
     * Whose deadline an action is: deadlines are lambdas or method references written in their rule's class, and
     * the JVM names such a class after the one it was written in ({@code Medicines$$Lambda…}).
     */
    private String ruleOf(Object action) {
        String top = action.getClass().getName().split("\\$", 2)[0];
        String rule = ruleByClass.get(top);
        return rule != null ? rule : top.substring(top.lastIndexOf('.') + 1);
    }

    /** Whether the id was already journaled (within retention). */
    public boolean seen(String id) {
        return seen.contains(id);
    }

    /**
     * Applies one journal record: the clock advances to its time (firing any deadlines it passes, before the
     * event itself, since they were due first), then the record goes to the slices that care.
     */
    public void apply(Event e) {
        if (e.id() != null) {
            seen.add(e.id());
        }
        advanceClock(e.time());
        try {
            route(e);
        } catch (RuntimeException ex) {
            // Outside any one rule (e.g. a journaled event for a unit since removed from the organisation file):
            // counted and shown like a rule's failure, and replay goes on.
            failed("EngineState", e.type().wireName(), e.time(), ex);
        }
        applied++;
    }

    private void advanceClock(long time) {
        if (clock.advanceTo(time)) {
            if (!midnightScheduled) {
                midnightScheduled = true;
                scheduleMidnight();
                for (Feature f : features) {
                    try {
                        f.started(clock.now());
                    } catch (RuntimeException ex) {
                        failed(f.name(), "start", clock.now(), ex);
                    }
                }
            }
            deadlines.fireUpTo(clock.now());
        }
    }

    private void route(Event e) {
        if (e.type() == EventType.TICK) {
            return;
        }
        if (e.payload() instanceof Payload.AlertCommand answer) {
            try {
                alerts.apply(answer, e.time());
            } catch (RuntimeException ex) {
                failed("AlertBook", e.type().wireName(), e.time(), ex);
            }
            return;
        }
        UnitState unit = units.get(e.unit());
        unit.received(e.type(), e.time());
        switch (e.type()) {
            case ADMISSION, TRANSFER, DISCHARGE -> moveInCensus(e);
            default -> {
                changed.add(e.unit());
                toRules(e);
                if (e.type() == EventType.RESIDENT_DISCHARGED) {
                    // The home has closed the resident: if the census has them there, they leave it too.
                    Payload.ResidentDischarged r = (Payload.ResidentDischarged) e.payload();
                    Patient p = movements.patient(r.resident());
                    if (p != null && p.unit().equals(e.unit())) {
                        moveInCensus(new Event(e.id(), EventType.DISCHARGE, e.time(), e.unit(),
                                new Payload.Movement(r.resident(), null, -1)));
                    }
                }
            }
        }
    }

    private void toRules(Event e) {
        List<Feature> fs = routes.get(e.type());
        if (fs != null) {
            for (Feature f : fs) {
                try {
                    f.apply(e);
                } catch (RuntimeException ex) {
                    failed(f.name(), e.type().wireName(), e.time(), ex);
                }
            }
        }
    }

    private void moveInCensus(Event e) {
        try {
            if (movements.apply(e)) {
                changed.add(e.unit());
            }
        } catch (RuntimeException ex) {
            failed("Movements", e.type().wireName(), e.time(), ex);
        }
    }

    /**
     * Counts and logs a rule's failure. The first failure of a rule changes every unit's snapshot (the walls'
     * banner); later ones are logged at 1, 2, 4, 8… so a rule failing on every event cannot flood the log.
     */
    private void failed(String rule, String during, long at, RuntimeException ex) {
        boolean first = failures.record(rule, during, at);
        long n = failures.count(rule);
        if (Long.bitCount(n) == 1) {
            LOG.error("rule {} failed handling {} ({} failures so far); the other rules go on", rule, during, n, ex);
        }
        if (first) {
            changed.addAll(units.keySet());
        }
    }

    /** "Today" turns over at local midnight: a deadline there makes the walls refresh their daily counts. */
    private void scheduleMidnight() {
        ZonedDateTime next = java.time.Instant.ofEpochMilli(clock.now()).atZone(org.zone())
                .toLocalDate().plusDays(1).atStartOfDay(org.zone());
        deadlines.schedule(next.toInstant().toEpochMilli(), now -> {
            changed.addAll(units.keySet());
            scheduleMidnight();
        });
    }

    @Override
    public void admitted(Patient p, long at) {
        for (Feature f : features) {
            try {
                f.admitted(p, at);
            } catch (RuntimeException ex) {
                failed(f.name(), "admission", at, ex);
            }
        }
    }

    @Override
    public void transferred(Patient p, String fromUnit, long at) {
        alerts.movePatient(p.id(), fromUnit, p.unit(), p.bed(), at);
        for (Feature f : features) {
            try {
                f.transferred(p, fromUnit, at);
            } catch (RuntimeException ex) {
                failed(f.name(), "transfer", at, ex);
            }
        }
        changed.add(fromUnit);
    }

    @Override
    public void discharged(Patient p, String unit, long at) {
        for (Feature f : features) {
            try {
                f.discharged(p, unit, at);
            } catch (RuntimeException ex) {
                failed(f.name(), "discharge", at, ex);
            }
        }
        alerts.resolvePatient(p.id(), unit, at, "discharged");
    }

    @Override
    public void ageChanged(Patient p, long at) {
        for (Feature f : features) {
            try {
                f.ageChanged(p, at);
            } catch (RuntimeException ex) {
                failed(f.name(), "age", at, ex);
            }
        }
    }

    public AlertBook alerts() {
        return alerts;
    }

    public CareHomeResidents careHomes() {
        return careHomes;
    }

    /** The rules that have failed; safe to read from any thread. */
    public RuleFailures ruleFailures() {
        return failures;
    }

    /** Each ward patient's scored NEWS2 sets of the current stay (the FHIR export). */
    public News2History news2History() {
        return news2History;
    }

    public long nextDeadline() {
        return deadlines.nextDue();
    }

    public EngineClock clock() {
        return clock;
    }

    public Organisation organisation() {
        return org;
    }

    public UnitState unit(String id) {
        return units.get(id);
    }

    /** Units whose state changed since the last call (for pushing to screens). */
    public Set<String> drainChanged() {
        if (changed.isEmpty()) {
            return Set.of();
        }
        Set<String> out = Set.copyOf(changed);
        changed.clear();
        return out;
    }

    public JsonObject snapshot(String unitId) {
        UnitState u = units.get(unitId);
        if (u == null) {
            return null;
        }
        JsonObject out = u.snapshot(org, clock);
        LocalDate today = clock.started() ? clock.today(u.unit().zone()) : LocalDate.MIN;
        for (Feature f : features) {
            try {
                f.snapshot(unitId, today, out);
            } catch (RuntimeException ex) {
                failed(f.name(), "snapshot", clock.now(), ex);
            }
        }
        JsonArray active = new JsonArray();
        for (Alert a : alerts.active(unitId)) {
            active.add(a.toJson());
        }
        out.put("alerts", active);
        alerts.burdenSnapshot(unitId, today, u.census().count(), out);
        // System-wide on purpose: a failed rule may have left any unit's figures wrong, so every wall says so.
        out.put("rulesFailing", new JsonArray(failures.failing()));
        return out;
    }

    /** Every unit the predicate admits, with its summary, in organisation-file order. */
    public JsonObject overview(Predicate<Unit> visible) {
        JsonArray list = new JsonArray();
        for (UnitState u : units.values()) {
            if (visible.test(u.unit())) {
                list.add(snapshot(u.unit().id()));
            }
        }
        return new JsonObject().put("system", org.systemId()).put("units", list);
    }

    public long applied() {
        return applied;
    }

    /** Rule failures since start-up, all rules together. */
    public long failed() {
        return failures.total();
    }

    public int knownIds() {
        return seen.size();
    }
}
