package org.vigil.clinical.spc;

/** Which way is better for a metric: it decides whether a special cause is an improvement or a concern. */
public enum ImprovementDirection {
    /** High is good. */
    UP,
    /** Low is good. */
    DOWN,
    /** No judgement: any special cause is "neither" (purple), and no assurance icon is given. */
    NEITHER;

    /**
     * What a rule firing on {@code side} means for this metric. [MDC-spec] "Special cause": UP makes high signals
     * improvement and low ones concern, DOWN the reverse; NEITHER judges none ([SQL] Step 4j, the same).
     */
    SpecialCause meaningOf(Side side) {
        return switch (this) {
            case UP -> side == Side.HIGH ? SpecialCause.IMPROVEMENT : SpecialCause.CONCERN;
            case DOWN -> side == Side.LOW ? SpecialCause.IMPROVEMENT : SpecialCause.CONCERN;
            case NEITHER -> SpecialCause.NEITHER;
        };
    }

    /** The side on which a signal is an improvement (only for UP and DOWN). */
    Side improvementSide() {
        if (this == NEITHER) {
            throw new IllegalStateException("NEITHER has no improvement side");
        }
        return this == UP ? Side.HIGH : Side.LOW;
    }
}
