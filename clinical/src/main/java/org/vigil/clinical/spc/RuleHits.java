package org.vigil.clinical.spc;

import java.util.EnumSet;

/** Which rules fired at each point of one chart, on each side. Filled by the four rules, then read once. */
final class RuleHits {
    private final int[] high;
    private final int[] low;

    RuleHits(int points) {
        high = new int[points];
        low = new int[points];
    }

    void mark(int point, Side side, SpecialCauseRule rule) {
        int bit = 1 << rule.ordinal();
        if (side == Side.HIGH) {
            high[point] |= bit;
        } else {
            low[point] |= bit;
        }
    }

    /** Marks every point of {@code [from, to)}. */
    void mark(int from, int to, Side side, SpecialCauseRule rule) {
        for (int i = from; i < to; i++) {
            mark(i, side, rule);
        }
    }

    EnumSet<SpecialCauseRule> rules(int point, Side side) {
        int bits = side == Side.HIGH ? high[point] : low[point];
        EnumSet<SpecialCauseRule> set = EnumSet.noneOf(SpecialCauseRule.class);
        for (SpecialCauseRule r : SpecialCauseRule.values()) {
            if ((bits & (1 << r.ordinal())) != 0) {
                set.add(r);
            }
        }
        return set;
    }
}
