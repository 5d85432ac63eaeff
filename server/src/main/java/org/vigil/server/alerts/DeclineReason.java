package org.vigil.server.alerts;

import java.util.Locale;

/**
 * Why a responder declined an alert, grouped for the alert-burden figures. A responder may give one of these codes
 * or say why in their own words (kept in the alert's history, counted as {@link #OTHER}): a closed set keeps the
 * figures comparable and the metric labels bounded.
 */
public enum DeclineReason {
    WITH_ANOTHER_PATIENT("With another patient who needs me now"),
    NOT_FOR_MY_TEAM("Not for my team"),
    ALREADY_BEING_REVIEWED("Already being reviewed by another clinician"),
    OTHER("Other");

    private final String label;

    DeclineReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The code a reason's text is counted under: the code it names (any case), else OTHER. */
    public static DeclineReason of(String reason) {
        String code = reason.trim().toUpperCase(Locale.ROOT);
        for (DeclineReason r : values()) {
            if (r.name().equals(code)) {
                return r;
            }
        }
        return OTHER;
    }
}
