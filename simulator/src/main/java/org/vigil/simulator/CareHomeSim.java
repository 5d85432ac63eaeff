package org.vigil.simulator;

import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.events.SoftSign;
import org.vigil.events.Vitals;
import org.vigil.server.deterioration.News2;
import org.vigil.server.deterioration.News2Score;
import org.vigil.server.org.CareHome;
import org.vigil.server.org.Policies;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.vigil.simulator.Simulation.DAY;
import static org.vigil.simulator.Simulation.HOUR;
import static org.vigil.simulator.Simulation.MINUTE;

/**
 * One care home: long-stay residents with a recorded baseline NEWS2, weekly well checks, and episodes of illness
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
    private final Policies.Restore2 policy;
    private final TreeSet<String> freeRooms = new TreeSet<>();
    private final Map<String, Resident> residents = new LinkedHashMap<>();

    CareHomeSim(Simulation sim, CareHome home) {
        this.sim = sim;
        this.home = home;
        this.policy = sim.org.policies().restore2();
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
        // The resident's "normal" NEWS2, taken while well, against which later sets are judged (RESTORE2).
        later(r, baselineDelay, () -> restore2(r, List.of(), r.body.observe(sim.random, sim.clock.now()), true));
        scheduleWellCheck(r, baselineDelay + sim.uniformMillis(1 * 24 * 60, 7 * 24 * 60));
        scheduleIllness(r);
    }

    private void scheduleWellCheck(Resident r, long delay) {
        later(r, delay, () -> {
            if (r.signs.isEmpty()) {
                restore2(r, List.of(), r.body.observe(sim.random, sim.clock.now()), false);
            }
            scheduleWellCheck(r, 7 * DAY + sim.uniformMillis(-12 * 60, 12 * 60));
        });
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
                    scheduleSet(r, sim.uniformMillis(10, 45));
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
        if (score.total() >= 7) {
            // 999: the ambulance takes the resident to hospital; the room is kept for their return.
            later(r, sim.uniformMillis(30, 120), () -> toHospital(r));
            return;
        }
        if (s < 0.1 && score.total() <= 2) {
            return; // recovered: back to weekly well checks
        }
        int minutes;
        if (score.total() >= 5) {
            minutes = policy.urgentMinutes();
        } else if (score.total() >= 3 || score.hasSingleParameterOf3()) {
            minutes = policy.gpReviewMinutes();
        } else if (score.total() == 2) {
            minutes = policy.scoreTwoMinutes();
        } else {
            minutes = policy.scoreOneMinutes();
        }
        // Homes often repeat later than advised, especially at night.
        scheduleSet(r, (long) (minutes * MINUTE * (sim.chance(0.75) ? sim.uniform(0.8, 1.1) : sim.uniform(1.2, 2.5))));
    }

    private void toHospital(Resident r) {
        if (!r.here) {
            return;
        }
        r.here = false;
        residents.remove(r.id);
        sim.emit(home.id(), EventType.DISCHARGE, new Payload.Movement(r.id, r.room, r.age));
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
