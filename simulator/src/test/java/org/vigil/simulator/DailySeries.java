package org.vigil.simulator;

import org.vigil.events.DoseResult;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.OmissionReason;
import org.vigil.events.Payload;
import org.vigil.events.Shift;
import org.vigil.clinical.news2.News2;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.Ward;
import org.vigil.organisation.ShiftKey;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The daily series of docs/demo.md ("How the stories are measured"), computed from a stream of events by their plain
 * definitions, independently of the simulator's plan: a day is the ward's local date (Europe/London).
 */
final class DailySeries {
    private record DayKey(String ward, LocalDate date) {}

    private record Report(int planned, int actual) {}

    private record Dose(String ward, String patient, long dueAt) {}

    private final Organisation org;
    private final Map<DayKey, Report> dayShift = new HashMap<>();
    private final Map<DayKey, Integer> redFlags = new HashMap<>();
    private final Map<String, Dose> criticalDoses = new HashMap<>();
    private final Map<String, Payload.DoseOutcome> outcomes = new HashMap<>();
    private final Map<String, Long> discharged = new HashMap<>();
    private final Map<DayKey, Set<String>> news2AtLeast5 = new HashMap<>();

    DailySeries(Organisation org) {
        this.org = org;
    }

    void add(Event e) {
        if (!(org.unit(e.unit()) instanceof Ward ward)) {
            return;
        }
        Payload payload = e.payload();
        if (payload instanceof Payload.Staffing s) {
            staffing(ward, s);
        } else if (payload instanceof Payload.DoseScheduled d && d.critical()) {
            criticalDoses.put(d.doseId(), new Dose(ward.id(), d.patient(), d.dueAt()));
        } else if (payload instanceof Payload.DoseOutcome o) {
            outcomes.put(o.doseId(), o);
        } else if (payload instanceof Payload.Movement m && e.type() == EventType.DISCHARGE) {
            discharged.put(m.patient(), e.time());
        } else if (payload instanceof Payload.Observation o && News2.score(o.vitals()).total() >= 5) {
            news2AtLeast5.computeIfAbsent(new DayKey(ward.id(), date(ward, e.time())), k -> new HashSet<>()).add(o.patient());
        }
    }

    /**
     * NICE SG1 red flags 5 and 6 per shift (reference/staffing.md): registered nurse hours short by more than 8 hours
     * or more than 25 % of the planned hours, and fewer than 2 registered nurses; hours are heads × the shift's length.
     */
    private void staffing(Ward ward, Payload.Staffing s) {
        LocalDate date = LocalDate.parse(s.date());
        DayKey key = new DayKey(ward.id(), date);
        if (s.shift() == Shift.DAY) {
            dayShift.put(key, new Report(s.registeredPlanned(), s.registeredActual()));
        }
        long minutes = new ShiftKey(date, s.shift()).minutes(ward);
        long planned = s.registeredPlanned() * minutes;
        long shortfall = planned - s.registeredActual() * minutes;
        int flags = (shortfall > 8 * 60 || 4 * shortfall > planned ? 1 : 0) + (s.registeredActual() < 2 ? 1 : 0);
        redFlags.merge(key, flags, Integer::sum);
    }

    /** Registered nurse day-shift fill rate, per cent: actual hours ÷ planned hours (heads × the same length). */
    double fillRateDay(String ward, LocalDate date) {
        Report r = dayShift.get(new DayKey(ward, date));
        return r == null ? Double.NaN : 100.0 * r.actual() / r.planned();
    }

    int redFlags(String ward, LocalDate date) {
        return redFlags.getOrDefault(new DayKey(ward, date), 0);
    }

    /**
     * Critical doses due on the date (local date of dueAt) that were missed: omitted NOT_AVAILABLE or NO_REASON (or
     * omitted with no reason), or with no outcome at all while the patient was still on the ward at the due time. A
     * dose given late is delayed, not missed.
     */
    int missedCriticalDoses(String ward, LocalDate date) {
        Ward w = (Ward) org.unit(ward);
        int n = 0;
        for (Map.Entry<String, Dose> e : criticalDoses.entrySet()) {
            Dose d = e.getValue();
            if (!d.ward().equals(ward) || !date(w, d.dueAt()).equals(date)) {
                continue;
            }
            Payload.DoseOutcome o = outcomes.get(e.getKey());
            Long gone = discharged.get(d.patient());
            boolean missed = o == null ? gone == null || gone >= d.dueAt()
                    : o.outcome() == DoseResult.OMITTED && (o.reason() == null || o.reason() == OmissionReason.NOT_AVAILABLE
                    || o.reason() == OmissionReason.NO_REASON);
            if (missed) {
                n++;
            }
        }
        return n;
    }

    /** Distinct patients with at least one set of observations scoring NEWS2 5 or more on the date. */
    int patientsWithNews2AtLeast5(String ward, LocalDate date) {
        Set<String> s = news2AtLeast5.get(new DayKey(ward, date));
        return s == null ? 0 : s.size();
    }

    private static LocalDate date(Ward ward, long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(ward.zone()).toLocalDate();
    }
}
