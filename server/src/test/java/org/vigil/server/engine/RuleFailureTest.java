package org.vigil.server.engine;

import org.vigil.server.TestJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.server.TestServer;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.kernel.RuleFailures;
import org.vigil.server.rules.EngineState;
import org.vigil.server.rules.Rules;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.organisation.Unit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.TestServer.envelope;
import static org.vigil.server.engine.Events.admission;
import static org.vigil.server.engine.Events.at;
import static org.vigil.server.engine.Events.high;
import static org.vigil.server.engine.Events.observation;
import static org.vigil.server.engine.Events.tick;

/**
 * A rule that throws is never silent and never stops the engine: a deliberately faulty rule registered in a
 * test-only engine state, on the real engine, journal and HTTP server.
 */
class RuleFailureTest {
    private static final String WARD = "RVT-W12";
    private static final long T0 = at("2026-11-23T10:00:00Z");
    private static final long MIN = 60_000L;

    private Rules rules;
    private EngineState state;

    @BeforeEach
    void setUp() throws IOException {
        rules = new Rules(OrganisationLoader.demo()).add(FaultyRule::new, EventType.OBSERVATION);
        state = rules.newState();
    }

    private static List<Event> feed() {
        List<Event> events = new ArrayList<>();
        events.add(admission(T0 - 30 * MIN, WARD, "p1", "B1", 70));
        events.add(observation(T0, WARD, "p1", high()));
        events.add(tick(T0 + 20 * MIN));
        return events;
    }

    @Test
    void theOtherRulesGoOnAndTheFailureIsCountedUnderTheRulesName() {
        state.apply(feed().get(0));
        state.apply(feed().get(1));
        assertEquals(1, state.alerts().find(a -> a.kind() == AlertKind.NEWS2_HIGH && a.state().active()).size(),
                "NEWS2 scored the set the faulty rule threw on");
        assertEquals(1, state.ruleFailures().count("FaultyRule"));
        assertEquals(List.of("FaultyRule"), state.ruleFailures().failing());
        assertEquals(0, state.ruleFailures().count("Deterioration"));
        RuleFailures.Failure f = state.ruleFailures().failures().get(0);
        assertEquals("observation", f.during());
        assertEquals(T0, f.lastAt());
        for (Unit u : state.organisation().units()) {
            assertEquals(new JsonArray().add("FaultyRule"), TestJson.unit(state, u.id()).getJsonArray("rulesFailing"),
                    "every unit's wall must say so: " + u.id());
        }
        assertTrue(TestJson.unit(state, WARD).getBoolean("faultyRuleWasHere"), "its snapshot part still runs");
    }

    @Test
    void aThrowingDeadlineIsCountedForItsRuleAndLaterDeadlinesStillFire() {
        for (Event e : feed()) {
            state.apply(e);
        }
        // one tick fired the faulty deadline (10:01) and, after it, the overdue observations (10:15, NEWS2 ≥ 7)
        assertEquals(2, state.ruleFailures().count("FaultyRule"));
        assertEquals("deadline", state.ruleFailures().failures().get(0).during());
        assertEquals(1, state.alerts().find(a -> a.kind() == AlertKind.OBSERVATIONS_OVERDUE && a.state().active()).size());
        assertEquals(2, state.failed());
    }

    @Test
    void replayMeetsTheSameFailureAtTheSameRecord() throws IOException {
        for (Event e : feed()) {
            state.apply(e);
        }
        EngineState replayed = new Rules(OrganisationLoader.demo()).add(FaultyRule::new, EventType.OBSERVATION)
                .newState();
        for (Event e : feed()) {
            replayed.apply(e);
        }
        assertEquals(TestJson.overview(state), TestJson.overview(replayed));
        assertEquals(state.ruleFailures().failures(), replayed.ruleFailures().failures());
    }

    @Test
    void aJournaledEventForAUnitNoLongerInTheOrganisationDoesNotStopReplay() throws IOException {
        EngineState healthy = new EngineState(OrganisationLoader.demo());
        healthy.apply(Events.event(EventType.PULSE, T0, "RVT-W99", new org.vigil.events.Payload.Pulse(3)));
        assertEquals(List.of("EngineState"), healthy.ruleFailures().failing());
        for (Event e : feed()) {
            healthy.apply(e);
        }
        assertEquals(1, TestJson.unit(healthy, WARD).getInteger("news2High"), "and the records after it are applied");
    }

    @Test
    void rulesAreAddedOnlyBeforeTheFirstRecord() {
        state.apply(tick(T0));
        assertThrows(IllegalStateException.class, () -> rules.add(FaultyRule::new, EventType.OBSERVATION));
    }

    @Test
    void aHealthyEngineReportsNoFailingRule() throws IOException {
        EngineState healthy = new EngineState(OrganisationLoader.demo());
        for (Event e : feed()) {
            healthy.apply(e);
        }
        assertEquals(List.of(), healthy.ruleFailures().failing());
        assertEquals(new JsonArray(), TestJson.unit(healthy, WARD).getJsonArray("rulesFailing"));
    }

    /** Through HTTP: ingest still answers 200, /health says "degraded" naming the rule, /metrics counts it. */
    @Test
    void healthMetricsAndTheSnapshotSayARuleFailedAndARestartSaysItAgain(@TempDir Path dir) {
        try (TestServer server = TestServer.startOnEventTimeWithRules(dir,
                r -> r.add(FaultyRule::new, EventType.OBSERVATION))) {
            assertEquals("ok", server.health().getString("status"));
            TestServer.Reply accepted = server.postBatch(
                    TestServer.admission("rf-1", Instant.ofEpochMilli(T0 - 30 * MIN), WARD, "p1", "B1"),
                    envelope("rf-2", "observation", Instant.ofEpochMilli(T0), WARD).put("patient", "p1")
                            .put("respirationRate", 22).put("spo2", 94).put("onOxygen", true).put("systolicBp", 105)
                            .put("pulse", 45).put("consciousness", "C").put("temperature", 35.5).encode());
            assertEquals(200, accepted.status(), accepted::toString);

            TestServer.Reply health = server.get("/health", null);
            assertEquals(200, health.status(), "degraded, not down: the engine goes on");
            assertEquals("degraded", health.json().getString("status"));
            JsonObject rule = health.json().getJsonArray("failingRules").getJsonObject(0);
            assertEquals("FaultyRule", rule.getString("rule"));
            assertEquals(1L, rule.getLong("failures"));
            assertEquals("observation", rule.getString("during"));
            assertEquals(Instant.ofEpochMilli(T0).toString(), rule.getString("lastFailureAt"));
            assertFalse(health.body().contains("p1"), "no patient id on an unauthenticated endpoint");

            String metrics = server.get("/metrics", null).body();
            assertTrue(metrics.contains("vigil_rule_failures_total{rule=\"FaultyRule\"} 1.0"), metrics);
            assertTrue(metrics.contains("vigil_rule_failures_total{rule=\"Deterioration\"} 0.0"));

            JsonObject ward = server.unit(WARD);
            assertEquals(new JsonArray().add("FaultyRule"), ward.getJsonArray("rulesFailing"));
            assertEquals(1, ward.getInteger("news2High"));
            JsonObject live = server.overview();

            server.restart();
            assertEquals("degraded", server.health().getString("status"), "replay meets the same failure");
            assertEquals(live, server.overview());
        }
    }
}
