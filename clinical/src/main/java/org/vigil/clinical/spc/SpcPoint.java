package org.vigil.clinical.spc;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * One point of an XmR chart as judged.
 *
 * @param value            the value
 * @param mean             the mean of the point's section (given even when the chart has too few points)
 * @param limits           the lines of the point's section; null when the chart has too few points for limits
 * @param specialCause     what the point shows; null for common cause (and whenever limits are null)
 * @param rules            the rules behind {@code specialCause} (empty for common cause)
 * @param conflictingRules rules that fired on the other side and were overridden by the conflict resolution
 *                         (empty unless the point was a conflict)
 * @param side             the side {@code rules} fired on, as the variation icon reads it were this the last point
 *                         (under NEITHER, HIGH when any high rule fired); null for common cause. Under NEITHER every
 *                         special cause means the same, so only the side tells a step down from a step up.
 * Both rule sets iterate in {@link SpecialCauseRule} order.
 */
public record SpcPoint(double value, double mean, ProcessLimits limits, SpecialCause specialCause,
                       Set<SpecialCauseRule> rules, Set<SpecialCauseRule> conflictingRules, Side side) {
    public SpcPoint {
        rules = inRuleOrder(rules);
        conflictingRules = inRuleOrder(conflictingRules);
    }

    private static Set<SpecialCauseRule> inRuleOrder(Set<SpecialCauseRule> rules) {
        EnumSet<SpecialCauseRule> copy = EnumSet.noneOf(SpecialCauseRule.class);
        copy.addAll(rules);
        return Collections.unmodifiableSet(copy);
    }
}
