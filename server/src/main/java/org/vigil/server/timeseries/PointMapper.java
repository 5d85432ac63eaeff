package org.vigil.server.timeseries;

import org.influxdb.dto.Point;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.events.Shift;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.Unit;
import org.vigil.organisation.Ward;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertTransition;
import org.vigil.server.carehomes.CareHomeResidents;
import org.vigil.server.deterioration.DeteriorationSummary;
import org.vigil.server.engine.UnitSnapshot;
import org.vigil.server.rules.EngineState;
import org.vigil.server.spc.BoardMetric;
import org.vigil.server.spc.BoardSeries;
import org.vigil.server.spc.BoardUnit;
import org.vigil.server.spc.DailyValues;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;

/**
 * Turns journal records into points, with a private {@link EngineState} (built from the rule registry) fed the same
 * records as the engine's, so the points are a pure function of the journal: every timestamp is event time (the
 * engine clock), never the wall clock, and a point written twice is written alike, which InfluxDB overwrites rather
 * than duplicates. The fields come from the typed snapshot through {@link InfluxSchema}. Writer thread only.
 *
 * <p><b>Unit state is written when it changes, coalesced.</b> A unit that changed is written once per minute of
 * event time — when the next record crosses into a later minute, and at the end of each batch the writer
 * delivers — timestamped at its last change: the state it held from then on. A unit is not written while it does
 * not change, except once an hour (on the hour, the state it held then) so that a panel over any window of an
 * hour or more has a value to start from ({@code fill(previous)}). Whatever the batches, a point at time T is the
 * unit's state after its last change at T, so a re-derivation after a crash writes the same values again.
 *
 * <p>Timestamps are milliseconds; two kinds of point add a sub-millisecond offset so that distinct facts at the
 * same millisecond do not overwrite each other: alert transitions (offset = the record that made them and their
 * order among its transitions) and care-home submissions (offset = the record), a record being named by its journal
 * index, or in cluster mode its offset in the cluster's log ({@link #keyRecordsBy}). Both offsets are deterministic,
 * so a re-derivation after a crash writes the same points again.
 */
final class PointMapper {
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;

    private final EngineState state;
    /** Units changed and not yet written, by id (sorted: points in a stable order), with their last change. */
    private final TreeMap<String, Long> changed = new TreeMap<>();
    /** Where the points of the record being applied go (null: a start-up rebuild, which writes nothing). */
    private List<Point> sink;
    /**
     * The journal index of the record being applied, its name below the millisecond once asked for (-1 until then:
     * in cluster mode naming it reads the journal), and how many alert transitions it has made so far.
     */
    private long recordIndex;
    private long recordName;
    private int transitions;
    /**
     * What names a record below the millisecond: its journal index on a single node; in cluster mode its offset in
     * the cluster's log ({@link #keyRecordsBy}), the same on every node, so a node taking over writes the points of
     * the batch in flight again onto the very same points.
     */
    private LongUnaryOperator recordKey = LongUnaryOperator.identity();

    /** Every unit, then every trust, place and the system: the board's series written to board_daily. */
    private final List<BoardUnit> boardUnits = new ArrayList<>();

    PointMapper(EngineState state) {
        this.state = state;
        // One point per transition, as the book records it: a diff of active alerts between records would miss an
        // alert raised and resolved within one record, every rung after the first, and answers by acceptance.
        state.alerts().onTransition((a, t) -> transition(a, t, sink));
        state.onClockPassing(this::hours);
        Organisation org = state.organisation();
        for (Unit u : org.units()) {
            boardUnits.add(BoardUnit.resolve(org, u.id()));
        }
        for (String trust : new TreeSet<>(org.trustNames().keySet())) {
            boardUnits.add(BoardUnit.resolve(org, "trust:" + trust));
        }
        for (String place : new TreeSet<>(org.placeNames().keySet())) {
            boardUnits.add(BoardUnit.resolve(org, "place:" + place));
        }
        boardUnits.add(BoardUnit.resolve(org, "system"));
    }

    EngineState state() {
        return state;
    }

    /** Cluster mode: records are named by their offset in the cluster's log, which every node shares. */
    void keyRecordsBy(LongUnaryOperator key) {
        recordKey = key;
    }

    /**
     * Applies one journal record to the private state and, when {@code out} is not null, adds the points it
     * yields. With {@code out == null} (start-up rebuild) the same bookkeeping runs and nothing is built: what
     * changed then was written before.
     */
    void apply(Event e, long journalIndex, List<Point> out) {
        if (!e.type().changesState()) {
            return; // the audit trail's time is the wall clock: it must not end a minute of event time
        }
        boolean started = state.clock().started();
        long before = state.clock().now();
        if (started && Math.floorDiv(e.time(), MINUTE) > Math.floorDiv(before, MINUTE) && out != null) {
            // The minute ended: what changed in it, before this record moves on (the hours it passes are written
            // as the clock passes them, by hours()).
            flush(out);
        }
        sink = out;
        recordIndex = journalIndex;
        recordName = -1;
        transitions = 0;
        try {
            state.apply(e);
        } finally {
            sink = null;
        }
        if (out == null) {
            boardChanges(); // written before: a rebuild does not write closed days again
        }
        long now = state.clock().now();
        for (String unit : state.drainChanged()) {
            if (out != null) {
                changed.put(unit, now);
            }
        }
        if (out == null) {
            return;
        }
        if (e.type() == EventType.STAFFING) {
            staffing(e, out);
        } else if (e.type() == EventType.RESTORE2) {
            submission(e, out);
        }
    }

