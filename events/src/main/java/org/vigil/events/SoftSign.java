package org.vigil.events;

/** RESTORE2 soft signs of deterioration (reference/restore2.md). */
public enum SoftSign {
    SHORTNESS_OF_BREATH, MORE_CONFUSED_OR_DROWSY, NOT_EATING_OR_DRINKING, REDUCED_MOBILITY_OR_FALLS,
    WITHDRAWN_OR_DISTRESSED, INCREASED_TIREDNESS, RESTLESS, NEW_OR_WORSE_PAIN, URINE_OR_BOWEL_CHANGE,
    SKIN_COLOUR_CHANGE, SEEMS_DIFFERENT;

    /** In the words carers use (the tablet's checkboxes, the SBARD text). */
    public String label() {
        return switch (this) {
            case SHORTNESS_OF_BREATH -> "New or increased shortness of breath";
            case MORE_CONFUSED_OR_DROWSY -> "More confused or drowsy";
            case NOT_EATING_OR_DRINKING -> "Not eating or drinking";
            case REDUCED_MOBILITY_OR_FALLS -> "Less mobile, unsteady or has fallen";
            case WITHDRAWN_OR_DISTRESSED -> "More withdrawn or distressed";
            case INCREASED_TIREDNESS -> "More tired than usual";
            case RESTLESS -> "Very restless";
            case NEW_OR_WORSE_PAIN -> "New or worse pain";
            case URINE_OR_BOWEL_CHANGE -> "Passing less urine, or a bowel change";
            case SKIN_COLOUR_CHANGE -> "Skin colour change";
            case SEEMS_DIFFERENT -> "Seems different from usual";
        };
    }
}
