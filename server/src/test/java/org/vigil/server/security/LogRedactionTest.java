package org.vigil.server.security;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.server.TestServer;
import org.vigil.server.TestServer.Reply;
import org.vigil.server.fhir.FhirDocs;
import org.vigil.server.kernel.Deadlines;
import org.vigil.server.kernel.Feature;
import org.vigil.server.kernel.RuleContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.TestServer.BOOTSTRAP;
import static org.vigil.server.TestServer.FEED;
import static org.vigil.server.TestServer.JSON;
import static org.vigil.server.TestServer.envelope;

/**
 * The server's log carries no patient identifier (hazard log HAZ-13, open item O10): a real server on loopback, its
 * log (SLF4J simple, on standard error) captured, driven through every path that refuses or fails — events refused,
 * FHIR refused, alert answers refused, a rule that throws on an event and on its deadline with a message quoting the
 * patient id (as JDK exceptions quote their input) — with a patient id, an NHS number and a name in every place a
 * sender can put one; then not one of them is in the log, while what an operator needs (the rule, what it was
 * handling, the error's class) is.
 */
class LogRedactionTest {
    private static final String WARD = "RVT-W12";
    /** A valid NHS number (Modulus 11), used as a patient id by a careless feed. */
    private static final String NHS_NUMBER = "9434765919";
    private static final String PATIENT = "PT-LOVELACE-1815";
    private static final String NAME = "Ada Lovelace";
    private static final Instant T0 = Instant.parse("2026-03-10T09:00:00Z");

    @Test
    void noPatientIdNhsNumberOrNameReachesTheLog(@TempDir Path dir) {
        String log;
        try (CapturedLog captured = new CapturedLog()) {
            try (TestServer server = TestServer.startOnEventTimeWithRules(dir,
                    r -> r.add(QuotingRule::new, EventType.OBSERVATION))) {
                ruleFailures(server); // first, so its two failures are the rule's first two: both logged
                refusedEvents(server);
                refusedFhir(server);
                refusedAnswers(server);
                failedRead(server);
                faultOfOurs(server);
            }
            log = captured.text(); // with what the server logged closing
        }
        assertTrue(log.contains("rule QuotingRule failed handling observation"), "the log was captured: " + log);
        assertTrue(log.contains("rule QuotingRule failed handling deadline"), "the deadline's failure too: " + log);
        assertTrue(log.contains("NumberFormatException"), "the error's class stays in the log: " + log);
        assertTrue(log.contains("engine command failed") && log.contains("IllegalStateException"), log);
        assertTrue(log.contains("unexpected failure on GET /api/v1/wards/:id"), log);
        for (String identifier : List.of(NHS_NUMBER, "943 476 5919", PATIENT, NAME, "Lovelace")) {
            assertFalse(log.contains(identifier), () -> "the log names " + identifier + ":\n" + log);
        }
        for (String token : List.of(BOOTSTRAP, FEED, TestServer.WARD_W12)) {
            assertFalse(log.contains(token), () -> "the log quotes a token:\n" + log);
        }
    }

    /** A 500: logged with the path's parameters named, not their values, and the failure without its message. */
    private static void faultOfOurs(TestServer server) {
        assertEquals(500, TestServer.send(server.port(), "GET", "/api/v1/wards/" + WARD, BOOTSTRAP, null, null)
                .status());
    }

    /** A query on the engine thread that throws: the engine logs the failure, not what it said. */
    private static void failedRead(TestServer server) {
        CompletableFuture<Object> read = server.server().engine().read(s -> {
            throw new IllegalStateException("no stay for " + NHS_NUMBER);
        });
        assertThrows(ExecutionException.class, () -> read.get(30, TimeUnit.SECONDS));
    }

    private static void refusedEvents(TestServer server) {
        JsonObject observation = observation("lr-1", NHS_NUMBER).put("temperature", 95);
        assertEquals(400, server.postEvent(observation.encode()).status());
        JsonObject named = envelope("lr-2", "admission", T0, WARD).put("patient", PATIENT).put("bed", "B1")
                .put("name", NAME);
        assertEquals(400, server.postEvent(named.encode()).status());
        assertEquals(400, server.postEvent(envelope("lr-3", "admission", T0, NAME).put("patient", NHS_NUMBER)
                .put("bed", "B1").encode()).status());
        assertEquals(400, server.postBatch(envelope("lr-4", "flag", T0, WARD).put("patient", PATIENT)
                .put("flag", NAME).put("active", true).encode(), "{\"patient\":\"" + NAME + "\"").status());
        assertEquals(400, server.postEvents(JSON, "{\"id\":\"" + NHS_NUMBER + "\",\"type\":\"" + NAME + "\"}")
                .status());
        // a wall's token, which may not send events
        assertEquals(403, server.post("/api/v1/events", TestServer.WARD_W12, JSON,
                envelope("lr-5", "admission", T0, WARD).put("patient", PATIENT).put("bed", "B1").encode()).status());
        assertEquals(400, server.get("/api/v1/incidents/" + WARD + "/" + PATIENT + "?to=" + NAME.replace(' ', '+'),
                BOOTSTRAP).status());
    }

