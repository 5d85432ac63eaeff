package org.vigil.server.wall;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WardRiskScoreTest {

    private static JsonObject alert(String state) {
        return new JsonObject().put("state", state).put("escalated", !state.equals("RAISED"));
    }

    @Test
    void quietWardScoresZero() {
        JsonObject quiet = new JsonObject().put("patients", 20).put("news2High", 0).put("alerts", new JsonArray());
        assertEquals(0, WardRiskScore.score(quiet));
    }

    @Test
    void weightsEachSignalAsDocumented() {
        JsonObject s = new JsonObject()
                .put("alerts", new JsonArray().add(alert("ESCALATED")).add(alert("ESCALATED"))
                        .add(alert("ACKNOWLEDGED")).add(alert("RAISED")))
                .put("news2High", 1)
                .put("redFlagsToday", 2)
                .put("missedCriticalDosesToday", 1)
                .put("patientsWithOutstandingAssessments", 4);
        JsonObject r = WardRiskScore.of(s);
        assertEquals(2, r.getInteger("escalated"), "acknowledged and not-yet-escalated alerts do not count");
        assertEquals(10 * 2 + 8 + 5 * 2 + 5 + 4, r.getInteger("score"));
    }

    @Test
    void assessmentBacklogIsCappedBelowOneDeterioratingPatientPlusEscalation() {
        JsonObject backlog = new JsonObject().put("patientsWithOutstandingAssessments", 30);
        assertEquals(WardRiskScore.ASSESSMENT_CAP, WardRiskScore.score(backlog));
        JsonObject deteriorating = new JsonObject().put("news2High", 1)
                .put("alerts", new JsonArray().add(alert("ESCALATED")));
        assertTrue(WardRiskScore.score(deteriorating) > WardRiskScore.score(backlog));
    }

    @Test
    void absentFeedsCountZero() {
        JsonObject s = new JsonObject().put("news2High", 2); // no medicines, staffing or assessment feed yet
        assertEquals(16, WardRiskScore.score(s));
    }

    @Test
    void anEscalationAcceptedByAResponderOrAcknowledgedIsAnsweredAndLeavesTheExecutiveList() {
        JsonObject s = new JsonObject().put("alerts", new JsonArray().add(alert("ESCALATED")).add(alert("ACCEPTED"))
                .add(alert("ACKNOWLEDGED")).add(alert("RESOLVED")));
        assertEquals(1, WardRiskScore.of(s).getInteger("escalated"), "only the unanswered escalation counts");
        assertEquals("WATCH", WardRiskScore.of(s).getString("level"));
        JsonArray listed = WallHub.tile(s.put("unit", "RVT-W12").put("kind", "ward")).getJsonArray("escalatedAlerts");
        assertEquals(1, listed.size(), "the executive wall lists what the score counts: " + listed);
        assertEquals("ESCALATED", listed.getJsonObject(0).getString("state"));
    }
}
