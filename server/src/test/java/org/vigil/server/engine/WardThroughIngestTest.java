package org.vigil.server.engine;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.TestServer;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.TestServer.envelope;

/**
 * One ward's morning, sent as a feed would send it (over HTTP, in NDJSON batches), checked counter by counter
 * and alert by alert on GET /api/v1/wards/{id}; then a restart must rebuild exactly the same ward from the
 * journal. 2026-03-10 is GMT, so local and UTC times are the same. The feed is historical, so the server runs on
 * event time.
 */
class WardThroughIngestTest {
    private static final String WARD = "RVT-W12"; // day shift 07:30–19:30
    private static final Instant DAY = Instant.parse("2026-03-10T00:00:00Z");

    private final List<String> feed = new ArrayList<>();
    private int ids;

    private static Instant at(String hhmm) {
        return DAY.plusSeconds(Integer.parseInt(hhmm.substring(0, 2)) * 3600L + Integer.parseInt(hhmm.substring(3)) * 60L);
    }

    private JsonObject e(String type, String hhmm) {
        return envelope("morning-" + (++ids), type, at(hhmm), WARD);
    }

    private void add(JsonObject event) {
        feed.add(event.encode());
    }

    private void admit(String hhmm, String patient, String bed, int age) {
        add(e("admission", hhmm).put("patient", patient).put("bed", bed).put("age", age));
    }

    private void obs(String hhmm, String patient, int rr, int spo2, boolean o2, int sbp, int pulse, String acvpu, double temp) {
        add(e("observation", hhmm).put("patient", patient).put("respirationRate", rr).put("spo2", spo2)
                .put("spo2Scale", 1).put("onOxygen", o2).put("systolicBp", sbp).put("pulse", pulse)
                .put("consciousness", acvpu).put("temperature", temp));
    }

    private void high(String hhmm, String p) {
        obs(hhmm, p, 22, 94, true, 105, 45, "C", 35.5); // NEWS2 11
    }

    private void medium(String hhmm, String p) {
        obs(hhmm, p, 22, 97, false, 105, 100, "A", 38.5); // NEWS2 5
    }

    private void morning() {
        admit("06:00", "P1", "B1", 70);
        admit("06:00", "P2", "B2", 40);
        admit("06:00", "P3", "B3", 80);
        admit("06:00", "P4", "B4", 30);
        admit("06:00", "P5", "B5", 66);
        admit("06:00", "P6", "B6", 15);
        add(e("staffing", "06:05").put("date", "2026-03-10").put("shift", "DAY").put("registeredPlanned", 5)
                .put("registeredActual", 4).put("unregisteredPlanned", 4).put("unregisteredActual", 4));
        high("07:00", "P1");
        medium("07:00", "P2");
        obs("07:00", "P3", 16, 97, false, 125, 72, "C", 37.0); // a single 3: LOW_MEDIUM
        obs("07:00", "P4", 16, 97, false, 125, 72, "A", 37.0); // NEWS2 0
        add(e("assessment", "07:00").put("patient", "P4").put("kind", "VTE").put("completed", true));
        add(e("doseScheduled", "07:30").put("doseId", "D1").put("patient", "P1").put("medicine", "Co-careldopa")
                .put("critical", true).put("medicineClass", "PARKINSONS").put("dueAt", at("08:00").toString()));
        add(e("doseScheduled", "07:30").put("doseId", "D2").put("patient", "P2").put("medicine", "Paracetamol")
                .put("critical", false).put("dueAt", at("08:00").toString()));
        add(e("doseScheduled", "07:30").put("doseId", "D3").put("patient", "P3").put("medicine", "Enoxaparin")
                .put("critical", true).put("dueAt", at("08:00").toString()));
        add(e("doseOutcome", "08:10").put("doseId", "D2").put("patient", "P2").put("outcome", "OMITTED").put("reason", "NO_REASON"));
        add(e("doseOutcome", "08:10").put("doseId", "D3").put("patient", "P3").put("outcome", "GIVEN"));
        for (String[] f : new String[][] {{"P1", "SEPSIS"}, {"P2", "AKI"}, {"P3", "INFECTION_ISOLATION"}, {"P4", "DISCHARGE_TODAY"}}) {
            add(e("flag", "08:30").put("patient", f[0]).put("flag", f[1]).put("active", true));
        }
        add(e("concern", "09:00").put("patient", "P5").put("raisedBy", "FAMILY"));
        add(e("pulse", "09:10").put("rating", 4));
        add(e("pulse", "09:11").put("rating", 5));
        for (String p : new String[] {"P1", "P2", "P3", "P4"}) {
            add(e("assessment", "10:00").put("patient", p).put("kind", "PRESSURE_ULCER").put("completed", true));
        }
        add(e("discharge", "11:00").put("patient", "P6"));
        medium("11:50", "P2");
        high("11:55", "P1");
        add(e("pulse", "12:04").put("rating", 5)); // moves the clock past the 12:00 pressure-ulcer deadline
    }

