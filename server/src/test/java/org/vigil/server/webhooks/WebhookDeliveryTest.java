package org.vigil.server.webhooks;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.TestServer;
import org.vigil.server.VigilServer;
import org.vigil.server.api.SpcOpenApiTest;
import org.vigil.server.timeseries.Scenario;
import org.vigil.server.webhooks.WebhookReceiver.Delivery;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.webhooks.WebhookFixture.SECRET;
import static org.vigil.server.webhooks.WebhookFixture.TOKEN;
import static org.vigil.server.webhooks.WebhookFixture.alerts;
import static org.vigil.server.webhooks.WebhookFixture.assertEveryTransitionInOrder;
import static org.vigil.server.webhooks.WebhookFixture.endpoint;
import static org.vigil.server.webhooks.WebhookFixture.expected;
import static org.vigil.server.webhooks.WebhookFixture.metric;
import static org.vigil.server.webhooks.WebhookReceiver.Mode.CLOSE;
import static org.vigil.server.webhooks.WebhookReceiver.Mode.FAIL_500;
import static org.vigil.server.webhooks.WebhookReceiver.Mode.HANG;
import static org.vigil.server.webhooks.WebhookReceiver.Mode.OK;
import static org.vigil.server.webhooks.WebhookReceiver.Mode.REJECT_400;
import static org.vigil.server.webhooks.WebhookReceiver.Mode.TOO_MANY_429;

/**
 * Three endpoints, real HTTP on loopback, one morning on three wards and two care homes ({@link Scenario#morning})
 * with answers through the API (accepted, handed back, acknowledged and undone, paused): "rvt" (trust RVT) is told
 * to fail in every way a receiver fails — 500, 400, 429, no answer past the 3 s timeout, a closed connection —
 * and to recover each time; "bfw" (trust BFW) is always up; "homes" (two care homes) asks for RESTORE2 alerts of
 * MEDIUM or worse, and only some transition types. The ground truth is every alert's history from the alerts API.
 */
class WebhookDeliveryTest {
    private static final Set<String> PATHS = Set.of("type", "version", "idempotencyKey", "system", "unit",
            "transition", "alert", "unit.id", "unit.name", "unit.kind", "unit.trust", "unit.place",
            "transition.seq", "transition.at", "transition.type", "transition.rung", "transition.role",
            "transition.severity", "transition.detail", "transition.by", "transition.reason", "transition.note",
            "transition.until", "transition.why", "alert.id", "alert.unit", "alert.bed", "alert.kind",
            "alert.severity", "alert.state", "alert.escalated", "alert.detail", "alert.raisedAt", "alert.escalatedAt",
            "alert.rung", "alert.rung.index", "alert.rung.role", "alert.rung.roleName", "alert.rung.since",
            "alert.acknowledgedBy", "alert.acknowledgedRole", "alert.acknowledgedAt", "alert.note",
            "alert.acceptedBy", "alert.acceptedRole", "alert.acceptedAt", "alert.notEscalating",
            "alert.notEscalating.by", "alert.notEscalating.role", "alert.notEscalating.reason",
            "alert.notEscalating.at", "alert.notEscalating.until", "alert.resolvedAt", "alert.resolution");
    private static final Set<String> HOMES_TYPES = Set.of("RAISED", "WORSENED", "REOPENED", "ESCALATED",
            "RENOTIFIED", "RESOLVED");

    @TempDir
    static Path dir;
    static Vertx vertx;
    static WebhookReceiver rvt;
    static WebhookReceiver bfw;
    static WebhookReceiver homes;
    static VigilServer server;
    static Map<String, JsonObject> alerts;
    static long startedAt;

    @BeforeAll
    static void morning() throws Exception {
        vertx = Vertx.vertx();
        rvt = WebhookReceiver.start(vertx, null);
        bfw = WebhookReceiver.start(vertx, null);
        homes = WebhookReceiver.start(vertx, null);
        String secret = "{ file: \"" + WebhookFixture.secretFile(dir) + "\" }";
        Path org = WebhookFixture.orgFile(dir,
                WebhookFixture.hanging("rvt", rvt.url(), "[ \"trust:RVT\" ]", secret),
                endpoint("bfw", bfw.url(), "[ \"trust:BFW\" ]", secret),
                endpoint("homes", homes.url(), "[ \"home:CH-BAYV\", \"home:CH-OAKS\" ]", secret,
                        "kinds: [ RESTORE2_ESCALATION ]", "minSeverity: MEDIUM",
                        "transitions: [ RAISED, WORSENED, REOPENED, ESCALATED, RENOTIFIED, RESOLVED ]"));
        rvt.plan(OK, OK, FAIL_500, FAIL_500, OK, HANG, OK, OK, CLOSE, OK, REJECT_400, TOO_MANY_429, OK, OK,
                FAIL_500, CLOSE, HANG, OK, REJECT_400, OK, FAIL_500);
        startedAt = System.currentTimeMillis() / 1000;
        server = WebhookFixture.start(dir.resolve("data"), org);
        int port = server.port();
        List<String> events = Scenario.morning(Instant.parse("2026-11-02T08:00:00Z"));
        Scenario.post(port, TOKEN, events.subList(0, events.size() / 2));
        answer(port);
        Scenario.post(port, TOKEN, events.subList(events.size() / 2, events.size()));
        WebhookFixture.awaitDelivered(port, "rvt", "bfw", "homes");
        alerts = alerts(port);
    }

