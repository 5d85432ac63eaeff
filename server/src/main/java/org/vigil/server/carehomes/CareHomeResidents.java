package org.vigil.server.carehomes;

import org.vigil.clinical.news2.News2;
import org.vigil.clinical.news2.News2Score;
import org.vigil.clinical.restore2.Restore2Escalation;
import org.vigil.clinical.restore2.Restore2Level;
import org.vigil.clinical.restore2.Sbard;
import org.vigil.events.Consciousness;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.events.ResidentDischargeReason;
import org.vigil.events.SoftSign;
import org.vigil.events.Vitals;
import org.vigil.organisation.CareHome;
import org.vigil.organisation.Unit;
import org.vigil.server.alerts.AlertBook;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.alerts.RiskSeverity;
import org.vigil.server.alerts.Severity;
import org.vigil.server.census.CensusListener;
import org.vigil.server.census.Movements;
import org.vigil.server.census.Patient;
import org.vigil.server.kernel.DailyCounter;
import org.vigil.server.kernel.Deadlines;
import org.vigil.server.kernel.Feature;
import org.vigil.server.kernel.RuleContext;
import org.vigil.server.kernel.SnapshotIn;
import org.vigil.server.kernel.SnapshotOut;
import org.vigil.server.kernel.SnapshotSlice;
import org.vigil.server.spc.BoardMetric;
import org.vigil.server.spc.BoardSeries;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * RESTORE2 in care homes: every submission is scored server-side (a tablet's own score is never trusted), judged
 * against the resident's baseline, given an escalation level, advice and SBARD text, and a repeat-observation
 * deadline that raises OBSERVATIONS_OVERDUE when missed. Levels above routine are a RESTORE2_ESCALATION alert
 * whose severity is the level's ({@link RiskSeverity}), its detail starting "RESTORE2 LEVEL — " then the level in a
 * carer's words ({@link Restore2Level#label}), graded by the level's rank in {@link Restore2Level} order (URGENT and
 * EMERGENCY share HIGH: the grade is what makes EMERGENCY a worsening).
 *
 * <ul>
 *   <li>Soft signs alone never lower the level a scored set gave while that set's repeat window lasts (until its
 *       repeat observations are due, inclusive): the level is held, the SBARD reports that set's observations
 *       with the new soft signs, and the repeat falls due no later than it was. After the window, soft signs
 *       alone are judged on their own (at least "inform senior").</li>
 *   <li>A resident's stay can be closed by a {@code residentDischarged} event (moved to hospital, died, left) or
 *       a census {@code discharge} from the home: their alerts resolve, they leave every count, and a submission
 *       timed before the closure that arrives late is ignored (it belonged to that stay). Each home counts the
 *       day's closures by reason ({@code residentsDischargedToday}); a closure without a reason (a census
 *       discharge) counts as LEFT. A closure timed before the resident's latest submission, arriving after it,
 *       ended an earlier stay: it is counted, and leaves the resident and their alerts as they are.</li>
 * </ul>
 * Engine thread only.
 */
public final class CareHomeResidents implements Feature, CensusListener, Deadlines.Owner, SnapshotSlice {
    /** How long a closure is remembered, to ignore submissions from the closed stay that arrive late. */
    static final long CLOSED_MEMORY_MILLIS = 48 * 3_600_000L;
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm", Locale.UK);
    /** Deadline kinds: a resident's repeat observations are overdue; a closure is forgotten. */
    private static final int REPEAT_DUE = 0;
    private static final int FORGET_CLOSURE = 1;

