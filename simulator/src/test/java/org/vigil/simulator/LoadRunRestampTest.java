package org.vigil.simulator;

import org.junit.jupiter.api.Test;
import org.vigil.events.Event;
import org.vigil.events.EventJson;
import org.vigil.events.EventParser;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.events.Shift;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Load mode sends the simulation's events stamped with the wall clock. The simulation runs ahead of that clock (at
 * 10,000 events/s a minute covers weeks of a region), so anything dated within an event must move with its stamp:
 * a roster dated by the simulation was refused by the server ("more than 42 days after the event's time"), and with
 * it the whole batch, about 5 % of the probe's background load at 10,000/s.
 */
class LoadRunRestampTest {
    private static final Instant WALL = Instant.parse("2026-12-02T16:30:00Z");
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    @Test
    void aRosterKeepsItsDistanceInDaysToItsEvent() {
        Event roster = new Event("r-1", EventType.STAFFING, Instant.parse("2027-03-10T21:00:00Z").toEpochMilli(),
                "RVT-W12", new Payload.Staffing("2027-03-11", Shift.DAY, 5, 4, 3, 3));
        Payload.Staffing restamped = restamped(roster);
        assertEquals("2026-12-03", restamped.date(), "the next day's roster stays the next day's");
        assertEquals(new Payload.Staffing("2026-12-03", Shift.DAY, 5, 4, 3, 3), restamped, "the rest unchanged");
    }

    /**
     * In British Summer Time 23:30 UTC is half past midnight on the ward: a roster for that local day is today's,
     * and stays today's. Counted in UTC days it became tomorrow's (found by review).
     */
    @Test
    void daysAreTheWardsLocalDays() {
        Event roster = new Event("r-2", EventType.STAFFING, Instant.parse("2027-06-10T23:30:00Z").toEpochMilli(),
                "RVT-W12", new Payload.Staffing("2027-06-11", Shift.DAY, 5, 4, 3, 3));
        assertEquals("2026-12-02", restamped(roster).date());
    }

    private static Payload.Staffing restamped(Event roster) {
        return (Payload.Staffing) LoadRun.restamp(List.of(roster), WALL.toEpochMilli(), LONDON).get(0).payload();
    }

    /**
     * Sixty simulated days from the wall clock's instant, as a load run starts, every event stamped with that one
     * instant (a fast load run's minute): the server's parser takes each one.
     */
    @Test
    void weeksOfSimulationRestampedAreAllAcceptedByTheServersParser() throws Exception {
        Organisation org = OrganisationLoader.demo();
        long start = WALL.toEpochMilli();
        Simulation sim = new Simulation(org, new Simulation.Options(7, start, 0.05));
        EventParser parser = new EventParser(org::exists, Clock.fixed(WALL, ZoneOffset.UTC), true);
        List<Event> day = new ArrayList<>();
        int rosters = 0;
        long latestRoster = Long.MIN_VALUE;
        for (int d = 1; d <= 60; d++) {
            day.clear();
            sim.advanceTo(start + d * 86_400_000L, day);
            for (Event e : LoadRun.restamp(day, WALL.toEpochMilli(), org.zone())) {
                Event parsed = parser.parse(EventJson.write(e).getBytes(StandardCharsets.UTF_8));
                if (parsed.payload() instanceof Payload.Staffing s) {
                    rosters++;
                    latestRoster = Math.max(latestRoster, LocalDate.parse(s.date()).toEpochDay());
                }
            }
        }
        assertTrue(rosters > 60, "rosters sent: " + rosters);
        assertTrue(latestRoster <= LocalDate.ofInstant(WALL, org.zone()).plusDays(1).toEpochDay(),
                "a roster is for the wall clock's day or the next, not the simulation's");
    }
}
