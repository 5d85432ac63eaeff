package org.vigil.clinical.restore2;

import org.vigil.clinical.news2.News2Score;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** reference/restore2.md, the default escalation table, at every band boundary; soft signs and the single red score. */
class Restore2EscalationTest {
    private final Restore2Escalation table = new Restore2Escalation(Restore2Policy.defaults());

    /** A score with the given total spread over parameters that score at most 2 (no single 3). */
    static News2Score total(int total) {
        int[] p = new int[7];
        int left = total;
        for (int i = 0; i < 7 && left > 0; i++) {
            int v = Math.min(2, left);
            if (i == 2 && v == 1) {
                continue; // air or oxygen scores 0 or 2, never 1
            }
            p[i] = v;
            left -= v;
        }
        return News2Score.of(p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
    }

    @ParameterizedTest(name = "NEWS2 {0} → {1}, repeat {2} min")
    @CsvSource({
            "0, ROUTINE, 720",
            "1, INFORM_SENIOR, 360",
            "2, INFORM_SENIOR, 120",
            "3, GP_REVIEW, 30",
            "4, GP_REVIEW, 30",
            "5, URGENT, 30",
            "6, URGENT, 30",
            "7, EMERGENCY, 15",
            "12, EMERGENCY, 15"})
    void levelAndRepeatByCurrentNews2(int score, Restore2Level level, int repeat) {
        Restore2Escalation.Advice a = table.advise(total(score), null, false);
        assertEquals(level, a.level());
        assertEquals(repeat, a.repeatMinutes());
        assertFalse(a.aboveBaseline());
        assertFalse(a.singleRedScore());
    }

    /**
     * A 3 in one parameter, aggregate below 5: the RCP's urgent response (inform the clinician now), not the
     * table's "repeat within 30 minutes, then GP review if still ≥ 3" (a red score repeated is still a 3).
     */
    @ParameterizedTest(name = "single red score in parameter {0}, aggregate {1}")
    @CsvSource({"5, 3", "5, 4", "0, 3", "6, 4"})
    void aSingleRedScoreAsksForTheGpNowWithoutWaitingToRepeat(int parameter, int aggregate) {
        int[] p = new int[7];
        p[parameter] = 3;
        p[parameter == 0 ? 1 : 0] = aggregate - 3; // the rest of the aggregate on another parameter (0 or 1)
        News2Score s = News2Score.of(p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
        assertTrue(s.hasSingleParameterOf3());
        assertEquals(aggregate, s.total());
        Restore2Escalation.Advice a = table.advise(s, null, false);
        assertEquals(Restore2Level.GP_REVIEW, a.level());
        assertTrue(a.singleRedScore());
        assertEquals(Restore2Escalation.SINGLE_RED_SCORE_ADVICE, a.text());
        assertTrue(a.text().contains("call the GP now") && a.text().contains("do not wait"), a.text());
        assertFalse(a.text().contains("Repeat observations within 30 minutes"), "the old wait-and-repeat wording");
        assertEquals(30, a.repeatMinutes(), "singleRedScoreMinutes: at least as often as the RCP's hourly minimum");
    }

    @Test
    void aSingleThreeWithAnAggregateOfFiveOrMoreIsJudgedOnTheAggregate() {
        News2Score s = News2Score.of(3, 0, 2, 0, 0, 0, 0); // 5 with a red score: the aggregate band wins
        Restore2Escalation.Advice a = table.advise(s, null, false);
        assertEquals(Restore2Level.URGENT, a.level());
        assertFalse(a.singleRedScore());
    }

    @Test
    void theSingleRedScoreRepeatIsPolicy() {
        Restore2Policy d = Restore2Policy.defaults();
        Restore2Escalation hourly = new Restore2Escalation(new Restore2Policy(d.routineMinutes(),
                d.scoreOneMinutes(), d.scoreTwoMinutes(), d.gpReviewMinutes(), d.urgentMinutes(), d.emergencyMinutes(),
                d.softSignsOnlyMinutes(), d.baselineRise(), 60));
        assertEquals(60, hourly.advise(News2Score.of(0, 0, 0, 0, 0, 3, 0), null, false).repeatMinutes());
    }

    @ParameterizedTest(name = "NEWS2 {0} with baseline {1} → {2}")
    @CsvSource({
            "2, 0, GP_REVIEW",       // rise of 2 escalates INFORM_SENIOR one level
            "2, 1, INFORM_SENIOR",   // rise of 1 does not
            "1, 0, INFORM_SENIOR",
            "3, 1, URGENT",          // GP_REVIEW one level up
            "5, 3, EMERGENCY",       // URGENT one level up
            "7, 2, EMERGENCY",       // never beyond 999
            "4, 4, GP_REVIEW",       // at baseline: the table alone
            "0, 3, ROUTINE"})        // below baseline: the table alone
    void aRiseOfTwoAboveBaselineEscalatesOneLevel(int score, int baseline, Restore2Level level) {
        Restore2Escalation.Advice a = table.advise(total(score), baseline, false);
        assertEquals(level, a.level());
        assertEquals(score - baseline >= 2, a.aboveBaseline());
    }

    @Test
    void aSingleRedScoreWellAboveBaselineIsUrgent() {
        Restore2Escalation.Advice a = table.advise(News2Score.of(0, 0, 0, 0, 0, 3, 0), 0, false);
        assertEquals(Restore2Level.URGENT, a.level());
        assertTrue(a.aboveBaseline());
    }

    @Test
    void escalationAboveBaselineTakesTheStricterRepeatTime() {
        assertEquals(120, table.advise(total(2), 1, false).repeatMinutes(), "NEWS2 2 alone: 2-hourly");
        assertEquals(30, table.advise(total(2), 0, false).repeatMinutes(), "2 above baseline: GP review, 30 min");
    }

    @Test
    void softSignsAloneAskForObservationsNow() {
        Restore2Escalation.Advice a = table.advise(null, 0, true);
        assertEquals(Restore2Level.INFORM_SENIOR, a.level());
        assertEquals(Restore2Escalation.SOFT_SIGNS_ONLY_ADVICE, a.text());
        assertEquals(30, a.repeatMinutes());
    }

    @Test
    void softSignsWithANews2OfZeroAreAtLeastInformSenior() {
        Restore2Escalation.Advice a = table.advise(total(0), null, true);
        assertEquals(Restore2Level.INFORM_SENIOR, a.level());
        assertEquals(360, a.repeatMinutes());
        assertTrue(a.text().contains("inform a senior"), a.text());
        assertEquals(Restore2Level.ROUTINE, table.advise(total(0), null, false).level(), "without soft signs: routine");
        assertEquals(Restore2Level.URGENT, table.advise(total(5), null, true).level(), "a higher level stands");
    }

    @ParameterizedTest(name = "soft signs within the window of a {0} set → {1}")
    @CsvSource({"0, INFORM_SENIOR", "1, INFORM_SENIOR", "3, GP_REVIEW", "5, URGENT", "7, EMERGENCY"})
    void softSignsWithinAScoredSetsWindowNeverLowerItsLevel(int score, Restore2Level level) {
        Restore2Escalation.Advice scored = table.advise(total(score), null, false);
        Restore2Escalation.Advice held = table.softSignsWithin(scored, "NEWS2 " + score + " at 14:00", "14:30");
        assertEquals(level, held.level());
        if (level.compareTo(Restore2Level.INFORM_SENIOR) > 0) {
            assertTrue(held.text().startsWith(scored.text()), held.text());
            assertTrue(held.text().contains("held from the NEWS2 " + score + " at 14:00"), held.text());
        } else {
            assertEquals(Restore2Escalation.SOFT_SIGNS_ONLY_ADVICE, held.text());
        }
    }
}
