package org.vigil.simulator;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * The scripted stories of the demo's history, dated in days relative to "today" (the local date the history leads
 * up to, day 0; yesterday is day -1), so the executive board has something true to find (docs/demo.md, which a
 * viewer checks the board against). A story names a ward of the demo organisation; with another organisation
 * file, or without history, there are none.
 */
final class Stories {
    /** A staffing crisis: registered nurses well short on both shifts, NICE SG1 red flags 5 and 6. */
    static final String STAFFING_CRISIS_WARD = "RVT-W14";
    /** 14 consecutive days, the last of them three weeks before today. */
    static final int STAFFING_CRISIS_FIRST_DAY = -34, STAFFING_CRISIS_LAST_DAY = -21;

    /** An improvement programme for critical medicines: fewer critical doses missed from its first day on. */
    static final String IMPROVEMENT_WARD = "BFW-W7";
    static final int IMPROVEMENT_FIRST_DAY = -30;

    /** A winter surge: more patients scoring NEWS2 5 or more each day than the day before. */
    static final String SURGE_WARD = "BFW-AMU";
    static final int SURGE_FIRST_DAY = -9, SURGE_LAST_DAY = 0;

    private final LocalDate today;

    /** @param today day 0 of the stories; null for a simulation without them */
    Stories(LocalDate today) {
        this.today = today;
    }

    static Stories none() {
        return new Stories(null);
    }

    /** Days from today to {@code date} (negative before it), or {@link Integer#MIN_VALUE} without stories. */
    int day(LocalDate date) {
        return today == null ? Integer.MIN_VALUE : (int) ChronoUnit.DAYS.between(today, date);
    }

    boolean staffingCrisis(String ward, LocalDate date) {
        int d = day(date);
        return ward.equals(STAFFING_CRISIS_WARD) && d >= STAFFING_CRISIS_FIRST_DAY && d <= STAFFING_CRISIS_LAST_DAY;
    }

    /** Whether the ward's improvement programme is running on {@code date} (it runs on after today). */
    boolean improvementProgramme(String ward, LocalDate date) {
        return today != null && ward.equals(IMPROVEMENT_WARD) && day(date) >= IMPROVEMENT_FIRST_DAY;
    }

    /** The day's place in the surge (0 on its first day), or -1 outside it. */
    int surgeDay(String ward, LocalDate date) {
        int d = day(date);
        return ward.equals(SURGE_WARD) && d >= SURGE_FIRST_DAY && d <= SURGE_LAST_DAY ? d - SURGE_FIRST_DAY : -1;
    }
}
