package org.vigil.simulator;

import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.clinical.news2.MonitoringFrequency;
import org.vigil.organisation.CareHome;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.Policies;
import org.vigil.organisation.Unit;
import org.vigil.organisation.Ward;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Every ward and care home of an organisation, living simulated days: a deterministic discrete-event
 * simulation. One seeded random source and an agenda ordered by (time, scheduling order) make the stream a pure
 * function of (organisation, seed, start, omission rate); the sender only decides how fast it is replayed.
 */
public final class Simulation {
    /**
     * @param omissionRate share of scheduled doses recorded as OMITTED (with a reason)
     * @param today        the local date the history leads up to, from which the scripted stories are dated
     *                     ({@link Stories}); null for none
     */
    public record Options(long seed, long startMillis, double omissionRate, LocalDate today) {
        public Options {
            if (omissionRate < 0 || omissionRate > 1) {
                throw new IllegalArgumentException("omission rate must be from 0 to 1");
            }
        }

        /** Without scripted stories. */
        public Options(long seed, long startMillis, double omissionRate) {
            this(seed, startMillis, omissionRate, null);
        }
    }

    static final long MINUTE = 60_000L, HOUR = 3_600_000L, DAY = 24 * HOUR;

    final Organisation org;
    final Options options;
    final SplittableRandom random;
    final Scheduler clock;
    final MonitoringFrequency frequency;
    final Stories stories;
    private final String tag;
    private final List<Event> out = new ArrayList<>();
    private final List<WardSim> wards = new ArrayList<>();
    private final List<CareHomeSim> homes = new ArrayList<>();
    private long eventSeq, patientSeq, doseSeq;

    public Simulation(Organisation org, Options options) {
        this.org = org;
        this.options = options;
        this.random = new SplittableRandom(options.seed());
        this.stories = new Stories(options.today());
        this.clock = new Scheduler(options.startMillis());
        this.frequency = org.policies().observations().frequency();
        // Ids carry the seed and the start minute, so a second run (or a restarted demo) never collides with
        // the first in the server's idempotency window.
        this.tag = Long.toString(Math.abs(options.seed()) % 1_000_000, 36) + Long.toString(options.startMillis() / MINUTE, 36);
        for (Unit u : org.units()) {
            if (u instanceof Ward) {
                wards.add(new WardSim(this, (Ward) u));
            } else {
                homes.add(new CareHomeSim(this, (CareHome) u));
            }
        }
        for (WardSim w : wards) {
            w.start();
        }
        for (CareHomeSim h : homes) {
            h.start();
        }
        // The starting census carries some history (admissions, last observations, completed assessments),
        // stamped when it happened: put it in time order ahead of everything simulated from the start.
        out.sort(java.util.Comparator.comparingLong(Event::time));
    }

    /** The simulated present. */
    public long now() {
        return clock.now();
    }

    /** Time of the next scheduled event-producing action. */
    public long nextTime() {
        return clock.next();
    }

    /**
     * Runs the simulation up to and including {@code until}, adding the events produced (in time order) to
     * {@code sink}.
     */
    public void advanceTo(long until, List<Event> sink) {
        // the starting census was emitted before any action ran: it goes out first, even if nothing is due yet
        sink.addAll(out);
        out.clear();
        while (clock.runOne(until)) {
            sink.addAll(out);
            out.clear();
        }
        clock.advanceClock(until);
    }

    /** At least {@code n} more events (a load run pulls events this way, regardless of simulated time). */
    public void nextEvents(int n, List<Event> sink) {
        int before = sink.size();
        while (sink.size() - before < n) {
            if (!clock.runOne(Long.MAX_VALUE)) {
                throw new IllegalStateException("the simulation ran out of things to do");
            }
            sink.addAll(out);
            out.clear();
        }
    }

    public List<WardSim> wards() {
        return wards;
    }

    public List<CareHomeSim> careHomes() {
        return homes;
    }

    // ------------------------------------------------------------------ used by the unit simulations

    void emit(String unit, EventType type, Payload payload) {
        emitAt(clock.now(), unit, type, payload);
    }

    /** An event stamped earlier than now: only for the starting census's history, built before the first action. */
    void emitAt(long time, String unit, EventType type, Payload payload) {
        out.add(new Event("sim-" + tag + "-" + Long.toString(eventSeq++, 36), type, Math.min(time, clock.now()), unit, payload));
    }

    String newPatientId() {
        return "p-" + tag + "-" + Long.toString(patientSeq++, 36);
    }

    String newDoseId() {
        return "d-" + tag + "-" + Long.toString(doseSeq++, 36);
    }

    double uniform(double lo, double hi) {
        return lo + random.nextDouble() * (hi - lo);
    }

    long uniformMillis(double loMinutes, double hiMinutes) {
        return (long) (uniform(loMinutes, hiMinutes) * MINUTE);
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** The first instant strictly after {@code after} whose local time in {@code zone} is {@code at} (DST-correct). */
    static long nextLocal(long after, ZoneId zone, LocalTime at) {
        ZonedDateTime t = ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(after), zone);
        ZonedDateTime candidate = t.toLocalDate().atTime(at).atZone(zone);
        while (!candidate.toInstant().isAfter(t.toInstant())) {
            candidate = candidate.toLocalDate().plusDays(1).atTime(at).atZone(zone);
        }
        return candidate.toInstant().toEpochMilli();
    }

    static int localHour(long t, ZoneId zone) {
        return ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(t), zone).getHour();
    }
}
