package org.vigil.events;

/** Why a care-home resident's stay ended (reference/restore2.md: a resident can be closed). */
public enum ResidentDischargeReason {
    /** Moved to hospital (conveyed or admitted). */
    HOSPITAL,
    DIED,
    /** Left the home for another reason (moved home, to another home). */
    LEFT
}
