package org.vigil.server.staffing;

import org.vigil.events.Event;
import org.vigil.events.Payload;
import org.vigil.events.Shift;
import org.vigil.organisation.ShiftKey;
import org.vigil.organisation.Unit;
import org.vigil.organisation.Ward;
import org.vigil.server.alerts.AlertBook;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.census.Movements;
import org.vigil.server.kernel.Deadlines;
import org.vigil.server.kernel.Feature;
import org.vigil.server.kernel.RuleContext;
import org.vigil.server.kernel.SnapshotIn;
import org.vigil.server.kernel.SnapshotOut;
import org.vigil.server.kernel.SnapshotSlice;
import org.vigil.server.spc.BoardMetric;
import org.vigil.server.spc.BoardSeries;

import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Safe staffing on adult inpatient wards (reference/staffing.md): planned and actual nursing heads per shift from
 * the rostering feed, turned into hours, Safer Staffing fill rates and care hours per patient day (CHPPD), and
 * the NICE SG1 (2014) nursing red flags.
 *
 * <ul>
 *   <li>Red flags 5 (registered nurse shortfall) and 6 (fewer than 2 registered nurses) are judged on the latest
 *       report for a shift, from the shift's start: a roster sent ahead of the shift has no actuals yet, so it is
 *       held and judged when the shift starts. Each raises a STAFFING_RED_FLAG alert, subject
 *       "date/SHIFT/FLAG", resolved by a later report that clears it or when the shift ends. A report for a
 *       shift already over is counted but raises nothing (there is no shift left to escalate for).</li>
 *   <li>Red flags 1 (unplanned critical-medicine omission) and 3 (vital signs not recorded) come from the
 *       patient-level rules through {@link RedFlagSink}: one alert per ward, flag and shift, its text the count
 *       so far, resolved when the shift ends.</li>
 *   <li>Each distinct occurrence counts once against its shift's date ("red flags today" is by roster date, as
 *       Safer Staffing returns are).</li>
 *   <li>Unreported staffing is not silence: a shift with no report {@code policies.staffing.reportDueMinutes}
 *       (default 60) after it starts raises STAFFING_NOT_REPORTED (subject "date/SHIFT"), since without a report
 *       red flags 5 and 6 cannot be judged; the snapshot's {@code staffingNotReported} says so for the current
 *       shift. "Within 60 minutes" includes the 60th: a report at exactly start + 60 min is in time. The alert
 *       resolves when the report arrives or when the shift ends. Shifts are watched from the engine clock's
 *       start: a shift whose report was already due before Vigil saw its first record is not judged.</li>
 * </ul>
 * Care homes are not adult inpatient wards: NICE SG1 does not apply and their staffing reports are ignored.
 * Engine thread only.
 */
public final class SafeStaffing implements Feature, RedFlagSink, Deadlines.Owner, SnapshotSlice {
    /** Days of shifts and counted occurrences kept behind today (late reports). */
    private static final int RETAIN_DAYS = 7;
    private static final SafeStaffingRedFlag[] SHIFT_FLAGS =
            {SafeStaffingRedFlag.RN_SHORTFALL, SafeStaffingRedFlag.FEWER_THAN_TWO_RNS};

    /** Deadline kinds (subjects in brackets): a shift ends (the shift); a ward's midnight (the ward); a shift's
     *  report falls due (the ward, watching it); its unreported alert ends with it (the ward's shift); a report sent
     *  ahead is judged at the shift's start (the shift). */
    private static final int SHIFT_END = 0;
    private static final int MIDNIGHT = 1;
    private static final int REPORT_DUE = 2;
    private static final int NOT_REPORTED_END = 3;
    private static final int SHIFT_START = 4;

    private final RuleContext ctx;
    private final Movements census;
    private final AlertBook alerts;
    private final BoardSeries board;
    private final Deadlines.Timers timers;
    private final int maxPatientsPerRegisteredNurseDay;
    private final long reportDueMillis;
    private final Map<String, WardStaffing> wards = new HashMap<>();

