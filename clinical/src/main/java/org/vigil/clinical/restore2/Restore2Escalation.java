package org.vigil.clinical.restore2;

import org.vigil.clinical.news2.ClinicalRisk;
import org.vigil.clinical.news2.News2Score;

/**
 * The care-home escalation table (reference/restore2.md, Vigil default policy): the level and the repeat time
 * from the current NEWS2, one level higher when NEWS2 has risen by {@code baselineRise} or more above the
 * resident's baseline; soft signs alone (RESTORE2mini) ask for a full set of observations now.
 *
 * <p>Two rules keep soft signs and a single red score from reading as less than they are:
 * <ul>
 *   <li>Soft signs are at least "inform senior", with or without observations: a NEWS2 of 0 with a resident who
 *       "seems different than usual" is not routine (RESTORE2: soft signs are the entry point to escalation).</li>
 *   <li>A single red score (one parameter scoring 3, aggregate below 5). The care-home table puts it with NEWS2
 *       3–4: "repeat observations within 30 minutes; if still ≥ 3, urgent GP review". That wording asks the
 *       carer to wait and repeat, but a single red score repeated is still a 3: the RCP's rule (NEWS2 2017,
 *       Charts 3–4) is an <em>urgent</em> response, the registered nurse informing the medical team at once,
 *       with at least hourly observations. Vigil follows the RCP: the advice is to call the GP now (NHS 111 out
 *       of hours) for an urgent review, without waiting to repeat, and to repeat observations within
 *       {@code singleRedScoreMinutes} (default 30: more often than the RCP's hourly minimum, as often as the
 *       care-home table asks at this level). The level stays GP_REVIEW (the server gives it the alert severity
 *       it gives the RCP single-3 band).</li>
 * </ul>
 *
 * <p>The NEWS2 bands come from {@link ClinicalRisk} (RCP Chart 3), the one place they are written: HIGH is the
 * emergency level, MEDIUM the urgent one, LOW_MEDIUM the single red score; within LOW, the care-home table's own
 * steps (3–4, 1–2, 0) are RESTORE2's, not Chart 3's.
 */
public final class Restore2Escalation {
    public static final String SOFT_SIGNS_ONLY_ADVICE =
            "Soft signs of deterioration: take a full set of observations now and inform a senior.";
    /** RCP NEWS2 2017 Chart 4: a 3 in a single parameter → inform the medical team urgently; hourly at least. */
    public static final String SINGLE_RED_SCORE_ADVICE = "One observation scores 3 (a red score): call the GP now "
            + "for an urgent review (NHS 111 out of hours); do not wait to repeat the observations first.";

    private final Restore2Policy policy;

    public Restore2Escalation(Restore2Policy policy) {
        this.policy = policy;
    }

    /**
     * The advice for one submission.
     *
     * @param singleRedScore the level comes from a 3 in one parameter (aggregate below 5), not from the aggregate
     */
    public record Advice(Restore2Level level, String text, int repeatMinutes, boolean aboveBaseline,
                         boolean singleRedScore) {}

    /**
     * @param score     the current set's NEWS2, or null for soft signs alone
     * @param baseline  the resident's baseline NEWS2, or null when none is known
     * @param softSigns whether the submission reported any soft sign
     */
    public Advice advise(News2Score score, Integer baseline, boolean softSigns) {
        if (score == null) {
            return softSignsOnly();
        }
        int total = score.total();
        Restore2Level level;
        int repeat;
        boolean redScore = false;
        switch (score.risk()) {
            case HIGH -> {                                  // ≥7: call 999, continuous until handover
                level = Restore2Level.EMERGENCY;
                repeat = policy.emergencyMinutes();
            }
            case MEDIUM -> {                                // 5–6: urgent clinical review now
                level = Restore2Level.URGENT;
                repeat = policy.urgentMinutes();
            }
            case LOW_MEDIUM -> {                            // a single red score: RCP urgent response
                level = Restore2Level.GP_REVIEW;
                repeat = policy.singleRedScoreMinutes();
                redScore = true;
            }
            default -> {
                if (total >= 3) {                           // 3–4: repeat within 30 min; if still ≥3 GP review
                    level = Restore2Level.GP_REVIEW;
                    repeat = policy.gpReviewMinutes();
                } else if (total >= 1) {                    // 1–2: inform senior; within 6 h, 2-hourly at 2
                    level = Restore2Level.INFORM_SENIOR;
                    repeat = total == 2 ? policy.scoreTwoMinutes() : policy.scoreOneMinutes();
                } else {                                    // 0: routine care
                    level = Restore2Level.ROUTINE;
                    repeat = policy.routineMinutes();
                }
            }
        }
        String text = redScore ? SINGLE_RED_SCORE_ADVICE : level.advice();
        if (softSigns && level == Restore2Level.ROUTINE) {  // soft signs: at least inform senior
            level = Restore2Level.INFORM_SENIOR;
            repeat = Math.min(repeat, repeatFor(level));
            text = "Soft signs of deterioration with a NEWS2 of 0: inform a senior and repeat observations.";
        }
        boolean risen = baseline != null && total - baseline >= policy.baselineRise();
        if (risen) {
            level = level.up();
            repeat = Math.min(repeat, repeatFor(level));
            redScore = false; // the level is now the rise's, with that level's advice
            // GP review's own words judge the score (still 3 or more); reached by a rise, the rise is what counts
            String advice = level == Restore2Level.GP_REVIEW
                    ? "Repeat observations within 30 minutes; if NEWS2 is still " + policy.baselineRise()
                            + " or more above this resident's baseline, ask for an urgent GP review within 2 hours."
                    : level.advice();
            text = advice + " NEWS2 has risen " + (total - baseline) + " above this resident's baseline of "
                    + baseline + ".";
        }
        return new Advice(level, text, repeat, risen, redScore);
    }

    /** RESTORE2mini: soft signs with no observations. */
    public Advice softSignsOnly() {
        return new Advice(Restore2Level.INFORM_SENIOR, SOFT_SIGNS_ONLY_ADVICE, policy.softSignsOnlyMinutes(), false,
                false);
    }

    /**
     * Soft signs alone, within the repeat window of a scored set that gave {@code scored}: never a lower level
     * than that set gave (the soft signs add to what the observations showed, they do not replace it).
     *
     * @param scoredAtText when the scored set was taken and its NEWS2, e.g. "NEWS2 6 at 14:00"
     * @param repeatDueText when that set's repeat observations are due, e.g. "14:30"
     */
    public Advice softSignsWithin(Advice scored, String scoredAtText, String repeatDueText) {
        Advice alone = softSignsOnly();
        if (scored.level().compareTo(alone.level()) <= 0) {
            return alone;
        }
        return new Advice(scored.level(), scored.text() + " (Level held from the " + scoredAtText
                + " until its repeat observations are due at " + repeatDueText + "; new soft signs: take a full set "
                + "of observations now.)", policy.softSignsOnlyMinutes(), scored.aboveBaseline(), scored.singleRedScore());
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
