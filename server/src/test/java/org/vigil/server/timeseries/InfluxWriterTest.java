package org.vigil.server.timeseries;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.ServerConfig;
import org.vigil.server.VigilServer;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertTransition;
import org.vigil.server.engine.Engine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writer against a real influxd, fed through the real server's HTTP ingest. */
class InfluxWriterTest {
    private static final String TOKEN = "tok";
    /** Monday of the events' week: it follows the real date, as InfluxDB refuses points past the retention. */
    private static final Instant MONDAY = ScenarioWeek.monday();
    private static InfluxServer influx;

    @BeforeAll
    static void startInflux() throws Exception {
        influx = new InfluxServer().start();
    }

    @AfterAll
    static void stopInflux() throws Exception {
        influx.close();
    }

    static VigilServer server(Path data, String db) throws Exception {
        ServerConfig c = new ServerConfig("127.0.0.1", 0, data, null, Engine.ClockMode.EVENT, 30, 10_000,
                8 << 20, 65_536).withInflux(influx.url(), db, 1);
        return VigilServer.start(c, Clock.systemUTC(), TOKEN);
    }

    static void awaitWritten(VigilServer s) throws InterruptedException {
        Scenario.await("the InfluxDB writer to catch up", 30,
                () -> s.influxWriter().connected() && s.influxWriter().lagEvents() == 0);
    }

    static double metric(VigilServer s, String name) throws Exception {
        String text = Scenario.get(s.port(), TOKEN, "/metrics").getString("body");
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no metric " + name);
    }

    /**
     * A server with nothing journaled yet writes its operations samples and says it is connected: found by an
     * independent check, the database was made only by the first journal write, so until the first event /health
     * said "connected": false with InfluxDB up, and every vigil_ops sample was dropped.
     */
    @Test
    void aServerWithAnEmptyJournalReportsItsOperationsAndIsConnected(@TempDir Path data) throws Exception {
        String db = "empty";
        try (VigilServer s = server(data, db)) {
            // the writer says it is connected once the write it made has returned: after InfluxDB holds the point
            Scenario.await("the vigil_ops sample, and the writer connected", 15, () -> {
                try {
                    return influx.number(db, "SELECT count(events_ingested_total) FROM vigil_ops") >= 1
                            && s.influxWriter().connected();
                } catch (Exception | AssertionError notYet) { // "database not found" until the first sample
                    return false;
                }
            });
            assertEquals(0, s.journal().lastIndex(), "nothing journaled");
        }
    }

    /**
     * The board's daily series: one board_daily point per whole day for the ward and for each roll-up it is in,
     * tagged unit, level and metric; late records land on their own day.
     */
    @Test
    void theBoardsDaysAreWrittenOncePerUnitRollUpMetricAndDay(@TempDir Path data) throws Exception {
        String db = "board";
        try (VigilServer s = server(data, db)) {
            Scenario.await("engine ready", 20, () -> s.engine().ready());
            List<String> pulses = new ArrayList<>();
            int[] ratings = {2, 4, 5};
            for (int i = 0; i < ratings.length; i++) {
                pulses.add(new JsonObject().put("id", "pulse-" + i).put("type", "pulse")
                        .put("time", MONDAY.plus(Duration.ofDays(i)).plus(Duration.ofHours(12)).toString())
                        .put("unit", "RVT-W12")
                        .put("rating", ratings[i]).encode());
            }
            // on event time, a record of the next day closes the third (another ward's: it is today's, not charted)
            pulses.add(new JsonObject().put("id", "pulse-next").put("type", "pulse").put("time",
                    MONDAY.plus(Duration.ofDays(3)).plus(Duration.ofHours(12)).toString())
                    .put("unit", "RVT-W14").put("rating", 1).encode());
            Scenario.post(s.port(), TOKEN, pulses);
            awaitWritten(s);
            assertEquals(Set.of("unit", "level", "metric"), column(influx.query(db, "SHOW TAG KEYS FROM board_daily")));
            for (String unit : List.of("RVT-W12", "trust:RVT", "place:RIB", "system")) {
                String where = " FROM board_daily WHERE unit = '" + unit + "' AND metric = 'reliabilityPulseMean'";
                assertEquals(3, influx.number(db, "SELECT count(value)" + where), unit);
                assertEquals(11, influx.number(db, "SELECT sum(value)" + where), unit);
            }
            // the first day's point at its local midnight (the week is on GMT)
            assertEquals(2, influx.number(db, "SELECT sum(value) FROM board_daily WHERE unit = 'RVT-W12'"
                    + " AND metric = 'reliabilityPulseMean' AND time = '" + MONDAY + "'"));
        }
    }

