package org.vigil.server.webhooks;

import io.vertx.core.json.JsonObject;
import org.vigil.server.TestServer;
import org.vigil.server.timeseries.Scenario;
import org.vigil.server.webhooks.WebhookReceiver.Delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.TestServer.envelope;

/**
 * The outage both restart tests (a clean restart and SIGKILL) run, on event time. Before: NEWS2 ≥ 7 for three
 * patients of RVT-W12 and one of BFW-AMU, all delivered. During: the "rvt" receiver accepts one request and then
 * answers 500 to everything; one record — a pulse at 16 minutes, which brings every rung and overdue deadline of
 * the 15th minute due at once — makes several transitions for "rvt", so its first is accepted and the next is
 * refused again and again; BFW goes on. Then the server is stopped, the receiver recovers, the server starts
 * again, and after: a discharge and a new BFW alert.
 */
final class Outage {
    static final Instant B = Instant.parse("2026-11-05T10:00:00Z");
    /** The pulse record's event time: the only record made during the outage for RVT. */
    static final Instant PULSE = B.plus(Duration.ofMinutes(16));
    /** Everything after the restart happens from here. */
    static final Instant AFTER = B.plus(Duration.ofMinutes(20));
    private static int ids;

    private Outage() {
    }

    /**
     * Runs the outage on a server up to the point where the test stops it: before (all delivered), then the pulse
     * with "rvt" accepting one request and refusing the rest, BFW going on, and /health saying so. Returns the
     * transitions "rvt" accepted before the outage.
     */
    static Set<String> runUpToTheStop(int port, WebhookReceiver rvt) throws InterruptedException {
        post(port, before());
        WebhookFixture.awaitDelivered(port, "rvt", "bfw");
        Set<String> acceptedBefore = new TreeSet<>();
        rvt.accepted().forEach(d -> acceptedBefore.add(d.key()));
        rvt.plan(WebhookReceiver.Mode.OK);
        rvt.otherwise(WebhookReceiver.Mode.FAIL_500);
        post(port, pulse());
        Scenario.await("rvt to refuse the pulse's second transition three times", 60,
                () -> rvt.answered(WebhookReceiver.Mode.FAIL_500) >= 3);
        post(port, duringOnBfw());
        WebhookFixture.awaitDelivered(port, "bfw");
        assertHealthSaysRvtIsFailing(port);
        return acceptedBefore;
    }

    /** On the restarted server, with "rvt" back and "late" added: what comes after, then the assertions. */
    static void finishAfterTheRestart(int port, Set<String> acceptedBefore, WebhookReceiver rvt, WebhookReceiver bfw,
                                      WebhookReceiver late) throws InterruptedException {
        WebhookFixture.awaitDelivered(port, "rvt", "bfw", "late");
        post(port, after());
        WebhookFixture.awaitDelivered(port, "rvt", "bfw", "late");
        assertNothingLostNorResentBeyondTheRecordInFlight(WebhookFixture.alerts(port), acceptedBefore, rvt, bfw, late);
    }

