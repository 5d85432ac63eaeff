package org.vigil.server.history;

import io.vertx.core.json.JsonObject;
import org.vigil.server.TestServer;
import org.vigil.server.TestServer.Reply;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.TestServer.BOOTSTRAP;
import static org.vigil.server.TestServer.JSON;
import static org.vigil.server.TestServer.NDJSON;
import static org.vigil.server.TestServer.envelope;

/**
 * A night on RVT-W12 (and its neighbours, for the trust's ranking) told through the HTTP API of a server on event
 * time: admissions, staffing, observations that raise, worsen and resolve alerts, doses given and omitted, answers
 * of every kind, and events on other wards that move the clock so that escalation rungs fall due. After each step
 * the live answers of {@code GET /api/v1/wards/RVT-W12} and {@code GET /api/v1/overview} are recorded: what the
 * walls as they were must show again. Each step moves the clock before its answers, so no two recordings share an
 * instant (an instant includes every record up to its time: docs/time-travel.md).
 */
final class NightOnWard12 {
    static final String WARD = "RVT-W12";
    static final String OUTREACH = "demo-outreach-rvt";
    static final String NIC = "demo-nic-rvt-w12";
    static final String WARD_WALL = "demo-ward-rvt-w12";
    /** 19:30 UTC the evening before the test server's fixed wall clock. */
    static final Instant START = Instant.parse("2026-03-09T19:30:00Z");

    private final int port;
    private int ids;
    /** The live answers after each step, keyed by path. */
    final Map<String, JsonObject> recorded = new LinkedHashMap<>();

    NightOnWard12(int port) {
        this.port = port;
    }

    /** Plays the night, recording after every step; returns the instants recorded (the live {@code asOf}s). */
    List<String> play() {
        List<String> instants = new ArrayList<>();
        Instant t = START;
        ingest(List.of(
                admission(t, WARD, "N1", "B1"), admission(t, WARD, "N2", "B2"), admission(t, WARD, "N3", "B3"),
                admission(t, "RVT-W14", "M1", "C1"), admission(t, "RVT-W14", "M2", "C2"),
                staffing(t, WARD, "2026-03-09", "NIGHT", 4, 2, 3, 3),
                dose(t, "N2", "d-1", true, t.plus(Duration.ofMinutes(30)))));
        instants.add(record());
        for (int step = 0; step < 14; step++) {
            t = t.plus(Duration.ofMinutes(step % 3 == 0 ? 7 : 19));
            List<String> events = new ArrayList<>();
            events.add(observation(t, WARD, "N1", step % 4 == 1 ? 1 : 3));
            if (step % 2 == 0) {
                events.add(observation(t, "RVT-W14", "M1", step % 4 == 0 ? 3 : 0));
            }
            if (step == 1) {
                events.add(outcome(t, "N2", "d-1", "OMITTED", "NOT_AVAILABLE"));
                events.add(observation(t, WARD, "N2", 2));
            }
            if (step == 3) {
                events.add(staffing(t, WARD, "2026-03-09", "NIGHT", 4, 3, 3, 3));
                events.add(dose(t, "N3", "d-2", true, t.plus(Duration.ofMinutes(20))));
            }
            if (step == 5) {
                events.add(outcome(t, "N3", "d-2", "GIVEN", null));
                events.add(observation(t, WARD, "N3", 3));
            }
            if (step == 9) {
                events.add(TestServer.movement("transfer", id(), t, "RVT-W14", "N2", "C9"));
            }
            ingest(events);
            // a tick on the event clock: another ward's event a little later, so deadlines in between fire
            if (step % 3 == 2) {
                t = t.plus(Duration.ofMinutes(4));
                ingest(List.of(envelope(id(), "pulse", t, "RVT-W21").put("rating", 3).encode()));
            }
            if (step == 0) {
                answer("RVT-W12", "B1", "ack", WARD_WALL, new JsonObject().put("by", "JS").put("role", "Staff nurse"));
            } else if (step == 2) {
                answer("RVT-W12", "B1", "accept", OUTREACH, new JsonObject().put("by", "Olu Ade"));
            } else if (step == 6) {
                answer("RVT-W12", "B3", "decline", NIC, new JsonObject().put("by", "Kim Bell")
                        .put("reason", "WITH_ANOTHER_PATIENT"));
            } else if (step == 4) {
                answer("RVT-W14", "C1", "not-escalating", OUTREACH, new JsonObject().put("by", "Olu Ade")
                        .put("reason", "end-of-life care plan").put("minutes", 20));
            } else if (step == 7) {
                answer("RVT-W12", "B1", "ack", WARD_WALL, new JsonObject().put("by", "AB"));
                answer("RVT-W12", "B1", "ack/undo", WARD_WALL, new JsonObject());
            }
            instants.add(record());
        }
        return instants;
    }