    @Test
    void pointsLandWithTheDocumentedSchema(@TempDir Path data) throws Exception {
        String db = "schema";
        try (VigilServer s = server(data, db)) {
            Scenario.await("engine ready", 20, () -> s.engine().ready());
            Instant start = MONDAY.plus(Duration.ofHours(8));
            List<String> events = Scenario.morning(start);
            Scenario.post(s.port(), TOKEN, events.subList(0, events.size() / 2));
            for (String w : Scenario.WARDS) {
                Scenario.acknowledgeAll(s.port(), TOKEN, w);
            }
            Scenario.post(s.port(), TOKEN, events.subList(events.size() / 2, events.size()));
            awaitWritten(s);

            Set<String> measurements = column(influx.query(db, "SHOW MEASUREMENTS"));
            assertTrue(measurements.containsAll(Set.of(InfluxSchema.WARD_STATE, InfluxSchema.CARE_HOME_STATE,
                    InfluxSchema.NEWS2_DISTRIBUTION, InfluxSchema.ALERT_TRANSITION, InfluxSchema.STAFFING_SHIFT,
                    InfluxSchema.CARE_HOME_SUBMISSION)), measurements.toString());
            // Never a patient, resident or bed in a tag: series are wards', homes' and categories'.
            Set<String> allowedTags = Set.of("system", "place", "trust", "ward", "home", "kind", "severity",
                    "transition", "shift", "level");
            for (String m : measurements) {
                Set<String> tags = column(influx.query(db, "SHOW TAG KEYS FROM \"" + m + "\""));
                assertTrue(allowedTags.containsAll(tags), m + " has tags " + tags);
            }
            assertEquals(Set.of("system", "place", "trust", "ward"), column(influx.query(db, "SHOW TAG KEYS FROM ward_state")));
            Set<String> wardFields = column(influx.query(db, "SHOW FIELD KEYS FROM ward_state"));
            assertTrue(wardFields.containsAll(Set.of("beds", "patients", "occupancy_percent", "news2_at_least5",
                    "news2_high", "patients_on_hourly_obs", "alerts_active", "alerts_active_high",
                    "alerts_active_news2_high", "alert_burden_raised_today")), wardFields.toString());

            // Every ward reached 6 patients, then two were discharged; staffing one point per ward shift.
            assertEquals(6, influx.number(db, "SELECT max(patients) FROM ward_state WHERE ward = 'BFW-AMU'"));
            assertEquals(4, influx.number(db, "SELECT last(patients) FROM ward_state WHERE ward = 'BFW-AMU'"));
            assertEquals(3, influx.number(db, "SELECT count(registered_actual) FROM staffing_shift"));
            assertEquals(4, influx.number(db, "SELECT last(registered_actual) FROM staffing_shift WHERE ward = 'BFW-W3'"));
            long submissions = events.stream().filter(e -> e.contains("\"restore2\"")).count();
            assertEquals(submissions, influx.number(db, "SELECT count(\"count\") FROM care_home_submission"));
            assertTrue(influx.number(db, "SELECT count(\"count\") FROM care_home_submission WHERE level = 'URGENT' OR level = 'EMERGENCY'") > 0);

            // Alert transitions: NEWS2 alerts raised, acknowledged through the API with time-to-acknowledge,
            // escalated when left, resolved at discharge.
            assertTrue(influx.number(db, "SELECT count(\"count\") FROM alert_transition WHERE transition = 'raised'") >= 6);
            assertTrue(influx.number(db, "SELECT count(time_to_acknowledge_s) FROM alert_transition WHERE transition = 'acknowledged'") >= 3);
            assertTrue(influx.number(db, "SELECT count(\"count\") FROM alert_transition WHERE transition = 'escalated'") >= 1);
            assertTrue(influx.number(db, "SELECT count(duration_s) FROM alert_transition WHERE transition = 'resolved'") >= 1);
            assertTrue(influx.number(db, "SELECT count(score_0) FROM news2_distribution WHERE ward = 'RVT-W12'") > 10);
            // One point per transition the book records, exactly: a diff of active alerts between records (the
            // writer's way before) missed alerts raised and resolved in one record and every rung after the first
            // (found by an independent check, which counted webhooks against InfluxDB).
            Map<AlertTransition.Type, Long> book = s.engine().read(st -> {
                Map<AlertTransition.Type, Long> n = new EnumMap<>(AlertTransition.Type.class);
                for (Alert a : st.alerts().find(a -> true)) {
                    a.history().forEach(t -> n.merge(t.type(), 1L, Long::sum));
                }
                return n;
            }).get(30, TimeUnit.SECONDS);
            for (AlertTransition.Type type : List.of(AlertTransition.Type.RAISED, AlertTransition.Type.ESCALATED,
                    AlertTransition.Type.ACKNOWLEDGED, AlertTransition.Type.RESOLVED, AlertTransition.Type.REOPENED)) {
                assertEquals(book.getOrDefault(type, 0L).doubleValue(), influx.number(db, "SELECT count(\"count\")"
                        + " FROM alert_transition WHERE transition = '" + type.name().toLowerCase() + "'"), type.name());
            }
            assertTrue(book.getOrDefault(AlertTransition.Type.ESCALATED, 0L) > 1, "more than one rung: " + book);

            // A unit that never changes is written once an hour, on the hour (events span 08:00 to 10:50).
            assertEquals(2, influx.number(db, "SELECT count(beds) FROM care_home_state WHERE home = 'CH-WIND'"));

            JsonArray rps = influx.query(db, "SHOW RETENTION POLICIES ON " + db).getJsonArray("results")
                    .getJsonObject(0).getJsonArray("series").getJsonObject(0).getJsonArray("values");
            assertEquals(InfluxSchema.RETENTION_POLICY, rps.getJsonArray(rps.size() - 1).getString(0));
            assertEquals("9600h0m0s", rps.getJsonArray(rps.size() - 1).getString(1));
            assertEquals(true, rps.getJsonArray(rps.size() - 1).getBoolean(4));

            // Health and metrics report the writer.
            JsonObject health = Scenario.get(s.port(), TOKEN, "/health");
            assertEquals(200, health.getInteger("status"));
            JsonObject h = new JsonObject(health.getString("body")).getJsonObject("influx");
            assertEquals(true, h.getBoolean("connected"));
            assertEquals(0L, h.getLong("lagEvents"));
            assertTrue(metric(s, "vigil_engine_latency_seconds_count") > 0);
            assertTrue(metric(s, "vigil_journal_append_seconds_count") > 0);
            assertTrue(metric(s, "vigil_influx_points_written_total") > 0);
            assertEquals(0, metric(s, "vigil_influx_lag_events"));
            Scenario.await("the vigil_ops sample", 10, () -> {
                try {
                    return influx.number(db, "SELECT count(events_ingested_total) FROM vigil_ops") >= 2;
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    /**
     * The ward_state points of a ward fed by {@link Scenario#busyWard} for its first {@code minutes} minutes: one for
     * each minute it changed in (coalesced), and one on each hour the feed crossed (every unit is written then).
     */
    static long statePoints(Instant start, int minutes) {
        long first = start.toEpochMilli() + 1;
        long last = start.toEpochMilli() + 100 + (minutes - 1) * 60_000L;
        return minutes + Math.floorDiv(last, 3_600_000L) - Math.floorDiv(first, 3_600_000L);
    }

    /** One journal batch of wide ward-state points is far more than InfluxDB takes in one request. */
    @Test
    void aBatchLargerThanInfluxDbTakesInOneRequestIsWrittenInFull(@TempDir Path data) throws Exception {
        String db = "large";
        String ward = "RVT-W23";
        Instant start = MONDAY.plus(Duration.ofDays(2)).plus(Duration.ofHours(10));
        try (VigilServer s = server(data, db)) {
            Scenario.await("engine ready", 20, () -> s.engine().ready());
            List<String> events = Scenario.busyWard(ward, start, 3000, 0);
            for (int i = 0; i < events.size(); i += 1000) {
                Scenario.post(s.port(), TOKEN, events.subList(i, Math.min(events.size(), i + 1000)));
            }
            awaitWritten(s);
            assertEquals(statePoints(start, 3000),
                    influx.number(db, "SELECT count(patients) FROM ward_state WHERE ward = '" + ward + "'"));
        }
    }

    @Test
    void anOutageDelaysPointsButLosesAndDuplicatesNone(@TempDir Path data) throws Exception {
        String db = "outage";
        String ward = "RVT-W14";
        Instant start = MONDAY.plus(Duration.ofDays(1)).plus(Duration.ofHours(10));
        double writtenBefore;
        try (VigilServer s = server(data, db)) {
            Scenario.await("engine ready", 20, () -> s.engine().ready());
            Scenario.post(s.port(), TOKEN, Scenario.busyWard(ward, start, 300, 0));
            awaitWritten(s);
            assertEquals(statePoints(start, 300),
                    influx.number(db, "SELECT count(patients) FROM ward_state WHERE ward = '" + ward + "'"));

            influx.stop();
            // Ingest carries on while InfluxDB is down; health stays 200 and reports it.
            Scenario.post(s.port(), TOKEN, Scenario.busyWard(ward, start, 400, 300));
            Scenario.await("the writer to notice the outage", 15, () -> !s.influxWriter().connected());
            JsonObject health = Scenario.get(s.port(), TOKEN, "/health");
            assertEquals(200, health.getInteger("status"));
            JsonObject h = new JsonObject(health.getString("body")).getJsonObject("influx");
            assertEquals(false, h.getBoolean("connected"));
            assertEquals(400L, h.getLong("lagEvents"));
            assertTrue(metric(s, "vigil_influx_lag_events") == 400);

            influx.start();
            awaitWritten(s);
            assertEquals(statePoints(start, 700),
                    influx.number(db, "SELECT count(patients) FROM ward_state WHERE ward = '" + ward + "'"));
            writtenBefore = metric(s, "vigil_influx_points_written_total");
        }
        // Restart: the writer rebuilds its state from the journal up to its committed position and writes nothing
        // again; new events continue the same series.
        try (VigilServer s = server(data, db)) {
            Scenario.await("engine ready", 20, () -> s.engine().ready());
            Scenario.await("writer rebuilt", 20, () -> s.influxWriter().status().getBoolean("rebuilt"));
            Thread.sleep(300);
            assertEquals(0, metric(s, "vigil_influx_points_written_total"));
            Scenario.post(s.port(), TOKEN, Scenario.busyWard(ward, start, 100, 700));
            awaitWritten(s);
            assertEquals(statePoints(start, 800),
                    influx.number(db, "SELECT count(patients) FROM ward_state WHERE ward = '" + ward + "'"));
            long stored = 0;
            StringBuilder perMeasurement = new StringBuilder();
            for (String m : column(influx.query(db, "SHOW MEASUREMENTS"))) {
                if (!m.equals(InfluxSchema.VIGIL_OPS)) {
                    stored += countPoints(db, m);
                    perMeasurement.append(m).append('=').append(countPoints(db, m)).append(' ');
                }
            }
            // Each point written once: what the writer says it wrote over both runs is exactly what is stored.
            assertEquals(stored, (long) (writtenBefore + metric(s, "vigil_influx_points_written_total")),
                    perMeasurement.toString());
        }
    }

    /** Points in a measurement: the count of a field every point of it has. */
    private static long countPoints(String db, String m) throws Exception {
        String field = switch (m) {
            case InfluxSchema.WARD_STATE, InfluxSchema.CARE_HOME_STATE -> "alerts_active";
            case InfluxSchema.NEWS2_DISTRIBUTION -> "score_0";
            case InfluxSchema.STAFFING_SHIFT -> "registered_actual";
            case InfluxSchema.BOARD_DAILY -> "value";
            default -> "count";
        };
        return influx.number(db, "SELECT count(\"" + field + "\") FROM \"" + m + "\"");
    }

    /** The first column of every row of every series. */
    static Set<String> column(JsonObject reply) {
        Set<String> out = new HashSet<>();
        JsonArray series = reply.getJsonArray("results").getJsonObject(0).getJsonArray("series");
        if (series != null) {
            for (Object s : series) {
                for (Object row : ((JsonObject) s).getJsonArray("values")) {
                    out.add(String.valueOf(((JsonArray) row).getValue(0)));
                }
            }
        }
        return out;
    }
}