    public SafeStaffing(RuleContext ctx, Movements census, AlertBook alerts, BoardSeries board) {
        this.ctx = ctx;
        this.board = board;
        this.census = census;
        this.alerts = alerts;
        this.timers = ctx.timers(this, name());
        this.maxPatientsPerRegisteredNurseDay = ctx.policies().staffing().maxPatientsPerRegisteredNurseDay();
        this.reportDueMillis = ctx.policies().staffing().reportDueMinutes() * 60_000L;
    }

    /** One ward's shifts and the occurrences already counted. */
    private final class WardStaffing {
        final Ward ward;
        final TreeMap<ShiftKey, StaffingShift> shifts = new TreeMap<>();
        /** Occurrence key (alert subject, or flag and reported subject) → the shift it was counted against. */
        final Map<String, ShiftKey> counted = new HashMap<>();
        /** Shifts whose report is overdue now: a STAFFING_NOT_REPORTED alert is active for each. */
        final Set<ShiftKey> notReported = new HashSet<>();
        /** The shift whose report is watched for now (its REPORT_DUE deadline is pending). */
        ShiftKey watching;

        WardStaffing(Ward ward) {
            this(ward, true);
        }

        /** @param watchMidnight false for a ward of a snapshot, whose midnight deadline the wheel restores */
        WardStaffing(Ward ward, boolean watchMidnight) {
            this.ward = ward;
            if (watchMidnight) {
                scheduleMidnight();
            }
        }

        StaffingShift shift(ShiftKey key) {
            StaffingShift s = shifts.get(key);
            if (s == null) {
                s = new StaffingShift(ward.id(), key, key.start(ward), key.end(ward));
                shifts.put(key, s);
                if (s.end > ctx.now()) {
                    timers.schedule(s.end, SHIFT_END, s);
                }
            }
            return s;
        }

        /** Takes an occurrence off the shift it was counted against; that shift, or null when it was not counted. */
        StaffingShift uncount(SafeStaffingRedFlag flag, String occurrence) {
            ShiftKey key = counted.remove(occurrence);
            StaffingShift s = key == null ? null : shifts.get(key);
            if (s != null) {
                s.uncountRedFlag(flag);
                ctx.changed(ward.id());
            }
            return s;
        }

        /** Counts an occurrence against the shift once; returns false when it was already counted. */
        boolean count(StaffingShift s, SafeStaffingRedFlag flag, String occurrence) {
            if (counted.putIfAbsent(occurrence, s.key) != null) {
                return false;
            }
            s.countRedFlag(flag);
            if (flag == SafeStaffingRedFlag.RN_SHORTFALL || flag == SafeStaffingRedFlag.FEWER_THAN_TWO_RNS) {
                board.add(ward.id(), BoardMetric.STAFFING_RED_FLAGS, s.key.date(), 1, 0);
            }
            ctx.changed(ward.id());
            return true;
        }

        private void scheduleMidnight() {
            LocalDate today = ctx.day(ward.id(), ctx.now());
            timers.schedule(today.plusDays(1).atStartOfDay(ward.zone()).toInstant().toEpochMilli(), MIDNIGHT, this);
        }

        /** The local midnight that ends {@code today}: a week's history pruned. */
        void midnight(LocalDate today) {
            LocalDate cutoff = today.minusDays(RETAIN_DAYS);
            shifts.headMap(new ShiftKey(cutoff, Shift.DAY)).clear();
            counted.values().removeIf(k -> k.date().isBefore(cutoff));
            ctx.changed(ward.id());
            scheduleMidnight();
        }
    }

    @Override
    public void apply(Event e) {
        WardStaffing w = ward(e.unit());
        if (w == null) {
            return;
        }
        Payload.Staffing s = (Payload.Staffing) e.payload();
        LocalDate date = LocalDate.parse(s.date());
        if (date.isBefore(ctx.day(w.ward.id(), ctx.now()).minusDays(RETAIN_DAYS + 1))) {
            // The shift's figures are no longer held (a week's history is kept): a correction could only be added to
            // what the board has for that day, never replace it, and would count its hours and red flags twice.
            return;
        }
        StaffingShift shift = w.shift(new ShiftKey(date, s.shift()));
        StaffingShift.Hours before = shift.hours();
        if (shift.report(s, e.time())) {
            toBoard(w, shift, before);
            if (w.notReported.remove(shift.key)) {
                alerts.resolve(w.ward.id(), AlertKind.STAFFING_NOT_REPORTED, shift.key.toString(), ctx.now(),
                        "staffing report received");
            }
            judge(w, shift, ctx.now());
        }
    }

