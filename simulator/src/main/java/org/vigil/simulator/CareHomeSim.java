package org.vigil.simulator;

import org.vigil.events.AssessmentKind;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.events.ResidentDischargeReason;
import org.vigil.events.SoftSign;
import org.vigil.events.Vitals;
import org.vigil.clinical.news2.News2;
import org.vigil.clinical.news2.News2Score;
import org.vigil.organisation.CareHome;
import org.vigil.organisation.Policies;
import org.vigil.clinical.restore2.Restore2Escalation;
import org.vigil.clinical.restore2.Restore2Level;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.vigil.simulator.Simulation.DAY;
import static org.vigil.simulator.Simulation.HOUR;
import static org.vigil.simulator.Simulation.MINUTE;

/**
 * One care home: long-stay residents with a recorded baseline NEWS2, routine sets at the policy interval, and episodes of illness
 * (chest or urinary infection, a fall, delirium) that show first as RESTORE2 soft signs, then as observations
 * repeated at the interval the escalation level asks for (reference/restore2.md); at the top level the resident
 * goes to hospital.
 */
public final class CareHomeSim {
    private final class Resident {
        final String id;
        final int age;
        final String room;
        final Physiology body;
        List<SoftSign> signs = List.of();
        boolean here = true;
        int generation;
        Integer baseline;

        Resident(String id, int age, String room, Physiology body) {
            this.id = id;
            this.age = age;
            this.room = room;
            this.body = body;
        }
    }

    private static final List<List<SoftSign>> PRESENTATIONS = List.of(
            List.of(SoftSign.SHORTNESS_OF_BREATH, SoftSign.INCREASED_TIREDNESS, SoftSign.NOT_EATING_OR_DRINKING),
            List.of(SoftSign.MORE_CONFUSED_OR_DROWSY, SoftSign.URINE_OR_BOWEL_CHANGE, SoftSign.RESTLESS),
            List.of(SoftSign.REDUCED_MOBILITY_OR_FALLS, SoftSign.NEW_OR_WORSE_PAIN),
            List.of(SoftSign.SEEMS_DIFFERENT, SoftSign.WITHDRAWN_OR_DISTRESSED, SoftSign.SKIN_COLOUR_CHANGE));

    private final Simulation sim;
    final CareHome home;
    private final Restore2Escalation escalation;
    private final TreeSet<String> freeRooms = new TreeSet<>();
    private final Map<String, Resident> residents = new LinkedHashMap<>();

    CareHomeSim(Simulation sim, CareHome home) {
        this.sim = sim;
        this.home = home;
        this.escalation = new Restore2Escalation(sim.org.policies().restore2());
        for (int i = 1; i <= home.beds(); i++) {
            freeRooms.add(String.format("R%02d", i));
        }
    }

    public String id() {
        return home.id();
    }

    public int occupied() {
        return residents.size();
    }

    void start() {
        int initial = (int) Math.round(home.beds() * sim.uniform(0.88, 0.96));
        for (int i = 0; i < initial; i++) {
            arrive(sim.uniformMillis(5, 10 * 60));
        }
    }

    private void arrive(long baselineDelay) {
        int age = (int) Math.round(Math.max(65, Math.min(104, 85 + 7 * sim.random.nextGaussian())));
        String room = freeRooms.pollFirst();
        Resident r = new Resident(sim.newPatientId(), age, room, Physiology.baseline(sim.random, age, 0.1));
        residents.put(r.id, r);
        sim.emit(home.id(), EventType.ADMISSION, new Payload.Movement(r.id, room, age));
        if (home.nursing()) {
            pressureUlcerAssessment(r);
        }
        // The resident's "normal" NEWS2, taken while well, against which later sets are judged (RESTORE2).
        later(r, baselineDelay, () -> {
            Vitals v = r.body.observe(sim.random, sim.clock.now());
            r.baseline = News2.score(v).total();
            restore2(r, List.of(), v, true);
            scheduleSet(r, repeatDelay(escalation.advise(News2.score(v), null, false).repeatMinutes()));
        });
        scheduleIllness(r);
    }

    /**
     * A care home with nursing assesses pressure ulcer risk on admission (NICE QS89 statement 1: within 6 hours, the
     * window the server holds it to, policies.assessments.PRESSURE_ULCER); most on time, a few late.
     */
    private void pressureUlcerAssessment(Resident r) {
        Policies.AssessmentPolicy policy = sim.org.policies().assessments().get(AssessmentKind.PRESSURE_ULCER);
        if (policy == null) {
            return;
        }
        double due = policy.dueHours() * 60.0;
        long delay = sim.chance(0.93) ? sim.uniformMillis(0.1 * due, 0.9 * due) : sim.uniformMillis(1.05 * due, 2 * due);
        later(r, delay, () -> sim.emit(home.id(), EventType.ASSESSMENT,
                new Payload.Assessment(r.id, AssessmentKind.PRESSURE_ULCER, true)));
    }

