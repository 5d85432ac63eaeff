package org.vigil.server.staffing;

import io.vertx.core.json.JsonObject;
import org.vigil.events.Event;
import org.vigil.events.Payload;
import org.vigil.events.Shift;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.engine.Feature;
import org.vigil.server.engine.RuleContext;
import org.vigil.server.org.Unit;
import org.vigil.server.org.Ward;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
public final class SafeStaffing implements Feature, RedFlagSink {
    /** Days of shifts, counted occurrences and midnight censuses kept behind today (late reports, yesterday's CHPPD). */
    private static final int RETAIN_DAYS = 7;
    private static final SafeStaffingRedFlag[] SHIFT_FLAGS =
            {SafeStaffingRedFlag.RN_SHORTFALL, SafeStaffingRedFlag.FEWER_THAN_TWO_RNS};

    private final RuleContext ctx;
    private final int maxPatientsPerRegisteredNurseDay;
    private final long reportDueMillis;
    private final Map<String, WardStaffing> wards = new HashMap<>();

    public SafeStaffing(RuleContext ctx) {
        this.ctx = ctx;
        this.maxPatientsPerRegisteredNurseDay = ctx.policies().staffing().maxPatientsPerRegisteredNurseDay();
        this.reportDueMillis = ctx.policies().staffing().reportDueMinutes() * 60_000L;
    }

    /** One ward's shifts, the occurrences already counted, and its census at each local midnight. */
    private final class WardStaffing {
        final Ward ward;
        final TreeMap<ShiftKey, StaffingShift> shifts = new TreeMap<>();
        /** Occurrence key (alert subject, or flag and reported subject) → the shift it was counted against. */
        final Map<String, ShiftKey> counted = new HashMap<>();
        /** Patients on the ward at the end of each date: CHPPD's 23:59 census. */
        final Map<LocalDate, Integer> midnightCensus = new HashMap<>();
        /** Shifts whose report is overdue now: a STAFFING_NOT_REPORTED alert is active for each. */
        final Set<ShiftKey> notReported = new HashSet<>();

        WardStaffing(Ward ward) {
            this.ward = ward;
            scheduleMidnight();
        }

        StaffingShift shift(ShiftKey key) {
            StaffingShift s = shifts.get(key);
            if (s == null) {
                s = new StaffingShift(key, key.start(ward), key.end(ward));
                shifts.put(key, s);
                if (s.end > ctx.now()) {
                    StaffingShift shift = s;
                    ctx.deadlines().schedule(s.end, now -> shiftEnded(this, shift, now));
                }
            }
            return s;
        }

        /** Counts an occurrence against the shift once; returns false when it was already counted. */
        boolean count(StaffingShift s, SafeStaffingRedFlag flag, String occurrence) {
            if (counted.putIfAbsent(occurrence, s.key) != null) {
                return false;
            }
            s.countRedFlag(flag);
            ctx.changed(ward.id());
            return true;
        }

        private void scheduleMidnight() {
            LocalDate today = ctx.day(ward.id(), ctx.now());
            long midnight = today.plusDays(1).atStartOfDay(ward.zone()).toInstant().toEpochMilli();
            ctx.deadlines().schedule(midnight, now -> {
                midnightCensus.put(today, ctx.patientCount(ward.id()));
                LocalDate cutoff = today.minusDays(RETAIN_DAYS);
                shifts.headMap(new ShiftKey(cutoff, Shift.DAY)).clear();
                counted.values().removeIf(k -> k.date().isBefore(cutoff));
                midnightCensus.keySet().removeIf(d -> d.isBefore(cutoff));
                ctx.changed(ward.id());
                scheduleMidnight();
            });
        }
    }

    @Override
    public void apply(Event e) {
        WardStaffing w = ward(e.unit());
        if (w == null) {
            return;
        }
        Payload.Staffing s = (Payload.Staffing) e.payload();
        StaffingShift shift = w.shift(new ShiftKey(LocalDate.parse(s.date()), s.shift()));
        if (shift.report(s, e.time())) {
            if (w.notReported.remove(shift.key)) {
                ctx.alerts().resolve(w.ward.id(), AlertKind.STAFFING_NOT_REPORTED, shift.key.toString(), ctx.now(),
                        "staffing report received");
            }
            judge(w, shift, ctx.now());
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
                ShiftKey watched = k;
                ctx.deadlines().schedule(missingFrom, t -> {
                    reportDue(w, watched, t);
                    watchReport(w, next(watched), t);
                });
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
        ctx.alerts().raise(w.ward.id(), AlertKind.STAFFING_NOT_REPORTED, AlertKind.STAFFING_NOT_REPORTED.defaultSeverity(),
                key.toString(), null, null, "no staffing report for the " + key.shift().name().toLowerCase(Locale.ROOT)
                        + " shift " + reportDueMillis / 60_000L + " min after it started: red flags 5 and 6 cannot be judged",
                now);
        ctx.deadlines().schedule(end, t -> {
            if (w.notReported.remove(key)) {
                ctx.alerts().resolve(w.ward.id(), AlertKind.STAFFING_NOT_REPORTED, key.toString(), t,
                        "shift ended without a staffing report");
                ctx.changed(w.ward.id());
            }
        });
        ctx.changed(w.ward.id());
    }

    /** Red flags 5 and 6 on the shift's latest report; before the shift starts, deferred to its start. */
    private void judge(WardStaffing w, StaffingShift shift, long now) {
        if (now < shift.start) {
            if (!shift.startCheckScheduled) {
                shift.startCheckScheduled = true;
                ctx.deadlines().schedule(shift.start, t -> judge(w, shift, t));
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
                    ctx.alerts().raise(w.ward.id(), AlertKind.STAFFING_RED_FLAG,
                            AlertKind.STAFFING_RED_FLAG.defaultSeverity(), subject, null, null, shift.detail(flag), now);
                }
            } else {
                ctx.alerts().resolve(w.ward.id(), AlertKind.STAFFING_RED_FLAG, subject, now, "staffing report cleared it");
            }
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
            ctx.alerts().raise(unit, AlertKind.STAFFING_RED_FLAG, AlertKind.STAFFING_RED_FLAG.defaultSeverity(),
                    shift.key + "/" + flag.name(), null, null, shift.detail(flag), now);
        }
    }