    /**
     * A report replaces the shift's figures on the board's daily series of its roster date: its fill rate (registered
     * nurse minutes worked of planned), its care minutes for CHPPD, and, the first time, one more shift reported
     * (the basis of red flags 5 and 6, which cannot be judged without a report).
     */
    private void toBoard(WardStaffing w, StaffingShift shift, StaffingShift.Hours before) {
        StaffingShift.Hours now = shift.hours();
        String ward = w.ward.id();
        LocalDate date = shift.key.date();
        board.add(ward, shift.key.shift() == Shift.DAY ? BoardMetric.RN_FILL_RATE_DAY : BoardMetric.RN_FILL_RATE_NIGHT,
                date, now.registeredActual() - before.registeredActual(),
                now.registeredPlanned() - before.registeredPlanned());
        board.add(ward, BoardMetric.CHPPD, date, now.care() - before.care(), 0);
        if (!before.reported()) {
            board.add(ward, BoardMetric.STAFFING_RED_FLAGS, date, 0, 1);
        }
    }

    /** From the clock's start, every ward's shifts are watched for a missing report. */
    @Override
    public void started(long now) {
        for (Unit u : ctx.units()) {
            if (u instanceof Ward ward) {
                watchReport(ward(ward.id()), ShiftKey.of(ward, now), now);
            }
        }
    }

    /**
     * Checks the shift's report once it is due (start + policy minutes, inclusive, so from the next millisecond),
     * then the next shift's; a shift already due when watching starts, or over before its report is due, is
     * passed over for the next.
     */
    private void watchReport(WardStaffing w, ShiftKey key, long now) {
        ShiftKey k = key;
        // Bounded: within two days' shifts one is watchable, unless policy puts the report after every shift's
        // end (reportDueMinutes ≥ both shift lengths), which leaves nothing to watch.
        for (int i = 0; i < 4; i++, k = next(k)) {
            long missingFrom = k.start(w.ward) + reportDueMillis + 1;
            if (missingFrom > now && missingFrom < k.end(w.ward)) {
                w.watching = k;
                timers.schedule(missingFrom, REPORT_DUE, w);
                return;
            }
        }
    }

    private static ShiftKey next(ShiftKey k) {
        return k.shift() == Shift.DAY ? new ShiftKey(k.date(), Shift.NIGHT) : new ShiftKey(k.date().plusDays(1), Shift.DAY);
    }

    private void reportDue(WardStaffing w, ShiftKey key, long now) {
        StaffingShift s = w.shifts.get(key);
        if (s != null && s.reported()) {
            return;
        }
        w.notReported.add(key);
        long end = key.end(w.ward);
        alerts.raise(w.ward.id(), AlertKind.STAFFING_NOT_REPORTED, AlertKind.STAFFING_NOT_REPORTED.defaultSeverity(),
                key.toString(), null, null, "no staffing report for the " + key.shift().name().toLowerCase(Locale.ROOT)
                        + " shift " + reportDueMillis / 60_000L + " min after it started: red flags 5 and 6 cannot be judged",
                now);
        timers.schedule(end, NOT_REPORTED_END, new WardShift(w, key));
        ctx.changed(w.ward.id());
    }

    /** A ward's shift, the subject of the deadline that ends its unreported alert with it. */
    private record WardShift(WardStaffing ward, ShiftKey key) {}

    @Override
    public void deadline(int kind, Object subject, long due, long now) {
        switch (kind) {
            case SHIFT_END -> {
                StaffingShift shift = (StaffingShift) subject;
                shiftEnded(wards.get(shift.ward), shift, now);
            }
            case MIDNIGHT -> ((WardStaffing) subject).midnight(ctx.day(((WardStaffing) subject).ward.id(), due - 1));
            case REPORT_DUE -> {
                WardStaffing w = (WardStaffing) subject;
                ShiftKey watched = w.watching;
                reportDue(w, watched, now);
                watchReport(w, next(watched), now);
            }
            case NOT_REPORTED_END -> {
                WardShift ws = (WardShift) subject;
                if (ws.ward().notReported.remove(ws.key())) {
                    alerts.resolve(ws.ward().ward.id(), AlertKind.STAFFING_NOT_REPORTED, ws.key().toString(), now,
                            "shift ended without a staffing report");
                    ctx.changed(ws.ward().ward.id());
                }
            }
            default -> {
                StaffingShift shift = (StaffingShift) subject;
                judge(wards.get(shift.ward), shift, now);
            }
        }
    }

