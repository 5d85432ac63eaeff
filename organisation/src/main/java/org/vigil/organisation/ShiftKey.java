package org.vigil.organisation;

import org.vigil.events.Shift;
import org.vigil.organisation.Ward;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;

/**
 * One shift of a ward's roster: the day shift of a date runs from the ward's day start to its night start; the
 * night shift of a date from its night start to the next date's day start. Times are local to the ward and
 * DST-correct, so the night the clocks go back is 13 hours long on a 07:30/19:30 ward and the night they go
 * forward 11 (the hours nurses actually work, which CHPPD counts).
 */
public record ShiftKey(LocalDate date, Shift shift) implements Comparable<ShiftKey> {

    /**
     * The shift an instant falls in: local time in [dayStart, nightStart) is that date's DAY; from nightStart on,
     * that date's NIGHT; before dayStart, the previous date's NIGHT. The organisation loader guarantees
     * nightStart is after dayStart.
     */
    public static ShiftKey of(Ward ward, long epochMillis) {
        ZonedDateTime t = Instant.ofEpochMilli(epochMillis).atZone(ward.zone());
        LocalTime local = t.toLocalTime();
        LocalDate date = t.toLocalDate();
        if (local.isBefore(ward.dayStart())) {
            return new ShiftKey(date.minusDays(1), Shift.NIGHT);
        }
        return new ShiftKey(date, local.isBefore(ward.nightStart()) ? Shift.DAY : Shift.NIGHT);
    }

    /** When the shift starts, epoch milliseconds. */
    public long start(Ward ward) {
        return at(ward, date, shift == Shift.DAY ? ward.dayStart() : ward.nightStart());
    }

    /** When the shift ends (the next shift's start), epoch milliseconds. */
    public long end(Ward ward) {
        return shift == Shift.DAY ? at(ward, date, ward.nightStart()) : at(ward, date.plusDays(1), ward.dayStart());
    }

    /** The shift's length in whole minutes (shift times are whole minutes). */
    public long minutes(Ward ward) {
        return (end(ward) - start(ward)) / 60_000L;
    }

    private static long at(Ward ward, LocalDate date, LocalTime time) {
        // A start time inside a DST gap moves forward by the gap, as ZonedDateTime.of does.
        return ZonedDateTime.of(date, time, ward.zone()).toInstant().toEpochMilli();
    }

    @Override
    public int compareTo(ShiftKey o) {
        int c = date.compareTo(o.date);
        return c != 0 ? c : shift.compareTo(o.shift);
    }

    /** "2026-11-23/DAY": the prefix of the shift's red-flag alert subjects. */
    @Override
    public String toString() {
        return date + "/" + shift.name();
    }
}