    /** Answers as the wards would: an acceptance handed back, an acknowledgement undone, a pause, the rest acknowledged. */
    private static void answer(int port) throws Exception {
        Map<String, JsonObject> now = alerts(port);
        String rvtAlert = firstActive(now, "RVT-W12");
        String bfwAlert = firstActive(now, "BFW-AMU");
        post(port, rvtAlert, "accept", new JsonObject().put("by", "Olu Ade").put("role", "outreach"));
        post(port, rvtAlert, "decline", new JsonObject().put("by", "Olu Ade").put("role", "outreach")
                .put("reason", "called to an arrest"));
        post(port, bfwAlert, "not-escalating", new JsonObject().put("by", "Kim Bell").put("role", "nurse-in-charge")
                .put("reason", "end-of-life care plan").put("minutes", 30));
        post(port, rvtAlert, "ack", new JsonObject().put("by", "JS").put("role", "Staff nurse"));
        post(port, rvtAlert, "ack/undo", new JsonObject());
        for (String w : Scenario.WARDS) {
            Scenario.acknowledgeAll(port, TOKEN, w);
        }
    }

    private static String firstActive(Map<String, JsonObject> alerts, String unit) {
        for (JsonObject a : alerts.values()) {
            if (a.getString("unit").equals(unit) && !a.getString("state").equals("RESOLVED")) {
                return a.getString("id");
            }
        }
        throw new AssertionError("no active alert on " + unit + " half way through the morning");
    }

