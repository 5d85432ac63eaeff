package org.vigil.server.deterioration;

import java.util.List;

/**
 * A unit's NEWS2 state now: each patient counted by their latest set on this stay (RCP NEWS2 2017).
 *
 * @param patientsObserved    patients with at least one scored set on this stay
 * @param patientsOnHourlyObs patients whose Chart 4 interval is an hour or less (single 3, 5–6, ≥ 7)
 * @param news2LowMedium      patients at LOW_MEDIUM risk (a 3 in one parameter, aggregate below 5)
 * @param news2Medium         patients at MEDIUM risk (aggregate 5–6)
 * @param news2High           patients at HIGH risk (aggregate 7 or more)
 * @param observationsOverdue patients whose next set (or first set) is overdue
 * @param news2Distribution   patients per latest NEWS2 total, index 0–20
 */
public record DeteriorationSummary(int patientsObserved, int patientsOnHourlyObs, int news2LowMedium,
                                   int news2Medium, int news2High, int observationsOverdue,
                                   List<Integer> news2Distribution) {
    /** The highest NEWS2 total (RCP 2017): six parameters scored 0–3 plus supplemental oxygen 2. */
    public static final int MAX_NEWS2 = 20;

    public DeteriorationSummary {
        news2Distribution = List.copyOf(news2Distribution);
    }

    /** Patients at NEWS2 5 or more: MEDIUM and HIGH risk together (Chart 3's urgent-response threshold). */
    public int news2AtLeast5() {
        return news2Medium + news2High;
    }
}