    private final RuleContext ctx;
    private final AlertBook alerts;
    /** The home's rooms, when its census has them: a responder phoning the home names the room. */
    private final Movements census;
    private final BoardSeries board;
    private final Deadlines.Timers timers;
    private final Restore2Escalation escalation;
    private final int softSignsOnlyMinutes;
    private final Map<String, Map<String, Resident>> byHome = new HashMap<>();
    /**
     * When each closed stay was closed, by {@link #closure home and resident}: resident ids are the sender's, so two
     * homes may use the same one, and one home's closure must never hide another's resident.
     */
    private final Map<String, Long> closedAt = new HashMap<>();
    private final Map<String, Map<ResidentDischargeReason, DailyCounter>> closedToday = new HashMap<>();
    /**
     * The RESTORE2 record applied last, as it was scored on its own (null: ignored, its stay closed). Read by the
     * InfluxDB writer for that record's point; not state, so not in a snapshot.
     */
    private Submission lastSubmission;

    /**
     * One submission as scored on its own: the level the server gave it and its NEWS2 (null for soft signs alone).
     * A late one is not the resident's current state, which stays the newer submission's.
     */
    public record Submission(Event record, Restore2Level level, Integer news2) {}

    public CareHomeResidents(RuleContext ctx, Movements census, AlertBook alerts, BoardSeries board) {
        this.ctx = ctx;
        this.census = census;
        this.board = board;
        this.alerts = alerts;
        this.timers = ctx.timers(this, name());
        this.escalation = new Restore2Escalation(ctx.policies().restore2());
        this.softSignsOnlyMinutes = ctx.policies().restore2().softSignsOnlyMinutes();
    }

    private static final class Resident {
        final String id;
        /** The home the resident is in: a move between homes takes their state with them ({@link #moved}). */
        String home;
        long submittedAt;
        /** The latest submission's soft signs: judged again when an earlier set of observations arrives after it. */
        List<SoftSign> softSigns = List.of();
        News2Score score;
        Integer baseline;
        long baselineAt;
        Restore2Escalation.Advice advice;
        SbardText sbard;
        long repeatDueAt;
        boolean overdue;
        long due = Deadlines.NONE;
        /** The latest scored set: its level holds against soft signs alone until its repeat is due. */
        long scoredAt;
        Vitals scoredVitals;
        News2Score scoredScore;
        Restore2Escalation.Advice scoredAdvice;
        long scoredRepeatDueAt = Long.MIN_VALUE;

        Resident(String id, String home) {
            this.id = id;
            this.home = home;
        }
    }

    /**
     * A resident's SBARD handover, from the inputs of the submission that set it, written out when first read: every
     * submission replaces it, and most are replaced before a screen or a snapshot reads them, so building the ~700
     * characters for each was the largest allocation of a RESTORE2 event. The inputs are immutable values, so the
     * text is the one {@link Sbard#text} gave at the submission.
     */
    private static final class SbardText {
        private final String home;
        private final ZoneId zone;
        private final long takenAt;
        private final Vitals vitals;
        private final News2Score score;
        private final List<SoftSign> softSigns;
        private final Integer baseline;
        private final long baselineAt;
        private final Restore2Escalation.Advice advice;
        private final long repeatDueAt;
        private String text;

        SbardText(String home, ZoneId zone, long takenAt, Vitals vitals, News2Score score, List<SoftSign> softSigns,
                  Integer baseline, long baselineAt, Restore2Escalation.Advice advice, long repeatDueAt) {
            this.home = home;
            this.zone = zone;
            this.takenAt = takenAt;
            this.vitals = vitals;
            this.score = score;
            this.softSigns = softSigns;
            this.baseline = baseline;
            this.baselineAt = baselineAt;
            this.advice = advice;
            this.repeatDueAt = repeatDueAt;
        }

        /** As a snapshot recorded it. */
        SbardText(String text) {
            this(null, null, 0, null, null, null, null, 0, null, 0);
            this.text = text;
        }

        String text() {
            if (text == null) {
                text = Sbard.text(home, zone, takenAt, vitals, score, softSigns, baseline, baselineAt, advice, repeatDueAt);
            }
            return text;
        }
    }

