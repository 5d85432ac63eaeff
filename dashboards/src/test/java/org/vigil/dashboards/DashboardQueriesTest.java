package org.vigil.dashboards;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.ServerConfig;
import org.vigil.server.VigilServer;
import org.vigil.server.engine.Engine;
import org.vigil.server.timeseries.InfluxServer;
import org.vigil.server.timeseries.Scenario;
import org.vigil.server.timeseries.ScenarioWeek;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every InfluxQL query in every dashboard (panels and template variables), with Grafana's macros substituted,
 * runs against a real InfluxDB filled by the real server from realistic events, and returns rows. A renamed
 * field or measurement fails here, not on a wall in front of a matron.
 */
class DashboardQueriesTest {
    private static final Path DASHBOARDS = Path.of("grafana/dashboards");
    /** The events' morning: a week that follows the real date, as InfluxDB refuses points past the retention. */
    private static final Instant START = ScenarioWeek.monday().plus(Duration.ofHours(8));
    /** Template variables as a user would pick them: real organisation ids that the scenario fills. */
    private static final Map<String, String> VARIABLES = Map.of(
            "system", "NWC", "trust", "BFW", "ward", "BFW-AMU", "place", "FYL", "home", "CH-BAYV");

    @Test
    void everyPanelQueryReturnsData(@TempDir Path data) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(DASHBOARDS)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(4, files.size(), "dashboards: " + files);
        try (InfluxServer influx = new InfluxServer().start()) {
            ServerConfig c = new ServerConfig("127.0.0.1", 0, data, null, Engine.ClockMode.EVENT, 30, 10_000,
                    8 << 20, 65_536).withInflux(influx.url(), "vigil", 1);
            try (VigilServer server = VigilServer.start(c, Clock.systemUTC(), "tok")) {
                Scenario.await("engine ready", 20, () -> server.engine().ready());
                List<String> events = Scenario.morning(START);
                Scenario.post(server.port(), "tok", events.subList(0, events.size() / 2));
                Scenario.acknowledgeAll(server.port(), "tok", "BFW-AMU");
                Scenario.post(server.port(), "tok", events.subList(events.size() / 2, events.size()));
                Scenario.await("the writer to catch up", 30,
                        () -> server.influxWriter().connected() && server.influxWriter().lagEvents() == 0);
                // vigil_ops is sampled on the wall clock (every second here), so its panels are checked as Grafana
                // runs them over the last few minutes ($__interval 1s); derivatives need two samples.
                Thread.sleep(2_500);

                // The scenario's events run 08:00–10:50; staffing points sit at the shift start (07:30).
                long dataFrom = START.toEpochMilli() - 2 * 3_600_000L;
                long opsFrom = System.currentTimeMillis() - 3_600_000L;
                long opsTo = System.currentTimeMillis() + 60_000L;
                List<String> failures = new ArrayList<>();
                int queries = 0;
                for (Path f : files) {
                    JsonObject d = new JsonObject(Files.readString(f));
                    for (Object v : d.getJsonObject("templating").getJsonArray("list")) {
                        String q = ((JsonObject) v).getString("query");
                        queries++;
                        check(influx, f, "variable " + ((JsonObject) v).getString("name"), substitute(q, 0, 0, "1m"), failures);
                    }
                    for (Object p : d.getJsonArray("panels")) {
                        JsonObject panel = (JsonObject) p;
                        for (Object t : panel.getJsonArray("targets")) {
                            String q = ((JsonObject) t).getString("query");
                            boolean ops = q.contains("vigil_ops");
                            queries++;
                            // Grafana's $__interval is at least the panel's own minimum interval
                            check(influx, f, "panel '" + panel.getString("title") + "'",
                                    ops ? substitute(q, opsFrom, opsTo, "1s")
                                        : substitute(q, dataFrom, dataFrom + 6 * 3_600_000L,
                                                panel.getString("interval", "1m")),
                                    failures);
                        }
                    }
                }
                assertTrue(failures.isEmpty(), failures.size() + " of " + queries + " queries failed:\n"
                        + String.join("\n", failures));
                assertTrustPanelsSumTheirWards(influx, dataFrom, dataFrom + 6 * 3_600_000L);
            }
        }
    }

    /**
     * The NEWS2 distribution's last column is every score from 10 to 20 (the writer keeps each score's own field):
     * it once read score_10 alone, and patients at NEWS2 11–20, the sickest, vanished from the panel (found by an
     * independent check).
     */
    @Test
    void theDistributionsTopColumnCountsEveryScoreFromTenUp() throws Exception {
        JsonObject d = new JsonObject(Files.readString(DASHBOARDS.resolve("ward-safety-trends.json")));
        String q = null;
        for (Object p : d.getJsonArray("panels")) {
            for (Object t : ((JsonObject) p).getJsonArray("targets")) {
                String query = ((JsonObject) t).getString("query");
                if (query.contains("news2_distribution")) {
                    q = query;
                }
            }
        }
        assertTrue(q != null, "a panel reads news2_distribution");
        String top = q.substring(q.indexOf("AS \"9\"") + 7, q.indexOf("AS \"10+\""));
        for (int score = 0; score <= 20; score++) {
            boolean inTop = top.contains("\"score_" + score + "\"");
            assertEquals(score >= 10, inTop, "score_" + score + " in the 10+ column: " + top);
        }
    }

    /**
     * The executive overview's "by trust" panels sum each trust's wards an hour at a time (each ward's latest figure
     * in the hour: every ward writes a point on the hour), so the last hour with data is the sum of every ward's
     * latest figure. Found by an independent check: summing wards carried forward with fill(previous), InfluxDB 1.6
     * returned each ward's value apart, 700,000 rows for a day, and never a sum.
     */
    private static void assertTrustPanelsSumTheirWards(InfluxServer influx, long from, long to) throws Exception {
        JsonObject d = new JsonObject(Files.readString(DASHBOARDS.resolve("executive-overview.json")));
        Map<String, String> fields = Map.of("System: patients by trust", "patients",
                "System: NEWS2 ≥5 by trust", "news2_at_least5");
        int checked = 0;
        for (Object p : d.getJsonArray("panels")) {
            JsonObject panel = (JsonObject) p;
            String field = fields.get(panel.getString("title"));
            if (field == null) {
                continue;
            }
            String q = ((JsonObject) panel.getJsonArray("targets").getValue(0)).getString("query");
            assertEquals("1h", panel.getString("interval"), panel.getString("title"));
            JsonArray series = influx.query("vigil", substitute(q, from, to, "1h")).getJsonArray("results")
                    .getJsonObject(0).getJsonArray("series");
            for (Object o : series) {
                JsonObject trust = (JsonObject) o;
                String id = trust.getJsonObject("tags").getString("trust");
                JsonArray rows = trust.getJsonArray("values");
                assertTrue(rows.size() <= 6 + 1, panel.getString("title") + ": one row an hour, not " + rows.size());
                Double panelSum = null;
                for (Object row : rows) {
                    Double v = ((JsonArray) row).getDouble(1);
                    panelSum = v != null ? v : panelSum;
                }
                JsonArray latest = influx.query("vigil", "SELECT last(\"" + field + "\") FROM ward_state WHERE trust = '"
                        + id + "' AND time >= " + from + "ms AND time <= " + to + "ms GROUP BY ward")
                        .getJsonArray("results").getJsonObject(0).getJsonArray("series");
                double wards = 0;
                for (Object w : latest) {
                    wards += ((JsonObject) w).getJsonArray("values").getJsonArray(0).getDouble(1);
                }
                assertEquals(wards, panelSum, panel.getString("title") + ", trust " + id);
                checked++;
            }
        }
        assertTrue(checked >= 2, "both panels, for the trusts the scenario fills: " + checked);
    }

    /** Grafana's substitutions: $timeFilter, $__interval, and template variables (regex-escaped as Grafana does). */
    static String substitute(String q, long fromMs, long toMs, String interval) {
        String out = q.replace("$timeFilter", "time >= " + fromMs + "ms AND time <= " + toMs + "ms")
                .replace("$__interval", interval);
        for (Map.Entry<String, String> v : VARIABLES.entrySet()) {
            out = out.replace("/^$" + v.getKey() + "$/", "/^" + v.getValue().replace("-", "\\-") + "$/")
                    .replace("$" + v.getKey(), v.getValue());
        }
        return out;
    }

    private static void check(InfluxServer influx, Path file, String where, String q, List<String> failures) {
        try {
            JsonObject r = influx.query("vigil", q).getJsonArray("results").getJsonObject(0);
            JsonArray series = r.getJsonArray("series");
            if (series == null || series.isEmpty() || !hasValue(series)) {
                failures.add(file.getFileName() + " " + where + ": no data for " + q);
            }
        } catch (Exception | AssertionError e) {
            failures.add(file.getFileName() + " " + where + ": " + e.getMessage());
        }
    }

    /** At least one non-null value besides the time column. */
    private static boolean hasValue(JsonArray series) {
        for (Object s : series) {
            for (Object row : ((JsonObject) s).getJsonArray("values")) {
                JsonArray r = (JsonArray) row;
                for (int i = r.size() == 1 ? 0 : 1; i < r.size(); i++) {
                    if (r.getValue(i) != null) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