    @Override
    public int snapshotVersion() {
        return 2; // 2: no midnight censuses (CHPPD's census is the board series')
    }

    /**
     * Every ward followed, by id: its shifts (reports and red flags), the occurrences counted, the shifts
     * unreported now and the one watched.
     */
    @Override
    public void writeSnapshot(SnapshotOut out) {
        Map<String, WardStaffing> followed = new TreeMap<>(wards);
        out.writeCount(followed.size());
        for (WardStaffing w : followed.values()) {
            out.writeString(w.ward.id());
            out.writeCount(w.shifts.size());
            for (StaffingShift shift : w.shifts.values()) {
                writeKey(shift.key, out);
                shift.write(out);
            }
            Map<String, ShiftKey> counted = new TreeMap<>(w.counted);
            out.writeCount(counted.size());
            for (Map.Entry<String, ShiftKey> c : counted.entrySet()) {
                out.writeString(c.getKey());
                writeKey(c.getValue(), out);
            }
            Set<ShiftKey> unreported = new TreeSet<>(w.notReported);
            out.writeCount(unreported.size());
            for (ShiftKey k : unreported) {
                writeKey(k, out);
            }
            out.writeBoolean(w.watching != null);
            if (w.watching != null) {
                writeKey(w.watching, out);
            }
        }
    }

    @Override
    public void readSnapshot(SnapshotIn in) {
        int n = in.readCount();
        for (int i = 0; i < n; i++) {
            String id = in.readString();
            if (!(ctx.unit(id) instanceof Ward ward)) {
                throw new SnapshotIn.Corrupt("staffing of " + id + ", not a ward of the organisation");
            }
            WardStaffing w = new WardStaffing(ward, false);
            wards.put(id, w);
            int shifts = in.readCount();
            for (int j = 0; j < shifts; j++) {
                ShiftKey key = readKey(in);
                StaffingShift shift = new StaffingShift(id, key, key.start(ward), key.end(ward));
                shift.read(in);
                w.shifts.put(key, shift);
            }
            int counted = in.readCount();
            for (int j = 0; j < counted; j++) {
                w.counted.put(in.readString(), readKey(in));
            }
            int unreported = in.readCount();
            for (int j = 0; j < unreported; j++) {
                w.notReported.add(readKey(in));
            }
            w.watching = in.readBoolean() ? readKey(in) : null;
        }
    }

    private static void writeKey(ShiftKey key, SnapshotOut out) {
        out.writeDate(key.date());
        out.writeEnum(key.shift());
    }

    private static ShiftKey readKey(SnapshotIn in) {
        LocalDate date = in.readDate();
        Shift shift = in.readEnum(Shift.values());
        if (date == null || shift == null) {
            throw new SnapshotIn.Corrupt("a shift without a date or a kind");
        }
        return new ShiftKey(date, shift);
    }

    /**
     * Deadlines are about a ward (its midnight, the report it watches for), one of its shifts (its end, its start)
     * or a ward's shift that went unreported: the ward's id, and the shift's key where there is one.
     */
    @Override
    public void writeSubject(int kind, Object subject, SnapshotOut out) {
        switch (kind) {
            case MIDNIGHT, REPORT_DUE -> out.writeString(followed(((WardStaffing) subject).ward.id(), subject));
            case NOT_REPORTED_END -> {
                WardShift ws = (WardShift) subject;
                out.writeString(followed(ws.ward().ward.id(), ws.ward()));
                writeKey(ws.key(), out);
            }
            default -> {
                StaffingShift shift = (StaffingShift) subject;
                WardStaffing w = wards.get(shift.ward);
                if (w == null || w.shifts.get(shift.key) != shift) {
                    throw new IllegalStateException("a staffing deadline for a shift no longer held");
                }
                out.writeString(shift.ward);
                writeKey(shift.key, out);
            }
        }
    }

