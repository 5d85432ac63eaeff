package org.vigil.simulator;

import org.vigil.events.AssessmentKind;
import org.vigil.events.DailyAskAnswer;
import org.vigil.events.DailyAskRespondent;
import org.vigil.events.DoseResult;
import org.vigil.events.EventType;
import org.vigil.events.OmissionReason;
import org.vigil.events.Payload;
import org.vigil.events.PatientFlag;
import org.vigil.events.RaisedBy;
import org.vigil.events.SepsisScreenOutcome;
import org.vigil.events.Shift;
import org.vigil.events.Vitals;
import org.vigil.clinical.news2.News2;
import org.vigil.clinical.news2.News2Score;
import org.vigil.organisation.Policies;
import org.vigil.organisation.Ward;
import org.vigil.organisation.ShiftKey;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.vigil.simulator.Simulation.DAY;
import static org.vigil.simulator.Simulation.HOUR;
import static org.vigil.simulator.Simulation.MINUTE;

/**
 * One inpatient ward: admissions and discharges around 90–95 % occupancy, observations at the NEWS2 Chart 4
 * frequency (sometimes late), four medicine rounds a day with omissions, admission risk assessments, staffing
 * per shift with sickness gaps, patient flags, Martha's rule concerns and the daily ask, sepsis screens when
 * NEWS2 reaches 5 (mostly within the hour, some late or never) and a pulse rating per shift. How many nurses are
 * short, how many critical doses are missed and how many patients deteriorate each day follow the ward's
 * {@link WardPlan}; who, which and when stay random.
 */
public final class WardSim {
    /** Occupancy the bed managers aim for: NHS general and acute beds ran at 90–95 % (NHS England KH03). */
    static final double TARGET_OCCUPANCY = 0.92;

