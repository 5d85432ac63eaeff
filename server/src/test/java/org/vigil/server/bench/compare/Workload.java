package org.vigil.server.bench.compare;

import org.vigil.events.Consciousness;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.events.Vitals;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.Ward;
import org.vigil.organisation.ShiftKey;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One deterministic event stream for both rule engines: admissions, then observation sets (most patients stable,
 * a few drifting into MEDIUM and HIGH and back) and a staffing report per ward every simulated hour, some short of
 * registered nurses. Event time advances {@code millisPerEvent} per event, so the observation schedule's deadlines
 * (OBSERVATIONS_OVERDUE) and shift ends really fire during the run. All values are whole numbers (temperature to
 * one decimal), so NEWS2's half-up rounding never decides a band in either engine.
 */
final class Workload {
    static final long START = Instant.parse("2026-03-02T08:00:00Z").toEpochMilli();

    private Workload() {
    }

    static List<Event> stream(Organisation org, int patients, int observations, long millisPerEvent, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Ward> wards = org.wards();
        List<Event> out = new ArrayList<>(patients + observations + observations / 100);
        long t = START;
        long id = 0;
        for (int p = 0; p < patients; p++) {
            Ward w = wards.get(p % wards.size());
            out.add(new Event("a" + (id++), EventType.ADMISSION, t, w.id(),
                    new Payload.Movement("P" + p, "B" + p, 40 + p % 50)));
            t += 1;
        }
        long nextStaffing = t;
        for (int i = 0; i < observations; i++) {
            t += millisPerEvent;
            if (t >= nextStaffing) {
                for (Ward w : wards) {
                    ShiftKey k = ShiftKey.of(w, t);
                    int planned = 3 + rnd.nextInt(4);
                    int actual = Math.max(0, planned - rnd.nextInt(3)); // 0, 1 or 2 short: some red flags 5 and 6
                    out.add(new Event("s" + (id++), EventType.STAFFING, t, w.id(),
                            new Payload.Staffing(k.date().toString(), k.shift(), planned, actual, 2, 2)));
                }
                nextStaffing = t + 3_600_000L;
            }
            int p = rnd.nextInt(patients);
            Ward w = wards.get(p % wards.size());
            out.add(new Event("o" + (id++), EventType.OBSERVATION, t, w.id(),
                    new Payload.Observation("P" + p, vitals(rnd, p))));
        }
        return out;
    }

    /** 85 % normal, 8 % one parameter at 3, 4 % MEDIUM, 3 % HIGH — a ward where a few patients need attention. */
    static Vitals vitals(SplittableRandom rnd, int patient) {
        int r = rnd.nextInt(100);
        if (r < 85) {
            return new Vitals(14 + rnd.nextInt(6), 96 + rnd.nextInt(4), 1, false, 115 + rnd.nextInt(60),
                    60 + rnd.nextInt(30), Consciousness.A, 36.5 + rnd.nextInt(10) / 10.0);
        }
        if (r < 93) {
            return new Vitals(16, 97, 1, false, 125, 72, Consciousness.C, 37.0);
        }
        if (r < 97) {
            return new Vitals(22, 97, 1, false, 105, 100, Consciousness.A, 38.5);
        }
        return new Vitals(22 + rnd.nextInt(5), 90 + rnd.nextInt(4), 1, true, 95 + rnd.nextInt(10),
                112 + rnd.nextInt(20), Consciousness.A, 38.6);
    }

    /** The shift a staffing report is about, on its ward: [start, end) in epoch millis and its length in minutes. */
    static long[] shiftBounds(Organisation org, Event e) {
        Ward w = (Ward) org.unit(e.unit());
        Payload.Staffing s = (Payload.Staffing) e.payload();
        ShiftKey k = new ShiftKey(LocalDate.parse(s.date()), s.shift());
        return new long[]{k.start(w), k.end(w), k.minutes(w)};
    }

    static String shiftSubject(Payload.Staffing s, String flag) {
        return new ShiftKey(LocalDate.parse(s.date()), s.shift()) + "/" + flag;
    }
}