    @Override
    public void apply(Event e) {
        if (e.type() == EventType.RESIDENT_DISCHARGED) {
            Payload.ResidentDischarged d = (Payload.ResidentDischarged) e.payload();
            close(e.unit(), d.resident(), d.reason(), e.time());
            return;
        }
        lastSubmission = null;
        Payload.Restore2 r = (Payload.Restore2) e.payload();
        Long closed = closedAt.get(closure(e.unit(), r.resident()));
        if (closed != null && e.time() <= closed) {
            return; // from a stay that has been closed
        }
        Resident res = byHome.computeIfAbsent(e.unit(), h -> new LinkedHashMap<>())
                .computeIfAbsent(r.resident(), id -> new Resident(id, e.unit()));
        News2Score score = r.vitals() == null ? null : News2.score(r.vitals());
        if (score != null && r.baseline() && e.time() >= res.baselineAt) {
            // Only a set the carer marks as the resident's usual is their "normal": a first set taken because
            // they were already unwell would otherwise hide every later rise above it.
            res.baseline = score.total();
            res.baselineAt = e.time();
        }
        if (e.time() < res.submittedAt) {
            if (score != null && e.time() > res.scoredAt) {
                // Observations taken before the latest submission but sent after it (a tablet that was offline),
                // when everything since was soft signs alone: they are the resident's latest observations, and
                // the outcome must be the one the two gave in the order they were taken — the set's level, held
                // against the soft signs within its repeat window (issue 11). Kept late, a 999-level set raised
                // nothing and the SBARD said no observations had been taken (found by an independent audit).
                long latestAt = res.submittedAt;
                List<SoftSign> latestSigns = res.softSigns;
                judge(res, e.time(), score, r.vitals(), r.softSigns(), r.baseline());
                lastSubmission = new Submission(e, res.advice.level(), score.total()); // its own, before the signs'
                judge(res, latestAt, null, null, latestSigns, false);
                return;
            }
            // Late: a newer submission remains the resident's current state, but this one still counts on its own
            // day among the home's escalations, at the level it gave on its own
            Restore2Level own = escalation.advise(score, r.baseline() ? null : res.baseline,
                    !r.softSigns().isEmpty()).level();
            board.distinct(res.home, BoardMetric.RESTORE2_ESCALATIONS, ctx.day(res.home, e.time()), res.id,
                    RiskSeverity.of(own) != null);
            lastSubmission = new Submission(e, own, score == null ? null : score.total());
            return;
        }
        judge(res, e.time(), score, r.vitals(), r.softSigns(), r.baseline());
        lastSubmission = new Submission(e, res.advice.level(), score == null ? null : score.total());
    }