    private static void post(int port, String alert, String what, JsonObject body) {
        TestServer.Reply r = TestServer.send(port, "POST", "/api/v1/alerts/" + alert + "/" + what, TOKEN,
                TestServer.JSON, body.encode().getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.status(), () -> what + " " + alert + ": " + r);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        for (WebhookReceiver r : new WebhookReceiver[]{rvt, bfw, homes}) {
            if (r != null) {
                r.close();
            }
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static Map<String, List<JsonObject>> onUnits(String prefix) {
        return expected(alerts, (a, t) -> a.getString("unit").startsWith(prefix));
    }

    @Test
    void everyTransitionInScopeIsAcceptedAtLeastOnceAndInOrderPerAlert() {
        Map<String, List<JsonObject>> rvtExpected = onUnits("RVT-");
        Map<String, List<JsonObject>> bfwExpected = onUnits("BFW-");
        assertEveryTransitionInOrder("rvt", rvt.deliveries(), rvtExpected);
        assertEveryTransitionInOrder("bfw", bfw.deliveries(), bfwExpected);
        Set<String> types = new TreeSet<>();
        for (Delivery d : rvt.accepted()) {
            types.add(d.json().getJsonObject("transition").getString("type"));
        }
        for (Delivery d : bfw.accepted()) {
            types.add(d.json().getJsonObject("transition").getString("type"));
        }
        assertTrue(types.containsAll(Set.of("RAISED", "ESCALATED", "RENOTIFIED", "ACKNOWLEDGED",
                "ACKNOWLEDGEMENT_UNDONE", "ACCEPTED", "DECLINED", "NOT_ESCALATING", "RESOLVED")),
                "the morning exercises the transitions: " + types);
        assertTrue(WebhookFixture.keys(rvtExpected).size() >= 10, "rvt: " + rvtExpected.keySet());
    }

    /** "Counting every delivery": what the receiver counted, answered each way, is what Vigil's metrics say. */
    @Test
    void theReceiverFailedInEveryWayAndEveryAttemptIsCounted() {
        int port = server.port();
        for (WebhookReceiver.Mode m : WebhookReceiver.Mode.values()) {
            assertTrue(rvt.answered(m) >= 1, "rvt was answered " + m + " at least once");
        }
        assertEquals(rvt.answered(OK), metric(port, "vigil_webhook_delivered_total", "endpoint=\"rvt\""));
        assertEquals(rvt.answered(FAIL_500), metric(port, "vigil_webhook_attempts_failed_total",
                "endpoint=\"rvt\",reason=\"5xx\""));
        assertEquals(rvt.answered(REJECT_400) + rvt.answered(TOO_MANY_429),
                metric(port, "vigil_webhook_attempts_failed_total", "endpoint=\"rvt\",reason=\"4xx\""));
        assertEquals(rvt.answered(HANG), metric(port, "vigil_webhook_attempts_failed_total",
                "endpoint=\"rvt\",reason=\"timeout\""));
        assertEquals(rvt.answered(CLOSE), metric(port, "vigil_webhook_attempts_failed_total",
                "endpoint=\"rvt\",reason=\"connection\""));
        assertEquals(rvt.deliveries().size(), metric(port, "vigil_webhook_delivered_total", "endpoint=\"rvt\"")
                + metric(port, "vigil_webhook_attempts_failed_total", "endpoint=\"rvt\""));
        // a failing endpoint delays no other: bfw and homes were never refused, and never re-sent anything
        assertEquals(bfw.deliveries().size(), bfw.accepted().size());
        assertEquals(bfw.accepted().size(), new HashSet<>(bfw.accepted().stream().map(Delivery::key).toList()).size());
        assertEquals(bfw.accepted().size(), metric(port, "vigil_webhook_delivered_total", "endpoint=\"bfw\""));
        assertEquals(0, metric(port, "vigil_webhook_attempts_failed_total", "endpoint=\"bfw\""));
    }

    @Test
    void everyDeliveryIsSignedAndNamesItsIdempotencyKey() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        Map<String, byte[]> bodies = new HashMap<>();
        for (WebhookReceiver r : new WebhookReceiver[]{rvt, bfw, homes}) {
            for (Delivery d : r.deliveries()) {
                assertTrue(d.signedWith(SECRET), () -> "bad signature on " + d.key());
                assertFalse(d.signedWith(SECRET.replace('0', '1')), "a signature checks the secret");
                assertEquals(d.key(), d.json().getString("idempotencyKey"));
                assertEquals(d.json().getJsonObject("alert").getString("id") + "#"
                        + d.json().getJsonObject("transition").getInteger("seq"), d.key());
                assertEquals("application/json", d.contentType());
                assertEquals("Vigil-Webhooks/1", d.userAgent());
                long ts = Long.parseLong(d.timestamp());
                assertTrue(ts >= startedAt - 1 && ts <= now + 1, () -> "timestamp " + ts + " is the attempt's");
                byte[] first = bodies.putIfAbsent(r.url() + d.key(), d.body());
                if (first != null) {
                    assertArrayEquals(first, d.body(), () -> d.key() + " was sent again with another body");
                }
            }
        }
    }

    @Test
    void anEndpointScopedToOneTrustReceivesNothingFromAnother() {
        assertFalse(rvt.deliveries().isEmpty());
        assertFalse(bfw.deliveries().isEmpty());
        for (Delivery d : rvt.deliveries()) {
            assertEquals("RVT", d.json().getJsonObject("unit").getString("trust"), d::text);
            assertEquals(d.json().getJsonObject("unit").getString("id"), d.json().getJsonObject("alert").getString("unit"), d::text);
            // RVT-W12 is the scenario's only RVT ward; its other wards get no events, so the one alert they can
            // have is the unreported day shift (STAFFING_NOT_REPORTED, 60 min after 07:30)
            if (!"RVT-W12".equals(d.json().getJsonObject("alert").getString("unit"))) {
                assertEquals("STAFFING_NOT_REPORTED", d.json().getJsonObject("alert").getString("kind"), d::text);
            }
        }
        for (Delivery d : bfw.deliveries()) {
            assertEquals("BFW", d.json().getJsonObject("unit").getString("trust"), d::text);
        }
        Set<String> rvtKeys = new HashSet<>(rvt.deliveries().stream().map(Delivery::key).toList());
        assertTrue(bfw.deliveries().stream().noneMatch(d -> rvtKeys.contains(d.key())));
    }

    @Test
    void anEndpointGetsOnlyTheKindsSeverityAndTransitionsItAsksFor() {
        Map<String, List<JsonObject>> wanted = expected(alerts, (a, t) -> a.getString("unit").matches("CH-BAYV|CH-OAKS")
                && a.getString("kind").equals("RESTORE2_ESCALATION") && HOMES_TYPES.contains(t.getString("type"))
                && !t.getString("worst").equals("LOW"));
        assertFalse(wanted.isEmpty(), "the morning's care homes have RESTORE2 alerts of MEDIUM or worse");
        assertEveryTransitionInOrder("homes", homes.deliveries(), wanted);
        for (Delivery d : homes.deliveries()) {
            assertEquals("careHome", d.json().getJsonObject("unit").getString("kind"));
            assertFalse(d.json().getJsonObject("unit").containsKey("trust"));
        }
    }

    /** Privacy: no patient name, NHS number or id — not even the pseudonym — only the fields documented. */
    @Test
    void noBodyCarriesAPatientIdentifier() {
        for (WebhookReceiver r : new WebhookReceiver[]{rvt, bfw, homes}) {
            for (Delivery d : r.deliveries()) {
                for (String w : Scenario.WARDS) {
                    for (int p = 1; p <= 6; p++) {
                        assertFalse(d.text().contains(w + "-P" + p), d::text);
                    }
                }
                for (String h : Scenario.HOMES) {
                    for (int p = 1; p <= 4; p++) {
                        assertFalse(d.text().contains(h + "-R" + p), d::text);
                    }
                }
                Set<String> paths = new TreeSet<>();
                paths(d.json(), "", paths);
                assertTrue(PATHS.containsAll(paths), () -> "undocumented fields in a body: " + paths);
            }
        }
    }

    private static void paths(JsonObject o, String prefix, Set<String> out) {
        for (String k : o.fieldNames()) {
            out.add(prefix + k);
            if (o.getValue(k) instanceof JsonObject inner) {
                paths(inner, prefix + k + ".", out);
            }
        }
    }

    /**
     * Every body validates against {@code AlertWebhook} in docs/openapi.yaml. OpenAPI 3.0 has no place for a
     * webhook a server sends, so the test offers the schema as the answer of a stand-in operation to
     * vertx-openapi's validator (the same bridge as {@link SpcOpenApiTest}).
     */
    @Test
    void everyBodyIsTheDocumentedSchema() throws Exception {
        JsonObject contract = SpcOpenApiTest.documented();
        contract.getJsonObject("paths").getJsonObject("/api/v1/events").getJsonObject("post")
                .getJsonObject("requestBody").getJsonObject("content").remove("application/x-ndjson");
        contract.getJsonObject("paths").put("/webhook-delivery", new JsonObject().put("post", new JsonObject()
                .put("operationId", "webhookDelivery")
                .put("responses", new JsonObject().put("200", new JsonObject().put("description", "a delivery")
                        .put("content", new JsonObject().put("application/json", new JsonObject()
                                .put("schema", new JsonObject().put("$ref", "#/components/schemas/AlertWebhook"))))))));
        SpcOpenApiTest.spellOutNullable(contract);
        ResponseValidator validator = ResponseValidator.create(vertx, OpenAPIContract.from(vertx, contract)
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
        for (WebhookReceiver r : new WebhookReceiver[]{rvt, bfw, homes}) {
            for (Delivery d : r.accepted()) {
                validator.validate(ValidatableResponse.create(200, Buffer.buffer(d.body()), "application/json"),
                        "webhookDelivery").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
        // and /health with its webhooks section against its schema
        TestServer.Reply h = TestServer.send(server.port(), "GET", "/health", null, null, null);
        validator.validate(ValidatableResponse.create(h.status(), Buffer.buffer(h.body()), h.contentType()), "health")
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void healthAndMetricsReportEachEndpointCaughtUp() throws InterruptedException {
        // The other tests' reads are audited: their records are journal records each follower passes over, so wait
        // (bounded) until every endpoint has read them before asking whether it is caught up.
        JsonObject health = WebhookFixture.health(server.port());
        for (int i = 0; i < 200 && !WebhookFixture.endpoints(health).values().stream()
                .allMatch(e -> e.getLong("lagRecords") == 0L); i++) {
            Thread.sleep(50);
            health = WebhookFixture.health(server.port());
        }
        assertEquals("ok", health.getString("status"));
        assertEquals("ok", health.getJsonObject("webhooks").getString("status"));
        Map<String, JsonObject> endpoints = WebhookFixture.endpoints(health);
        assertEquals(Set.of("rvt", "bfw", "homes"), endpoints.keySet());
        JsonObject r = endpoints.get("rvt");
        assertEquals("ok", r.getString("status"));
        assertEquals(0L, r.getLong("lagRecords"));
        assertEquals(rvt.answered(OK), r.getLong("delivered"));
        assertEquals(rvt.deliveries().size() - rvt.answered(OK), r.getLong("failedAttempts"));
        assertTrue(r.getString("lastFailure").startsWith("HTTP ") || r.getString("lastFailure").contains("connect")
                || r.getString("lastFailure").contains("answer"), r::encode);
        assertEquals(0, metric(server.port(), "vigil_webhook_lag_records", "endpoint=\"rvt\""));
        assertEquals(0, metric(server.port(), "vigil_webhook_failing", "endpoint=\"rvt\""));
    }
}
