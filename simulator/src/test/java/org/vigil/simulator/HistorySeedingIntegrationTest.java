package org.vigil.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.events.Event;
import org.vigil.server.ServerConfig;
import org.vigil.server.VigilServer;
import org.vigil.server.engine.Engine;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A few days of history seeded into a real server through {@code POST /api/v1/events}, as {@code ./vigil simulate
 * --history-days} does: every ward and care home has today's data on the first screen and a normal number of alerts,
 * and the server's own counts for today agree with the daily series docs/demo.md defines.
 */
class HistorySeedingIntegrationTest {
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    /** The end of the history: a weekday afternoon, after the morning's rounds and asks. */
    static final Instant NOW = Instant.parse("2026-11-04T14:30:00Z");
    static final LocalDate TODAY = LocalDate.ofInstant(NOW, LONDON);
    static final int DAYS = 3;

    @Test
    void seededDaysFillEveryTileWithANormalWard(@TempDir Path dir) throws Exception {
        Organisation org = OrganisationLoader.demo();
        // Event time: the server's clock follows the history (docs/demo.md "The server's clock").
        try (VigilServer server = VigilServer.start(new ServerConfig("127.0.0.1", 0, dir, null, Engine.ClockMode.EVENT,
                30, 10000, 8 * 1024 * 1024, 65536), Clock.systemUTC(), "tok")) {
            String url = "http://127.0.0.1:" + server.port();
            Vertx vertx = Vertx.vertx();
            try {
                long start = TODAY.minusDays(DAYS + 1L).atStartOfDay(LONDON).toInstant().toEpochMilli();
                Simulation sim = new Simulation(org, new Simulation.Options(1, start, 0.05, TODAY));
                FeedClient client = new FeedClient(vertx, url, "demo-feed", 2);
                ByteArrayOutputStream log = new ByteArrayOutputStream();
                FeedRun.Seeding seeding = new FeedRun(sim, client, 0, NOW.toEpochMilli(), 500)
                        .seed(NOW.toEpochMilli(), new SeedingProgress(new PrintStream(log, true, StandardCharsets.UTF_8),
                                false, start, NOW.toEpochMilli()));
                assertEquals(0, client.clientErrors.get(), "4xx");
                assertEquals(0, client.serverErrors.get(), "5xx/io");
                assertTrue(seeding.whole());
                assertEquals(seeding.sent(), client.eventsAccepted.get());
                assertTrue(log.toString(StandardCharsets.UTF_8).contains("history: 100% (4.6 of 4.6 days)"), log.toString());

                // The same seed again, in-process: the same events (the history is deterministic), for the series.
                DailySeries series = new DailySeries(org);
                List<Event> same = new ArrayList<>();
                new Simulation(org, new Simulation.Options(1, start, 0.05, TODAY)).advanceTo(NOW.toEpochMilli(), same);
                assertEquals(seeding.sent(), same.size());
                same.forEach(series::add);
                Map<String, Map<String, Integer>> alerts = new TreeMap<>();
                JsonNode overview = get(url + "/api/v1/overview");
                for (JsonNode unit : overview.get("units")) {
                    String id = unit.get("id").asText();
                    Map<String, Integer> kinds = new TreeMap<>();
                    unit.get("alerts").forEach(a -> kinds.merge(a.get("kind").asText(), 1, Integer::sum));
                    alerts.put(id, kinds);
                    if (unit.get("kind").asText().equals("ward")) {
                        ward(id, unit, kinds, series);
                    } else {
                        careHome(id, unit, kinds);
                    }
                }
                System.out.println("active alerts after " + DAYS + " days of history, by unit and kind: " + alerts);
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get();
            }
        }
    }

    private static void ward(String id, JsonNode unit, Map<String, Integer> alerts, DailySeries series) {
        int patients = unit.get("patients").asInt();
        JsonNode staffing = unit.get("staffing");
        // today's staffing for the current shift, judged; the previous shift's report was in time too (no alert)
        assertEquals(TODAY + "", staffing.get("currentShift").get("date").asText(), id);
        assertEquals("DAY", staffing.get("currentShift").get("shift").asText(), id);
        assertTrue(staffing.get("day").get("reported").asBoolean(), id + " day shift reported");
        assertFalse(unit.get("staffingNotReported").asBoolean(), id);
        assertFalse(alerts.containsKey("STAFFING_NOT_REPORTED"), id + " " + alerts);
        // this morning's medicine rounds
        assertTrue(unit.get("dosesDueToday").asInt() > 2 * patients, id + " doses due " + unit.get("dosesDueToday"));
        assertTrue(unit.get("criticalDosesDueToday").asInt() > 0, id);
        // everyone observed (bar a patient admitted in the last half hour), a few sets late at most
        assertTrue(unit.get("patientsObserved").asInt() >= patients - 2, id + " observed " + unit.get("patientsObserved") + " of " + patients);
        assertTrue(unit.get("observationsOverdue").asInt() <= 3, id + " overdue " + unit.get("observationsOverdue"));
        assertTrue(alerts.getOrDefault("OBSERVATIONS_OVERDUE", 0) <= 3, id + " " + alerts);
        // Martha's rule: most patients asked on the morning round
        assertTrue(unit.get("patientsAskedToday").asInt() >= patients / 2, id + " asked " + unit.get("patientsAskedToday"));
        // a handful of alerts, not a flood
        int active = alerts.values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(active <= 20, id + " active alerts " + alerts);

        // The server's counts for today are the daily series' definitions (docs/demo.md).
        assertEquals(Math.round(10 * series.fillRateDay(id, TODAY)) / 10.0,
                staffing.get("day").get("registeredFillRatePercent").asDouble(), id + " RN day fill rate");
        JsonNode byType = staffing.get("redFlagsTodayByType");
        assertEquals(series.redFlags(id, TODAY), byType.get("RN_SHORTFALL").asInt() + byType.get("FEWER_THAN_TWO_RNS").asInt(),
                id + " red flags 5 and 6");
        assertEquals(series.missedCriticalDoses(id, TODAY), unit.get("missedCriticalDosesToday").asInt(), id + " missed critical doses");
    }

    private static void careHome(String id, JsonNode unit, Map<String, Integer> alerts) {
        // every resident has had a RESTORE2 submission, and the home submitted today
        assertEquals(unit.get("patients").asInt(), unit.get("residentsObserved").asInt(), id);
        assertEquals(TODAY, LocalDate.ofInstant(Instant.parse(unit.get("lastSubmissionAt").asText()), LONDON), id);
        assertTrue(unit.get("repeatObservationsOverdue").asInt() <= 5, id + " " + unit.get("repeatObservationsOverdue"));
        assertFalse(alerts.containsKey("ASSESSMENT_OVERDUE") && alerts.get("ASSESSMENT_OVERDUE") > 2, id + " " + alerts);
        assertTrue(alerts.values().stream().mapToInt(Integer::intValue).sum() <= 12, id + " " + alerts);
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer tok").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, resp.statusCode(), resp.body());
        return new ObjectMapper().readTree(resp.body());
    }
}
