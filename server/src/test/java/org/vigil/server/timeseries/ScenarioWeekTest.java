package org.vigil.server.timeseries;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioWeekTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    /**
     * Whatever the real date (each day of six years, both clock changes included), the InfluxDB tests' week is past,
     * a Monday-to-Saturday on GMT, and young enough for the writer's 400-day retention with months to spare.
     */
    @Test
    void theWeekIsPastOnGmtAndWithinTheRetentionOnAnyDate() {
        Instant first = Instant.parse("2026-12-02T12:00:00Z");
        for (int day = 0; day < 6 * 366; day++) {
            Instant now = first.plus(Duration.ofDays(day));
            Instant monday = ScenarioWeek.monday(Clock.fixed(now, ZoneOffset.UTC));
            Instant saturday = monday.plus(Duration.ofDays(5));
            assertEquals(DayOfWeek.MONDAY, monday.atZone(LONDON).getDayOfWeek(), now.toString());
            assertEquals(0, monday.atZone(LONDON).getHour(), "local midnight, " + now);
            assertEquals(ZoneOffset.UTC, LONDON.getRules().getOffset(monday), now.toString());
            assertEquals(ZoneOffset.UTC, LONDON.getRules().getOffset(saturday), now.toString());
            assertTrue(!saturday.isAfter(now), "past: " + monday + " on " + now);
            assertTrue(monday.isAfter(now.minus(Duration.ofDays(300))), "young: " + monday + " on " + now);
        }
    }
}
