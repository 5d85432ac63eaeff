package org.vigil.server.rules;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.ShiftKey;
import org.vigil.organisation.Unit;
import org.vigil.organisation.Ward;
import org.vigil.server.alerts.AlertBook;
import org.vigil.server.assessments.Assessments;
import org.vigil.server.carehomes.CareHomeResidents;
import org.vigil.server.census.CensusListener;
import org.vigil.server.census.Movements;
import org.vigil.server.census.Patient;
import org.vigil.server.deterioration.Deterioration;
import org.vigil.server.deterioration.News2History;
import org.vigil.server.deterioration.SepsisScreening;
import org.vigil.server.flags.Concerns;
import org.vigil.server.flags.MarthasRuleDailyAsk;
import org.vigil.server.flags.PatientFlags;
import org.vigil.server.flags.ReliabilityPulse;
import org.vigil.server.kernel.Deadlines;
import org.vigil.server.kernel.EngineClock;
import org.vigil.server.kernel.Feature;
import org.vigil.server.kernel.RedactedFailure;
import org.vigil.server.kernel.RuleContext;
import org.vigil.server.kernel.RuleFailures;
import org.vigil.server.kernel.SeenIds;
import org.vigil.server.kernel.SnapshotIn;
import org.vigil.server.kernel.SnapshotOut;
import org.vigil.server.kernel.SnapshotSlice;
import org.vigil.server.medicines.Medicines;
import org.vigil.server.spc.BoardSeries;
import org.vigil.server.staffing.SafeStaffing;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * All rolling state, assembled from the rule registry, and the one code path that changes it: {@link #apply(Event)},
 * used alike by live ingest and by start-up replay, so state is a pure function of the journal. Vigil's own rules
 * are built here, in a fixed order, each given what it depends on (the census, the alert book, staffing's red
 * flags); a site's own rules ({@link Rules#add}) come after them. Engine thread only (or the one thread of a journal
 * follower that owns its own state); no locks.
 *
 * <p>A rule that throws is isolated and counted, never silent: each rule's handling of an event, of a census
 * movement, of a deadline it scheduled and of its summary is caught on its own, recorded in {@link RuleFailures}
 * under the rule's name (metrics, {@code /health} and the walls' banner read it), and the other rules and the engine
 * go on. Replay meets the same failure at the same record, so it stays deterministic.
 */
public final class EngineState implements CensusListener, Deadlines.Owner {
    private static final Logger LOG = LoggerFactory.getLogger(EngineState.class);

    private final Organisation org;
    private final EngineClock clock = new EngineClock();
    private final Deadlines deadlines = new Deadlines();
    private final Deadlines.Timers midnight;
    /** Null in a scratch state, which takes no events from senders and so needs no idempotency keys. */
    private final SeenIds seen;
    private final Map<String, UnitState> units = new LinkedHashMap<>();
    private final Movements movements;
    private final Set<String> changed = new HashSet<>();
    /** The unit last marked changed, already in {@link #changed}: rules mark the same unit many times an event. */
    private String lastChanged;
    private final AlertBook alerts;
    private final BoardSeries board;
    private final RuleContext ctx;
    private final List<Feature> features = new ArrayList<>();
    private final List<CensusListener> followers = new ArrayList<>();
    private final List<Feature> siteRules = new ArrayList<>();
    private final Map<EventType, List<Feature>> routes = new EnumMap<>(EventType.class);
    private final RuleFailures failures = new RuleFailures();
    private final SafeStaffing staffing;
    private final Deterioration deterioration;
    private final News2History news2History;
    private final SepsisScreening sepsis;
    private final Medicines medicines;
    private final Assessments assessments;
    private final CareHomeResidents careHomes;
    private final PatientFlags flags;
    private final Concerns concerns;
    private final MarthasRuleDailyAsk dailyAsk;
    private final ReliabilityPulse reliability;
    private boolean midnightScheduled;
    /** Told of each instant the clock leaves ({@link #onClockLeaving}); none on the engine's own state. */
    private LongConsumer leaving;
    /** Told of each stretch of time the clock passes over ({@link #onClockPassing}); none on the engine's own state. */
    private ClockPassing passing;
    private long applied;

