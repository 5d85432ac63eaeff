package org.vigil.events;

/** How the patient is, in the words of the person asked (Martha's rule daily ask). */
public enum DailyAskAnswer {
    BETTER, SAME, WORSE,
    /** Asked, but they could not say. */
    UNSURE
}
