package org.vigil.server.deterioration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.server.org.Policies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** reference/restore2.md, the default escalation table, at every band boundary. */
class Restore2EscalationTest {
    private final Restore2Escalation table = new Restore2Escalation(Policies.defaults().restore2());

    /** A score with the given total spread over parameters that score at most 2 (no single 3). */
    private static News2Score total(int total) {
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
        Restore2Escalation.Advice a = table.advise(total(score), null);
        assertEquals(level, a.level());
        assertEquals(repeat, a.repeatMinutes());
        assertFalse(a.aboveBaseline());
    }

    @Test
    void aThreeInOneParameterIsAGpReviewEvenWithATotalOf3() {
        News2Score singleThree = News2Score.of(0, 0, 0, 0, 0, 3, 0);
        assertTrue(singleThree.hasSingleParameterOf3());
        assertEquals(Restore2Level.GP_REVIEW, table.advise(singleThree, null).level());
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
        Restore2Escalation.Advice a = table.advise(total(score), baseline);
        assertEquals(level, a.level());
        assertEquals(score - baseline >= 2, a.aboveBaseline());
    }

    @Test
    void escalationAboveBaselineTakesTheStricterRepeatTime() {
        assertEquals(120, table.advise(total(2), 1).repeatMinutes(), "NEWS2 2 alone: 2-hourly");
        assertEquals(30, table.advise(total(2), 0).repeatMinutes(), "2 above baseline: GP review, 30 min");
    }

    @Test
    void softSignsAloneAskForObservationsNow() {
        Restore2Escalation.Advice a = table.advise(null, 0);
        assertEquals(Restore2Level.INFORM_SENIOR, a.level());
        assertEquals(Restore2Escalation.SOFT_SIGNS_ONLY_ADVICE, a.text());
        assertEquals(30, a.repeatMinutes());
    }
}