    /** The resident's current state from a submission taken at {@code time}, the latest of theirs to judge. */
    private void judge(Resident res, long time, News2Score score, Vitals vitals, List<SoftSign> softSigns,
                       boolean baseline) {
        Unit home = ctx.unit(res.home);
        if (res.due != Deadlines.NONE && score != null) {
            // the repeat observations pending were taken before they became overdue (late ones were counted then);
            // soft signs alone are not those observations
            board.add(res.home, BoardMetric.REPEAT_OBSERVATIONS_ON_TIME, ctx.day(res.home, res.repeatDueAt), 1, 1);
        }
        res.submittedAt = time;
        res.softSigns = softSigns;
        res.score = score;
        if (score == null && time <= res.scoredRepeatDueAt) {
            // Soft signs within the scored set's repeat window: that set's level holds (issue 11).
            String dueText = HH_MM.format(Instant.ofEpochMilli(res.scoredRepeatDueAt).atZone(home.zone()));
            res.advice = escalation.softSignsWithin(res.scoredAdvice, "NEWS2 " + res.scoredScore.total() + " at "
                    + HH_MM.format(Instant.ofEpochMilli(res.scoredAt).atZone(home.zone())), dueText);
            res.repeatDueAt = Math.min(res.scoredRepeatDueAt, time + softSignsOnlyMinutes * 60_000L);
            res.sbard = new SbardText(home.name(), home.zone(), res.scoredAt, res.scoredVitals, res.scoredScore,
                    softSigns, res.baseline, res.baselineAt, res.advice, res.repeatDueAt);
        } else {
            res.advice = escalation.advise(score, baseline ? null : res.baseline, !softSigns.isEmpty());
            // Soft signs alone while the repeat observations are overdue leave them overdue, since that time.
            if (score != null || !res.overdue) {
                res.repeatDueAt = time + res.advice.repeatMinutes() * 60_000L;
            }
            res.sbard = new SbardText(home.name(), home.zone(), time, vitals, score, softSigns,
                    res.baseline, res.baselineAt, res.advice, res.repeatDueAt);
            if (score != null) {
                res.scoredAt = time;
                res.scoredVitals = vitals;
                res.scoredScore = score;
                res.scoredAdvice = res.advice;
                res.scoredRepeatDueAt = res.repeatDueAt;
            }
        }
        long now = ctx.now();
        Restore2Escalation.Advice advice = res.advice;
        Severity severity = RiskSeverity.of(advice.level());
        // a level above routine is an escalation (the submissions that raise the RESTORE2 alert)
        board.distinct(res.home, BoardMetric.RESTORE2_ESCALATIONS, ctx.day(res.home, time), res.id, severity != null);
        if (severity == null) {
            alerts.resolve(res.home, AlertKind.RESTORE2_ESCALATION, res.id, now, "routine level");
        } else {
            // graded by level: URGENT → EMERGENCY is the same severity but worse, and must re-notify
            alerts.raise(res.home, AlertKind.RESTORE2_ESCALATION, severity,
                    advice.level().ordinal(), res.id, res.id,
                    census.bedOf(res.id), "RESTORE2 " + advice.level().name() + " — " + advice.level().label()
                            + (score != null ? ", NEWS2 " + score.total()
                            : res.scoredScore != null && advice.level() != Restore2Level.INFORM_SENIOR
                            ? " (soft signs; held from NEWS2 " + res.scoredScore.total() + ")" : " (soft signs)"), now);
        }
        schedule(res, score != null, now);
    }

    /** The stay at the home ended at {@code at}: a submission timed before it, arriving late, is ignored. */
    private void rememberClosed(String home, String resident, long at) {
        String key = closure(home, resident);
        closedAt.merge(key, at, Math::max);
        timers.schedule(at + CLOSED_MEMORY_MILLIS, FORGET_CLOSURE, key);
    }

    /** A closure's key: the home and its resident (ids hold no control characters, so the separator is unambiguous). */
    private static String closure(String home, String resident) {
        return home + '\u001F' + resident;
    }

    /** The next repeat's deadline; only a set of observations ({@code observed}) ends an overdue repeat. */
    private void schedule(Resident res, boolean observed, long now) {
        if (res.overdue && !observed) {
            return; // soft signs are not the observations that were due: still overdue, still alerting
        }
        timers.cancel(res.due);
        res.due = Deadlines.NONE;
        if (res.overdue) {
            res.overdue = false;
            alerts.resolve(res.home, AlertKind.OBSERVATIONS_OVERDUE, res.id, now, "observations recorded");
        }
        // a repeat set at the due instant is in time, overdue from the next millisecond (as on a ward: Deterioration)
        if (res.repeatDueAt < now) {
            overdue(res, now);
        } else {
            res.due = timers.schedule(res.repeatDueAt + 1, REPEAT_DUE, res);
        }
    }

    @Override
    public void deadline(int kind, Object subject, long due, long now) {
        if (kind == REPEAT_DUE) {
            overdue((Resident) subject, now);
        } else {
            closedAt.remove((String) subject, due - CLOSED_MEMORY_MILLIS); // unless a later closure replaced it
        }
    }