    /** A state with Vigil's own rules only. */
    public EngineState(Organisation org) {
        this(org, List.of(), true);
    }

    /**
     * Vigil's rules, then the site's, routed as registered ({@link Rules}); {@code keepIds} false for a scratch state
     * of time travel, which answers questions about the past and never judges a sender's event a duplicate.
     */
    EngineState(Organisation org, List<Rules.SiteRule> site, boolean keepIds) {
        this.org = org;
        this.seen = keepIds ? new SeenIds() : null;
        for (Unit u : org.units()) {
            units.put(u.id(), new UnitState(u));
        }
        this.movements = new Movements(id -> units.get(id).census(), id -> units.get(id).unit().zone(), this);
        this.ctx = new RuleContext(org, clock, deadlines, this::changed);
        deadlines.onFailure((owner, e, now) -> failed(owner, "deadline", now, e));
        this.midnight = ctx.timers(this, "EngineState");
        // first of the rules, so its census at the census time fires before any rule's deadline due then; it reads
        // the assessments rule's state only when the census fires, long after both are built
        this.board = register(new BoardSeries(ctx, movements::count,
                this::outstandingAssessments));
        this.alerts = new AlertBook(ctx, board);
        this.staffing = register(new SafeStaffing(ctx, movements, alerts, board), EventType.STAFFING);
        this.deterioration = register(new Deterioration(ctx, movements, alerts, staffing, board),
                EventType.OBSERVATION);
        this.news2History = register(new News2History(), EventType.OBSERVATION);
        // after Deterioration on the same observation, so it reads the set Deterioration has just taken in
        this.sepsis = register(new SepsisScreening(ctx, movements, alerts, deterioration), EventType.OBSERVATION,
                EventType.SEPSIS_SCREEN);
        this.medicines = register(new Medicines(ctx, movements, alerts, staffing, board), EventType.DOSE_SCHEDULED,
                EventType.DOSE_OUTCOME);
        this.assessments = register(new Assessments(ctx, movements, alerts), EventType.ASSESSMENT);
        this.careHomes = register(new CareHomeResidents(ctx, movements, alerts, board), EventType.RESTORE2, EventType.RESIDENT_DISCHARGED);
        this.flags = register(new PatientFlags(ctx, movements), EventType.FLAG);
        this.concerns = register(new Concerns(ctx, movements, alerts, board), EventType.CONCERN);
        this.dailyAsk = register(new MarthasRuleDailyAsk(ctx, movements, concerns), EventType.MARTHAS_RULE_ASK);
        this.reliability = register(new ReliabilityPulse(ctx, board), EventType.PULSE);
        for (Rules.SiteRule rule : site) {
            siteRules.add(register(rule.factory().apply(ctx), rule.types()));
        }
    }