    private static void refusedFhir(TestServer server) {
        JsonObject nhsNumber = panel();
        nhsNumber.getJsonObject("subject").put("identifier", new JsonObject()
                .put("system", "https://fhir.nhs.uk/Id/nhs-number").put("value", NHS_NUMBER));
        assertEquals(422, fhir(server, nhsNumber).status());
        JsonObject named = panel().put("subject", new JsonObject().put("reference", "Patient/" + PATIENT)
                .put("display", NAME));
        Reply display = fhir(server, named); // the display is dropped: schema v1 has no field for a name
        assertTrue(display.status() < 500, display::toString);
        JsonObject unknownElement = panel().put("note", NAME);
        assertEquals(400, fhir(server, unknownElement).status());
        assertEquals(400, fhir(server, new JsonObject().put("resourceType", "Patient").put("id", PATIENT)
                .put("name", NAME)).status());
    }

    private static void refusedAnswers(TestServer server) {
        assertEquals(404, server.post("/api/v1/alerts/" + PATIENT + "/ack", BOOTSTRAP, JSON,
                new JsonObject().put("by", NAME).encode()).status());
        assertEquals(200, server.postBatch(admission("lr-10", PATIENT), high("lr-11", PATIENT)).status());
        JsonObject alerts = server.get("/api/v1/alerts?unit=" + WARD, BOOTSTRAP).json();
        String alert = alerts.getJsonArray("alerts").getJsonObject(0).getString("id");
        assertEquals(400, server.post("/api/v1/alerts/" + alert + "/decline", BOOTSTRAP, JSON,
                new JsonObject().put("by", NAME).encode()).status(), "a decline needs a reason");
        assertEquals(400, server.post("/api/v1/alerts/" + alert + "/ack", BOOTSTRAP, JSON,
                new JsonObject().put("by", NAME).put("patient", NHS_NUMBER).encode()).status());
    }

    /** The rule throws on the observation and on the deadline it scheduled, both messages quoting the patient id. */
    private static void ruleFailures(TestServer server) {
        assertEquals(200, server.postBatch(admission("lr-20", NHS_NUMBER), high("lr-21", NHS_NUMBER)).status());
        String later = TestServer.admission("lr-22", T0.plusSeconds(3600), WARD, "P-LATER", "B9");
        assertEquals(200, server.postEvent(later).status(), "moves the clock past the rule's deadline");
        assertEquals("degraded", server.get("/health", null).json().getString("status"));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static Reply fhir(TestServer server, JsonObject resource) {
        return server.post("/fhir/Observation", FEED, "application/fhir+json", resource.encode());
    }

    private static JsonObject panel() {
        JsonObject o = new JsonObject(FhirDocs.example("panel"));
        o.getJsonObject("subject").put("reference", "Patient/" + PATIENT);
        return o;
    }

    private static String admission(String id, String patient) {
        return TestServer.admission(id, T0.minusSeconds(600), WARD, patient, "B1");
    }

    private static JsonObject observation(String id, String patient) {
        return envelope(id, "observation", T0, WARD).put("patient", patient).put("respirationRate", 22)
                .put("spo2", 94).put("onOxygen", true).put("systolicBp", 105).put("pulse", 45)
                .put("consciousness", "C").put("temperature", 35.5);
    }

    private static String high(String id, String patient) {
        return observation(id, patient).encode();
    }

    /**
     * A rule with a coding fault, for this test only: it reads the patient id as a number, so the JDK's exception
     * quotes the id, and the deadline it schedules throws a message naming its subject, the patient.
     */
    static final class QuotingRule implements Feature, Deadlines.Owner {
        private final Deadlines.Timers timers;

        QuotingRule(RuleContext ctx) {
            this.timers = ctx.timers(this, name());
        }

        @Override
        public void apply(Event e) {
            String patient = ((Payload.Observation) e.payload()).patient();
            timers.schedule(e.time() + 60_000L, 0, patient);
            Integer.parseInt(patient);
        }

        @Override
        public void deadline(int kind, Object subject, long due, long now) {
            throw new IllegalStateException("no schedule for patient " + subject);
        }

        /** Figures the API cannot show: reading them fails, naming the patient (a 500, a fault of ours). */
        @Override
        public Record summary(String unit, LocalDate today) {
            return WARD.equals(unit) ? new Unreadable(NHS_NUMBER) : null;
        }
    }

    record Unreadable(String patient) {
        @Override
        public String patient() {
            throw new IllegalStateException("no figure for patient " + patient);
        }
    }

    /** Standard error, where SLF4J simple writes the log, captured while this is open. */
    private static final class CapturedLog implements AutoCloseable {
        private final PrintStream original = System.err;
        private final ByteArrayOutputStream log = new ByteArrayOutputStream();

        CapturedLog() {
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        }

        String text() {
            return log.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            System.setErr(original);
        }
    }
}
