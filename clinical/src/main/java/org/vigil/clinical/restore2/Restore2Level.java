package org.vigil.clinical.restore2;

/**
 * Care-home escalation levels, in rising order, with the advice the tablet shows (reference/restore2.md, Vigil's
 * default table; RESTORE2 itself is trademarked and not reproduced). How fast an alert at each level must be
 * answered is the server's to say (its one mapping from clinical risk to alert severity).
 */
public enum Restore2Level {
    ROUTINE("Routine care."),
    INFORM_SENIOR("Inform the senior carer or nurse and repeat observations."),
    GP_REVIEW("Repeat observations within 30 minutes; if NEWS2 is still 3 or more, ask for an urgent GP review within 2 hours."),
    URGENT("Urgent clinical review now: call the GP urgently, or NHS 111 out of hours; consider transfer."),
    EMERGENCY("Call 999.");

    private final String advice;

    Restore2Level(String advice) {
        this.advice = advice;
    }

    public String advice() {
        return advice;
    }

    /** One level up (a rise above baseline), never beyond EMERGENCY. */
    public Restore2Level up() {
        return this == EMERGENCY ? EMERGENCY : values()[ordinal() + 1];
    }

    /** Residents at these levels need a clinician now: the community view ranks homes by them. */
    public boolean urgentOrEmergency() {
        return this == URGENT || this == EMERGENCY;
    }

    /** The level's name as a carer reads it (the advice says what to do). */
    public String label() {
        return switch (this) {
            case ROUTINE -> "Routine care";
            case INFORM_SENIOR -> "Inform a senior";
            case GP_REVIEW -> "GP review";
            case URGENT -> "Urgent clinical review";
            case EMERGENCY -> "Emergency — call 999";
        };
    }
}
