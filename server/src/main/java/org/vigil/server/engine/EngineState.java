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
import org.vigil.server.flags.Concerns;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * All rolling state, and the one code path that changes it: {@link #apply(Event)}, used alike by live ingest and
 * by start-up replay, so state is a pure function of the journal. Engine thread only; no locks.
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
    private final CareHomeResidents careHomes;
    private final News2History news2History = new News2History();
    private boolean midnightScheduled;
    private long applied;
    private long failed;

    public EngineState(Organisation org) {
        this.org = org;
        for (Unit u : org.units()) {
            units.put(u.id(), new UnitState(u));
        }
        this.movements = new Movements(id -> units.get(id).census(), id -> units.get(id).unit().zone(), this);
        this.alerts = new AlertBook(deadlines, org.policies().escalation(), id -> org.unit(id).zone(), changed::add);
        this.ctx = new RuleContext(org, clock, deadlines, alerts, changed, id -> units.get(id).census().count());
        ctx.census(movements);
        SafeStaffing staffing = new SafeStaffing(ctx);
        register(staffing, EventType.STAFFING);
        register(new Deterioration(ctx, staffing), EventType.OBSERVATION);
        register(news2History, EventType.OBSERVATION);
        register(new Medicines(ctx, staffing), EventType.DOSE_SCHEDULED, EventType.DOSE_OUTCOME);
        register(new Assessments(ctx), EventType.ASSESSMENT);
        this.careHomes = new CareHomeResidents(ctx);
        register(careHomes, EventType.RESTORE2);
        register(new PatientFlags(ctx), EventType.FLAG);
        register(new Concerns(ctx), EventType.CONCERN);
        register(new ReliabilityPulse(ctx), EventType.PULSE);
    }

    /** Adds a rule, routed the given event types, in a fixed order (replay applies rules in the same order). */
    private void register(Feature f, EventType... types) {
        features.add(f);
        for (EventType t : types) {
            routes.computeIfAbsent(t, k -> new ArrayList<>()).add(f);
        }
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
            applied++;
        } catch (RuntimeException ex) {
            // A rule fault must not stop the ward's surveillance nor start-up replay; it is logged and counted.
            failed++;
            LOG.error("rule failure applying {} {} to {}", e.type().wireName(), e.id(), e.unit(), ex);
        }
    }

    private void advanceClock(long time) {
        if (clock.advanceTo(time)) {
            if (!midnightScheduled) {
                midnightScheduled = true;
                scheduleMidnight();
            }
            deadlines.fireUpTo(clock.now());
        }
    }

    private void route(Event e) {
        if (e.type() == EventType.TICK) {
            return;
        }
        if (e.type() == EventType.ALERT_ACK) {
            Payload.AlertAck ack = (Payload.AlertAck) e.payload();
            alerts.acknowledge(ack.alertId(), ack.by(), ack.note(), e.time());
            return;
        }
        UnitState unit = units.get(e.unit());
        unit.received(e.type(), e.time());
        switch (e.type()) {
            case ADMISSION, TRANSFER, DISCHARGE -> {
                if (movements.apply(e)) {
                    changed.add(e.unit());
                }
            }
            default -> {
                changed.add(e.unit());
                List<Feature> fs = routes.get(e.type());
                if (fs != null) {
                    for (Feature f : fs) {
                        f.apply(e);
                    }
                }
            }
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
            f.admitted(p, at);
        }
    }

    @Override
    public void transferred(Patient p, String fromUnit, long at) {
        alerts.movePatient(p.id(), fromUnit, p.unit(), p.bed());
        for (Feature f : features) {
            f.transferred(p, fromUnit, at);
        }
        changed.add(fromUnit);
    }

    @Override
    public void discharged(Patient p, String unit, long at) {
        for (Feature f : features) {
            f.discharged(p, unit, at);
        }
        alerts.resolvePatient(p.id(), unit, at, "discharged");
    }

    public AlertBook alerts() {
        return alerts;
    }

    public CareHomeResidents careHomes() {
        return careHomes;
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
            f.snapshot(unitId, today, out);
        }
        JsonArray active = new JsonArray();
        for (Alert a : alerts.active(unitId)) {
            active.add(a.toJson());
        }
        out.put("alerts", active);
        alerts.burdenSnapshot(unitId, today, u.census().count(), out);
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

    public long failed() {
        return failed;
    }

    public int knownIds() {
        return seen.size();
    }
}
