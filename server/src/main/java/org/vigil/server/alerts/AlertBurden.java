package org.vigil.server.alerts;

import java.util.Map;

/**
 * A unit's alert burden for one local day (alarm fatigue is itself a safety risk): what was raised and how it was
 * answered. Percentages have one decimal and are null when there is nothing to divide by.
 *
 * @param raisedToday                     new episodes raised (a re-opening is not counted again)
 * @param alertsPer100BedDays             raisedToday × 100 ÷ patients on the unit now
 * @param acknowledgedWithinTargetPercent of those raised, answered (first acknowledged or accepted) before they escalated
 *                                        past rung 0 of their ladder
 * @param resolvedToday                   episodes resolved
 * @param resolvedWithoutActionPercent    of those resolved, resolved while nobody had answered
 * @param acceptedToday                   acceptances made today
 * @param medianMinutesToAcceptance       median minutes from the episode's first raise to acceptance, of today's
 * @param renotifiedPercent               of those raised, told again at least once (escalated, re-notified,
 *                                        worsened or re-opened)
 * @param declinesToday                   declines made today
 * @param declinesByReason                declines made today per reason code
 */
public record AlertBurden(int raisedToday, Double alertsPer100BedDays, Double acknowledgedWithinTargetPercent,
                          int resolvedToday, Double resolvedWithoutActionPercent, int acceptedToday,
                          Double medianMinutesToAcceptance, Double renotifiedPercent, int declinesToday,
                          Map<DeclineReason, Integer> declinesByReason) {
    public AlertBurden {
        declinesByReason = Map.copyOf(declinesByReason);
    }
}
