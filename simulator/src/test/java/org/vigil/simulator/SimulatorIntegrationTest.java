package org.vigil.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.ServerConfig;
import org.vigil.server.VigilServer;
import org.vigil.server.engine.Engine;
import org.vigil.organisation.OrganisationLoader;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulator against a real in-process server: hours of simulated time at full speed, then a load burst. */
class SimulatorIntegrationTest {

    @Test
    void simulatedHoursAreAcceptedAndGiveAPlausibleOverview(@TempDir Path dir) throws Exception {
        try (VigilServer server = VigilServer.start(new ServerConfig("127.0.0.1", 0, dir, null, Engine.ClockMode.EVENT,
                30, 10000, 8 * 1024 * 1024, 65536), Clock.systemUTC(), "tok")) {
            String url = "http://127.0.0.1:" + server.port();
            Vertx vertx = Vertx.vertx();
            try {
                // A fixed morning, not "the last six hours": run just after midnight, "today" would hold only an
                // hour of it and a ward could rightly have no admissions yet (the server runs on event time).
                long start = Instant.parse("2026-11-02T06:00:00Z").toEpochMilli();
                Simulation sim = new Simulation(OrganisationLoader.demo(), new Simulation.Options(3, start, 0.05));
                FeedClient client = new FeedClient(vertx, url, "demo-feed", 2);
                long sent = new FeedRun(sim, client, 0, start + 6 * 3_600_000L, 500).run();
                assertTrue(sent > 2000, "events sent: " + sent);
                assertEquals(0, client.clientErrors.get(), "4xx responses");
                assertEquals(0, client.serverErrors.get(), "5xx/io failures");
                assertEquals(sent, client.eventsAccepted.get());

                JsonNode overview = get(url + "/api/v1/overview");
                int wards = 0;
                for (JsonNode unit : overview.get("units")) {
                    double occupancy = unit.get("occupancyPercent").asDouble();
                    assertTrue(occupancy >= 80 && occupancy <= 100, unit.get("id") + " occupancy " + occupancy);
                    if (unit.get("kind").asText().equals("ward")) {
                        wards++;
                        assertTrue(unit.get("patientsObserved").asInt() > unit.get("patients").asInt() / 2,
                                unit.get("id") + " observed " + unit.get("patientsObserved"));
                        assertTrue(unit.get("admissionsToday").asInt() > 0, unit.get("id") + " admissions");
                    } else {
                        assertTrue(unit.get("residentsObserved").asInt() > 0, unit.get("id") + " residents observed");
                    }
                }
                assertEquals(10, wards);

                // Load mode against the same server: bounded, no rejections, a report with percentiles.
                Path report = dir.resolve("load.json");
                SimulatorConfig load = SimulateCommand.parse("--url", url, "--rate", "500",
                        "--duration", "2", "--warmup", "1", "--seed", "9", "--report", report.toString());
                assertEquals(0, new LoadRun(OrganisationLoader.demo(), load, vertx).run());
                JsonNode r = new ObjectMapper().readTree(report.toFile());
                assertEquals(0, r.get("errors4xx").asInt());
                assertTrue(r.get("eventsAcceptedInWindow").asInt() >= 900, r.toString());
                assertTrue(r.get("latencyMs").get("p99").asDouble() > 0, r.toString());
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get();
            }
        }
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer tok").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, resp.statusCode(), resp.body());
        return new ObjectMapper().readTree(resp.body());
    }
}
