package org.vigil.server.bench.probe;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The probe instrument is sound: against a real server in a child JVM with no background load, a couple of
 * seconds of rounds, every one matched — its admission and concern answered 200, the concern's alert seen on the ward's wall
 * naming the probe's bed, never before the concern was sent — and every figure of the run present. Counts only:
 * how long anything took is the benchmark's business ({@code ./vigil bench probe}), never a test's.
 */
class SingleEventProbeTest {

    @Test
    @Timeout(240)
    void everyRoundIsSeenOnTheWallAndEveryFigureIsThere(@TempDir Path tmp) throws Exception {
        ProbeRun.Plan plan = new ProbeRun.Plan(new double[]{0}, 1, 2, 10, "RVT-W12", true, false, List.of(), 1,
                System.getProperty("java.class.path"), tmp, false);
        JsonObject run = new ProbeRun(plan).once(0);

        JsonObject probe = run.getJsonObject("probe");
        JsonObject rounds = probe.getJsonObject("rounds");
        long measured = rounds.getLong("measured");
        // 20 rounds are due in the window; a slow machine may start the last ones too late to run, never all
        assertTrue(measured > 0, () -> "no round in the window: " + run.encodePrettily());
        assertEquals(measured, rounds.getLong("matched"), () -> run.encodePrettily());
        assertEquals(0L, rounds.getLong("unmatched"));
        assertEquals(new JsonObject(), rounds.getJsonObject("errors"));
        assertEquals(0L, rounds.getLong("earlyMentions"), "an admission must not name the bed on the wall");

        JsonObject ms = probe.getJsonObject("latencyMs");
        for (String timed : List.of("admissionTo200", "concernTo200", "concernToWall", "controlNews2To200",
                "controlNews2To200BackToBack", "dischargeTo200", "startLag", "admissionTo200FromIntended", "concernToWallFromIntended")) {
            assertEquals(measured, ms.getJsonObject(timed).getLong("count"), timed);
        }
        assertEquals(2 * measured, ms.getJsonObject("postTo200").getLong("count"));

        JsonObject wall = probe.getJsonObject("wall");
        assertTrue(wall.getLong("messages") >= measured, "at least the concern's message each round");
        assertEquals(wall.getLong("messages"), wall.getJsonObject("bytesPerMessage").getLong("count"));
        assertEquals(null, wall.getString("closed"), "the wall socket stayed open");

        assertEquals(0, run.getJsonObject("exitValues").getInteger("probe"));
        JsonObject window = run.getJsonObject("window");
        assertNotNull(window, () -> run.encodePrettily());
        JsonObject ingest = window.getJsonObject("serverTimers").getJsonObject("engineIngestCommandMs");
        // the window's scrapes saw the probe's admissions, concerns and discharges reach the engine
        assertTrue(ingest.getLong("count") > 0, ingest::encode);
        assertTrue(window.getJsonObject("cpuCores").containsKey("server"));
        assertTrue(Files.exists(tmp.resolve("rate-0/server-gc.log")));
        assertFalse(run.getJsonObject("gc").getJsonObject("server").getString("log").startsWith("absent"));
        JsonObject profile = run.getJsonObject("serverProfile");
        assertFalse(profile.getString("recording").startsWith("absent"), "the JFR recording was dumped on exit");
    }
}