    private String followed(String ward, Object staffing) {
        if (wards.get(ward) != staffing) {
            throw new IllegalStateException("a staffing deadline for a ward no longer followed");
        }
        return ward;
    }

    @Override
    public Object readSubject(int kind, SnapshotIn in) {
        String id = in.readString();
        WardStaffing w = wards.get(id);
        if (w == null) {
            throw new SnapshotIn.Corrupt("a staffing deadline for ward " + id + ", not in the snapshot");
        }
        return switch (kind) {
            case MIDNIGHT, REPORT_DUE -> w;
            case NOT_REPORTED_END -> new WardShift(w, readKey(in));
            default -> {
                StaffingShift shift = w.shifts.get(readKey(in));
                if (shift == null) {
                    throw new SnapshotIn.Corrupt("a staffing deadline for a shift not in the snapshot");
                }
                yield shift;
            }
        };
    }

    /** Red flags 5 and 6 on the shift's latest report; before the shift starts, deferred to its start. */
    private void judge(WardStaffing w, StaffingShift shift, long now) {
        if (now < shift.start) {
            if (!shift.startCheckScheduled) {
                shift.startCheckScheduled = true;
                timers.schedule(shift.start, SHIFT_START, shift);
            }
            return;
        }
        boolean over = now >= shift.end;
        for (SafeStaffingRedFlag flag : SHIFT_FLAGS) {
            boolean met = flag == SafeStaffingRedFlag.RN_SHORTFALL ? shift.rnShortfall() : shift.fewerThanTwoRns();
            String subject = shift.key + "/" + flag.name();
            if (met) {
                w.count(shift, flag, subject);
                if (!over) {
                    alerts.raise(w.ward.id(), AlertKind.STAFFING_RED_FLAG,
                            AlertKind.STAFFING_RED_FLAG.defaultSeverity(), subject, null, null, shift.detail(flag), now);
                }
            } else {
                alerts.resolve(w.ward.id(), AlertKind.STAFFING_RED_FLAG, subject, now, "staffing report cleared it");
            }
        }
    }

    /**
     * A patient-level red flag withdrawn: the shift's alert names one fewer, and resolves when none is left (a
     * dose given after all is no unplanned omission, NICE SG1 red flag 1).
     */
    @Override
    public void withdraw(String unit, SafeStaffingRedFlag flag, String subject) {
        WardStaffing w = wards.get(unit);
        StaffingShift shift = w == null ? null : w.uncount(flag, flag.name() + ':' + subject);
        if (shift == null) {
            return;
        }
        long now = ctx.now();
        String alert = shift.key + "/" + flag.name();
        if (shift.redFlags(flag) == 0) {
            alerts.resolve(unit, AlertKind.STAFFING_RED_FLAG, alert, now, "no " + flag.description() + " left");
        } else if (alerts.active(unit, AlertKind.STAFFING_RED_FLAG, alert) != null) {
            alerts.raise(unit, AlertKind.STAFFING_RED_FLAG, AlertKind.STAFFING_RED_FLAG.defaultSeverity(), alert,
                    null, null, shift.detail(flag), now); // the same alert, its count told again
        }
    }

    /** A patient-level rule saw red flag 1 or 3: counted once per occurrence, one alert per ward, flag and shift. */
    @Override
    public void redFlag(String unit, SafeStaffingRedFlag flag, String subject, long at) {
        WardStaffing w = ward(unit);
        if (w == null) {
            return;
        }
        StaffingShift shift = w.shift(ShiftKey.of(w.ward, at));
        if (!w.count(shift, flag, flag.name() + ':' + subject)) {
            return;
        }
        long now = ctx.now();
        if (now < shift.end) {
            alerts.raise(unit, AlertKind.STAFFING_RED_FLAG, AlertKind.STAFFING_RED_FLAG.defaultSeverity(),
                    shift.key + "/" + flag.name(), null, null, shift.detail(flag), now);
        }
    }

    /** A red flag is about its shift: when the shift is over, so is the alert (the count stays on the day). */
    private void shiftEnded(WardStaffing w, StaffingShift shift, long now) {
        for (SafeStaffingRedFlag flag : SafeStaffingRedFlag.values()) {
            alerts.resolve(w.ward.id(), AlertKind.STAFFING_RED_FLAG, shift.key + "/" + flag.name(), now,
                    "shift ended");
        }
        ctx.changed(w.ward.id());
    }

