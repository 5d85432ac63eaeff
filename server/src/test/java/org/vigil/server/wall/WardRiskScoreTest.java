package org.vigil.server.wall;

import org.junit.jupiter.api.Test;
import org.vigil.events.AssessmentKind;
import org.vigil.events.Shift;
import org.vigil.organisation.ShiftKey;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.alerts.AlertState;
import org.vigil.server.alerts.AlertView;
import org.vigil.server.alerts.Severity;
import org.vigil.server.assessments.AssessmentsSummary;
import org.vigil.server.deterioration.DeteriorationSummary;
import org.vigil.server.medicines.MedicinesSummary;
import org.vigil.server.staffing.ShiftSummary;
import org.vigil.server.staffing.StaffingSummary;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WardRiskScoreTest {

    private static AlertView alert(String state) {
        return new AlertView("AL-1", "W", "B1", AlertKind.NEWS2_HIGH, Severity.HIGH, AlertState.valueOf(state),
                !state.equals("RAISED"), "NEWS2 7 (HIGH)", 0, 0, null, null, null, null, 0, null, List.of());
    }

    private static DeteriorationSummary news2High(int n) {
        return new DeteriorationSummary(n, n, 0, 0, n, 0, Collections.nCopies(21, 0));
    }

    private static StaffingSummary redFlags(int n) {
        LocalDate d = LocalDate.parse("2026-11-23");
        ShiftSummary empty = new ShiftSummary(d, Shift.DAY, 12, false, null, null, null, null, null, null, null,
                null, null, null, 0);
        return new StaffingSummary(empty, empty, new ShiftKey(d, Shift.DAY), null, null, n, Map.of(), null, false,
                false);
    }

    private static MedicinesSummary missedCritical(int n) {
        return new MedicinesSummary(n, n, n, n, 0, 0);
    }

    private static AssessmentsSummary outstanding(int n) {
        return new AssessmentsSummary(Map.of(AssessmentKind.VTE, n), n);
    }

    @Test
    void quietWardScoresZero() {
        assertEquals(0, WardRiskScore.of(List.of(), news2High(0), null, null, null).score());
    }

    @Test
    void weightsEachSignalAsDocumented() {
        List<AlertView> alerts = new ArrayList<>(List.of(alert("ESCALATED"), alert("ESCALATED"),
                alert("ACKNOWLEDGED"), alert("RAISED")));
        WardRiskScore r = WardRiskScore.of(alerts, news2High(1), redFlags(2), missedCritical(1), outstanding(4));
        assertEquals(2, r.escalated(), "acknowledged and not-yet-escalated alerts do not count");
        assertEquals(10 * 2 + 8 + 5 * 2 + 5 + 4, r.score());
    }

    @Test
    void assessmentBacklogIsCappedBelowOneDeterioratingPatientPlusEscalation() {
        WardRiskScore backlog = WardRiskScore.of(List.of(), null, null, null, outstanding(30));
        assertEquals(WardRiskScore.ASSESSMENT_CAP, backlog.score());
        WardRiskScore deteriorating = WardRiskScore.of(List.of(alert("ESCALATED")), news2High(1), null, null, null);
        assertTrue(deteriorating.score() > backlog.score());
    }

    @Test
    void absentFeedsCountZero() {
        // no medicines, staffing or assessment feed yet
        assertEquals(16, WardRiskScore.of(List.of(), news2High(2), null, null, null).score());
    }

    @Test
    void anEscalationAcceptedByAResponderOrAcknowledgedIsAnsweredAndLeavesTheExecutiveList() {
        List<AlertView> alerts = List.of(alert("ESCALATED"), alert("ACCEPTED"), alert("ACKNOWLEDGED"),
                alert("RESOLVED"));
        WardRiskScore r = WardRiskScore.of(alerts, null, null, null, null);
        assertEquals(1, r.escalated(), "only the unanswered escalation counts");
        assertEquals(WardRiskScore.Level.WATCH, r.level());
        // the executive tile lists the alerts this predicate keeps (WallJson.tile): the list and the score agree
        assertEquals(List.of(alerts.get(0)), alerts.stream().filter(WardRiskScore::unansweredEscalation).toList());
    }

    @Test
    void levelBandsAtActNowFrom() {
        assertEquals(WardRiskScore.Level.QUIET, WardRiskScore.Level.of(0));
        assertEquals(WardRiskScore.Level.WATCH, WardRiskScore.Level.of(1));
        assertEquals(WardRiskScore.Level.WATCH, WardRiskScore.Level.of(WardRiskScore.ACT_NOW_FROM - 1));
        assertEquals(WardRiskScore.Level.ACT_NOW, WardRiskScore.Level.of(WardRiskScore.ACT_NOW_FROM));
    }
}