    /**
     * Writes every unit changed and not yet written, at its last change (the end of a batch or of a minute), and
     * the board's whole days that changed (or closed) since the last flush.
     */
    void flush(List<Point> out) {
        for (Map.Entry<String, Long> c : changed.entrySet()) {
            unitPoints(state.organisation().unit(c.getKey()), c.getValue(), out);
        }
        changed.clear();
        boardDays(out);
    }

    /** Per unit, the earliest whole day whose board figures changed since last asked (none: absent). */
    private Map<String, LocalDate> boardChanges() {
        Map<String, LocalDate> from = new HashMap<>();
        if (!state.clock().started()) {
            return from;
        }
        BoardSeries board = state.board();
        for (Unit u : state.organisation().units()) {
            LocalDate d = board.changedSince(u.id(), state.today(u.id()));
            if (d != null) {
                from.put(u.id(), d);
            }
        }
        return from;
    }

    /** Every unit's and roll-up's values on the whole days that changed, one board_daily point each. */
    private void boardDays(List<Point> out) {
        Map<String, LocalDate> from = boardChanges();
        if (from.isEmpty()) {
            return;
        }
        BoardSeries board = state.board();
        for (BoardUnit target : boardUnits) {
            LocalDate first = null;
            for (Unit u : target.members()) {
                LocalDate d = from.get(u.id());
                if (d != null && (first == null || d.isBefore(first))) {
                    first = d;
                }
            }
            if (first == null) {
                continue;
            }
            LocalDate today = board.today(target);
            ZoneId zone = target.rollUp() ? state.organisation().zone() : target.members().get(0).zone();
            for (BoardMetric m : target.metrics()) {
                DailyValues v = board.daily(target, m, first, today.minusDays(1));
                for (int i = 0; i < v.dates().size(); i++) {
                    out.add(InfluxSchema.boardDay(target, zone, m, v.dates().get(i), v.values().get(i)));
                }
            }
        }
    }

    /**
     * Every unit on each hour the clock passes over (after an idle spell, its first hour and its last), with the
     * state that holds there: the deadlines due by the hour fired, none after. It was the state before the record
     * that crossed the hour, so the point at local midnight (or at a shift start, both on the hour) held the state
     * before that turn, yesterday's "today" counts stamped on the new day (found by an independent check).
     */
    private void hours(long from, long to) {
        if (sink == null) {
            return; // a start-up rebuild: written before
        }
        long firstHour = Math.floorDiv(from - 1, HOUR) + 1; // the first hour at or after from
        long lastHour = Math.floorDiv(to - 1, HOUR); // the last hour before to
        if (lastHour >= firstHour) {
            everyUnit(firstHour * HOUR, sink);
            if (lastHour > firstHour) {
                everyUnit(lastHour * HOUR, sink);
            }
        }
    }

    private void everyUnit(long at, List<Point> out) {
        for (Unit u : state.organisation().units()) {
            unitPoints(u, at, out);
        }
    }

    /**
     * The unit's state point (every field with a value now) and its NEWS2 distribution, zeros included when nobody
     * has a score now: written only while someone had one, the panel's "now" kept a patient discharged since as
     * still at their last score (found by an independent check).
     */
    private void unitPoints(Unit u, long at, List<Point> out) {
        UnitSnapshot snap = UnitSnapshot.of(state, u.id(), 0);
        InfluxSchema.AlertCounts alerts = InfluxSchema.AlertCounts.of(snap.alerts());
        Point.Builder p = InfluxSchema.unitPoint(InfluxSchema.unitMeasurement(u), u).time(at, TimeUnit.MILLISECONDS);
        for (InfluxSchema.Field f : InfluxSchema.unitFields(u)) {
            double v = f.reader().read(snap, alerts);
            if (!Double.isNaN(v)) {
                p.addField(f.name(), v);
            }
        }
        out.add(p.build());
        DeteriorationSummary d = snap.deterioration();
        if (d != null) {
            Point.Builder dist = InfluxSchema.unitPoint(InfluxSchema.NEWS2_DISTRIBUTION, u).time(at, TimeUnit.MILLISECONDS);
            // Every total 0–20, zeros included: a panel sums fields, and a missing field is not a zero to it.
            for (int score = 0; score <= InfluxSchema.MAX_NEWS2; score++) {
                dist.addField(InfluxSchema.distributionField(score), (double) d.news2Distribution().get(score));
            }
            out.add(dist.build());
        }
    }

