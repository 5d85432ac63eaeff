package org.vigil.server.staffing;

import org.vigil.events.Payload;
import org.vigil.organisation.ShiftKey;
import org.vigil.server.kernel.SnapshotIn;
import org.vigil.server.kernel.SnapshotOut;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One ward's staffing for one shift of one date: the latest report by event time (rostering exports are resent
 * and corrected, so a later report replaces an earlier one and an older one arriving late is ignored), and the
 * red flags counted against the shift. Hours are heads × the shift's length in minutes, kept in whole minutes so
 * the NICE thresholds compare exactly. Engine thread only.
 */
final class StaffingShift {
    /** NICE SG1 (2014) red flag 5: a shortfall of more than 8 hours of registered nurse time ... */
    static final long RN_SHORTFALL_MINUTES = 8 * 60;
    /** ... or of more than 25 % (1 in 4) of the planned registered nurse time, whichever is reached first. */
    static final int RN_SHORTFALL_DIVISOR = 4;
    /** NICE SG1 (2014) red flag 6: fewer than 2 registered nurses present on a ward during any shift. */
    static final int MIN_REGISTERED_NURSES = 2;

    final String ward;
    final ShiftKey key;
    final long start;
    final long end;
    final long minutes;
    private final int[] redFlags = new int[SafeStaffingRedFlag.values().length];
    private boolean reported;
    private long reportedAt = Long.MIN_VALUE;
    private int registeredPlanned;
    private int registeredActual;
    private int unregisteredPlanned;
    private int unregisteredActual;
    boolean startCheckScheduled;

    StaffingShift(String ward, ShiftKey key, long start, long end) {
        this.ward = ward;
        this.key = key;
        this.start = start;
        this.end = end;
        this.minutes = (end - start) / 60_000L;
    }

    /** For a snapshot: the report and the red flags counted (the key, start and end are the ward's). */
    void write(SnapshotOut out) {
        out.writeCount(redFlags.length);
        for (int n : redFlags) {
            out.writeInt(n);
        }
        out.writeBoolean(reported);
        out.writeLong(reportedAt);
        out.writeInt(registeredPlanned);
        out.writeInt(registeredActual);
        out.writeInt(unregisteredPlanned);
        out.writeInt(unregisteredActual);
        out.writeBoolean(startCheckScheduled);
    }

    void read(SnapshotIn in) {
        int n = in.readCount();
        if (n != redFlags.length) {
            throw new SnapshotIn.Corrupt(n + " red flag kinds in the snapshot, " + redFlags.length + " here");
        }
        for (int i = 0; i < n; i++) {
            redFlags[i] = in.readInt();
        }
        reported = in.readBoolean();
        reportedAt = in.readLong();
        registeredPlanned = in.readInt();
        registeredActual = in.readInt();
        unregisteredPlanned = in.readInt();
        unregisteredActual = in.readInt();
        startCheckScheduled = in.readBoolean();
    }

    /** Takes the report unless a later one (by event time) is already held; returns whether it was taken. */
    boolean report(Payload.Staffing s, long at) {
        if (at < reportedAt) {
            return false;
        }
        reported = true;
        reportedAt = at;
        registeredPlanned = s.registeredPlanned();
        registeredActual = s.registeredActual();
        unregisteredPlanned = s.unregisteredPlanned();
        unregisteredActual = s.unregisteredActual();
        return true;
    }

    boolean reported() {
        return reported;
    }

    /**
     * Minutes the shift's latest report plans and records (all zero before one): registered nurses planned and
     * worked, and every nurse worked (the numerator of CHPPD).
     */
    record Hours(boolean reported, long registeredPlanned, long registeredActual, long care) {}

    Hours hours() {
        return new Hours(reported, registeredPlanned * minutes, registeredActual * minutes, careMinutes());
    }

    int registeredActual() {
        return registeredActual;
    }

    /** Registered plus unregistered nursing hours worked, in minutes (the numerator of CHPPD). */
    long careMinutes() {
        return (long) (registeredActual + unregisteredActual) * minutes;
    }

    /**
     * NICE SG1 red flag 5: planned registered nurse time minus actual is more than 8 hours or more than 25 % of
     * the planned time. Strictly more: NICE's worked examples flag a 40-hour requirement below 32 hours (exactly
     * 8 short is not a flag) and a 15-hour requirement at 11 hours or less (3.75 is 25 %; 4 short is a flag).
     */
    boolean rnShortfall() {
        long planned = registeredPlanned * minutes;
        long shortfall = planned - registeredActual * minutes;
        return reported && (shortfall > RN_SHORTFALL_MINUTES || RN_SHORTFALL_DIVISOR * shortfall > planned);
    }

    /** NICE SG1 red flag 6: fewer than 2 registered nurses on the shift (actual heads). */
    boolean fewerThanTwoRns() {
        return reported && registeredActual < MIN_REGISTERED_NURSES;
    }

    String detail(SafeStaffingRedFlag flag) {
        return switch (flag) {
            case RN_SHORTFALL -> flag.description() + ": " + hours(registeredActual * minutes) + " of "
                    + hours(registeredPlanned * minutes) + " planned registered nurse hours";
            case FEWER_THAN_TWO_RNS -> flag.description() + ": " + registeredActual + " on shift ("
                    + registeredPlanned + " planned)";
            case UNPLANNED_MEDICINE_OMISSION, VITAL_SIGNS_NOT_RECORDED ->
                    flag.description() + ": " + redFlags[flag.ordinal()] + " this shift";
        };
    }

    void countRedFlag(SafeStaffingRedFlag flag) {
        redFlags[flag.ordinal()]++;
    }

    void uncountRedFlag(SafeStaffingRedFlag flag) {
        redFlags[flag.ordinal()]--;
    }

    int redFlags(SafeStaffingRedFlag flag) {
        return redFlags[flag.ordinal()];
    }

    /** The shift's figures for the wall; heads, hours and fill rates are null until a report arrives. */
    ShiftSummary summary() {
        int flags = 0;
        for (int n : redFlags) {
            flags += n;
        }
        if (!reported) {
            return new ShiftSummary(key.date(), key.shift(), hoursValue(minutes), false, null, null, null, null,
                    null, null, null, null, null, null, flags);
        }
        return new ShiftSummary(key.date(), key.shift(), hoursValue(minutes), true, registeredPlanned,
                registeredActual, unregisteredPlanned, unregisteredActual, hoursValue(registeredPlanned * minutes),
                hoursValue(registeredActual * minutes), hoursValue(unregisteredPlanned * minutes),
                hoursValue(unregisteredActual * minutes), fillRate(registeredActual, registeredPlanned),
                fillRate(unregisteredActual, unregisteredPlanned), flags);
    }

    /**
     * Safer Staffing fill rate: actual hours ÷ planned hours as a percentage (one decimal); above 100 % when more
     * staff worked than planned; null when nothing was planned (no rate to speak of). Both hours are heads × the
     * same shift length, so the ratio of heads is the ratio of hours.
     */
    static Double fillRate(int actual, int planned) {
        return planned == 0 ? null : Math.round(1000.0 * actual / planned) / 10.0;
    }

    static double hoursValue(long minutes) {
        return Math.round(100.0 * minutes / 60.0) / 100.0;
    }

    /** Hours for an alert's text: "48", "7.5". */
    static String hours(long minutes) {
        return BigDecimal.valueOf(minutes).divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
    }
}