    /** Records the live ward and overview; both must carry the same {@code asOf} (the engine clock). */
    private String record() {
        JsonObject ward = get("/api/v1/wards/" + WARD);
        JsonObject overview = get("/api/v1/overview");
        String asOf = ward.getString("asOf");
        recorded.put("/api/v1/wards/" + WARD + "?at=" + asOf, ward);
        recorded.put("/api/v1/overview?at=" + asOf, overview);
        return asOf;
    }

    JsonObject get(String path) {
        Reply r = TestServer.send(port, "GET", path, BOOTSTRAP, null, null);
        assertEquals(200, r.status(), () -> path + ": " + r);
        return r.json();
    }

    private void ingest(List<String> events) {
        Reply r = TestServer.send(port, "POST", "/api/v1/events", BOOTSTRAP, NDJSON,
                (String.join("\n", events) + "\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.status(), r::toString);
        assertEquals(events.size(), r.json().getInteger("accepted"), r::toString);
    }

    /** Answers the newest open alert for the bed on the unit. */
    private void answer(String unit, String bed, String what, String token, JsonObject body) {
        String id = null;
        for (Object o : get("/api/v1/alerts?state=all").getJsonArray("alerts")) {
            JsonObject a = (JsonObject) o;
            if (a.getString("unit").equals(unit) && bed.equals(a.getString("bed"))
                    && !a.getString("state").equals("RESOLVED")) {
                id = a.getString("id");
            }
        }
        assertTrue(id != null, "no open alert for bed " + bed + " on " + unit);
        Reply r = TestServer.send(port, "POST", "/api/v1/alerts/" + id + "/" + what, token, JSON,
                body.encode().getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.status(), r::toString);
    }

    private String id() {
        return "n-" + ++ids;
    }

    private String admission(Instant t, String unit, String patient, String bed) {
        return TestServer.admission(id(), t, unit, patient, bed);
    }

    private String staffing(Instant t, String unit, String date, String shift, int rp, int ra, int up, int ua) {
        return envelope(id(), "staffing", t, unit).put("date", date).put("shift", shift).put("registeredPlanned", rp)
                .put("registeredActual", ra).put("unregisteredPlanned", up).put("unregisteredActual", ua).encode();
    }

    private String dose(Instant t, String patient, String doseId, boolean critical, Instant due) {
        return envelope(id(), "doseScheduled", t, WARD).put("doseId", doseId).put("patient", patient)
                .put("medicine", "co-careldopa").put("critical", critical).put("medicineClass", "PARKINSONS")
                .put("dueAt", due.toString()).encode();
    }

    private String outcome(Instant t, String patient, String doseId, String result, String reason) {
        JsonObject e = envelope(id(), "doseOutcome", t, WARD).put("doseId", doseId).put("patient", patient)
                .put("outcome", result);
        return (reason == null ? e : e.put("reason", reason)).encode();
    }

    /** Vitals graded 0 (normal), 1 (NEWS2 about 3), 2 (about 5), 3 (7 and over). */
    private String observation(Instant t, String unit, String patient, int grade) {
        JsonObject o = envelope(id(), "observation", t, unit).put("patient", patient);
        switch (grade) {
            case 3 -> o.put("respirationRate", 22).put("spo2", 94).put("onOxygen", true).put("systolicBp", 105)
                    .put("pulse", 45).put("consciousness", "C").put("temperature", 35.5);
            case 2 -> o.put("respirationRate", 22).put("spo2", 95).put("onOxygen", false).put("systolicBp", 105)
                    .put("pulse", 95).put("consciousness", "A").put("temperature", 37.0);
            case 1 -> o.put("respirationRate", 21).put("spo2", 96).put("onOxygen", false).put("systolicBp", 125)
                    .put("pulse", 72).put("consciousness", "A").put("temperature", 37.0);
            default -> o.put("respirationRate", 16).put("spo2", 97).put("onOxygen", false).put("systolicBp", 125)
                    .put("pulse", 72).put("consciousness", "A").put("temperature", 37.0);
        }
        return o.encode();
    }
}
