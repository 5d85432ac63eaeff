package org.vigil.server.wall;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.vigil.server.alerts.AlertState;

/**
 * Where should the executive wall look first? A ward's risk score ranks its tile: a weighted count of the
 * signals that need someone to act now, computed from the ward snapshot (docs/walls.md explains the weights).
 *
 * <pre>
 * score = 10 × escalated alerts not yet acknowledged   (an unanswered escalation is the most urgent thing)
 *       +  8 × patients with NEWS2 ≥ 7                 (RCP 2017: emergency assessment)
 *       +  5 × staffing red flags today                (NICE SG1: prompt an immediate response)
 *       +  5 × critical doses missed today              (time-critical medicines, harm within hours)
 *       +  1 × patients with outstanding risk assessments, at most 10 (a backlog, not an emergency)
 * </pre>
 *
 * A signal whose feed is absent counts 0: the wall shows "no feed" for it rather than pretending. The
 * assessment backlog is capped so that paperwork can never outrank one deteriorating patient.
 */
public final class WardRiskScore {
    public static final int ESCALATED_WEIGHT = 10;
    public static final int NEWS2_HIGH_WEIGHT = 8;
    public static final int RED_FLAG_WEIGHT = 5;
    public static final int MISSED_CRITICAL_DOSE_WEIGHT = 5;
    public static final int ASSESSMENT_WEIGHT = 1;
    public static final int ASSESSMENT_CAP = 10;
    /** From this score a tile says "act now": two unanswered escalations, or a NEWS2 ≥ 7 patient and a red flag. */
    public static final int ACT_NOW_FROM = 20;

    /** The band a tile shows beside the score (a shape and a word, never colour alone). */
    public enum Level {
        ACT_NOW, WATCH, QUIET;

        public static Level of(int score) {
            return score >= ACT_NOW_FROM ? ACT_NOW : score > 0 ? WATCH : QUIET;
        }

        public String label() {
            return switch (this) {
                case ACT_NOW -> "act now";
                case WATCH -> "watch";
                case QUIET -> "quiet";
            };
        }
    }

    private WardRiskScore() {
    }

    /** The score of one ward snapshot, its band and its parts: {@code {score, level, escalated, news2High, ...}}. */
    public static JsonObject of(JsonObject snapshot) {
        int escalated = escalatedUnacknowledged(snapshot.getJsonArray("alerts"));
        int news2High = count(snapshot, "news2High");
        int redFlags = count(snapshot, "redFlagsToday");
        int missedCritical = count(snapshot, "missedCriticalDosesToday");
        int assessments = count(snapshot, "patientsWithOutstandingAssessments");
        int score = ESCALATED_WEIGHT * escalated
                + NEWS2_HIGH_WEIGHT * news2High
                + RED_FLAG_WEIGHT * redFlags
                + MISSED_CRITICAL_DOSE_WEIGHT * missedCritical
                + ASSESSMENT_WEIGHT * Math.min(assessments, ASSESSMENT_CAP);
        return new JsonObject().put("score", score).put("level", Level.of(score).name())
                .put("escalated", escalated).put("news2High", news2High)
                .put("redFlags", redFlags).put("missedCriticalDoses", missedCritical)
                .put("outstandingAssessments", assessments);
    }

    public static int score(JsonObject snapshot) {
        return of(snapshot).getInteger("score");
    }

    private static int escalatedUnacknowledged(JsonArray alerts) {
        if (alerts == null) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < alerts.size(); i++) {
            if (unansweredEscalation(alerts.getJsonObject(i))) {
                n++;
            }
        }
        return n;
    }

    /**
     * An alert escalated and still not answered: what the score counts and the executive wall lists, so its list
     * and its table always agree. {@link AlertState#ESCALATED} is exactly that: an acknowledged alert (the ward
     * has it) or an accepted one (a responder has it) is in {@link AlertState#answered() an answered state}, and
     * one that worsens or re-opens is unanswered again (RAISED, or ESCALATED once its ladder climbs).
     */
    public static boolean unansweredEscalation(JsonObject alert) {
        return AlertState.ESCALATED.name().equals(alert.getString("state"));
    }

    private static int count(JsonObject snapshot, String field) {
        Object v = snapshot.getValue(field);
        return v instanceof Number n ? Math.max(0, n.intValue()) : 0;
    }
}
