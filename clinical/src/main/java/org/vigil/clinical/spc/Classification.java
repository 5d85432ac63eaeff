package org.vigil.clinical.spc;

import java.util.EnumSet;
import java.util.Set;

/**
 * What one point shows, from the rules that fired on each side ([MDC-spec] "Special cause" and "Special cause
 * conflict"; [SQL] Step 4j).
 *
 * @param cause       null for common cause
 * @param side        the side of the shown rules; under NEITHER, HIGH when any high rule fired ([SQL] Step 4k checks
 *                    "Neither (High)" first); null for common cause
 * @param rules       the rules behind {@code cause}
 * @param conflicting the rules overridden by the conflict resolution
 */
record Classification(SpecialCause cause, Side side, Set<SpecialCauseRule> rules, Set<SpecialCauseRule> conflicting) {
    private static final Classification COMMON_CAUSE = new Classification(null, null, Set.of(), Set.of());

    static Classification of(Set<SpecialCauseRule> high, Set<SpecialCauseRule> low, SpcSettings settings) {
        if (high.isEmpty() && low.isEmpty()) {
            return COMMON_CAUSE;
        }
        ImprovementDirection direction = settings.improvement();
        if (direction == ImprovementDirection.NEITHER) {
            EnumSet<SpecialCauseRule> all = EnumSet.noneOf(SpecialCauseRule.class);
            all.addAll(high);
            all.addAll(low);
            return new Classification(SpecialCause.NEITHER, high.isEmpty() ? Side.LOW : Side.HIGH, all, Set.of());
        }
        if (low.isEmpty()) {
            return new Classification(direction.meaningOf(Side.HIGH), Side.HIGH, high, Set.of());
        }
        if (high.isEmpty()) {
            return new Classification(direction.meaningOf(Side.LOW), Side.LOW, low, Set.of());
        }
        // Improvement and concern at once: only a trend crossing the mean can do this.
        Side shown = settings.conflictResolution().winner(high, low, direction);
        return shown == Side.HIGH
                ? new Classification(direction.meaningOf(Side.HIGH), Side.HIGH, high, low)
                : new Classification(direction.meaningOf(Side.LOW), Side.LOW, low, high);
    }
}
