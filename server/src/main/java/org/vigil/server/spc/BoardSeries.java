package org.vigil.server.spc;

import org.vigil.events.EventParser;
import org.vigil.organisation.Unit;
import org.vigil.server.kernel.Deadlines;
import org.vigil.server.kernel.EngineClock;
import org.vigil.server.kernel.Feature;
import org.vigil.server.kernel.RuleContext;
import org.vigil.server.kernel.SnapshotIn;
import org.vigil.server.kernel.SnapshotOut;
import org.vigil.server.kernel.SnapshotSlice;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * The board's daily series ({@link BoardMetric}): for every ward and care home, each metric's count and basis on
 * each local day, for the last {@code policies.spc.retentionDays} days (today included), in primitive arrays used as
 * rings — a fixed 16 bytes per unit, metric and day, whatever happens. The rules report what they count as it
 * happens ({@link #add}, {@link #distinct}), on the local day the fact belongs to (a dose's due day, a shift's roster
 * date, a set's own day even when it arrives late), so a day already over is still corrected by a late record; the
 * daily census ({@code policies.spc.censusTime}, 23:59 by default) is a deadline of its own. Roll-ups (a trust, a
 * place, the system) are never stored: they are their units' sums, added up when read.
 *
 * <p>A day <b>closes</b> when the engine clock passes the unit's local midnight: from then it is a whole day, a point
 * of the charts; today's value so far is given apart. Nothing here reads the system clock: replaying the journal
 * rebuilds every array exactly. Engine thread only (or the one thread of a journal follower owning its state).
 */
public final class BoardSeries implements Feature, Deadlines.Owner, SnapshotSlice {
    /**
     * How many days back a "distinct" fact (a patient scoring NEWS2 ≥ 5, a resident escalated) is still told apart
     * from one already counted: later than a week, a late set is not counted (the person cannot be checked).
     */
    static final int DISTINCT_DAYS = 7;
    /**
     * How many days after a unit's today a fact may be dated and still be counted: as far as ingest lets a schedule
     * or roster lie after its event ({@link EventParser#MAX_AHEAD_DAYS}, six weeks). The ring holds the {@code days}
     * days up to its newest, so a fact dated ahead pushes the oldest days out: a mistyped year (a roster date or a
     * critical dose two years ahead) had cleared every series of the unit and left its facts of today behind the
     * ring, ignored for a year. Ingest now refuses such a date; this still holds for a journal written before it did.
     */
    static final int AHEAD_DAYS = EventParser.MAX_AHEAD_DAYS;
    private static final int CENSUS = 0;
    private static final long NONE = Long.MAX_VALUE;
    /** How many metrics there are (values() copies its array at every call, and distinct() is on every observation). */
    private static final int METRICS = BoardMetric.values().length;

    private final RuleContext ctx;
    private final BoardSettings settings;
    private final Deadlines.Timers timers;
    private final int days;
    private final ToIntFunction<String> patients;
    private final ToIntFunction<String> outstandingAssessments;
    private final Map<String, UnitDays> units = new LinkedHashMap<>();

    /**
     * @param patients               patients on a unit now (the census)
     * @param outstandingAssessments patients on a unit now with an admission risk assessment past its due time
     */
    public BoardSeries(RuleContext ctx, ToIntFunction<String> patients, ToIntFunction<String> outstandingAssessments) {
        this.ctx = ctx;
        this.settings = BoardSettings.of(ctx.policies().spc());
        this.timers = ctx.timers(this, name());
        this.days = settings.retentionDays();
        this.patients = patients;
        this.outstandingAssessments = outstandingAssessments;
        for (Unit u : ctx.units()) {
            units.put(u.id(), new UnitDays(u, days));
        }
    }

    /** One unit's days: a row per metric the unit keeps, {@code days} slots a row, slot = epoch day mod days. */
    private static final class UnitDays {
        final Unit unit;
        final int[] rowOf = new int[BoardMetric.values().length];
        final double[] count;
        final double[] basis;
        /** The latest day holding figures (epoch day); the ring holds it and the {@code days - 1} before it. */
        long newest = Long.MIN_VALUE;
        /** The earliest day changed since {@link #changedSince} was last asked (epoch day), or NONE. */
        long changedFrom = NONE;
        /** Per (day, metric): who has been counted, for the distinct metrics. */
        final Map<Long, Distinct> distinct = new HashMap<>();

        UnitDays(Unit unit, int days) {
            this.unit = unit;
            int rows = 0;
            for (BoardMetric m : BoardMetric.values()) {
                rowOf[m.ordinal()] = m.applies().to(unit) ? rows++ : -1;
            }
            this.count = new double[rows * days];
            this.basis = new double[rows * days];
        }
    }

    /** Who was counted on one day for one metric: everyone with the basis, and those counted. */
    private static final class Distinct {
        final Set<String> based = new HashSet<>();
        final Set<String> counted = new HashSet<>();
    }

    /** Not routed any event: the rules report to it. */
    @Override
    public void apply(org.vigil.events.Event e) {
    }

    /** From the clock's start, each unit's census is taken at the census time of every day. */
    @Override
    public void started(long now) {
        for (UnitDays u : units.values()) {
            scheduleCensus(u, ctx.day(u.unit.id(), now));
        }
    }

    /** The census of {@code day}, or of the next day when the clock starts past this one's census time. */
    private void scheduleCensus(UnitDays u, LocalDate day) {
        long at = censusAt(u, day);
        timers.schedule(at < ctx.now() ? censusAt(u, day.plusDays(1)) : at, CENSUS, u);
    }

    private long censusAt(UnitDays u, LocalDate day) {
        return day.atTime(settings.censusTime()).atZone(u.unit.zone()).toInstant().toEpochMilli();
    }

    /**
     * The census: patients on the unit (CHPPD's and bed-days' denominator) and those with an assessment
     * outstanding, as they stand at the census time — deadlines fire before any record timed after them, so this
     * is the state at that instant whenever the clock gets there.
     */
    @Override
    public void deadline(int kind, Object subject, long due, long now) {
        UnitDays u = (UnitDays) subject;
        String unit = u.unit.id();
        LocalDate day = ctx.day(unit, due);
        int census = patients.applyAsInt(unit);
        add(unit, BoardMetric.CHPPD, day, 0, census);
        add(unit, BoardMetric.ALERTS_PER_100_BED_DAYS, day, 0, census);
        add(unit, BoardMetric.PATIENTS_WITH_OUTSTANDING_ASSESSMENTS, day, outstandingAssessments.applyAsInt(unit), 1);
        add(unit, BoardMetric.MARTHAS_RULE_CONCERNS, day, 0, 1);
        // the next day's, even when the clock has already passed it (a catch-up fires each day's census in turn)
        timers.schedule(censusAt(u, day.plusDays(1)), CENSUS, u);
    }

    /**
     * Adds to the metric's count and basis on the unit's local {@code day} (negative to take back what a later
     * record corrects). Ignored for a unit that does not keep the metric, for a day older than the retention, and for
     * a day more than {@link #AHEAD_DAYS} after the unit's today.
     */
    public void add(String unit, BoardMetric metric, LocalDate day, double count, double basis) {
        UnitDays u = units.get(unit);
        if (u == null) {
            return;
        }
        int row = u.rowOf[metric.ordinal()];
        if (row < 0) {
            return;
        }
        long d = day.toEpochDay();
        if (d > today(u) + AHEAD_DAYS) {
            return;
        }
        if (d > u.newest) {
            advance(u, d);
        } else if (d <= u.newest - days) {
            return;
        }
        int i = row * days + (int) Math.floorMod(d, (long) days);
        u.count[i] += count;
        u.basis[i] += basis;
        u.changedFrom = Math.min(u.changedFrom, d);
    }

    /**
     * A person seen for a distinct metric on the unit's local {@code day}: they add one to the basis the first time
     * that day, and one to the count the first time with {@code counted}.
     */
    public void distinct(String unit, BoardMetric metric, LocalDate day, String person, boolean counted) {
        UnitDays u = units.get(unit);
        if (u == null || u.rowOf[metric.ordinal()] < 0) {
            return;
        }
        long d = day.toEpochDay();
        if (d <= today(u) - DISTINCT_DAYS) {
            return; // too late to tell whether they were counted that day
        }
        if (d > today(u) + AHEAD_DAYS) {
            return; // not counted by add() either
        }
        Distinct seen = u.distinct.computeIfAbsent(d * METRICS + metric.ordinal(),
                k -> new Distinct());
        boolean based = seen.based.add(person);
        boolean count = counted && seen.counted.add(person);
        if (based || count) {
            add(unit, metric, day, count ? 1 : 0, based ? 1 : 0);
        }
    }

    /** A later day begins on the unit: the slots it reuses are cleared, and distinct sets a week old dropped. */
    private void advance(UnitDays u, long day) {
        if (u.newest != Long.MIN_VALUE) {
            long from = Math.max(u.newest + 1, day - days + 1);
            int rows = u.count.length / days;
            for (long d = from; d <= day; d++) {
                int slot = (int) Math.floorMod(d, (long) days);
                for (int r = 0; r < rows; r++) {
                    u.count[r * days + slot] = 0;
                    u.basis[r * days + slot] = 0;
                }
            }
        }
        u.newest = day;
        // Who was counted is kept for a week before the clock's today, whatever later day a fact was dated (a rota
        // published a week ahead, a dose due next week): those must not push this week's days out.
        long horizon = Math.min(day, today(u)) - DISTINCT_DAYS;
        int metrics = METRICS;
        for (Iterator<Long> it = u.distinct.keySet().iterator(); it.hasNext(); ) {
            if (Math.floorDiv(it.next(), metrics) <= horizon) {
                it.remove();
            }
        }
    }

    /** The unit's local today on the engine clock (epoch day). */
    private long today(UnitDays u) {
        return ctx.day(u.unit.id(), ctx.now()).toEpochDay();
    }

    // ------------------------------------------------------------------ snapshots

    /** 2: the ring's length in days first, so a snapshot reads under another {@code spc.retentionDays} (1 read the same only). */
    @Override
    public int snapshotVersion() {
        return 2;
    }

    @Override
    public int oldestReadable() {
        return 1;
    }

    /**
     * The rings' length in days, then each unit: its newest day and the earliest day changed since the InfluxDB
     * writer last asked, the slots of both rings that hold a figure (most are zero on a young or quiet unit), and
     * who has been counted on each recent day for the distinct metrics.
     */
    @Override
    public void writeSnapshot(SnapshotOut out) {
        out.writeInt(days);
        out.writeCount(units.size());
        for (UnitDays u : units.values()) {
            out.writeString(u.unit.id());
            out.writeLong(u.newest);
            out.writeLong(u.changedFrom);
            int held = 0;
            for (int i = 0; i < u.count.length; i++) {
                held += u.count[i] != 0 || u.basis[i] != 0 ? 1 : 0;
            }
            out.writeCount(held);
            for (int i = 0; i < u.count.length; i++) {
                if (u.count[i] != 0 || u.basis[i] != 0) {
                    out.writeInt(i);
                    out.writeDouble(u.count[i]);
                    out.writeDouble(u.basis[i]);
                }
            }
            out.writeCount(u.distinct.size());
            for (Map.Entry<Long, Distinct> e : u.distinct.entrySet()) {
                out.writeLong(e.getKey());
                writePeople(e.getValue().based, out);
                writePeople(e.getValue().counted, out);
            }
        }
    }

    @Override
    public void readSnapshot(SnapshotIn in) {
        // Layout 1 was only ever read under the file it was written for (a snapshot of another file is read only in a
        // state layout that came with 2): its rings were this long.
        int written = in.version(name(), snapshotVersion()) >= 2 ? in.readInt() : days;
        if (written < 1) {
            throw new SnapshotIn.Corrupt("board series rings of " + written + " days");
        }
        int n = in.readCount();
        for (int k = 0; k < n; k++) {
            String id = in.readString();
            UnitDays u = units.get(id);
            if (u == null) {
                throw new SnapshotIn.Corrupt("board series of " + id + ", not a unit of the organisation");
            }
            u.newest = in.readLong();
            u.changedFrom = in.readLong();
            int held = in.readCount();
            int rows = u.count.length / days;
            for (int j = 0; j < held; j++) {
                int i = in.readInt();
                if (i < 0 || i >= rows * written) {
                    throw new SnapshotIn.Corrupt("board series of " + id + ": slot " + i + " outside its "
                            + rows * written + " (another set of metrics)");
                }
                double count = in.readDouble();
                double basis = in.readDouble();
                // The slot's day: the one of the written ring's days (up to its newest) that it holds. A ring made
                // shorter since keeps its latest days; one made longer keeps them all.
                long d = u.newest - Math.floorMod(u.newest - i % written, (long) written);
                if (d > u.newest - days) {
                    int at = i / written * days + (int) Math.floorMod(d, (long) days);
                    u.count[at] = count;
                    u.basis[at] = basis;
                }
            }
            int days = in.readCount();
            for (int j = 0; j < days; j++) {
                Distinct seen = new Distinct();
                u.distinct.put(in.readLong(), seen);
                readPeople(seen.based, in);
                readPeople(seen.counted, in);
            }
        }
    }

    private static void writePeople(Set<String> people, SnapshotOut out) {
        out.writeCount(people.size());
        for (String p : people) {
            out.writeString(p);
        }
    }

    private static void readPeople(Set<String> people, SnapshotIn in) {
        int n = in.readCount();
        for (int i = 0; i < n; i++) {
            people.add(in.readString());
        }
    }

    /** A census deadline is about a unit: its id. */
    @Override
    public void writeSubject(int kind, Object subject, SnapshotOut out) {
        out.writeString(((UnitDays) subject).unit.id());
    }

    @Override
    public Object readSubject(int kind, SnapshotIn in) {
        String id = in.readString();
        UnitDays u = units.get(id);
        if (u == null) {
            throw new SnapshotIn.Corrupt("a census deadline of " + id + ", not a unit of the organisation");
        }
        return u;
    }

    // ------------------------------------------------------------------ reading

    public BoardSettings settings() {
        return settings;
    }

    /** The unit's local date now; a roll-up's is the organisation's. Null before the clock has started. */
    public LocalDate today(BoardUnit of) {
        if (ctx.now() == Long.MIN_VALUE) {
            return null;
        }
        ZoneId zone = of.rollUp() ? ctx.organisation().zone() : of.members().get(0).zone();
        return EngineClock.localDate(ctx.now(), zone);
    }

    /**
     * The metric's values for a unit or roll-up on the whole days from {@code from} to {@code to} (clamped to the
     * retention and to yesterday), days without a value left out, and today's value so far.
     */
    public DailyValues daily(BoardUnit of, BoardMetric metric, LocalDate from, LocalDate to) {
        LocalDate today = today(of);
        List<LocalDate> dates = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        if (today == null) {
            return new DailyValues(metric, dates, values, null, null);
        }
        LocalDate first = max(from, today.minusDays(days - 1L));
        LocalDate last = min(to, today.minusDays(1));
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            Double v = value(of.members(), metric, d);
            if (v != null) {
                dates.add(d);
                values.add(v);
            }
        }
        return new DailyValues(metric, dates, values, today, value(of.members(), metric, today));
    }

    /** The metric's value on one local day: the members' counts and bases added up; null without a basis. */
    public Double value(List<Unit> members, BoardMetric metric, LocalDate day) {
        long d = day.toEpochDay();
        int slot = (int) Math.floorMod(d, (long) days);
        double count = 0;
        double basis = 0;
        for (Unit member : members) {
            UnitDays u = units.get(member.id());
            int row = u == null ? -1 : u.rowOf[metric.ordinal()];
            if (row < 0 || d > u.newest || d <= u.newest - days) {
                continue;
            }
            BoardMetric gate = metric.gate();
            if (gate != null && !(u.basis[u.rowOf[gate.ordinal()] * days + slot] > 0)) {
                continue;
            }
            count += u.count[row * days + slot];
            basis += u.basis[row * days + slot];
        }
        return metric.value(count, basis);
    }

    /** One unit's value on one day (the wall's CHPPD of yesterday reads it). */
    public Double value(String unit, BoardMetric metric, LocalDate day) {
        UnitDays u = units.get(unit);
        return u == null ? null : value(List.of(u.unit), metric, day);
    }

    /**
     * The earliest whole day of the unit whose figures changed since the last call, or null when none did (a day
     * that has just closed counts as changed): what the InfluxDB writer rewrites. Today stays pending until it
     * closes.
     */
    public LocalDate changedSince(String unit, LocalDate today) {
        UnitDays u = units.get(unit);
        long t = today.toEpochDay();
        if (u == null || u.changedFrom >= t) {
            return null;
        }
        LocalDate from = LocalDate.ofEpochDay(Math.max(u.changedFrom, t - days + 1));
        u.changedFrom = t;
        return from;
    }

    /** Bytes held by the arrays (for the benchmark): 16 a unit, metric and day. */
    public long arrayBytes() {
        long bytes = 0;
        for (UnitDays u : units.values()) {
            bytes += 8L * (u.count.length + u.basis.length);
        }
        return bytes;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