    /** Adds a rule, routed the given event types, in a fixed order (replay applies rules in the same order). */
    private <F extends Feature> F register(F f, EventType... types) {
        for (Feature other : features) {
            if (other.name().equals(f.name())) {
                throw new IllegalArgumentException("two rules named " + f.name());
            }
        }
        features.add(f);
        if (f instanceof CensusListener follower) {
            followers.add(follower);
        }
        for (EventType t : types) {
            routes.computeIfAbsent(t, k -> new ArrayList<>()).add(f);
        }
        return f;
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
     * Whether an event with this id was already journaled for this unit (within retention): a duplicate. Ids are
     * kept per unit, so a sender scoped to one unit can never, by reusing an id (a gateway's are predictable), make
     * another unit's event be dropped as its duplicate while its sender is told it was stored. A set restored from
     * a snapshot written before ids were kept per unit still holds bare ids until retention forgets them; they
     * count too, so a resend spanning that upgrade is still no second event.
     */
    public boolean seen(Event e) {
        return seen != null && (seen.contains(e.unit(), e.id()) || seen.contains(e.id()));
    }

    /**
     * Applies one journal record: the clock advances to its time (firing any deadlines it passes, before the
     * event itself, since they were due first), then the record goes to the slices that care. Records that change
     * no state ({@link EventType#changesState()}: the audit trail) are passed over.
     */
    public void apply(Event e) {
        apply(e, 0);
    }

    /**
     * {@link #apply(Event)} for a record of the journal's cycle {@code journalCycle} (its UTC day file): the record's
     * idempotency key is forgotten when retention deletes that cycle ({@link #forgetIdsBefore}).
     */
    public void apply(Event e, int journalCycle) {
        if (!e.type().changesState()) {
            return; // the audit trail: wall-clock time, no clinical content, so it neither moves the clock nor counts
        }
        if (e.id() != null && seen != null) {
            seen.add(e.unit(), e.id(), journalCycle);
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

    /**
     * Moves the clock to {@code time}, firing each deadline passed on the way with the clock standing at the
     * deadline's own instant, in due order: what it raises, escalates or counts happens at the time it fell due,
     * exactly as a wall clock ticking then would have had it, however long the gap to the next event or tick (on
     * event time, a quiet ward's next event may come hours later).
     */
    private void advanceClock(long time) {
        if (time <= clock.now()) {
            return;
        }
        if (!midnightScheduled) {
            clock.advanceTo(time);
            midnightScheduled = true;
            scheduleNextTurn();
            for (Feature f : features) {
                try {
                    f.started(clock.now());
                } catch (RuntimeException ex) {
                    failed(f.name(), "start", clock.now(), ex);
                }
            }
        }
        long due;
        while ((due = deadlines.earliestBy(time)) != Long.MAX_VALUE) {
            leave(due);
            clock.advanceTo(due); // never back: a deadline set in the past fires now
            deadlines.fireUpTo(clock.now());
        }
        leave(time);
        clock.advanceTo(time);
    }

    private void leave(long next) {
        if (next > clock.now()) {
            if (leaving != null) {
                leaving.accept(clock.now());
            }
            if (passing != null) {
                passing.passing(clock.now(), next);
            }
        }
    }

    /** A stretch of time the clock passes over, and the state that holds all through it ({@link #onClockPassing}). */
    @FunctionalInterface
    public interface ClockPassing {
        /** The state is, and stays until {@code to} (exclusive), what it was on leaving {@code from}. */
        void passing(long from, long to);
    }

    /**
     * The InfluxDB writer's hourly points: {@code listener} is told, just before the clock moves from {@code from}
     * to {@code to}, that the state — everything at {@code from} done, every deadline due by then fired — holds for
     * every instant in between. So a point on an hour in between is the state at that hour, and not the state
     * before a deadline due by then (midnight, a shift start) that the record moving the clock fires first. It must
     * only read the state.
     */
    public void onClockPassing(ClockPassing listener) {
        this.passing = listener;
    }

    /**
     * Time travel: {@code listener} is told of each instant just before the clock moves past it, when everything
     * of that instant has happened — every record applied while the clock stood there, every deadline due then —
     * and nothing later: the state as {@code ?at=} that instant shows it. It must only read the state.
     */
    public void onClockLeaving(LongConsumer listener) {
        this.leaving = listener;
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
        if (unit.received(e.type(), e.time())) {
            changed(e.unit()); // even by a movement the census ignores: the wall shows when each feed last delivered
        }
        switch (e.type()) {
            case ADMISSION, TRANSFER, DISCHARGE, PLACE_UPDATE -> moveInCensus(e);
            default -> {
                changed(e.unit());
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
                changed(e.unit());
                if (e.type() != EventType.DISCHARGE) {
                    alerts.followBeds(e.unit(), movements::bedOf); // a ward's beds, a care home's rooms
                }
            }
        } catch (RuntimeException ex) {
            failed("Movements", e.type().wireName(), e.time(), ex);
        }
    }

    /**
     * Counts and logs a rule's failure. The first failure of a rule changes every unit's snapshot (the walls'
     * banner); later ones are logged at 1, 2, 4, 8… so a rule failing on every event cannot flood the log. The log
     * has the rule, its input's kind, and the exception's class and stack, never its message, which
     * may quote the patient id the rule was handling ({@link RedactedFailure}).
     */
    private void failed(String rule, String during, long at, RuntimeException ex) {
        boolean first = failures.record(rule, during, at);
        long n = failures.count(rule);
        if (Long.bitCount(n) == 1) {
            LOG.error("rule {} failed handling {} ({} failures so far); the other rules go on", rule, during, n,
                    RedactedFailure.of(ex));
        }
        if (first) {
            changed.addAll(units.keySet());
        }
    }

    /**
     * The next turn of the screens' day: local midnight ("today" turns over, the daily counts restart) or the
     * start of any ward's next shift (its staffing tile names the current shift), whichever comes first. A deadline
     * there makes every unit's snapshot be built again, so a live wall shows the shift a time-travel answer for the
     * same instant shows, without waiting for the ward's next event.
     */
    private void scheduleNextTurn() {
        ZonedDateTime next = java.time.Instant.ofEpochMilli(clock.now()).atZone(org.zone())
                .toLocalDate().plusDays(1).atStartOfDay(org.zone());
        long turn = next.toInstant().toEpochMilli();
        for (Unit u : org.units()) {
            if (u instanceof Ward ward) {
                turn = Math.min(turn, ShiftKey.of(ward, clock.now()).end(ward));
            }
        }
        midnight.schedule(turn, 0, null);
    }

    /** The one deadline of the state itself: the next midnight or shift start ({@link #scheduleNextTurn}). */
    @Override
    public void deadline(int kind, Object subject, long due, long now) {
        changed.addAll(units.keySet());
        scheduleNextTurn();
    }

    @Override
    public void admitted(Patient p, long at) {
        tellFollowers("admission", at, f -> f.admitted(p, at));
    }

    @Override
    public void transferred(Patient p, String fromUnit, long at) {
        boolean toWard = org.unit(p.unit()) instanceof Ward;
        if (toWard == org.unit(fromUnit) instanceof Ward) {
            alerts.movePatient(p.id(), fromUnit, p.unit(), p.bed(), at);
        } else {
            // Between a ward and a care home: the alerts of one kind of unit's rules mean nothing in the other (no
            // RESTORE2 set clears a ward's NEWS2 alert, no ward observation reaches a home), so they end here and
            // the receiving unit's own rules take over, with new alerts of their own.
            alerts.resolvePatient(p.id(), fromUnit, at, toWard ? "moved to hospital (" + p.unit() + ")"
                    : "moved to a care home (" + p.unit() + ")");
        }
        tellFollowers("transfer", at, f -> f.transferred(p, fromUnit, at));
        changed(fromUnit);
    }

    @Override
    public void discharged(Patient p, String unit, long at) {
        tellFollowers("discharge", at, f -> f.discharged(p, unit, at));
        alerts.resolvePatient(p.id(), unit, at, "discharged");
    }

    @Override
    public void admittedEarlier(Patient p, long was) {
        tellFollowers("admission", p.admittedAt(), f -> f.admittedEarlier(p, was));
    }

    @Override
    public void ageChanged(Patient p, long at) {
        tellFollowers("age", at, f -> f.ageChanged(p, at));
    }

    /** Each rule that follows patients is told, in registration order; one that throws is counted, the rest go on. */
    private void tellFollowers(String during, long at, Consumer<CensusListener> tell) {
        for (CensusListener f : followers) {
            try {
                tell.accept(f);
            } catch (RuntimeException ex) {
                failed(((Feature) f).name(), during, at, ex);
            }
        }
    }

    /**
     * A rule's summary of the unit for its {@code today}, or null when the rule has none there or throws (then
     * counted, like any of the rule's failures, as failing during "snapshot").
     */
    @SuppressWarnings("unchecked")
    public <S extends Record> S summary(Feature rule, String unit, LocalDate today) {
        try {
            return (S) rule.summary(unit, today);
        } catch (RuntimeException ex) {
            failed(rule.name(), "snapshot", clock.now(), ex);
            return null;
        }
    }

    /** The unit's local calendar day now, or {@link LocalDate#MIN} before the first record. */
    public LocalDate today(String unit) {
        return clock.started() ? clock.today(units.get(unit).unit().zone()) : LocalDate.MIN;
    }

    public AlertBook alerts() {
        return alerts;
    }

    private int outstandingAssessments(String unit) {
        return assessments.patientsOutstanding(unit);
    }

    /** The board's daily series of every unit (SPC). */
    public BoardSeries board() {
        return board;
    }

    public SafeStaffing staffing() {
        return staffing;
    }

    public Deterioration deterioration() {
        return deterioration;
    }

    /** Each ward patient's scored NEWS2 sets of the current stay (the FHIR export). */
    public News2History news2History() {
        return news2History;
    }

    public SepsisScreening sepsis() {
        return sepsis;
    }

    public Medicines medicines() {
        return medicines;
    }

    public Assessments assessments() {
        return assessments;
    }

    public CareHomeResidents careHomes() {
        return careHomes;
    }

    public PatientFlags flags() {
        return flags;
    }

    public Concerns concerns() {
        return concerns;
    }

    public MarthasRuleDailyAsk dailyAsk() {
        return dailyAsk;
    }

    public ReliabilityPulse reliability() {
        return reliability;
    }

    /** The site's own rules, in registration order. */
    public List<Feature> siteRules() {
        return siteRules;
    }

    /** The rules that have failed; safe to read from any thread. */
    public RuleFailures ruleFailures() {
        return failures;
    }

    /** The due time of the earliest deadline at or before {@code horizon}, or {@link Long#MAX_VALUE}. */
    public long nextDeadline(long horizon) {
        return deadlines.earliestBy(horizon);
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

    /** The unit the census has the patient on now, or null when they are on none. */
    public String unitOf(String patient) {
        Patient p = movements.patient(patient);
        return p == null ? null : p.unit();
    }

    /** Every unit's state, in organisation-file order. */
    public Collection<UnitState> units() {
        return units.values();
    }

    /** Whether some unit's state changed since the last {@link #drainChanged}. */
    public boolean hasChanged() {
        return !changed.isEmpty();
    }

    /** Units whose state changed since the last call (for publishing their snapshots). */
    public Set<String> drainChanged() {
        if (changed.isEmpty()) {
            return Set.of();
        }
        Set<String> out = Set.copyOf(changed);
        changed.clear();
        lastChanged = null;
        return out;
    }

    /** Marks the unit's figures as changed (the same string as last time is in the set already). */
    private void changed(String unit) {
        if (unit != lastChanged || unit == null) {
            changed.add(unit);
            lastChanged = unit;
        }
    }

    public long applied() {
        return applied;
    }

    /** Rule failures since start-up, all rules together. */
    public long failed() {
        return failures.total();
    }

    /**
     * Whether the whole state can be written to a snapshot: every rule implements {@link SnapshotSlice} (a site's
     * rule that does not turns snapshots off: restarts then replay the journal from its start).
     */
    public boolean snapshottable() {
        for (Feature f : features) {
            if (!(f instanceof SnapshotSlice)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The layout of this build's snapshots: every slice's name and version, in the order written. A snapshot
     * with another layout is not read (its slices would be misread), and says which slice differs.
     */
    public List<String> snapshotLayout() {
        List<String> layout = new ArrayList<>();
        for (LayoutEntry e : layoutEntries()) {
            layout.add(e.name() + ":" + (e.slice() == null ? e.own() : String.valueOf(e.slice().snapshotVersion())));
        }
        return layout;
    }

    /**
     * Whether this build reads a snapshot of the layout {@code theirs}: the same slices in the same order, each at
     * this build's version or an older one its slice still reads ({@link SnapshotSlice#oldestReadable}).
     */
    public boolean readsLayout(List<String> theirs) {
        List<String> ours = snapshotLayout();
        List<LayoutEntry> entries = layoutEntries();
        if (theirs.size() != ours.size()) {
            return false;
        }
        for (int i = 0; i < ours.size(); i++) {
            if (ours.get(i).equals(theirs.get(i))) {
                continue;
            }
            SnapshotSlice s = entries.get(i).slice();
            int v = SnapshotIn.layoutVersion(theirs.get(i));
            if ("state".equals(entries.get(i).name()) && "state".equals(SnapshotIn.layoutSlice(theirs.get(i)))
                    && v >= STATE_OLDEST_READABLE && v <= STATE_SNAPSHOT_VERSION) {
                continue;
            }
            if (s == null || !entries.get(i).name().equals(SnapshotIn.layoutSlice(theirs.get(i)))
                    || v < s.oldestReadable() || v > s.snapshotVersion()) {
                return false;
            }
        }
        return true;
    }

    /**
     * One slice of a snapshot, in the order written: its name and the slice, or for what is not a slice (the state's
     * own fields, a rule without a snapshot) null and the version it writes ({@code own}).
     */
    private record LayoutEntry(String name, SnapshotSlice slice, String own) {}

    /** The slices of this build's snapshots in the order written: the one list the layout and its reading share. */
    private List<LayoutEntry> layoutEntries() {
        List<LayoutEntry> entries = new ArrayList<>();
        entries.add(new LayoutEntry("state", null, String.valueOf(STATE_SNAPSHOT_VERSION)));
        entries.add(new LayoutEntry("ids", seen, null));
        entries.add(new LayoutEntry("ruleFailures", failures, null));
        entries.add(new LayoutEntry("AlertBook", alerts, null));
        for (Feature f : features) {
            entries.add(f instanceof SnapshotSlice s ? new LayoutEntry(f.name(), s, null)
                    : new LayoutEntry(f.name(), null, "none"));
        }
        entries.add(new LayoutEntry("deadlines", deadlines, null));
        return entries;
    }

    /**
     * The layout of the state's own fields (clock, units' feeds, census), bumped when it changes; this build still
     * reads the layouts from {@link #STATE_OLDEST_READABLE} on.
     */
    private static final int STATE_SNAPSHOT_VERSION = 2;
    /** The first layout that names each unit ({@link #readUnits}). */
    private static final int STATE_UNITS_NAMED = 2;
    private static final int STATE_OLDEST_READABLE = 1;

    /**
     * Writes the whole state (after {@link #snapshotLayout()}, which the caller writes first): the clock, the
     * id set, the rule failures, each unit's feeds and census, the alert book, every rule's slice in registration
     * order, then the deadline wheel, whose subjects are found in the slices before it.
     */
    public void writeSnapshot(SnapshotOut out) {
        if (!snapshottable()) {
            throw new IllegalStateException("a rule of this state cannot be written to a snapshot");
        }
        out.writeLong(clock.now());
        out.writeBoolean(midnightScheduled);
        out.writeLong(applied);
        seen.writeSnapshot(out);
        failures.writeSnapshot(out);
        out.writeCount(units.size());
        for (UnitState u : units.values()) {
            out.writeString(u.unit().id());
            out.writeString(u.unit().kind());
            u.write(out);
        }
        movements.writeSnapshot(out, List.copyOf(units.keySet()));
        alerts.writeSnapshot(out);
        for (Feature f : features) {
            ((SnapshotSlice) f).writeSnapshot(out);
        }
        deadlines.writeSnapshot(out);
    }

    /**
     * Reads what {@link #writeSnapshot} wrote into this new state (nothing applied yet); every unit is then marked
     * changed, so its first snapshot is published. Throws {@link SnapshotIn.Corrupt} when the bytes do not hold a
     * state of this build (the caller checked the layout).
     */
    public void readSnapshot(SnapshotIn in) {
        if (clock.started() || applied != 0) {
            throw new IllegalStateException("a snapshot is read into a new state only");
        }
        long now = in.readLong();
        if (now == Long.MIN_VALUE) {
            throw new SnapshotIn.Corrupt("a snapshot of a state that has applied nothing");
        }
        clock.restore(now);
        midnightScheduled = in.readBoolean();
        applied = in.readLong();
        seen.readSnapshot(in);
        failures.readSnapshot(in);
        movements.readSnapshot(in, readUnits(in));
        alerts.readSnapshot(in);
        for (Feature f : features) {
            ((SnapshotSlice) f).readSnapshot(in);
        }
        deadlines.readSnapshot(in);
        if (in.remaining() != 0) {
            throw new SnapshotIn.Corrupt(in.remaining() + " bytes left after the last slice");
        }
        changed.addAll(units.keySet());
    }

    /**
     * Reads each unit's feeds; returns the units the snapshot holds, in the order its census follows. Since layout 2
     * each is named with its kind, so a snapshot reads under an organisation file that added units (they start
     * empty) or reordered them; one holding a unit the file no longer has, or has as another kind, is refused
     * rather than read into the wrong unit. Layout 1 wrote the units in the file's order, unnamed: it reads only
     * under the file it was written for ({@code Snapshots} checks that).
     */
    private List<String> readUnits(SnapshotIn in) {
        if (in.version("state", STATE_SNAPSHOT_VERSION) < STATE_UNITS_NAMED) {
            for (UnitState u : units.values()) {
                u.read(in);
            }
            return List.copyOf(units.keySet());
        }
        int n = in.readCount();
        List<String> held = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = in.readString();
            String kind = in.readString();
            UnitState u = units.get(id);
            if (u == null) {
                throw new SnapshotIn.Corrupt("unit " + id + " has state in it but is not in the organisation file");
            }
            if (!kind.equals(u.unit().kind())) {
                throw new SnapshotIn.Corrupt("unit " + id + " is a " + kind + " in it, a " + u.unit().kind()
                        + " in the organisation file");
            }
            u.read(in);
            held.add(id);
        }
        return held;
    }

    /**
     * Whether a snapshot of this layout names its units ({@link #readUnits}), so that it can be read under an
     * organisation file other than the one it was written for.
     */
    public static boolean namesUnits(List<String> layout) {
        return !layout.isEmpty() && "state".equals(SnapshotIn.layoutSlice(layout.get(0)))
                && SnapshotIn.layoutVersion(layout.get(0)) >= STATE_UNITS_NAMED;
    }

    /**
     * Forgets the idempotency keys of journal cycles before {@code cycle}, which retention has deleted: the id set
     * is then what a replay of the journal kept would build. Returns how many were forgotten.
     */
    public int forgetIdsBefore(int cycle) {
        return seen.forgetBefore(cycle);
    }

    public int knownIds() {
        return seen == null ? 0 : seen.size();
    }

    /** Every live deadline, as {@link Deadlines#pending()} describes it (tests: a restored wheel equals the live one). */
    public List<String> pendingDeadlines() {
        return deadlines.pending();
    }

    /** Live deadlines of every rule (for the heap benchmarks and tests). */
    public int deadlines() {
        return deadlines.size();
    }
}
