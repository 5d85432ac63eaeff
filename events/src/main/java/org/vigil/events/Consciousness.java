package org.vigil.events;

/** ACVPU (NEWS2 Chart 1). C is *new* confusion; long-standing confusion is recorded as A (RCP 2017). */
public enum Consciousness {
    A, C, V, P, U;

    /** The ACVPU level as the tablet offers it: the letter, then what it means. */
    public String label() {
        return switch (this) {
            case A -> "A — alert";
            case C -> "C — new confusion";
            case V -> "V — responds to voice";
            case P -> "P — responds to pain";
            case U -> "U — unresponsive";
        };
    }
}