    /** Case mix by specialty: age (mean, sd), length of stay (median days, lognormal), deterioration hazard. */
    record Profile(double ageMean, double ageSd, double losMedianDays, double acuity, double copdShare) {
        static Profile of(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.contains("acute medical unit") || n.contains("amu")) return new Profile(66, 19, 1.3, 1.5, 0.08);
            if (n.contains("elderly")) return new Profile(84, 6, 8, 1.1, 0.08);
            if (n.contains("stroke")) return new Profile(75, 12, 9, 0.9, 0.05);
            if (n.contains("orthopaedic")) return new Profile(72, 18, 7, 0.8, 0.05);
            if (n.contains("respiratory")) return new Profile(70, 13, 5, 1.3, 0.25);
            if (n.contains("cardio")) return new Profile(68, 14, 3, 1.0, 0.05);
            if (n.contains("surgery")) return new Profile(58, 19, 4, 1.0, 0.04);
            if (n.contains("renal")) return new Profile(62, 15, 6, 1.1, 0.05);
            if (n.contains("acute medicine")) return new Profile(67, 18, 4, 1.3, 0.08);
            return new Profile(66, 18, 5, 1.0, 0.06);
        }
    }

    final class Patient {
        final String id;
        final int age;
        final String bed;
        final Physiology body;
        final List<Medicines.Medicine> chart;
        long dischargeAt;
        int obsGeneration;
        boolean here = true;
        boolean sepsisFlag;
        boolean treated;
        /** NEWS2 has reached 5 and a sepsis screen is (or was) due for this spell at 5 or more. */
        boolean screening;
        /** A Martha's rule concern was raised this stay. */
        boolean concernRaised;
        /** The latest set's NEWS2, and the last local date on which a set scored 5 or more. */
        int lastNews2;
        LocalDate lastDayAtLeast5;
        /** A serious episode was started today and has not yet been seen at NEWS2 5 or more. */
        boolean deteriorating;
        /** Outcomes of doses already scheduled, not yet recorded: recorded before the patient leaves, if due. */
        final List<PendingOutcome> pendingOutcomes = new ArrayList<>();

        Patient(String id, int age, String bed, Physiology body, List<Medicines.Medicine> chart) {
            this.id = id;
            this.age = age;
            this.bed = bed;
            this.body = body;
            this.chart = chart;
        }
    }

    /** A dose's outcome as planned, until it is recorded. */
    private record PendingOutcome(long dueAt, Payload.DoseOutcome outcome) {}

    private final Simulation sim;
    final Ward ward;
    final Profile profile;
    private final ZoneId zone;
    private final WardPlan plan;
    private final TreeSet<String> freeBeds = new TreeSet<>();
    private final Map<String, Patient> patients = new LinkedHashMap<>();
    private int lastRegisteredShortfall;
    /** The local date being counted, the patients seen at NEWS2 ≥ 5 on it, and how many the plan asks for. */
    private LocalDate day;
    private final Set<String> news2AtLeast5Today = new HashSet<>();
    private int news2Target;
    /** The date whose critical-dose misses are being placed, and how many are left to place. */
    private LocalDate missDay;
    private int missesLeft;

    WardSim(Simulation sim, Ward ward) {
        this.sim = sim;
        this.ward = ward;
        this.profile = Profile.of(ward.name());
        this.zone = ward.zone();
        this.plan = new WardPlan(sim.options.seed(), ward.id(), profile.acuity() >= 1.5, sim.stories);
        for (int i = 1; i <= ward.beds(); i++) {
            freeBeds.add(String.format("B%02d", i));
        }
    }

    public String id() {
        return ward.id();
    }

    public int occupied() {
        return patients.size();
    }

    public int beds() {
        return ward.beds();
    }

    void start() {
        // The census at the start: patients part-way through their stays, sent as admissions at the start
        // (schema v1 has no census snapshot); their admission assessments are already done.
        int initial = (int) Math.round(ward.beds() * sim.uniform(0.90, 0.95));
        for (int i = 0; i < initial; i++) {
            double los = losDays();
            admit(sim.uniform(0, 1) * los, los);
        }
        scheduleArrival();
        for (int round = 0; round < Medicines.ROUND_HOURS.length; round++) {
            scheduleRound(round);
        }
        scheduleShift(Shift.DAY);
        scheduleShift(Shift.NIGHT);
        scheduleAskRound();
        startDay();
        scheduleMidnight();
        scheduleMildEpisode();
    }

    private double losDays() {
        return Math.min(60, profile.losMedianDays() * Math.exp(0.8 * sim.random.nextGaussian()));
    }

    // ------------------------------------------------------------------ admissions and discharges

    private void scheduleArrival() {
        double occupancy = (double) patients.size() / ward.beds();
        // Arrivals balance departures (Little's law: beds × target / mean stay), steered by the gap to target;
        // emergency admissions peak in the afternoon and evening.
        double meanLosHours = profile.losMedianDays() * Math.exp(0.32) * 24 + 8;
        // Most beds are refilled from the emergency department within hours of a discharge (see discharge());
        // this stream only steers the census back to target.
        double perHour = ward.beds() * TARGET_OCCUPANCY / meanLosHours;
        int hour = Simulation.localHour(sim.clock.now(), zone);
        double diurnal = hour >= 10 && hour < 22 ? 1.45 : 0.4;
        double steer = Math.max(0.02, Math.min(6, 0.15 + 30 * (TARGET_OCCUPANCY - occupancy)));
        double rate = perHour * diurnal * steer;
        long gap = (long) (-Math.log(1 - sim.random.nextDouble()) / rate * HOUR);
        sim.clock.at(sim.clock.now() + Math.min(gap, 2 * HOUR), () -> {
            if ((double) patients.size() / ward.beds() < TARGET_OCCUPANCY + 0.02) {
                admitIfBedFree();
            }
            scheduleArrival();
        });
    }

    /** One bed is kept for an emergency; a ward at or above that waits. */
    private void admitIfBedFree() {
        if (!freeBeds.isEmpty() && (double) (patients.size() + 1) / ward.beds() <= 0.985) {
            admit(0, losDays());
        }
    }

    private void admit(double elapsedDays, double losDays) {
        long now = sim.clock.now();
        int age = (int) Math.round(Math.max(18, Math.min(102, profile.ageMean() + profile.ageSd() * sim.random.nextGaussian())));
        String bed = freeBeds.pollFirst();
        Patient p = new Patient(sim.newPatientId(), age, bed,
                Physiology.baseline(sim.random, age, profile.copdShare()), Medicines.chart(sim.random, age));
        patients.put(p.id, p);
        // A patient of the starting census was admitted in the past (history older than three days is not sent).
        long admittedAt = now - (long) (Math.min(elapsedDays, 3) * DAY);
        sim.emitAt(admittedAt, ward.id(), EventType.ADMISSION, new Payload.Movement(p.id, bed, age));

        if (elapsedDays < 1 || sim.chance(0.1)) {
            // Medicines reconciliation is outstanding for the first day on most new admissions.
            long clearAt = admittedAt + sim.uniformMillis(4 * 60, 30 * 60);
            if (clearAt > now) {
                flagAt(p, admittedAt, PatientFlag.MED_REC_OUTSTANDING, true);
                later(p, clearAt - now, () -> flag(p, PatientFlag.MED_REC_OUTSTANDING, false));
            }
        }
        if (sim.chance(0.05)) {
            flagAt(p, admittedAt, PatientFlag.INFECTION_ISOLATION, true);
        }
        if (sim.chance(age >= 75 ? 0.05 : 0.02)) {
            flagAt(p, admittedAt, PatientFlag.PRESSURE_ULCER, true);
        }
        if (sim.chance(0.03)) {
            later(p, sim.uniformMillis(6 * 60, 72 * 60), () -> {
                flag(p, PatientFlag.AKI, true);
                later(p, sim.uniformMillis(36 * 60, 96 * 60), () -> flag(p, PatientFlag.AKI, false));
            });
        }
        long remaining = (long) ((losDays - elapsedDays) * DAY);
        scheduleDischarge(p, now + Math.max(remaining, 2 * HOUR));
        for (Map.Entry<AssessmentKind, Policies.AssessmentPolicy> e : sim.org.policies().assessments().entrySet()) {
            assessment(p, e.getKey(), e.getValue(), admittedAt);
        }
        // Deterioration comes from the ward's day (see startDay), not from each patient: see WardPlan.
        if (elapsedDays == 0) {
            scheduleObservation(p, now + sim.uniformMillis(0, 30));
        } else {
            // The last set before the start, so the wall shows every patient's NEWS2 from the first minute.
            long last = Math.max(admittedAt, now - sim.uniformMillis(0, 4 * 60));
            Vitals v = p.body.observe(sim.random, last);
            sim.emitAt(last, ward.id(), EventType.OBSERVATION, new Payload.Observation(p.id, v));
            p.lastNews2 = News2.score(v).total();
            int interval = sim.frequency.intervalMinutes(News2.score(v));
            long next = last + nextObservationDelay(interval == 0 ? 15 : interval);
            scheduleObservation(p, next > now ? next : now + sim.uniformMillis(0, 30));
        }
        if (sim.chance(0.002 * Math.max(1, losDays))) {
            later(p, (long) (sim.uniform(0, 1) * (p.dischargeAt - now)), () -> concern(p));
        }
    }

    private void assessment(Patient p, AssessmentKind kind, Policies.AssessmentPolicy policy, long admittedAt) {
        if (p.age < policy.minAge() || policy.dueHours() <= 0) {
            return;
        }
        long due = policy.dueHours() * HOUR;
        double x = sim.random.nextDouble();
        long delay;
        if (x < 0.91) {
            delay = (long) (due * sim.uniform(0.05, 0.9)); // on time (NHS VTE standard: 95 %; wards vary)
        } else if (x < 0.99) {
            delay = (long) (due * sim.uniform(1.05, 2.0)); // overdue, done later
        } else {
            return; // never done: stays outstanding on the wall
        }
        long at = admittedAt + delay;
        assessmentAt(p, kind, at);
        if (kind == AssessmentKind.MUST) {
            // NICE CG32: screen on admission, then weekly.
            for (long week = at + 7 * DAY; week < p.dischargeAt; week += 7 * DAY) {
                assessmentAt(p, kind, week);
            }
        }
    }

    private void assessmentAt(Patient p, AssessmentKind kind, long at) {
        if (at <= sim.clock.now()) {
            sim.emitAt(at, ward.id(), EventType.ASSESSMENT, new Payload.Assessment(p.id, kind, true));
        } else {
            later(p, at - sim.clock.now(), () ->
                    sim.emit(ward.id(), EventType.ASSESSMENT, new Payload.Assessment(p.id, kind, true)));
        }
    }

    private void scheduleDischarge(Patient p, long target) {
        // Discharges happen in the working day: a stay that ends overnight waits for the morning.
        ZonedDateTime t = ZonedDateTime.ofInstant(Instant.ofEpochMilli(target), zone);
        if (t.getHour() < 10 || t.getHour() >= 20) {
            long morning = Simulation.nextLocal(target - 14 * HOUR, zone, LocalTime.of(10, 0));
            if (morning < target) {
                morning = Simulation.nextLocal(target, zone, LocalTime.of(10, 0));
            }
            target = morning + sim.uniformMillis(0, 8 * 60);
        }
        p.dischargeAt = target;
        long at = target;
        sim.clock.at(target - sim.uniformMillis(120, 360), () -> {
            if (p.here && p.dischargeAt == at && p.body.severity(sim.clock.now()) < 0.3) {
                flag(p, PatientFlag.DISCHARGE_TODAY, true);
            }
        });
        sim.clock.at(target, () -> discharge(p, at));
    }

    private void discharge(Patient p, long plannedAt) {
        if (!p.here || p.dischargeAt != plannedAt) {
            return;
        }
        if (p.body.severity(sim.clock.now()) >= 0.3) {
            scheduleDischarge(p, sim.clock.now() + DAY); // not fit to go
            return;
        }
        leave(p);
    }

    private void leave(Patient p) {
        // Doses already due are recorded before the patient goes (given on the ward, or the omission as planned);
        // later ones are cancelled by the discharge.
        long now = sim.clock.now();
        for (PendingOutcome o : p.pendingOutcomes) {
            if (o.dueAt() <= now) {
                sim.emit(ward.id(), EventType.DOSE_OUTCOME, o.outcome());
            }
        }
        p.pendingOutcomes.clear();
        p.here = false;
        patients.remove(p.id);
        freeBeds.add(p.bed);
        sim.emit(ward.id(), EventType.DISCHARGE, new Payload.Movement(p.id, p.bed, p.age));
        // The bed is cleaned and the next patient comes up from the emergency department (bed waits: 1–4 h).
        if (sim.chance(0.88)) {
            sim.clock.at(sim.clock.now() + sim.uniformMillis(45, 240), () -> {
                if ((double) patients.size() / ward.beds() < TARGET_OCCUPANCY + 0.02) {
                    admitIfBedFree();
                }
            });
        }
    }

    // ------------------------------------------------------------------ deterioration and observations

    /**
     * A new local day: yesterday's count of patients seen at NEWS2 ≥ 5 is final, and the plan says how many today
     * should see. Patients deteriorate from the small hours to midday (in the surge, all in the small hours), each
     * only while the day is still short of the plan: those still at 5 or more since last night, those whose usual
     * scores reach 5 now and then (chronic lung disease on oxygen, say), and any who reached it by chance count
     * first. The afternoon and evening checks (in the surge, early morning ones too, so the day's count passes
     * yesterday's by breakfast) top up a shortfall (a patient who went home, a set that scored 4, a chronic patient
     * who stayed below 5). Illness seen by the evening has mostly settled by midnight, so the
     * day's count is the plan's, unless more patients than planned score 5 by chance late in the day.
     */
    private void startDay() {
        long now = sim.clock.now();
        LocalDate today = ZonedDateTime.ofInstant(Instant.ofEpochMilli(now), zone).toLocalDate();
        int yesterday = day == null ? -1 : news2AtLeast5Today.size();
        day = today;
        news2AtLeast5Today.clear();
        news2Target = plan.patientsWithNews2AtLeast5(today, yesterday);
        boolean surge = plan.surge(today);
        long from = Math.max(now + 20 * MINUTE, localTime(today, LocalTime.of(0, 15)));
        long to = Math.max(from, localTime(today, surge ? LocalTime.of(4, 0) : LocalTime.of(12, 0)));
        for (int i = 0; i < news2Target; i++) {
            sim.clock.at(from + (long) (sim.random.nextDouble() * (to - from)), () -> {
                // (in the surge every planned patient deteriorates by morning, however yesterday's are doing)
                if (today.equals(day) && expectedAtLeast5(surge ? null : today.minusDays(1)) < news2Target) {
                    deteriorate(sim.uniformMillis(90, surge ? 180 : 240));
                }
            });
        }
        LocalTime[] checks = surge
                ? new LocalTime[] {LocalTime.of(5, 30), LocalTime.of(7, 0), LocalTime.of(16, 0), LocalTime.of(19, 30)}
                : new LocalTime[] {LocalTime.of(16, 0), LocalTime.of(19, 30)};
        for (LocalTime check : checks) {
            long at = localTime(today, check);
            if (at > now) {
                sim.clock.at(at, () -> {
                    for (int i = expectedAtLeast5(null); i < news2Target && today.equals(day); i++) {
                        deteriorate(sim.uniformMillis(30, 90));
                    }
                });
            }
        }
    }

    /**
     * Patients the day will count at NEWS2 ≥ 5 as things stand: those seen so far, those whose last set scored 5 or
     * more (still unwell since yesterday: their next set is within the hour), those deteriorating now, and with
     * {@code yesterday} given, those who scored 5 or more then and still score 3 or more (likely to again).
     */
    private int expectedAtLeast5(LocalDate yesterday) {
        long now = sim.clock.now();
        int n = news2AtLeast5Today.size();
        for (Patient p : patients.values()) {
            if (news2AtLeast5Today.contains(p.id)) {
                continue;
            }
            Physiology.Episode e = p.body.episode;
            if (p.lastNews2 >= 5 || p.deteriorating && e != null && now < e.onset() + e.rampMillis() + e.plateauMillis()
                    || yesterday != null && yesterday.equals(p.lastDayAtLeast5) && p.lastNews2 >= 3) {
                n++;
            }
        }
        return n;
    }

    private void scheduleMidnight() {
        sim.clock.at(Simulation.nextLocal(sim.clock.now(), zone, LocalTime.MIDNIGHT), () -> {
            startDay();
            scheduleMidnight();
        });
    }

    private long localTime(LocalDate date, LocalTime time) {
        return ZonedDateTime.of(date, time, zone).toInstant().toEpochMilli();
    }

    /**
     * A patient who is well becomes seriously unwell over {@code rampMillis}: staff often notice and check
     * observations early, and always by the time the illness peaks.
     */
    private void deteriorate(long rampMillis) {
        long now = sim.clock.now();
        List<Patient> well = new ArrayList<>();
        for (Patient p : patients.values()) {
            if (p.body.severity(now) == 0 && (p.body.episode == null || p.body.episode.end() <= now)
                    && !p.deteriorating && !news2AtLeast5Today.contains(p.id) && p.lastNews2 < 5) {
                well.add(p);
            }
        }
        if (well.isEmpty()) {
            return;
        }
        Patient p = well.get(sim.random.nextInt(well.size()));
        Physiology.Episode e = Physiology.serious(sim.random, now, rampMillis);
        p.deteriorating = true;
        begin(p, e);
        later(p, rampMillis, () -> checkDeteriorating(p, 3));
        if (sim.chance(0.05)) {
            later(p, (long) (rampMillis * sim.uniform(0.4, 1.0)), () -> concern(p)); // Martha's rule: the family call
        }
    }

    /**
     * Observations when the illness peaks. A set that still scores below 5 does not end it: untreated, the patient
     * goes on worsening (a little more over the next half hour to hour, and checked again then), a few times at most.
     */
    private void checkDeteriorating(Patient p, int worsenings) {
        if (!p.deteriorating) {
            return;
        }
        observe(p);
        if (p.deteriorating && p.here && worsenings > 0) {
            long now = sim.clock.now();
            Physiology.Episode e = p.body.episode;
            double from = e.severity(now), to = from + 0.2;
            long more = sim.uniformMillis(30, 60);
            long ramp = (long) (more * to / (to - from)); // a ramp from 0 that passes `from` now and reaches `to` then
            p.body.episode = new Physiology.Episode(e.kind(), now + more - ramp, ramp, e.plateauMillis(),
                    e.recoveryMillis(), to, e.hypothermic(), e.bradycardic());
            later(p, more, () -> checkDeteriorating(p, worsenings - 1));
        } else if (p.deteriorating && worsenings == 0) {
            p.deteriorating = false; // seen at 4 still: it settles (the day's later checks pick someone else)
        }
    }

    /** Mild illness (a few points of NEWS2 that settle on their own), about one patient in two days. */
    private void scheduleMildEpisode() {
        long gap = (long) (-Math.log(1 - sim.random.nextDouble()) * 2 * DAY);
        sim.clock.at(sim.clock.now() + gap, () -> {
            long now = sim.clock.now();
            List<Patient> well = new ArrayList<>();
            for (Patient p : patients.values()) {
                if ((p.body.episode == null || p.body.episode.end() <= now) && p.lastNews2 < 3) {
                    well.add(p);
                }
            }
            if (!well.isEmpty()) {
                begin(well.get(sim.random.nextInt(well.size())), Physiology.mild(sim.random, now));
            }
            scheduleMildEpisode();
        });
    }

    private void begin(Patient p, Physiology.Episode e) {
        p.body.episode = e;
        p.treated = false;
        if (e.end() + 12 * HOUR > p.dischargeAt) {
            scheduleDischarge(p, e.end() + sim.uniformMillis(12 * 60, 48 * 60));
        }
        // Staff notice that a patient "seems different" and check observations before they are due.
        if (sim.chance(0.6)) {
            scheduleObservation(p, e.onset() + (long) (e.rampMillis() * sim.uniform(0.3, 0.9)));
        }
    }

    private void scheduleObservation(Patient p, long at) {
        int generation = ++p.obsGeneration;
        sim.clock.at(at, () -> {
            if (p.here && p.obsGeneration == generation) {
                observe(p);
            }
        });
    }

    private void observe(Patient p) {
        long now = sim.clock.now();
        Vitals v = p.body.observe(sim.random, now);
        sim.emit(ward.id(), EventType.OBSERVATION, new Payload.Observation(p.id, v));
        News2Score score = News2.score(v);
        p.lastNews2 = score.total();
        if (score.total() >= 5) {
            news2AtLeast5Today.add(p.id);
            p.lastDayAtLeast5 = day;
            p.deteriorating = false;
        }
        double s = p.body.severity(now);
        Physiology.Episode e = p.body.episode;
        if (e != null && e.kind() == Physiology.Kind.SEPSIS && !p.sepsisFlag && s >= 0.6 && score.total() >= 5) {
            // Sepsis screen positive: flag it and start broad-spectrum antibiotics (NICE NG51, within the hour).
            p.sepsisFlag = true;
            flag(p, PatientFlag.SEPSIS, true);
            if (!p.chart.contains(Medicines.PIP_TAZ)) {
                p.chart.add(Medicines.PIP_TAZ);
            }
        } else if (p.sepsisFlag && s < 0.1) {
            p.sepsisFlag = false;
            flag(p, PatientFlag.SEPSIS, false);
        }
        if (score.total() >= 5 && !p.screening) {
            p.screening = true;
            screenLater(p, score.total());
        } else if (score.total() < 5) {
            p.screening = false;
        }
        if (e != null && score.total() >= 5 && !p.treated) {
            respond(p, score.total());
            if (!p.here) {
                return;
            }
        }
        int interval = sim.frequency.intervalMinutes(score);
        scheduleObservation(p, now + nextObservationDelay(interval == 0 ? 15 : interval));
    }

    /**
     * The clinical response to NEWS2 ≥ 5 (RCP Chart 4): urgent review and treatment, so the episode stops
     * getting worse and recovers over hours; at ≥ 7 some patients go to critical care (they leave the ward).
     */
    private void respond(Patient p, int news2) {
        long now = sim.clock.now();
        p.treated = true;
        if (news2 >= 7 && sim.chance(0.25)) {
            sim.clock.at(now + sim.uniformMillis(60, 180), () -> {
                if (p.here) {
                    leave(p); // to critical care
                }
            });
            return;
        }
        Physiology.Episode e = p.body.episode;
        double current = Math.max(0.05, e.severity(now));
        p.body.episode = new Physiology.Episode(e.kind(), now, 0, sim.uniformMillis(10, 30),
                sim.uniformMillis(60, 3 * 60), current, e.hypothermic(), e.bradycardic());
    }

    /**
     * Observations at the Chart 4 interval (a minimum frequency: due at the interval, so a set is taken a little
     * before), sometimes late (NCEPOD and HSIB reports: late sets are common; audits find roughly one in five).
     */
    private long nextObservationDelay(int intervalMinutes) {
        // x near 0 is late: on a short-staffed day three times as many sets are late
        double x = sim.random.nextDouble() / strain(sim.clock.now());
        double late;
        if (intervalMinutes >= 240) {
            late = x > 0.18 ? sim.uniform(-45, -1) : x > 0.04 ? sim.uniform(1, 45) : sim.uniform(45, 150);
        } else if (intervalMinutes >= 60) {
            late = x > 0.15 ? sim.uniform(-12, -1) : x > 0.03 ? sim.uniform(1, 15) : sim.uniform(15, 40);
        } else {
            late = x > 0.10 ? sim.uniform(-4, -0.5) : sim.uniform(0.5, 8);
        }
        return (long) ((intervalMinutes + late) * MINUTE);
    }

    /**
     * How stretched the ward is at {@code at}: 3 on a day of the staffing crisis (observations and doses run late
     * three times as often, so NICE SG1 red flags 1 and 3 rise with 5 and 6), else 1.
     */
    private double strain(long at) {
        return plan.shortStaffed(ZonedDateTime.ofInstant(Instant.ofEpochMilli(at), zone).toLocalDate()) ? 3 : 1;
    }

    /**
     * A sepsis screen after NEWS2 reaches 5 (NICE NG51): most within the hour, some late (the server prompts
     * with SEPSIS_SCREEN_DUE), a few never; positive when the patient's episode is sepsis.
     */
    private void screenLater(Patient p, int news2) {
        double x = sim.random.nextDouble();
        if (x >= 0.95) {
            return;
        }
        long delay = x < 0.85 ? sim.uniformMillis(10, 55) : sim.uniformMillis(65, 120);
        later(p, delay, () -> {
            Physiology.Episode e = p.body.episode;
            SepsisScreenOutcome outcome = e == null || e.kind() != Physiology.Kind.SEPSIS
                    ? SepsisScreenOutcome.SCREENED_NEGATIVE
                    : news2 >= 7 ? SepsisScreenOutcome.HIGH_RISK_SEPSIS : SepsisScreenOutcome.SEPSIS_SUSPECTED;
            sim.emit(ward.id(), EventType.SEPSIS_SCREEN, new Payload.SepsisScreen(p.id, outcome));
        });
    }

    /** Martha's rule daily ask: on the morning round (09:00–12:00) most patients, or their family, are asked how they are. */
    private void scheduleAskRound() {
        sim.clock.at(Simulation.nextLocal(sim.clock.now(), zone, LocalTime.of(9, 0)), () -> {
            for (Patient p : new ArrayList<>(patients.values())) {
                if (sim.chance(0.85)) {
                    later(p, sim.uniformMillis(0, 3 * 60), () -> ask(p));
                }
            }
            scheduleAskRound();
        });
    }

    private void ask(Patient p) {
        double s = p.body.severity(sim.clock.now());
        double x = sim.random.nextDouble();
        DailyAskRespondent who = x < 0.6 ? DailyAskRespondent.PATIENT : x < 0.9 ? DailyAskRespondent.FAMILY
                : DailyAskRespondent.CARER;
        // "Worse" raises a Martha's rule concern: a family who has raised one this stay says so to the team instead
        DailyAskAnswer answer = s > 0.5 && !p.concernRaised && sim.chance(0.4) ? DailyAskAnswer.WORSE
                : p.treated && s < 0.2 && sim.chance(0.5) ? DailyAskAnswer.BETTER
                : sim.chance(0.05) ? DailyAskAnswer.UNSURE : DailyAskAnswer.SAME;
        sim.emit(ward.id(), EventType.MARTHAS_RULE_ASK, new Payload.MarthasRuleAsk(p.id, who, answer));
        p.concernRaised |= answer == DailyAskAnswer.WORSE;
    }

    /** A Martha's rule call (at most one a stay: the server keeps a concern open until the patient leaves). */
    private void concern(Patient p) {
        if (!p.here || p.concernRaised) {
            return;
        }
        p.concernRaised = true;
        double x = sim.random.nextDouble();
        RaisedBy by = x < 0.6 ? RaisedBy.FAMILY : x < 0.85 ? RaisedBy.PATIENT : RaisedBy.STAFF;
        sim.emit(ward.id(), EventType.CONCERN, new Payload.Concern(p.id, by));
    }

    private void flag(Patient p, PatientFlag flag, boolean active) {
        flagAt(p, sim.clock.now(), flag, active);
    }

    private void flagAt(Patient p, long at, PatientFlag flag, boolean active) {
        if (p.here) {
            sim.emitAt(at, ward.id(), EventType.FLAG, new Payload.Flag(p.id, flag, active));
        }
    }

    private void later(Patient p, long delay, Runnable action) {
        sim.clock.at(sim.clock.now() + delay, () -> {
            if (p.here) {
                action.run();
            }
        });
    }

    // ------------------------------------------------------------------ medicine rounds

    private void scheduleRound(int round) {
        long roundAt = Simulation.nextLocal(sim.clock.now() + HOUR, zone, LocalTime.of(Medicines.ROUND_HOURS[round], 0));
        // The ePMA publishes the round's doses an hour ahead.
        sim.clock.at(roundAt - HOUR, () -> {
            prepareRound(round, roundAt);
            scheduleRound(round);
        });
    }

    private void prepareRound(int round, long dueAt) {
        LocalDate date = ZonedDateTime.ofInstant(Instant.ofEpochMilli(dueAt), zone).toLocalDate();
        if (!date.equals(missDay)) {
            missDay = date;
            missesLeft = plan.missedCriticalDoses(date);
        }
        List<Patient> criticalPatients = new ArrayList<>();
        List<Medicines.Medicine> criticalMedicines = new ArrayList<>();
        List<String> criticalDoses = new ArrayList<>();
        for (Patient p : new ArrayList<>(patients.values())) {
            if (p.dischargeAt < dueAt + 3 * HOUR) {
                continue; // leaving before the round: the chart is closed
            }
            for (Medicines.Medicine m : p.chart) {
                if (m.dueAt(round)) {
                    String doseId = sim.newDoseId();
                    sim.emit(ward.id(), EventType.DOSE_SCHEDULED,
                            new Payload.DoseScheduled(doseId, p.id, m.name(), m.critical(), m.medicineClass(), dueAt));
                    if (m.critical()) {
                        criticalPatients.add(p);
                        criticalMedicines.add(m);
                        criticalDoses.add(doseId);
                    } else {
                        scheduleOutcome(p, m, doseId, dueAt, false);
                    }
                }
            }
        }
        // Each miss still to place falls in this round with the round's share of the critical doses the day's rounds
        // have left (as the charts stand now); the last round takes the rest.
        int later = 0;
        for (Patient p : patients.values()) {
            for (Medicines.Medicine m : p.chart) {
                for (int r = round + 1; r < Medicines.ROUND_HOURS.length; r++) {
                    if (m.critical() && m.dueAt(r)) {
                        later++;
                    }
                }
            }
        }
        double share = later == 0 ? 1 : (double) criticalDoses.size() / (criticalDoses.size() + later);
        int misses = 0;
        for (int i = 0; i < missesLeft; i++) {
            if (sim.random.nextDouble() < share) {
                misses++;
            }
        }
        misses = Math.min(misses, criticalDoses.size());
        missesLeft -= misses;
        // which of the round's critical doses are missed: the first `misses` of a random order
        int n = criticalDoses.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = 0; i < misses; i++) {
            int j = i + sim.random.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        boolean[] missed = new boolean[n];
        for (int i = 0; i < misses; i++) {
            missed[order[i]] = true;
        }
        for (int i = 0; i < n; i++) {
            scheduleOutcome(criticalPatients.get(i), criticalMedicines.get(i), criticalDoses.get(i), dueAt, missed[i]);
        }
    }

    /**
     * What becomes of one dose. A {@code miss} (critical doses, as the plan places them) is omitted as not
     * available or with no reason, or never recorded: "missed" as the server counts it. Otherwise a critical
     * dose is given, or omitted for a reason that is not a miss (refused, nil by mouth …); other doses are omitted
     * at the configured rate for any of the audit reasons, or now and then never recorded.
     */
    private void scheduleOutcome(Patient p, Medicines.Medicine m, String doseId, long dueAt, boolean miss) {
        if (miss) {
            double x = sim.random.nextDouble();
            if (x < 0.2) {
                return; // nothing recorded at all: the server counts it missed once the grace window passes
            }
            OmissionReason reason = x < 0.8 ? OmissionReason.NOT_AVAILABLE : OmissionReason.NO_REASON;
            record(p, dueAt + sim.uniformMillis(0, 60), dueAt, new Payload.DoseOutcome(doseId, p.id, DoseResult.OMITTED, reason));
            return;
        }
        if (!m.critical() && sim.chance(0.01)) {
            return; // nothing recorded at all
        }
        // Critical doses are omitted for the accounted-for reasons at the same rate as other doses; their misses
        // (not available, no reason) are the plan's.
        if (sim.chance(sim.options.omissionRate() * (m.critical() ? ACCOUNTED_FOR_SHARE : 1))) {
            OmissionReason reason = m.critical() ? plannedOmissionReason() : omissionReason();
            record(p, dueAt + sim.uniformMillis(0, 60), dueAt, new Payload.DoseOutcome(doseId, p.id, DoseResult.OMITTED, reason));
            return;
        }
        // Most doses are given within the hour's grace, time-critical ones closer to time (Parkinson's UK: within
        // 30 minutes); a few later, and three times as many on a short-staffed day.
        double x = sim.random.nextDouble() / strain(dueAt);
        double late = m.medicineClass() != null && m.medicineClass().equals("PARKINSONS")
                ? (x > 0.08 ? sim.uniform(-10, 28) : sim.uniform(28, 60))
                : (x > 0.15 ? sim.uniform(-15, 45) : x > 0.03 ? sim.uniform(45, 60) : sim.uniform(60, 150));
        record(p, dueAt + (long) (late * MINUTE), dueAt, new Payload.DoseOutcome(doseId, p.id, DoseResult.GIVEN, null));
    }

    /** Records the outcome at {@code at}, or when the patient leaves if that is sooner and the dose is due by then. */
    private void record(Patient p, long at, long dueAt, Payload.DoseOutcome outcome) {
        PendingOutcome pending = new PendingOutcome(dueAt, outcome);
        p.pendingOutcomes.add(pending);
        sim.clock.at(at, () -> {
            if (p.here && p.pendingOutcomes.remove(pending)) {
                sim.emit(ward.id(), EventType.DOSE_OUTCOME, outcome);
            }
        });
    }

    /** The common audit reasons (reference/medicines.md), weighted as omitted-dose audits find them. */
    private OmissionReason omissionReason() {
        double x = sim.random.nextDouble();
        if (x < 0.32) return OmissionReason.PATIENT_REFUSED;
        if (x < 0.52) return OmissionReason.NIL_BY_MOUTH;
        if (x < 0.67) return OmissionReason.CLINICAL_HOLD;
        if (x < 0.80) return OmissionReason.NOT_AVAILABLE;
        if (x < 0.90) return OmissionReason.PATIENT_AWAY;
        return OmissionReason.NO_REASON;
    }

    /** The share of omissions {@link #omissionReason} gives a reason that accounts for them (not a miss). */
    private static final double ACCOUNTED_FOR_SHARE = 0.77;

    /** The reasons that account for an omission (not a miss), in the same proportions as {@link #omissionReason}. */
    private OmissionReason plannedOmissionReason() {
        double x = sim.random.nextDouble() * ACCOUNTED_FOR_SHARE;
        if (x < 0.32) return OmissionReason.PATIENT_REFUSED;
        if (x < 0.52) return OmissionReason.NIL_BY_MOUTH;
        if (x < 0.67) return OmissionReason.CLINICAL_HOLD;
        return OmissionReason.PATIENT_AWAY;
    }

    // ------------------------------------------------------------------ staffing and pulse

    private void scheduleShift(Shift shift) {
        LocalTime start = shift == Shift.DAY ? ward.dayStart() : ward.nightStart();
        long at = Simulation.nextLocal(sim.clock.now(), zone, start);
        sim.clock.at(at, () -> {
            staffing(shift, at);
            // the pulse rating comes 90 minutes before this shift ends (its length varies across clock changes)
            sim.clock.at(ShiftKey.of(ward, at).end(ward) - (long) (1.5 * HOUR), this::pulse);
            scheduleShift(shift);
        });
    }

    private void staffing(Shift shift, long at) {
        boolean day = shift == Shift.DAY;
        int rnPlanned = Math.max(2, (int) Math.ceil(ward.beds() / (day ? 6.0 : 8.0)));
        int hcaPlanned = Math.max(1, (int) Math.ceil(ward.beds() / (day ? 7.0 : 10.0)));
        LocalDate date = ZonedDateTime.ofInstant(Instant.ofEpochMilli(at), zone).toLocalDate();
        int rnActual = plan.registeredNurses(date, shift, rnPlanned);
        int hcaActual = heads(hcaPlanned);
        lastRegisteredShortfall = rnPlanned - rnActual;
        sim.emit(ward.id(), EventType.STAFFING,
                new Payload.Staffing(date.toString(), shift, rnPlanned, rnActual, hcaPlanned, hcaActual));
    }

    /**
     * Healthcare assistants: sickness absence around 5 % (NHS Digital), about half of gaps back-filled by bank or
     * agency staff. (Registered nurses follow the ward's plan.)
     */
    private int heads(int planned) {
        int actual = 0;
        for (int i = 0; i < planned; i++) {
            if (!sim.chance(0.055) || sim.chance(0.5)) {
                actual++;
            }
        }
        if (sim.chance(0.03)) {
            actual++;
        }
        return actual;
    }

    private void pulse() {
        double mean = 3.7 - 0.8 * Math.max(0, lastRegisteredShortfall);
        int rating = (int) Math.round(Math.max(1, Math.min(5, mean + 0.8 * sim.random.nextGaussian())));
        sim.emit(ward.id(), EventType.PULSE, new Payload.Pulse(rating));
    }
}