    private void overdue(Resident res, long now) {
        res.due = Deadlines.NONE;
        res.overdue = true;
        board.add(res.home, BoardMetric.REPEAT_OBSERVATIONS_ON_TIME, ctx.day(res.home, res.repeatDueAt), 0, 1);
        Severity severity = res.advice.level().urgentOrEmergency() ? Severity.HIGH : Severity.MEDIUM;
        alerts.raise(res.home, AlertKind.OBSERVATIONS_OVERDUE, severity, res.id, res.id, census.bedOf(res.id),
                "repeat observations overdue (last advice: " + res.advice.level().label() + ")", now);
        ctx.changed(res.home);
    }

    /**
     * Closes the resident's stay: out of every count, their repeat deadline cancelled, their alerts resolved with
     * the reason; counted among the home's closures today.
     */
    private void close(String home, String resident, ResidentDischargeReason reason, long at) {
        rememberClosed(home, resident, at);
        Map<String, Resident> residents = byHome.get(home);
        Resident res = residents == null ? null : residents.get(resident);
        // A closure timed before the latest submission (sent late) ended an earlier stay: the resident is in the
        // home again, and that submission's alerts are about this stay, so they stay raised (found by an audit:
        // a late closure silently resolved a 999 alert while the resident stayed at EMERGENCY in the counts).
        boolean current = res == null || at >= res.submittedAt;
        if (res != null && current) {
            residents.remove(resident);
            timers.cancel(res.due);
            res.due = Deadlines.NONE;
        }
        if (ctx.unit(home) instanceof CareHome) {
            closedToday.computeIfAbsent(home, h -> new EnumMap<>(ResidentDischargeReason.class))
                    .computeIfAbsent(reason, x -> new DailyCounter()).increment(ctx.day(home, at));
        }
        if (current) {
            alerts.resolvePatient(resident, home, ctx.now(), "resident discharged: "
                    + reason.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
        ctx.changed(home);
    }

    /**
     * A census transfer from a home to a ward is the resident going to hospital: their stay in the home ends. One
     * to another home takes their state there ({@link #moved}).
     */
    @Override
    public void transferred(Patient p, String fromUnit, long at) {
        if (!(ctx.unit(fromUnit) instanceof CareHome)) {
            return;
        }
        if (ctx.unit(p.unit()) instanceof CareHome) {
            moved(fromUnit, p.unit(), p.id(), at);
        } else {
            close(fromUnit, p.id(), ResidentDischargeReason.HOSPITAL, at);
        }
    }

    /**
     * A move between two homes takes the resident's state with them, as it takes their alerts: their level, their
     * SBARD and their repeat observations due are the new home's. Found by an independent check: they stayed with
     * the home left, whose repeat deadline then raised an overdue alert there and paged the community team about a
     * resident no longer in it (even after they died in the other home), while the home they were in counted nobody
     * to observe. A submission to the home left, timed before the move and arriving late, is from the stay there:
     * ignored, as after a closure.
     */
    private void moved(String from, String to, String resident, long at) {
        rememberClosed(from, resident, at);
        Map<String, Resident> residents = byHome.get(from);
        Resident res = residents == null ? null : residents.remove(resident);
        if (res != null) {
            Map<String, Resident> there = byHome.computeIfAbsent(to, h -> new LinkedHashMap<>());
            Resident already = there.get(resident);
            if (already == null || already.submittedAt < res.submittedAt) {
                if (already != null) {
                    timers.cancel(already.due); // an older record there, replaced by the one that came
                }
                res.home = to;
                if (res.sbard != null) {
                    res.sbard = new SbardText(Sbard.calledFrom(res.sbard.text(), ctx.unit(from).name(),
                            ctx.unit(to).name()));
                }
                there.put(resident, res);
            } else {
                // the new home's tablet submitted before the transfer came: its newer record stands (a review found
                // the move replacing an EMERGENCY level there with the old home's ROUTINE one)
                timers.cancel(res.due);
                if (res.overdue) { // the overdue alert came with the resident: is it answered by the newer record?
                    if (already.scoredAt > res.repeatDueAt) {
                        alerts.resolve(to, AlertKind.OBSERVATIONS_OVERDUE, resident, ctx.now(), "observations recorded");
                    } else {
                        timers.cancel(already.due);
                        already.due = Deadlines.NONE;
                        already.overdue = true;
                    }
                }
            }
            ctx.changed(to);
        }
        ctx.changed(from);
    }

    /** A census discharge from a home closes the stay too; after a residentDischarged it is the same closure. */
    @Override
    public void discharged(Patient p, String unit, long at) {
        if (ctx.unit(unit) instanceof CareHome && !Long.valueOf(at).equals(closedAt.get(closure(unit, p.id())))) {
            close(unit, p.id(), ResidentDischargeReason.LEFT, at);
        }
    }

    @Override
    public int snapshotVersion() {
        return 2; // 2: each resident's latest soft signs, in a section at the end
    }

    /** Layout 1 reads as 2 with no soft signs remembered (2 added its section at the end): upgrades keep snapshots. */
    @Override
    public int oldestReadable() {
        return 1;
    }

    /**
     * Each home's residents (homes sorted by id, residents in the order the home first heard of them: its tablet
     * lists them so), the closures remembered, and each home's closures today by reason.
     */
    @Override
    public void writeSnapshot(SnapshotOut out) {
        Map<String, Map<String, Resident>> homes = new TreeMap<>(byHome);
        out.writeCount(homes.size());
        for (Map.Entry<String, Map<String, Resident>> h : homes.entrySet()) {
            out.writeString(h.getKey());
            out.writeCount(h.getValue().size());
            for (Resident r : h.getValue().values()) {
                writeResident(r, out);
            }
        }
        out.writeTimes(closedAt);
        Map<String, Map<ResidentDischargeReason, DailyCounter>> closed = new TreeMap<>(closedToday);
        out.writeCount(closed.size());
        for (Map.Entry<String, Map<ResidentDischargeReason, DailyCounter>> h : closed.entrySet()) {
            out.writeString(h.getKey());
            out.writeCount(h.getValue().size());
            for (Map.Entry<ResidentDischargeReason, DailyCounter> c : h.getValue().entrySet()) {
                out.writeEnum(c.getKey());
                c.getValue().write(out);
            }
        }
        for (Map<String, Resident> residents : homes.values()) { // the homes and residents in the order above
            for (Resident r : residents.values()) {
                out.writeCount(r.softSigns.size());
                for (SoftSign sign : r.softSigns) {
                    out.writeEnum(sign);
                }
            }
        }
    }

    @Override
    public void readSnapshot(SnapshotIn in) {
        int homes = in.readCount();
        for (int i = 0; i < homes; i++) {
            String home = in.readString();
            Map<String, Resident> residents = new LinkedHashMap<>();
            int n = in.readCount();
            for (int j = 0; j < n; j++) {
                Resident r = readResident(home, in);
                residents.put(r.id, r);
            }
            byHome.put(home, residents);
        }
        in.readTimes(closedAt);
        int closed = in.readCount();
        for (int i = 0; i < closed; i++) {
            Map<ResidentDischargeReason, DailyCounter> c = new EnumMap<>(ResidentDischargeReason.class);
            closedToday.put(in.readString(), c);
            int n = in.readCount();
            for (int j = 0; j < n; j++) {
                ResidentDischargeReason reason = in.readEnum(ResidentDischargeReason.values());
                if (reason == null) {
                    throw new SnapshotIn.Corrupt("a closure without a reason");
                }
                DailyCounter counter = new DailyCounter();
                counter.read(in);
                c.put(reason, counter);
            }
        }
        if (in.version(name(), snapshotVersion()) >= 2) {
            for (Map<String, Resident> residents : new TreeMap<>(byHome).values()) {
                for (Resident r : residents.values()) {
                    int n = in.readCount();
                    List<SoftSign> signs = new ArrayList<>(n);
                    for (int j = 0; j < n; j++) {
                        SoftSign sign = in.readEnum(SoftSign.values());
                        if (sign == null) {
                            throw new SnapshotIn.Corrupt("a soft sign without a value");
                        }
                        signs.add(sign);
                    }
                    r.softSigns = List.copyOf(signs);
                }
            }
        }
    }

    private static void writeResident(Resident r, SnapshotOut out) {
        out.writeString(r.id);
        out.writeLong(r.submittedAt);
        writeScore(r.score, out);
        out.writeBoolean(r.baseline != null);
        out.writeInt(r.baseline == null ? 0 : r.baseline);
        out.writeLong(r.baselineAt);
        writeAdvice(r.advice, out);
        out.writeString(r.sbard == null ? null : r.sbard.text());
        out.writeLong(r.repeatDueAt);
        out.writeBoolean(r.overdue);
        out.writeLong(r.due);
        out.writeLong(r.scoredAt);
        out.writeBoolean(r.scoredVitals != null);
        if (r.scoredVitals != null) {
            Vitals v = r.scoredVitals;
            out.writeDouble(v.respirationRate());
            out.writeDouble(v.spo2());
            out.writeInt(v.spo2Scale());
            out.writeBoolean(v.onOxygen());
            out.writeDouble(v.systolicBp());
            out.writeDouble(v.pulse());
            out.writeEnum(v.consciousness());
            out.writeDouble(v.temperature());
        }
        writeScore(r.scoredScore, out);
        writeAdvice(r.scoredAdvice, out);
        out.writeLong(r.scoredRepeatDueAt);
    }

    private static Resident readResident(String home, SnapshotIn in) {
        Resident r = new Resident(in.readString(), home);
        r.submittedAt = in.readLong();
        r.score = readScore(in);
        boolean baseline = in.readBoolean();
        int value = in.readInt();
        r.baseline = baseline ? value : null;
        r.baselineAt = in.readLong();
        r.advice = readAdvice(in);
        r.sbard = new SbardText(in.readString());
        r.repeatDueAt = in.readLong();
        r.overdue = in.readBoolean();
        r.due = in.readLong();
        r.scoredAt = in.readLong();
        if (in.readBoolean()) {
            r.scoredVitals = new Vitals(in.readDouble(), in.readDouble(), in.readInt(), in.readBoolean(),
                    in.readDouble(), in.readDouble(), in.readEnum(Consciousness.values()), in.readDouble());
        }
        r.scoredScore = readScore(in);
        r.scoredAdvice = readAdvice(in);
        r.scoredRepeatDueAt = in.readLong();
        if (r.id == null || r.advice == null) {
            throw new SnapshotIn.Corrupt("a resident without an id or advice");
        }
        return r;
    }

    private static void writeScore(News2Score score, SnapshotOut out) {
        out.writeInt(score == null ? -1 : score.packed());
    }

    private static News2Score readScore(SnapshotIn in) {
        int packed = in.readInt();
        return packed < 0 ? null : News2Score.unpacked(packed);
    }

    private static void writeAdvice(Restore2Escalation.Advice a, SnapshotOut out) {
        out.writeBoolean(a != null);
        if (a != null) {
            out.writeEnum(a.level());
            out.writeString(a.text());
            out.writeInt(a.repeatMinutes());
            out.writeBoolean(a.aboveBaseline());
            out.writeBoolean(a.singleRedScore());
        }
    }

    private static Restore2Escalation.Advice readAdvice(SnapshotIn in) {
        if (!in.readBoolean()) {
            return null;
        }
        Restore2Escalation.Advice a = new Restore2Escalation.Advice(in.readEnum(Restore2Level.values()),
                in.readString(), in.readInt(), in.readBoolean(), in.readBoolean());
        if (a.level() == null) {
            throw new SnapshotIn.Corrupt("RESTORE2 advice without a level");
        }
        return a;
    }

    /** A repeat deadline is about a resident of a home (the home and their id); a closure's about the resident's id. */
    @Override
    public void writeSubject(int kind, Object subject, SnapshotOut out) {
        if (kind == REPEAT_DUE) {
            Resident r = (Resident) subject;
            Map<String, Resident> residents = byHome.get(r.home);
            if (residents == null || residents.get(r.id) != r) {
                throw new IllegalStateException("a repeat deadline for a resident no longer followed");
            }
            out.writeString(r.home);
            out.writeString(r.id);
        } else {
            out.writeString((String) subject);
        }
    }

    @Override
    public Object readSubject(int kind, SnapshotIn in) {
        String first = in.readString();
        if (kind != REPEAT_DUE) {
            return first;
        }
        Map<String, Resident> residents = byHome.get(first);
        String id = in.readString();
        Resident r = residents == null ? null : residents.get(id);
        if (r == null) {
            throw new SnapshotIn.Corrupt("a repeat deadline for resident " + id + ", not in the snapshot");
        }
        return r;
    }

    /** The community view's figures for one home; resident ids never leave through this. Care homes only. */
    @Override
    public CareHomeSummary summary(String unit, LocalDate today) {
        if (!(ctx.unit(unit) instanceof CareHome)) {
            return null;
        }
        Map<String, Resident> residents = byHome.get(unit);
        Map<Restore2Level, Integer> levels = new EnumMap<>(Restore2Level.class);
        for (Restore2Level l : Restore2Level.values()) {
            levels.put(l, 0);
        }
        int overdue = 0;
        long last = 0;
        if (residents != null) {
            for (Resident r : residents.values()) {
                levels.merge(r.advice.level(), 1, Integer::sum);
                overdue += r.overdue ? 1 : 0;
                last = Math.max(last, r.submittedAt);
            }
        }
        Map<ResidentDischargeReason, Integer> closed = new EnumMap<>(ResidentDischargeReason.class);
        Map<ResidentDischargeReason, DailyCounter> c = closedToday.get(unit);
        for (ResidentDischargeReason reason : ResidentDischargeReason.values()) {
            DailyCounter n = c == null ? null : c.get(reason);
            closed.put(reason, n == null ? 0 : n.on(today));
        }
        return new CareHomeSummary(residents == null ? 0 : residents.size(), Collections.unmodifiableMap(levels),
                overdue, last, Collections.unmodifiableMap(closed));
    }

    /** For the home's own tablet: each resident's latest submission, advice and SBARD, by pseudonymous id. */
    public List<ResidentView> residents(String home) {
        List<ResidentView> list = new ArrayList<>();
        Map<String, Resident> residents = byHome.get(home);
        if (residents != null) {
            for (Resident r : residents.values()) {
                list.add(view(r));
            }
        }
        return List.copyOf(list);
    }

    /** The submission {@code record} made, as scored on its own; null when it was ignored (or is not the last). */
    public Submission submission(Event record) {
        Submission s = lastSubmission;
        return s != null && s.record() == record ? s : null;
    }

    /** One resident of the home as its tablet sees them, or null when the home does not follow them (now). */
    public ResidentView resident(String home, String resident) {
        Map<String, Resident> residents = byHome.get(home);
        Resident r = residents == null ? null : residents.get(resident);
        return r == null ? null : view(r);
    }

    private static ResidentView view(Resident r) {
        return new ResidentView(r.id, r.submittedAt, r.score == null ? null : r.score.total(),
                r.score == null ? null : r.score.risk(), r.baseline, r.advice.level(), r.advice.text(),
                r.repeatDueAt, r.overdue, r.sbard == null ? null : r.sbard.text());
    }
}
