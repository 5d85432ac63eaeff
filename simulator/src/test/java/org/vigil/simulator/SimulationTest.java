package org.vigil.simulator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.events.Event;
import org.vigil.events.EventJson;
import org.vigil.events.EventParser;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.clinical.news2.News2;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulationTest {
    static final long START = Instant.parse("2026-03-10T06:00:00Z").toEpochMilli();
    static final long DAY = 86_400_000L;
    static Organisation org;
    /** Two simulated days from the demo organisation, seed 42: the first day warms up, the second is measured. */
    static List<Event> twoDays;
    static Stats stats;

    @BeforeAll
    static void simulate() throws Exception {
        org = OrganisationLoader.demo();
        Simulation sim = new Simulation(org, new Simulation.Options(42, START, 0.06));
        twoDays = new ArrayList<>();
        stats = new Stats(sim);
        for (long t = START + 3_600_000L; t <= START + 2 * DAY; t += 3_600_000L) {
            List<Event> hour = new ArrayList<>();
            sim.advanceTo(t, hour);
            twoDays.addAll(hour);
            stats.hour(t, hour);
        }
        System.out.println(stats);
    }

    @Test
    void sameSeedGivesTheSameStream() {
        Simulation a = new Simulation(org, new Simulation.Options(7, START, 0.05));
        Simulation b = new Simulation(org, new Simulation.Options(7, START, 0.05));
        List<Event> ea = new ArrayList<>();
        List<Event> eb = new ArrayList<>();
        a.advanceTo(START + DAY, ea);
        b.advanceTo(START + DAY, eb);
        assertTrue(ea.size() > 1000, "a day of events: " + ea.size());
        assertEquals(ea.size(), eb.size());
        for (int i = 0; i < ea.size(); i++) {
            assertEquals(EventJson.write(ea.get(i)), EventJson.write(eb.get(i)), "event " + i);
        }
        Simulation c = new Simulation(org, new Simulation.Options(8, START, 0.05));
        List<Event> ec = new ArrayList<>();
        c.advanceTo(START + DAY, ec);
        assertTrue(!EventJson.write(ec.get(ec.size() - 1)).equals(EventJson.write(ea.get(ea.size() - 1))));
    }

    @Test
    void everyEventPassesTheServersValidation() throws Exception {
        // The wall-clock parser, with its clock at the latest event: nothing is stamped in the future.
        long last = twoDays.get(twoDays.size() - 1).time();
        EventParser parser = new EventParser(org::exists, Clock.fixed(Instant.ofEpochMilli(last), ZoneOffset.UTC), true);
        Set<String> ids = new java.util.HashSet<>();
        long previous = Long.MIN_VALUE;
        for (Event e : twoDays) {
            Event back = parser.parse(EventJson.write(e).getBytes(StandardCharsets.UTF_8));
            assertEquals(e, back, "round trip");
            assertTrue(ids.add(e.id()), "unique id " + e.id());
            assertTrue(e.time() >= previous, "time order");
            previous = e.time();
        }
        Map<EventType, Integer> types = stats.types;
        for (EventType t : EventType.values()) {
            // the simulator moves patients by admission and discharge: no transfers, no PAS place updates (A08)
            if (!t.internal() && t != EventType.TRANSFER && t != EventType.PLACE_UPDATE) {
                assertTrue(types.getOrDefault(t, 0) > 0, "some " + t + " events: " + types);
            }
        }
    }

    @Test
    void occupancyStaysBetween85And100PerCent() {
        for (double o : stats.hourlyOccupancy) {
            assertTrue(o >= 0.85 && o <= 1.0, "hospital occupancy " + o);
        }
        stats.wardMeanOccupancy().forEach((ward, o) -> assertTrue(o >= 0.85 && o <= 1.0, ward + " mean occupancy " + o));
    }

    @Test
    void news2DistributionIsLikeAGeneralHospital() {
        double low = stats.news2Share(0, 2);
        double high = stats.news2Share(5, 20);
        assertTrue(low >= 0.70, "share of sets scoring 0–2: " + low);
        assertTrue(high >= 0.01, "share of sets scoring ≥5: " + high);
        assertTrue(high <= 0.10, "share of sets scoring ≥5: " + high);
    }

    @Test
    void dosesAreDueAtTheFourRoundsAndOmittedAtTheConfiguredRate() {
        Set<LocalTime> times = new TreeSet<>();
        int outcomes = 0, omitted = 0;
        for (Event e : twoDays) {
            if (e.payload() instanceof Payload.DoseScheduled) {
                Payload.DoseScheduled d = (Payload.DoseScheduled) e.payload();
                times.add(Instant.ofEpochMilli(d.dueAt()).atZone(ZoneId.of("Europe/London")).toLocalTime());
            } else if (e.payload() instanceof Payload.DoseOutcome) {
                outcomes++;
                if (((Payload.DoseOutcome) e.payload()).reason() != null) {
                    omitted++;
                }
            }
        }
        assertEquals(Set.of(LocalTime.of(8, 0), LocalTime.of(12, 0), LocalTime.of(18, 0), LocalTime.of(22, 0)), times);
        double rate = (double) omitted / outcomes;
        assertTrue(Math.abs(rate - 0.06) < 0.015, "omission rate " + rate + " of " + outcomes);
    }

    /** Figures over the second (measured) day. */
    static final class Stats {
        final Simulation sim;
        final Map<EventType, Integer> types = new HashMap<>();
        final List<Double> hourlyOccupancy = new ArrayList<>();
        final Map<String, double[]> wardOcc = new HashMap<>();
        final int[] news2 = new int[21];
        int hours;

        Stats(Simulation sim) {
            this.sim = sim;
        }

        void hour(long t, List<Event> events) {
            for (Event e : events) {
                types.merge(e.type(), 1, Integer::sum);
            }
            if (t <= START + DAY) {
                return;
            }
            hours++;
            for (Event e : events) {
                if (e.payload() instanceof Payload.Observation) {
                    news2[News2.score(((Payload.Observation) e.payload()).vitals()).total()]++;
                }
            }
            int occupied = 0, beds = 0;
            for (WardSim w : sim.wards()) {
                occupied += w.occupied();
                beds += w.beds();
                wardOcc.computeIfAbsent(w.id(), k -> new double[1])[0] += (double) w.occupied() / w.beds();
            }
            hourlyOccupancy.add((double) occupied / beds);
        }

        Map<String, Double> wardMeanOccupancy() {
            Map<String, Double> m = new TreeMapWrapper();
            wardOcc.forEach((k, v) -> m.put(k, v[0] / hours));
            return m;
        }

        double news2Share(int lo, int hi) {
            int n = 0, all = 0;
            for (int i = 0; i < news2.length; i++) {
                all += news2[i];
                if (i >= lo && i <= hi) {
                    n += news2[i];
                }
            }
            return (double) n / all;
        }

        @Override
        public String toString() {
            return "types " + types + "\nhospital occupancy by hour " + hourlyOccupancy + "\nward mean occupancy "
                    + wardMeanOccupancy() + "\nNEWS2 histogram " + java.util.Arrays.toString(news2)
                    + " 0–2: " + news2Share(0, 2) + " ≥5: " + news2Share(5, 20) + " ≥7: " + news2Share(7, 20);
        }
    }

    static final class TreeMapWrapper extends java.util.TreeMap<String, Double> {
    }
}