    @Test
    void everyCounterAndAlertThroughIngestAndTheSameWardAfterARestart(@TempDir Path dir) {
        morning();
        try (TestServer server = TestServer.startOnEventTime(dir)) {
            for (int i = 0; i < feed.size(); i += 7) {
                TestServer.Reply r = server.postBatch(feed.subList(i, Math.min(feed.size(), i + 7)).toArray(String[]::new));
                assertEquals(200, r.status(), r::toString);
            }
            JsonObject w = server.unit(WARD);

            // census
            assertEquals(5, w.getInteger("patients"));
            assertEquals(6, w.getInteger("admissionsToday"));
            assertEquals(1, w.getInteger("dischargesToday"));
            // NEWS2 (RCP 2017): P1 11 HIGH, P2 5 MEDIUM, P3 a single 3, P4 0
            assertEquals(1, w.getInteger("news2High"));
            assertEquals(1, w.getInteger("news2Medium"));
            assertEquals(1, w.getInteger("news2LowMedium"));
            assertEquals(2, w.getInteger("news2AtLeast5"));
            assertEquals(3, w.getInteger("patientsOnHourlyObs"));
            assertEquals(2, w.getInteger("observationsOverdue"),
                    "P3's hourly set was due at 08:00 and never came; P5's first set was due by 07:00");
            // medicines: D1 (Parkinson's, critical) never recorded past 08:30; D2 omitted with no reason; D3 given
            assertEquals(1, w.getInteger("missedCriticalDosesToday"));
            assertEquals(2, w.getInteger("missedDosesToday"));
            // assessments: pressure ulcer due 12:00 for all; P1–P4 done, P6 discharged: P5 outstanding
            assertEquals(1, w.getJsonObject("outstandingAssessments").getInteger("PRESSURE_ULCER"));
            assertEquals(0, w.getJsonObject("outstandingAssessments").getInteger("VTE"), "VTE is due at 20:00");
            assertEquals(1, w.getInteger("patientsWithOutstandingAssessments"));
            // flags
            assertEquals(1, w.getInteger("sepsis"));
            assertEquals(1, w.getInteger("aki"));
            assertEquals(1, w.getInteger("infectionIsolation"));
            assertEquals(1, w.getInteger("dischargesExpectedToday"));
            // staffing: 4 of 5 RNs on a 12 h day shift is 12 h short (NICE SG1 red flag 5)
            JsonObject byType = w.getJsonObject("staffing").getJsonObject("redFlagsTodayByType");
            assertEquals(1, byType.getInteger("RN_SHORTFALL"));
            assertEquals(0, byType.getInteger("FEWER_THAN_TWO_RNS"));
            assertEquals(2, byType.getInteger("UNPLANNED_MEDICINE_OMISSION"),
                    "D1 and D2: NICE SG1 red flag 1 counts every medicine by default");
            assertTrue(byType.getInteger("VITAL_SIGNS_NOT_RECORDED") >= 1);
            assertEquals(w.getInteger("redFlagsToday"), byType.stream().mapToInt(x -> (Integer) x.getValue()).sum());
            // reliability pulse
            assertEquals(1, w.getJsonObject("reliabilityToday").getInteger("4"));
            assertEquals(2, w.getJsonObject("reliabilityToday").getInteger("5"));
            assertEquals(1, w.getInteger("concernsOpen"));

            Map<String, Integer> kinds = new HashMap<>();
            for (Object o : w.getJsonArray("alerts")) {
                kinds.merge(((JsonObject) o).getString("kind"), 1, Integer::sum);
            }
            for (String kind : List.of("NEWS2_HIGH", "NEWS2_MEDIUM", "NEWS2_LOW_MEDIUM", "OBSERVATIONS_OVERDUE",
                    "CRITICAL_DOSE_MISSED", "ASSESSMENT_OVERDUE", "STAFFING_RED_FLAG", "PATIENT_CONCERN")) {
                assertTrue(kinds.containsKey(kind), kind + " missing from " + kinds);
            }
            assertFalse(w.encode().contains("\"P1\""), "the ward snapshot names beds, never patients");

            // acknowledge P2's NEWS2_MEDIUM from the ward's own token: journaled, so it survives the restart
            String medium = find(w.getJsonArray("alerts"), "NEWS2_MEDIUM").getString("id");
            TestServer.Reply ack = server.post("/api/v1/alerts/" + medium + "/ack", TestServer.WARD_W12,
                    TestServer.JSON, "{\"by\":\"Sister Jones\",\"note\":\"registrar reviewing\"}");
            assertEquals(200, ack.status(), ack::toString);
            assertEquals("ACKNOWLEDGED", ack.json().getString("state"));
            assertTrue(ack.json().getBoolean("escalated"), "unacknowledged for 30 min, it had escalated first");

            JsonObject live = server.overview();
            server.restart();
            assertEquals(live, server.overview(), "replay must rebuild every counter and alert exactly");
            assertEquals("Sister Jones", find(server.unit(WARD).getJsonArray("alerts"), "NEWS2_MEDIUM").getString("acknowledgedBy"));
        }
    }

    private static JsonObject find(JsonArray alerts, String kind) {
        for (Object o : alerts) {
            if (((JsonObject) o).getString("kind").equals(kind)) {
                return (JsonObject) o;
            }
        }
        throw new AssertionError("no " + kind + " in " + alerts.encode());
    }
}
