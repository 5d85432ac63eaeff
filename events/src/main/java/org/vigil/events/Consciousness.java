package org.vigil.events;

/** ACVPU (NEWS2 Chart 1). C is *new* confusion; long-standing confusion is recorded as A (RCP 2017). */
public enum Consciousness {
    A, C, V, P, U
}
