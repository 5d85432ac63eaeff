package org.vigil.server.timeseries;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.influxdb.dto.Point;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.events.Shift;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.alerts.AlertState;
import org.vigil.server.alerts.Severity;
import org.vigil.server.engine.EngineState;
import org.vigil.server.org.Unit;
import org.vigil.server.org.Ward;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Turns journal records into points, with a private {@link EngineState} fed the same records as the engine's, so
 * the points are a pure function of the journal: re-deriving them after a crash gives the same series and the
 * same timestamps, and InfluxDB overwrites rather than duplicates. Every timestamp is event time (the engine
 * clock), never the wall clock. Writer thread only.
 *
 * <p>Timestamps are milliseconds; two kinds of point add a sub-millisecond offset so that distinct facts at the
 * same millisecond do not overwrite each other: alert transitions (offset = the alert's sequence number) and
 * care-home submissions (offset = the record's journal sequence). Both offsets are deterministic.
 */
final class PointMapper {
    private static final long MINUTE = 60_000L;
    private static final long MAX_GAP_MINUTES = 60;
    /** The highest NEWS2 total (RCP 2017): six parameters scored 0–3 plus supplemental oxygen 2. */
    private static final int MAX_NEWS2 = 20;
    private static final AlertKind[] KINDS = AlertKind.values();

    private final EngineState state;
    /** Active alerts as last seen, by id, with the facts a transition is measured against. */
    private final Map<String, Seen> seen = new HashMap<>();
    /** Alerts seen resolved, kept while the book still holds them, so a reopening is told apart from a raise. */
    private final Map<String, Alert> resolved = new HashMap<>();

    private static final class Seen {
        final Alert alert;
        AlertState state;
        boolean escalated;

        Seen(Alert a) {
            this.alert = a;
            this.state = a.state();
            this.escalated = a.escalated();
        }
    }

    PointMapper(EngineState state) {
        this.state = state;
    }

    EngineState state() {
        return state;
    }

    /**
     * Applies one journal record to the private state and, when {@code out} is not null, adds the points it
     * yields. With {@code out == null} (start-up rebuild) the same bookkeeping runs and nothing is built.
     */
    void apply(Event e, long journalIndex, List<Point> out) {
        boolean started = state.clock().started();
        long before = state.clock().now();
        if (started && Math.floorDiv(e.time(), MINUTE) > Math.floorDiv(before, MINUTE)) {
            // The state held since the last record, at each minute boundary crossed: a point per unit per minute,
            // so charts have no gaps. After a quiet spell longer than an hour, only the first hour and the last
            // boundary are written (state did not change in between; a day's idle must not cost 24k points).
            long first = Math.floorDiv(before, MINUTE) + 1;
            long last = Math.floorDiv(e.time(), MINUTE);
            if (out != null) {
                for (long m = first; m <= last; m++) {
                    if (m - first >= MAX_GAP_MINUTES && m != last) {
                        m = last;
                    }
                    for (Unit u : state.organisation().units()) {
                        unitPoints(u, m * MINUTE, out);
                    }
                }
            }
            forgetExpired();
        }
        state.apply(e);
        long now = state.clock().now();
        Set<String> changed = new TreeSet<>(state.drainChanged());
        for (String unit : changed) {
            if (out != null) {
                unitPoints(state.organisation().unit(unit), now, out);
            }
            alertTransitions(unit, now, out);
        }
        if (out == null) {
            return;
        }
        if (e.type() == EventType.STAFFING) {
            staffing(e, out);
        } else if (e.type() == EventType.RESTORE2) {
            submission(e, journalIndex, out);
        }
    }

    /** The unit's numeric snapshot fields (whatever the registered rules put there) and its NEWS2 distribution. */
    private void unitPoints(Unit u, long at, List<Point> out) {
        JsonObject snap = state.snapshot(u.id());
        boolean ward = u instanceof Ward;
        Point.Builder p = InfluxSchema.unitPoint(ward ? InfluxSchema.WARD_STATE : InfluxSchema.CARE_HOME_STATE, u)
                .time(at, TimeUnit.MILLISECONDS);
        numericFields("", snap, p);
        alertCounts(snap.getJsonArray("alerts"), p);
        out.add(p.build());
        JsonObject dist = snap.getJsonObject("news2Distribution");
        if (dist != null && !dist.isEmpty()) {
            Point.Builder d = InfluxSchema.unitPoint(InfluxSchema.NEWS2_DISTRIBUTION, u).time(at, TimeUnit.MILLISECONDS);
            // Every total 0–20, zeros included: a panel sums fields, and a missing field is not a zero to it.
            for (int score = 0; score <= MAX_NEWS2; score++) {
                Object n = dist.getValue(Integer.toString(score));
                d.addField("score_" + score, n instanceof Number num ? num.doubleValue() : 0.0);
            }
            out.add(d.build());
        }
    }

    /**
     * Every number in the snapshot, nested objects flattened with their key as prefix. All are written as floats
     * so a field never changes type (InfluxDB rejects a field that is an integer in one point, a float in the next).
     */
    private static void numericFields(String prefix, JsonObject o, Point.Builder p) {
        for (Map.Entry<String, Object> en : o) {
            String key = en.getKey();
            Object v = en.getValue();
            if (v instanceof Number n) {
                p.addField(prefix + InfluxSchema.fieldName(key), n.doubleValue());
            } else if (v instanceof JsonObject nested && !key.equals("news2Distribution") && !key.equals("lastEventAt")) {
                numericFields(prefix + InfluxSchema.fieldName(key) + "_", nested, p);
            }
        }
    }

    private static void alertCounts(JsonArray alerts, Point.Builder p) {
        int[] bySeverity = new int[Severity.values().length];
        int[] byKind = new int[KINDS.length];
        int unacknowledged = 0;
        int escalated = 0;
        int n = alerts == null ? 0 : alerts.size();
        for (int i = 0; i < n; i++) {
            JsonObject a = alerts.getJsonObject(i);
            bySeverity[Severity.valueOf(a.getString("severity")).ordinal()]++;
            byKind[AlertKind.valueOf(a.getString("kind")).ordinal()]++;
            String st = a.getString("state");
            unacknowledged += st.equals("RAISED") || st.equals("ESCALATED") ? 1 : 0;
            escalated += Boolean.TRUE.equals(a.getBoolean("escalated")) ? 1 : 0;
        }
        p.addField("alerts_active", (double) n)
                .addField("alerts_unacknowledged", (double) unacknowledged)
                .addField("alerts_escalated", (double) escalated);
        for (Severity s : Severity.values()) {
            p.addField("alerts_active_" + s.name().toLowerCase(), (double) bySeverity[s.ordinal()]);
        }
        for (AlertKind k : KINDS) {
            p.addField("alerts_active_" + k.name().toLowerCase(), (double) byKind[k.ordinal()]);
        }
    }

    /** Diffs the unit's active alerts against what was seen last time: each difference is one transition. */
    private void alertTransitions(String unit, long now, List<Point> out) {
        Map<String, Alert> active = new LinkedHashMap<>();
        for (Alert a : state.alerts().active(unit)) {
            active.put(a.id(), a);
        }
        for (Alert a : active.values()) {
            Seen s = seen.get(a.id());
            if (s == null) {
                boolean reopened = resolved.remove(a.id()) != null;
                if (reopened) {
                    transition(a, "reopened", now, out);
                } else {
                    transition(a, "raised", a.raisedAt(), out);
                }
                s = new Seen(a);
                seen.put(a.id(), s);
                if (a.escalated() && !reopened) {
                    transition(a, "escalated", a.escalatedAt(), out);
                }
                if (a.state() == AlertState.ACKNOWLEDGED && !reopened) {
                    transition(a, "acknowledged", a.acknowledgedAt(), out);
                }
                continue;
            }
            if (!s.escalated && a.escalated()) {
                transition(a, "escalated", a.escalatedAt(), out);
            }
            if (s.state != AlertState.ACKNOWLEDGED && a.state() == AlertState.ACKNOWLEDGED) {
                transition(a, "acknowledged", a.acknowledgedAt(), out);
            }
            s.state = a.state();
            s.escalated = a.escalated();
        }
        // Seen active on this unit before, not active here now: resolved (or moved with the patient).
        for (Iterator<Seen> it = seen.values().iterator(); it.hasNext(); ) {
            Seen s = it.next();
            Alert a = s.alert;
            if (active.containsKey(a.id()) || a.state() != AlertState.RESOLVED) {
                continue;
            }
            transition(a, "resolved", a.resolvedAt(), out);
            it.remove();
            resolved.put(a.id(), a);
        }
    }

    private void transition(Alert a, String transition, long at, List<Point> out) {
        if (out == null) {
            return;
        }
        Unit u = state.organisation().unit(a.unit());
        Point.Builder p = InfluxSchema.unitPoint(InfluxSchema.ALERT_TRANSITION, u)
                .tag("kind", a.kind().name())
                .tag("severity", a.severity().name())
                .tag("transition", transition)
                .time(at * 1_000_000L + sequence(a.id()), TimeUnit.NANOSECONDS)
                .addField("count", 1.0);
        if (transition.equals("acknowledged")) {
            p.addField("time_to_acknowledge_s", (a.acknowledgedAt() - a.raisedAt()) / 1000.0);
        } else if (transition.equals("escalated")) {
            p.addField("time_to_escalate_s", (a.escalatedAt() - a.raisedAt()) / 1000.0);
        } else if (transition.equals("resolved")) {
            p.addField("duration_s", (a.resolvedAt() - a.raisedAt()) / 1000.0)
                    .addField("acknowledged", a.acknowledgedAt() != 0 ? 1.0 : 0.0);
        }
        out.add(p.build());
    }

    /** "AL-123" → 123, below a millisecond: the alert's own, deterministic tie-breaker. */
    private static long sequence(String alertId) {
        int dash = alertId.lastIndexOf('-');
        try {
            return Long.parseLong(alertId.substring(dash + 1)) % 1_000_000L;
        } catch (NumberFormatException e) {
            return Math.floorMod(alertId.hashCode(), 1_000_000);
        }
    }

    /** The book forgets resolved alerts after a day; so does the reopening check. */
    private void forgetExpired() {
        resolved.values().removeIf(a -> state.alerts().get(a.id()) != a);
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

    private void submission(Event e, long journalIndex, List<Point> out) {
        Payload.Restore2 r = (Payload.Restore2) e.payload();
        JsonArray residents = state.careHomes().residents(e.unit());
        JsonObject mine = null;
        for (int i = 0; residents != null && i < residents.size(); i++) {
            JsonObject j = residents.getJsonObject(i);
            if (r.resident().equals(j.getString("resident"))) {
                mine = j;
            }
        }
        if (mine == null) {
            return;
        }
        Point.Builder p = InfluxSchema.unitPoint(InfluxSchema.CARE_HOME_SUBMISSION, state.organisation().unit(e.unit()))
                .tag("level", mine.getString("level"))
                .time(e.time() * 1_000_000L + Math.floorMod(journalIndex, 1_000_000L), TimeUnit.NANOSECONDS)
                .addField("count", 1.0)
                .addField("soft_signs", (double) r.softSigns().size())
                .addField("baseline", r.baseline() ? 1.0 : 0.0);
        Integer news2 = mine.getInteger("news2");
        if (news2 != null) {
            p.addField("news2", news2.doubleValue());
        }
        out.add(p.build());
    }
}
