package org.vigil.clinical.restore2;

/**
 * Care-home escalation policy (reference/restore2.md; Vigil's default table, configurable in the organisation
 * file): minutes until the repeat set is due at each level, and the rise above the resident's baseline NEWS2 that
 * escalates one level.
 *
 * @param scoreOneMinutes       repeat for NEWS2 1 (inform senior; within 6 h)
 * @param scoreTwoMinutes       repeat for NEWS2 2 (2-hourly)
 * @param softSignsOnlyMinutes  repeat after soft signs alone (RESTORE2mini: a full set now)
 * @param baselineRise          a NEWS2 this far above the resident's baseline escalates one level
 * @param singleRedScoreMinutes repeat after a single red score (a 3 in one parameter, aggregate below 5)
 */
public record Restore2Policy(int routineMinutes, int scoreOneMinutes, int scoreTwoMinutes, int gpReviewMinutes,
                             int urgentMinutes, int emergencyMinutes, int softSignsOnlyMinutes, int baselineRise,
                             int singleRedScoreMinutes) {

    /** Vigil's default table (reference/restore2.md): 720, 360, 120, 30, 30, 15, 30 minutes; a rise of 2; 30. */
    public static Restore2Policy defaults() {
        return new Restore2Policy(720, 360, 120, 30, 30, 15, 30, 2, 30);
    }
}
