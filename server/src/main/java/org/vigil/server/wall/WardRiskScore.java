package org.vigil.server.wall;

import org.vigil.server.alerts.AlertState;
import org.vigil.server.alerts.AlertView;
import org.vigil.server.assessments.AssessmentsSummary;
import org.vigil.server.deterioration.DeteriorationSummary;
import org.vigil.server.engine.UnitSnapshot;
import org.vigil.server.medicines.MedicinesSummary;
import org.vigil.server.staffing.StaffingSummary;

import java.util.List;

/**
 * Where should the executive wall look first? A ward's risk score ranks its tile: a weighted count of the
 * signals that need someone to act now, computed from the ward's snapshot (docs/walls.md explains the weights).
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
 *
 * @param escalated              escalated alerts nobody has answered
 * @param outstandingAssessments patients with outstanding assessments (uncapped; the score caps them)
 */
public record WardRiskScore(int score, int escalated, int news2High, int redFlags, int missedCriticalDoses,
                            int outstandingAssessments) {
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

    /** The score of one ward snapshot, with its parts. */
    public static WardRiskScore of(UnitSnapshot s) {
        return of(s.alerts(), s.deterioration(), s.staffing(), s.medicines(), s.assessments());
    }

    /** The score from the rules' figures; a null summary is an absent feed, counting 0. */
    public static WardRiskScore of(List<AlertView> alerts, DeteriorationSummary deterioration,
                                   StaffingSummary staffing, MedicinesSummary medicines,
                                   AssessmentsSummary assessments) {
        int escalated = 0;
        for (AlertView a : alerts) {
            escalated += unansweredEscalation(a) ? 1 : 0;
        }
        int news2High = deterioration == null ? 0 : Math.max(0, deterioration.news2High());
        int redFlags = staffing == null ? 0 : Math.max(0, staffing.redFlagsToday());
        int missedCritical = medicines == null ? 0 : Math.max(0, medicines.missedCriticalDosesToday());
        int outstanding = assessments == null ? 0 : Math.max(0, assessments.patientsWithOutstandingAssessments());
        int score = ESCALATED_WEIGHT * escalated
                + NEWS2_HIGH_WEIGHT * news2High
                + RED_FLAG_WEIGHT * redFlags
                + MISSED_CRITICAL_DOSE_WEIGHT * missedCritical
                + ASSESSMENT_WEIGHT * Math.min(outstanding, ASSESSMENT_CAP);
        return new WardRiskScore(score, escalated, news2High, redFlags, missedCritical, outstanding);
    }

    /** The band the tile shows beside the score. */
    public Level level() {
        return Level.of(score);
    }

    /**
     * An alert escalated and still not answered: what the score counts and the executive wall lists, so its list
     * and its table always agree. {@link AlertState#ESCALATED} is exactly that: an acknowledged alert (the ward
     * has it) or an accepted one (a responder has it) is in {@link AlertState#answered() an answered state}, and
     * one that worsens or re-opens is unanswered again (RAISED, or ESCALATED once its ladder climbs).
     */
    public static boolean unansweredEscalation(AlertView alert) {
        return alert.state() == AlertState.ESCALATED;
    }
}