    /**
     * The point of one transition, at the instant it happened, tagged with the severity it had then. Raised,
     * reopened, escalated (every rung), worsened, acknowledged, accepted and resolved are written; re-notifications,
     * declines, pauses and undone acknowledgements are not (a ladder's repeats would flood a panel).
     */
    private void transition(Alert a, AlertTransition t, List<Point> out) {
        String transition = switch (t.type()) {
            case RAISED, REOPENED, ESCALATED, WORSENED, ACKNOWLEDGED, ACCEPTED, RESOLVED ->
                    t.type().name().toLowerCase(Locale.ROOT);
            default -> null;
        };
        if (out == null || transition == null) {
            return;
        }
        Unit u = state.organisation().unit(a.unit());
        Point.Builder p = InfluxSchema.unitPoint(InfluxSchema.ALERT_TRANSITION, u)
                .tag("kind", a.kind().name())
                .tag("severity", (t.severity() != null ? t.severity() : a.severity()).name())
                .tag("transition", transition)
                .time(t.at() * 1_000_000L + transitionOffset(), TimeUnit.NANOSECONDS)
                .addField("count", 1.0);
        double sinceRaised = (t.at() - a.raisedAt()) / 1000.0;
        switch (t.type()) {
            case ACKNOWLEDGED -> p.addField("time_to_acknowledge_s", sinceRaised);
            case ACCEPTED -> p.addField("time_to_accept_s", sinceRaised);
            case ESCALATED -> p.addField("time_to_escalate_s", sinceRaised);
            case RESOLVED -> p.addField("duration_s", sinceRaised).addField("acknowledged", a.history().stream()
                    .anyMatch(h -> h.type() == AlertTransition.Type.ACKNOWLEDGED
                            || h.type() == AlertTransition.Type.ACCEPTED) ? 1.0 : 0.0);
            default -> { }
        }
        out.add(p.build());
    }

    /**
     * Below a millisecond, so that two transitions at one millisecond do not overwrite each other: the record that
     * made them (its journal index, modulo 1,000) and their order among its transitions. Transitions at one
     * millisecond come from one record, or from records at that same instant of event time, so two share an
     * offset only with a thousand records between them at one millisecond, or a thousand transitions apart in one
     * record. It was the alert's number, which repeated every 15,625 alerts: a discharge resolving a long stay's
     * old and new alerts of one kind overwrote one with the other (found by an independent check).
     */
    private long transitionOffset() {
        return Math.floorMod(recordName(), 1_000L) * 1_000L + transitions++ % 1_000;
    }

    /** The record being applied, named below the millisecond ({@link #recordKey}): once a record, however many points. */
    private long recordName() {
        if (recordName < 0) {
            recordName = recordKey.applyAsLong(recordIndex);
        }
        return recordName;
    }

    private void staffing(Event e, List<Point> out) {
        if (!(state.organisation().unit(e.unit()) instanceof Ward w)) {
            return;
        }
        Payload.Staffing s = (Payload.Staffing) e.payload();
        long shiftStart = LocalDate.parse(s.date())
                .atTime(s.shift() == Shift.DAY ? w.dayStart() : w.nightStart())
                .atZone(w.zone()).toInstant().toEpochMilli();
        Point.Builder p = InfluxSchema.unitPoint(InfluxSchema.STAFFING_SHIFT, w)
                .tag("shift", s.shift().name())
                .time(shiftStart, TimeUnit.MILLISECONDS)
                .addField("registered_planned", (double) s.registeredPlanned())
                .addField("registered_actual", (double) s.registeredActual())
                .addField("unregistered_planned", (double) s.unregisteredPlanned())
                .addField("unregistered_actual", (double) s.unregisteredActual());
        if (s.registeredPlanned() > 0) {
            p.addField("registered_fill_percent", 100.0 * s.registeredActual() / s.registeredPlanned());
        }
        if (s.unregisteredPlanned() > 0) {
            p.addField("unregistered_fill_percent", 100.0 * s.unregisteredActual() / s.unregisteredPlanned());
        }
        out.add(p.build());
    }

    private void submission(Event e, List<Point> out) {
        Payload.Restore2 r = (Payload.Restore2) e.payload();
        // The submission as scored on its own, not the resident's current state: a late one (a tablet's offline
        // outbox) was written with the newer submission's level and NEWS2 (found by an independent check).
        CareHomeResidents.Submission mine = state.careHomes().submission(e);
        if (mine == null) {
            return; // ignored: from a stay that has closed
        }
        Point.Builder p = InfluxSchema.unitPoint(InfluxSchema.CARE_HOME_SUBMISSION, state.organisation().unit(e.unit()))
                .tag("level", mine.level().name())
                .time(e.time() * 1_000_000L + Math.floorMod(recordName(), 1_000_000L), TimeUnit.NANOSECONDS)
                .addField("count", 1.0)
                .addField("soft_signs", (double) r.softSigns().size())
                .addField("baseline", r.baseline() ? 1.0 : 0.0);
        if (mine.news2() != null) {
            p.addField("news2", mine.news2().doubleValue());
        }
        out.add(p.build());
    }
}