    static List<String> before() {
        List<String> events = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            events.add(TestServer.admission("o-" + ++ids, B.plusSeconds(i), "RVT-W12", "OUT-P" + i, "B" + i));
            events.add(observation(B.plusSeconds(i), "RVT-W12", "OUT-P" + i));
        }
        events.add(TestServer.admission("o-" + ++ids, B.plusSeconds(5), "BFW-AMU", "OUT-Q1", "A1"));
        events.add(observation(B.plusSeconds(5), "BFW-AMU", "OUT-Q1"));
        return events;
    }

    private static List<String> pulse() {
        return List.of(envelope("o-" + ++ids, "pulse", PULSE, "RVT-W12").put("rating", 4).encode());
    }

    /** BFW goes on while RVT's receiver is down. */
    private static List<String> duringOnBfw() {
        return List.of(TestServer.admission("o-" + ++ids, PULSE.plusSeconds(30), "BFW-AMU", "OUT-Q2", "A2"),
                observation(PULSE.plusSeconds(30), "BFW-AMU", "OUT-Q2"));
    }

    private static List<String> after() {
        return List.of(TestServer.movement("discharge", "o-" + ++ids, AFTER, "RVT-W12", "OUT-P1", null),
                TestServer.admission("o-" + ++ids, AFTER.plusSeconds(1), "BFW-AMU", "OUT-Q3", "A3"),
                observation(AFTER.plusSeconds(1), "BFW-AMU", "OUT-Q3"));
    }

    private static String observation(Instant t, String ward, String patient) {
        return envelope("o-" + ++ids, "observation", t, ward).put("patient", patient)
                .mergeIn(new JsonObject("{" + Scenario.HIGH + "}")).encode();
    }

    static void post(int port, List<String> events) {
        TestServer.Reply r = TestServer.send(port, "POST", "/api/v1/events", WebhookFixture.TOKEN, TestServer.NDJSON,
                (String.join("\n", events) + "\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.status(), r::toString);
        assertEquals(events.size(), r.json().getInteger("accepted"), r::toString);
    }

    /** While "rvt" fails: /health stays 200 and says so; "bfw" is unaffected. */
    private static void assertHealthSaysRvtIsFailing(int port) {
        JsonObject health = WebhookFixture.health(port);
        assertEquals("ok", health.getString("status"), "the server is healthy: only a receiver is down");
        assertEquals("failing", health.getJsonObject("webhooks").getString("status"));
        Map<String, JsonObject> endpoints = WebhookFixture.endpoints(health);
        assertEquals("failing", endpoints.get("rvt").getString("status"), endpoints.get("rvt")::encode);
        assertTrue(endpoints.get("rvt").getLong("lagRecords") >= 1, endpoints.get("rvt")::encode);
        // the status alone: /health answers anyone, and the receiver's words ("not now") may quote what it was sent
        assertEquals("HTTP 500", endpoints.get("rvt").getString("lastFailure"), endpoints.get("rvt")::encode);
        assertEquals("ok", endpoints.get("bfw").getString("status"), endpoints.get("bfw")::encode);
        assertEquals(0L, endpoints.get("bfw").getLong("lagRecords"), endpoints.get("bfw")::encode);
        assertEquals(1, WebhookFixture.metric(port, "vigil_webhook_failing", "endpoint=\"rvt\""));
        assertTrue(WebhookFixture.metric(port, "vigil_webhook_lag_records", "endpoint=\"rvt\"") >= 1);
    }

    /**
     * Nothing lost, nothing committed sent again: every RVT transition was accepted at least once and in order
     * per alert; what was accepted before the outage never arrived again; the only transitions accepted twice are
     * of the record in flight (the pulse), the first of which was accepted before the stop and must come again
     * (its record was never committed). BFW's went on, each once. The endpoint added at the restart got exactly
     * what happened after it.
     */
    private static void assertNothingLostNorResentBeyondTheRecordInFlight(Map<String, JsonObject> alerts,
                                                                  Set<String> acceptedBefore, WebhookReceiver rvt,
                                                                  WebhookReceiver bfw, WebhookReceiver late) {
        Map<String, List<JsonObject>> rvtExpected = WebhookFixture.expected(alerts,
                (a, t) -> a.getString("unit").startsWith("RVT-"));
        WebhookFixture.assertEveryTransitionInOrder("rvt", rvt.deliveries(), rvtExpected);
        Map<String, Integer> times = new HashMap<>();
        for (Delivery d : rvt.accepted()) {
            times.merge(d.key(), 1, Integer::sum);
        }
        for (String k : acceptedBefore) {
            assertEquals(1, rvt.deliveries().stream().filter(d -> d.key().equals(k)).count(),
                    "committed before the outage, yet sent again: " + k);
        }
        Set<String> pulseKeys = new HashSet<>();
        rvtExpected.forEach((id, ts) -> ts.forEach(t -> {
            if (Instant.parse(t.getString("at")).isAfter(B.plusSeconds(60)) && Instant.parse(t.getString("at")).isBefore(AFTER)) {
                pulseKeys.add(id + "#" + t.getInteger("seq"));
            }
        }));
        assertTrue(pulseKeys.size() >= 2, "the pulse makes several transitions for rvt: " + pulseKeys);
        Set<String> twice = new HashSet<>();
        times.forEach((k, n) -> {
            if (n > 1) {
                twice.add(k);
            }
        });
        assertFalse(twice.isEmpty(), "the pulse's first transition, accepted before the stop, comes again");
        assertTrue(pulseKeys.containsAll(twice), "only the record in flight is sent again: " + twice);
        assertTrue(twice.stream().allMatch(k -> times.get(k) == 2), "at most once more: " + times);

        Map<String, List<JsonObject>> bfwExpected = WebhookFixture.expected(alerts,
                (a, t) -> a.getString("unit").startsWith("BFW-"));
        WebhookFixture.assertEveryTransitionInOrder("bfw", bfw.deliveries(), bfwExpected);
        assertEquals(bfw.deliveries().size(), WebhookFixture.keys(bfwExpected).size(), "bfw: each once");

        Map<String, List<JsonObject>> lateExpected = WebhookFixture.expected(alerts,
                (a, t) -> !Instant.parse(t.getString("at")).isBefore(AFTER));
        assertFalse(lateExpected.isEmpty());
        WebhookFixture.assertEveryTransitionInOrder("late", late.deliveries(), lateExpected);
    }
}
