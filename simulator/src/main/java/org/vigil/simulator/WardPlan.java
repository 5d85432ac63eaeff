package org.vigil.simulator;

import org.vigil.events.Shift;

import java.time.LocalDate;

/**
 * What one ward's day brings, decided ahead of the patients: registered nurses on each shift, how many critical
 * doses are missed, and how many patients deteriorate to NEWS2 5 or more. The usual days vary as
 * {@link CommonCause} draws them; the {@link Stories} change them on their days. Everything else on the ward
 * (who is admitted, which dose, whose observations) stays random. docs/demo.md gives the levels.
 */
final class WardPlan {
    /**
     * Missed critical doses a day: usually 0–1 or 3–4 of some 40–60 (NPSA RRR009 audits: a few per cent of critical
     * doses; the gap keeps a day on its side of the mean if a patient leaves before a planned miss); before the
     * improvement programme 4–5 or 7–8, and after it the usual.
     */
    private static final int[] MISSED_LOW = {0, 1}, MISSED_HIGH = {3, 4};
    private static final int[] MISSED_BEFORE_LOW = {4, 5}, MISSED_BEFORE_HIGH = {7, 8};
    /**
     * Patients reaching NEWS2 ≥ 5 a day: 0–1 or 4–5 on a ward, 1–2 or 5–6 on an acute medical unit. The gap between
     * the sides keeps each day on its side of the mean when one patient more (by chance) or fewer (gone home before
     * their illness peaked) than planned scores 5.
     */
    private static final int[] NEWS2_LOW = {0, 1}, NEWS2_HIGH = {4, 5};
    private static final int[] NEWS2_AMU_LOW = {1, 2}, NEWS2_AMU_HIGH = {5, 6};
    /** The surge's first day, then one more each day (and always more than the day before). */
    private static final int SURGE_FIRST = 5;

    private final String ward;
    private final Stories stories;
    private final boolean acute;
    private final CommonCause staffing, crisisNights, missed, news2;

    WardPlan(long seed, String ward, boolean acute, Stories stories) {
        this.ward = ward;
        this.stories = stories;
        this.acute = acute;
        this.staffing = new CommonCause(seed, ward, "staffing");
        this.crisisNights = new CommonCause(seed, ward, "crisis nights");
        this.missed = new CommonCause(seed, ward, "missed critical doses");
        this.news2 = new CommonCause(seed, ward, "news2");
    }

    /**
     * Registered nurses on the shift of {@code date}. A usual short day is one registered nurse down on both shifts
     * (on 12-hour shifts that is NICE SG1 red flag 5 on each); in the staffing crisis the day shift is two down and
     * the night has one or two nurses (red flags 5, and 6 with one).
     */
    int registeredNurses(LocalDate date, Shift shift, int planned) {
        if (stories.staffingCrisis(ward, date)) {
            return shift == Shift.DAY ? Math.max(1, planned - 2) : crisisNights.high(date) ? 1 : 2;
        }
        // the days either side of the crisis are fully staffed, so it starts and ends on the day the story says
        if (stories.staffingCrisis(ward, date.plusDays(1)) || stories.staffingCrisis(ward, date.minusDays(1))) {
            return planned;
        }
        return staffing.high(date) ? planned - 1 : planned;
    }

    /** Whether the ward is in its staffing crisis on {@code date} (care runs late: see WardSim). */
    boolean shortStaffed(LocalDate date) {
        return stories.staffingCrisis(ward, date);
    }

    /** Critical doses that the day's rounds will miss (omitted as not available or with no reason, or not recorded). */
    int missedCriticalDoses(LocalDate date) {
        if (ward.equals(Stories.IMPROVEMENT_WARD) && stories.day(date) != Integer.MIN_VALUE) {
            if (stories.improvementProgramme(ward, date)) {
                return missed.value(date, MISSED_LOW, MISSED_HIGH);
            }
            // the day before the programme is a usual high one, so the run below the mean starts with the programme
            return stories.improvementProgramme(ward, date.plusDays(1)) ? missed.value(date, MISSED_BEFORE_HIGH, MISSED_BEFORE_HIGH)
                    : missed.value(date, MISSED_BEFORE_LOW, MISSED_BEFORE_HIGH);
        }
        return missed.value(date, MISSED_LOW, MISSED_HIGH);
    }

    /**
     * Patients the day should see with a NEWS2 of 5 or more; in the surge one more each day, and at least one more
     * than {@code yesterday} actually had (-1 when unknown), so the count rises strictly whatever the patients did.
     */
    int patientsWithNews2AtLeast5(LocalDate date, int yesterday) {
        int surgeDay = stories.surgeDay(ward, date);
        if (surgeDay >= 0) {
            return Math.max(SURGE_FIRST + surgeDay, yesterday + 1);
        }
        return acute ? news2.value(date, NEWS2_AMU_LOW, NEWS2_AMU_HIGH) : news2.value(date, NEWS2_LOW, NEWS2_HIGH);
    }

    /** Whether the day's deteriorations come in the small hours (the surge: admitted overnight, unwell by morning). */
    boolean surge(LocalDate date) {
        return stories.surgeDay(ward, date) >= 0;
    }
}
