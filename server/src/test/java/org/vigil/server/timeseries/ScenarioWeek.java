package org.vigil.server.timeseries;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.time.zone.ZoneOffsetTransition;

/**
 * The week the InfluxDB tests' events happen in: the latest Monday to Saturday, at least a week past, that Europe/London
 * spends wholly on GMT. InfluxDB refuses points older than the writer's retention (400 days), so fixed dates would
 * fail these tests once they were that old; a week that follows the real date keeps them younger (at most about
 * seven months, the summer). Whole weeks keep the weekdays, and GMT keeps each local day the UTC day the scenarios
 * and their assertions assume.
 */
public final class ScenarioWeek {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    /** The week's Monday at its local midnight (which on GMT is 00:00 UTC). */
    public static Instant monday(Clock clock) {
        LocalDate monday = LocalDate.now(clock).minusWeeks(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        while (!onGmt(monday)) {
            monday = monday.minusWeeks(1);
        }
        return monday.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The week's Monday, on the real date. */
    public static Instant monday() {
        return monday(Clock.systemUTC());
    }

    /** Monday 00:00 to Saturday 00:00 at offset zero, with no change of offset in between. */
    private static boolean onGmt(LocalDate monday) {
        Instant from = monday.atStartOfDay(ZoneOffset.UTC).toInstant();
        ZoneOffsetTransition next = LONDON.getRules().nextTransition(from);
        return LONDON.getRules().getOffset(from).equals(ZoneOffset.UTC)
                && (next == null || !next.getInstant().isBefore(from.plus(Duration.ofDays(5))));
    }

    private ScenarioWeek() {
    }
}