    private void scheduleIllness(Resident r) {
        // About one episode per resident per month (care-home residents: frequent infections and falls).
        long onset = (long) (-Math.log(1 - sim.random.nextDouble()) * 30 * DAY);
        later(r, onset, () -> {
            if (r.body.episode != null && r.body.episode.end() > sim.clock.now()) {
                scheduleIllness(r);
                return;
            }
            int presentation = sim.random.nextInt(PRESENTATIONS.size());
            Physiology.Kind kind = presentation == 0 ? Physiology.Kind.RESPIRATORY
                    : presentation == 1 ? (sim.chance(0.5) ? Physiology.Kind.SEPSIS : Physiology.Kind.DELIRIUM)
                    : presentation == 2 ? Physiology.Kind.CARDIAC : Physiology.Kind.SEPSIS;
            Physiology.Episode e = Physiology.episode(sim.random, sim.clock.now(), kind);
            r.body.episode = e;
            List<SoftSign> all = PRESENTATIONS.get(presentation);
            r.signs = all.subList(0, 1 + sim.random.nextInt(all.size()));
            // Carers see soft signs some hours into the illness: a RESTORE2mini (no observations) half the time,
            // then a senior takes a full set.
            long noticed = (long) (e.rampMillis() * sim.uniform(0.2, 0.6));
            later(r, noticed, () -> {
                if (sim.chance(0.5)) {
                    restore2(r, r.signs, null, false);
                    scheduleSet(r, repeatDelay(escalation.softSignsOnly().repeatMinutes()));
                } else {
                    takeSet(r);
                }
            });
            later(r, e.end() - sim.clock.now(), () -> {
                r.signs = List.of();
                scheduleIllness(r);
            });
        });
    }

    private void scheduleSet(Resident r, long delay) {
        int generation = ++r.generation;
        later(r, delay, () -> {
            if (r.generation == generation) {
                takeSet(r);
            }
        });
    }

    private void takeSet(Resident r) {
        long now = sim.clock.now();
        Vitals v = r.body.observe(sim.random, now);
        double s = r.body.severity(now);
        List<SoftSign> signs = s > 0.15 ? r.signs : List.of();
        restore2(r, signs, v, false);
        News2Score score = News2.score(v);
        // The home follows the escalation table the server applies (one copy of the rule: the server's).
        Restore2Escalation.Advice advice = escalation.advise(score, r.baseline, !signs.isEmpty());
        if (advice.level() == Restore2Level.EMERGENCY) {
            // 999: the ambulance takes the resident to hospital.
            later(r, sim.uniformMillis(30, 120), () -> toHospital(r));
        }
        scheduleSet(r, repeatDelay(advice.repeatMinutes()));
    }

    /** Most repeat sets come on time; some are late (nights, a busy shift), which the server flags as overdue. */
    private long repeatDelay(int minutes) {
        double x = sim.random.nextDouble();
        double factor = x < 0.85 ? sim.uniform(0.75, 0.98) : x < 0.95 ? sim.uniform(1.02, 1.3) : sim.uniform(1.3, 2.0);
        return (long) (minutes * MINUTE * factor);
    }

    private void toHospital(Resident r) {
        if (!r.here) {
            return;
        }
        r.here = false;
        residents.remove(r.id);
        // The home closes the resident's stay with its reason; the server takes them off the census too.
        sim.emit(home.id(), EventType.RESIDENT_DISCHARGED, new Payload.ResidentDischarged(r.id,
                ResidentDischargeReason.HOSPITAL));
        // Some return after a hospital stay, others do not; either way the room is filled within days to weeks.
        long refill = sim.uniformMillis(3 * 24 * 60, 21 * 24 * 60);
        String room = r.room;
        sim.clock.at(sim.clock.now() + refill, () -> {
            freeRooms.add(room);
            arrive(sim.uniformMillis(60, 8 * 60));
        });
    }

    private void restore2(Resident r, List<SoftSign> signs, Vitals v, boolean baseline) {
        sim.emit(home.id(), EventType.RESTORE2, new Payload.Restore2(r.id, new ArrayList<>(signs), v, baseline));
    }

    private void later(Resident r, long delay, Runnable action) {
        sim.clock.at(sim.clock.now() + Math.max(0, delay), () -> {
            if (r.here) {
                action.run();
            }
        });
    }
}
