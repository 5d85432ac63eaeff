package org.vigil.clinical.restore2;

import org.vigil.clinical.news2.News2;
import org.vigil.clinical.news2.News2Score;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.events.SoftSign;
import org.vigil.events.Vitals;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.clinical.news2.TestVitals.high;
import static org.vigil.clinical.news2.TestVitals.medium;
import static org.vigil.clinical.news2.TestVitals.normal;
import static org.vigil.clinical.news2.TestVitals.singleThree;

/**
 * The SBARD Recommendation is said to the service being called: what the caller is doing and asking for, then
 * what happens while they wait. Never "Recommendation: Call 999" read to the 999 call handler.
 */
class SbardTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final long T0 = Instant.parse("2026-11-23T14:00:00Z").toEpochMilli();
    private static final long MIN = 60_000L;
    private final Restore2Escalation table = new Restore2Escalation(Restore2Policy.defaults());

    private String sbard(Vitals v, Integer baseline, SoftSign... signs) {
        News2Score score = v == null ? null : News2.score(v);
        Restore2Escalation.Advice advice = table.advise(score, baseline, signs.length > 0);
        return Sbard.text("Bayview Lodge Care Home", LONDON, T0, v, score, List.of(signs), baseline,
                T0 - 24 * 60 * MIN, advice, T0 + advice.repeatMinutes() * MIN);
    }

    private static String line(String sbard, String prefix) {
        return sbard.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + prefix + "' in\n" + sbard));
    }

    @Test
    void emergencyIsAddressedTo999AndSaysWhatToDoUntilTheCrewArrives() {
        String s = sbard(high(), null);
        assertEquals("R — Recommendation: I am calling 999 because their NEWS2 is 11 (high clinical risk); "
                + "I request an emergency ambulance.", line(s, "R — "));
        String waiting = line(s, "While waiting: ");
        assertTrue(waiting.contains("stay with the resident"), waiting);
        assertTrue(waiting.contains("every 15 minutes until the ambulance crew arrives (next by 14:15)"), waiting);
        assertTrue(waiting.contains("medicines list") && waiting.contains("DNACPR") && waiting.contains("ReSPECT"), waiting);
        assertTrue(line(s, "D — ").contains("the 999 call handler"));
    }

    @Test
    void urgentAsksTheGpOr111ForAnAssessmentNow() {
        String s = sbard(medium(), null);
        assertEquals("R — Recommendation: I am calling the GP urgently (NHS 111 out of hours) because their NEWS2 is "
                + "5 (medium clinical risk); I request an urgent clinical assessment of the resident now, and your "
                + "advice on whether they should go to hospital.", line(s, "R — "));
        String waiting = line(s, "While waiting: ");
        assertTrue(waiting.contains("repeat observations every 30 minutes (next by 14:30)"), waiting);
        assertTrue(waiting.contains("DNACPR or ReSPECT form"), waiting);
        assertTrue(waiting.contains("call 999 if NEWS2 reaches 7"), waiting);
    }

    @Test
    void aSingleRedScoreNamesTheParameterAndAsksForAnUrgentReviewNow() {
        String s = sbard(singleThree(), null);
        assertEquals("R — Recommendation: I am calling the GP (NHS 111 out of hours) because one observation scores 3, "
                + "a red score (new confusion or reduced consciousness), their NEWS2 is 3 (low-medium clinical risk); "
                + "I request an urgent review of the resident now, and your advice on whether they need to go to "
                + "hospital.", line(s, "R — "));
        assertTrue(line(s, "While waiting: ").contains("every 30 minutes"));
    }

    @Test
    void aGpReviewOnTheAggregateAsksForAReviewWithinTwoHours() {
        Vitals three = new Vitals(21, 95, 1, false, 125, 72, org.vigil.events.Consciousness.A, 37.0); // 2 + 1
        String s = sbard(three, null);
        assertEquals("R — Recommendation: I am calling the GP because their NEWS2 is 3 (low clinical risk); I request "
                + "an urgent GP review of the resident within 2 hours, since their NEWS2 stays at 3 or more.",
                line(s, "R — "));
    }

    /**
     * A GP review reached by a rise above baseline (NEWS2 2 against a usual 0) says so: "stays at 3 or more" would
     * tell the GP, and the carer reading the advice, that there is nothing to review (found by an independent check).
     */
    @Test
    void aGpReviewReachedByARiseAboveBaselineSaysTheRiseNotThreeOrMore() {
        Vitals two = new Vitals(21, 97, 1, false, 125, 72, org.vigil.events.Consciousness.A, 37.0); // NEWS2 2
        Restore2Escalation.Advice advice = table.advise(News2.score(two), 0, false);
        assertEquals(Restore2Level.GP_REVIEW, advice.level(), "NEWS2 " + News2.score(two).total() + " from 0");
        assertFalse(advice.text().contains("3 or more"), advice.text());
        assertTrue(advice.text().contains("still 2 or more above this resident's baseline"), advice.text());
        String s = sbard(two, 0);
        assertTrue(line(s, "R — ").endsWith("since their NEWS2 has risen above their usual."), line(s, "R — "));
    }

    @Test
    void informSeniorIsSaidToTheSeniorOnShift() {
        String s = sbard(null, null, SoftSign.NOT_EATING_OR_DRINKING, SoftSign.MORE_CONFUSED_OR_DROWSY);
        assertEquals("R — Recommendation: I am telling you, the senior on shift, because they show soft signs of "
                + "deterioration (not eating or drinking, more confused or drowsy) and have no observations yet; "
                + "I request that you see the resident now and decide whether they need a GP review.", line(s, "R — "));
        assertTrue(line(s, "While waiting: ").contains("take or repeat a full set of observations by 14:30"));
    }

    @Test
    void aRiseAboveBaselineIsPartOfTheReason() {
        String s = sbard(medium(), 1);
        assertTrue(line(s, "R — ").startsWith("R — Recommendation: I am calling 999 because their NEWS2 is 5 "
                + "(medium clinical risk), 4 above their usual 1;"), line(s, "R — "));
    }

    @Test
    void routineAsksForNothingAndHasNoWaiting() {
        String s = sbard(normal(), null);
        assertEquals("R — Recommendation: I am not asking for a review now: their NEWS2 is 0 (low clinical risk); "
                + "routine care and observations continue.", line(s, "R — "));
        assertFalse(s.contains("While waiting"));
    }

    /** No level's Recommendation is an instruction to the caller (the text the tablet shows as advice is). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"normal", "medium", "high", "singleThree", "softSigns"})
    void everyRecommendationSpeaksToTheServiceCalled(String which) {
        String s = switch (which) {
            case "normal" -> sbard(normal(), null);
            case "medium" -> sbard(medium(), null);
            case "high" -> sbard(high(), null);
            case "singleThree" -> sbard(singleThree(), null);
            default -> sbard(null, null, SoftSign.RESTLESS);
        };
        String r = line(s, "R — ");
        assertTrue(r.startsWith("R — Recommendation: I am "), r);
        assertFalse(r.contains("Call 999") || r.contains("call 999."), r);
        for (String part : List.of("S — Situation", "B — Background", "A — Assessment", "R — Recommendation",
                "D — Decision")) {
            assertTrue(s.contains(part), part);
        }
    }
}