    /** A red flag is about its shift: when the shift is over, so is the alert (the count stays on the day). */
    private void shiftEnded(WardStaffing w, StaffingShift shift, long now) {
        for (SafeStaffingRedFlag flag : SafeStaffingRedFlag.values()) {
            ctx.alerts().resolve(w.ward.id(), AlertKind.STAFFING_RED_FLAG, shift.key + "/" + flag.name(), now,
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

    @Override
    public void snapshot(String unit, LocalDate today, JsonObject out) {
        if (!(ctx.unit(unit) instanceof Ward ward) || today.equals(LocalDate.MIN)) {
            return;
        }
        WardStaffing w = wards.get(unit);
        StaffingShift day = shift(w, ward, new ShiftKey(today, Shift.DAY));
        StaffingShift night = shift(w, ward, new ShiftKey(today, Shift.NIGHT));
        int patients = ctx.patientCount(unit);
        JsonObject byType = new JsonObject();
        int redFlags = 0;
        for (SafeStaffingRedFlag flag : SafeStaffingRedFlag.values()) {
            int n = day.redFlags(flag) + night.redFlags(flag);
            byType.put(flag.name(), n);
            redFlags += n;
        }
        ShiftKey current = ShiftKey.of(ward, ctx.now());
        JsonObject staffing = new JsonObject()
                .put("day", day.toJson())
                .put("night", night.toJson())
                .put("currentShift", new JsonObject().put("date", current.date().toString())
                        .put("shift", current.shift().name()))
                .put("chppd", chppd(day, night, patients))
                .put("chppdYesterday", yesterday(w, ward, today))
                .put("redFlagsToday", redFlags)
                .put("redFlagsTodayByType", byType);
        patientsPerRegisteredNurse(day, patients, staffing);
        // The day's red-flag count is a headline figure of its own (the wall tile, the executive ranking).
        out.put("staffing", staffing).put("redFlagsToday", redFlags)
                .put("staffingNotReported", w != null && w.notReported.contains(current));
    }

    /** The ward's shift, or an empty (unreported) one for the wall; the empty one is not kept. */
    private static StaffingShift shift(WardStaffing w, Ward ward, ShiftKey key) {
        StaffingShift s = w == null ? null : w.shifts.get(key);
        return s != null ? s : new StaffingShift(key, key.start(ward), key.end(ward));
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

    /** Yesterday's CHPPD on its 23:59 census, captured at local midnight. */
    private static Double yesterday(WardStaffing w, Ward ward, LocalDate today) {
        LocalDate date = today.minusDays(1);
        Integer census = w == null ? null : w.midnightCensus.get(date);
        if (census == null) {
            return null;
        }
        return chppd(shift(w, ward, new ShiftKey(date, Shift.DAY)), shift(w, ward, new ShiftKey(date, Shift.NIGHT)),
                census);
    }

    /**
     * Patients per registered nurse on today's day shift. NICE SG1: more than 8 (policy) patients per registered
     * nurse during the day is a signal to check for harm, not a red flag, so it is a snapshot warning only. With
     * no registered nurse on shift the ratio is undefined (null) and any patient at all is a warning.
     */
    private void patientsPerRegisteredNurse(StaffingShift day, int patients, JsonObject out) {
        if (!day.reported()) {
            out.putNull("patientsPerRegisteredNurseDay").put("patientsPerRegisteredNurseWarning", false);
            return;
        }
        int rns = day.registeredActual();
        out.put("patientsPerRegisteredNurseDay", rns == 0 ? null : Math.round(10.0 * patients / rns) / 10.0)
                .put("patientsPerRegisteredNurseWarning", patients > (long) maxPatientsPerRegisteredNurseDay * rns);
    }
}
