package org.vigil.server.timeseries;

import org.influxdb.dto.Point;
import org.junit.jupiter.api.Test;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.server.rules.EngineState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.engine.Events.admission;
import static org.vigil.server.engine.Events.discharge;
import static org.vigil.server.engine.Events.high;
import static org.vigil.server.engine.Events.observation;

/**
 * The NEWS2 distribution "now" follows the ward's patients out: found by an independent check, a ward whose only
 * scored patient (NEWS2 11) was discharged kept showing one patient at 11, because the distribution was written
 * only while someone on the ward had a score.
 */
class News2DistributionPointTest {
    @Test
    void aWardWhoseScoredPatientsHaveLeftWritesADistributionOfZeros() throws Exception {
        PointMapper mapper = new PointMapper(new EngineState(OrganisationLoader.demo()));
        List<Point> out = new ArrayList<>();
        long t = Instant.parse("2026-11-02T08:00:00Z").toEpochMilli();
        String ward = "RVT-W14";
        mapper.apply(admission(t, ward, "p1", "B1", 70), 0, out);
        mapper.apply(observation(t + 60_000, ward, "p1", high()), 1, out);
        mapper.flush(out);
        assertTrue(last(out, ward).contains("score_11=1"), () -> last(out, ward));
        mapper.apply(discharge(t + 120_000, ward, "p1"), 2, out);
        mapper.flush(out);
        String now = last(out, ward);
        assertTrue(now.contains("score_11=0") && now.contains("score_0=0"), now);
    }

    /** The ward's latest news2_distribution point, as line protocol. */
    private static String last(List<Point> points, String ward) {
        String found = null;
        for (Point p : points) {
            String line = p.lineProtocol();
            if (line.startsWith(InfluxSchema.NEWS2_DISTRIBUTION + ",") && line.contains("ward=" + ward)) {
                found = line;
            }
        }
        return String.valueOf(found);
    }
}
