package org.vigil.server.deterioration;

import org.vigil.server.org.Policies;

/**
 * The care-home escalation table (reference/restore2.md, Vigil default policy): the level and the repeat time
 * from the current NEWS2, one level higher when NEWS2 has risen by {@code baselineRise} or more above the
 * resident's baseline; soft signs alone (RESTORE2mini) ask for a full set of observations now.
 */
public final class Restore2Escalation {
    public static final String SOFT_SIGNS_ONLY_ADVICE =
            "Soft signs of deterioration: take a full set of observations now and inform a senior.";

    private final Policies.Restore2 policy;

    public Restore2Escalation(Policies.Restore2 policy) {
        this.policy = policy;
    }

    /** The advice for one submission. */
    public record Advice(Restore2Level level, String text, int repeatMinutes, boolean aboveBaseline) {}

    /**
     * @param score    the current set's NEWS2, or null for soft signs alone
     * @param baseline the resident's baseline NEWS2, or null when none is known
     */
    public Advice advise(News2Score score, Integer baseline) {
        if (score == null) {
            return new Advice(Restore2Level.INFORM_SENIOR, SOFT_SIGNS_ONLY_ADVICE, policy.softSignsOnlyMinutes(), false);
        }
        int total = score.total();
        Restore2Level level;
        int repeat;
        if (total >= 7) {                                   // ≥7: call 999, continuous until handover
            level = Restore2Level.EMERGENCY;
            repeat = policy.emergencyMinutes();
        } else if (total >= 5) {                            // 5–6: urgent clinical review now
            level = Restore2Level.URGENT;
            repeat = policy.urgentMinutes();
        } else if (total >= 3 || score.hasSingleParameterOf3()) { // 3–4, or a 3 in one parameter
            level = Restore2Level.GP_REVIEW;
            repeat = policy.gpReviewMinutes();
        } else if (total >= 1) {                            // 1–2: inform senior; within 6 h, 2-hourly at 2
            level = Restore2Level.INFORM_SENIOR;
            repeat = total == 2 ? policy.scoreTwoMinutes() : policy.scoreOneMinutes();
        } else {                                            // 0: routine care
            level = Restore2Level.ROUTINE;
            repeat = policy.routineMinutes();
        }
        boolean risen = baseline != null && total - baseline >= policy.baselineRise();
        if (risen) {
            level = level.up();
            repeat = Math.min(repeat, repeatFor(level));
        }
        String text = risen ? level.advice() + " NEWS2 has risen " + (total - baseline) + " above this resident's baseline of "
                + baseline + "." : level.advice();
        return new Advice(level, text, repeat, risen);
    }

    private int repeatFor(Restore2Level level) {
        return switch (level) {
            case ROUTINE -> policy.routineMinutes();
            case INFORM_SENIOR -> policy.scoreOneMinutes();
            case GP_REVIEW -> policy.gpReviewMinutes();
            case URGENT -> policy.urgentMinutes();
            case EMERGENCY -> policy.emergencyMinutes();
        };
    }
}
