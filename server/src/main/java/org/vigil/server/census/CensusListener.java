package org.vigil.server.census;

/**
 * Told when a patient arrives, moves between units or leaves, so the rules that follow patients follow them.
 * Engine thread only.
 */
public interface CensusListener {
    default void admitted(Patient p, long at) {
    }

    default void transferred(Patient p, String fromUnit, long at) {
    }

    default void discharged(Patient p, String unit, long at) {
    }

    /**
     * The stay began earlier than the census had it ({@code was}): the admission message arrived after a later
     * movement (a transfer) that was taken for the stay's start. What is due from admission is due from
     * {@link Patient#admittedAt()} now.
     */
    default void admittedEarlier(Patient p, long was) {
    }

    /** The patient's age changed without a move to another unit: an age first given (or corrected) later. */
    default void ageChanged(Patient p, long at) {
    }
}