    private WardStaffing ward(String unit) {
        WardStaffing w = wards.get(unit);
        if (w == null) {
            Unit u = ctx.unit(unit);
            if (!(u instanceof Ward ward)) {
                return null;
            }
            w = new WardStaffing(ward);
            wards.put(unit, w);
        }
        return w;
    }

    /**
     * A ward's staffing for its local {@code today}: the day and night shifts rostered on that date, except in the
     * small hours, before today's day shift starts, when the night on duty was rostered on the date before (a roster
     * dates a night by its start): then that date's two shifts, so the wall shows the shift on duty and its red
     * flags, not two empty tiles of a day not yet begun. Null for a care home or before the clock has started.
     */
    @Override
    public StaffingSummary summary(String unit, LocalDate today) {
        if (!(ctx.unit(unit) instanceof Ward ward) || today.equals(LocalDate.MIN)) {
            return null;
        }
        WardStaffing w = wards.get(unit);
        ShiftKey current = ShiftKey.of(ward, ctx.now());
        LocalDate rostered = current.shift() == Shift.NIGHT && current.date().plusDays(1).equals(today)
                ? current.date() : today;
        StaffingShift day = shift(w, ward, new ShiftKey(rostered, Shift.DAY));
        StaffingShift night = shift(w, ward, new ShiftKey(rostered, Shift.NIGHT));
        int patients = census.count(unit);
        Map<SafeStaffingRedFlag, Integer> byType = new EnumMap<>(SafeStaffingRedFlag.class);
        int redFlags = 0;
        for (SafeStaffingRedFlag flag : SafeStaffingRedFlag.values()) {
            int n = day.redFlags(flag) + night.redFlags(flag);
            byType.put(flag, n);
            redFlags += n;
        }
        // NICE SG1: more than 8 (policy) patients per registered nurse during the day is a signal to check for
        // harm, not a red flag, so it is a warning only. With no registered nurse on shift the ratio is undefined
        // (null) and any patient at all is a warning.
        Double perNurse = null;
        boolean warning = false;
        if (day.reported()) {
            int rns = day.registeredActual();
            perNurse = rns == 0 ? null : Math.round(10.0 * patients / rns) / 10.0;
            warning = patients > (long) maxPatientsPerRegisteredNurseDay * rns;
        }
        // a roster date already over (the small hours) has its CHPPD on its own midnight census, as the board has it
        Double chppd = rostered.equals(today) ? chppd(day, night, patients) : finalChppd(ward, rostered);
        return new StaffingSummary(day.summary(), night.summary(), current, chppd,
                finalChppd(ward, rostered.minusDays(1)), redFlags, Collections.unmodifiableMap(byType), perNurse, warning,
                w != null && w.notReported.contains(current));
    }

    /** The ward's shift, or an empty (unreported) one for the wall; the empty one is not kept. */
    private static StaffingShift shift(WardStaffing w, Ward ward, ShiftKey key) {
        StaffingShift s = w == null ? null : w.shifts.get(key);
        return s != null ? s : new StaffingShift(ward.id(), key, key.start(ward), key.end(ward));
    }

    /**
     * Care hours per patient day (NHS England CHPPD): registered plus unregistered nursing hours of the date's
     * day and night shifts ÷ patients in beds at midnight. While the day is not over the census is the current
     * one. One decimal; null without a report or with no patients.
     */
    private static Double chppd(StaffingShift day, StaffingShift night, int patients) {
        if (patients == 0 || (!day.reported() && !night.reported())) {
            return null;
        }
        return Math.round(10.0 * (day.careMinutes() + night.careMinutes()) / 60.0 / patients) / 10.0;
    }

    /**
     * A past date's CHPPD as the board's daily series has it: the date's hours over the patients at the census time
     * ({@code policies.spc.censusTime}, 23:59 as NHS England counts them), one decimal.
     */
    private Double finalChppd(Ward ward, LocalDate date) {
        Double chppd = board.value(ward.id(), BoardMetric.CHPPD, date);
        return chppd == null ? null : Math.round(10.0 * chppd) / 10.0;
    }
}
