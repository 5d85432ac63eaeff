package org.vigil.server.timeseries;

import org.influxdb.dto.Point;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.server.rules.EngineState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.engine.Events.admission;
import static org.vigil.server.engine.Events.tick;

/**
 * The point written on the hour is the unit's state at that hour, deadlines due by then included: found by an
 * independent check, the point at local midnight held the state before midnight's turn (yesterday's "today"
 * counts, stamped on the new day), because it was built before the record that crossed the hour had fired the
 * deadlines it passed — midnight and shift starts fall on the hour.
 */
class HourPointAtTheTurnOfTheDayTest {
    @ParameterizedTest(name = "local midnight at {1} (admissions on {0})")
    @CsvSource({
            "2026-11-02T10:00:00Z, 2026-11-03T00:00:00Z", // GMT: local midnight is UTC midnight
            "2026-07-01T10:00:00Z, 2026-07-01T23:00:00Z", // BST: local midnight is 23:00 UTC
    })
    void thePointAtLocalMidnightCountsTheNewDay(String admitted, String midnight) throws Exception {
        PointMapper mapper = new PointMapper(new EngineState(OrganisationLoader.demo()));
        List<Point> out = new ArrayList<>();
        long t = Instant.parse(admitted).toEpochMilli();
        String ward = "RVT-W12";
        for (int p = 1; p <= 3; p++) {
            mapper.apply(admission(t + p, ward, "p" + p, "B" + p, 70), p, out);
        }
        long turn = Instant.parse(midnight).toEpochMilli();
        // on the wall clock, the midnight deadline is fired by a tick journaled just after it
        mapper.apply(tick(turn + 50), 10, out);
        mapper.flush(out);
        String atMidnight = at(out, ward, turn);
        assertTrue(atMidnight.contains("admissions_today=0"), atMidnight);
        assertTrue(atMidnight.contains("patients=3"), atMidnight);
    }

    /** The ward's ward_state point at {@code millis}, as line protocol (the last written: InfluxDB keeps it). */
    private static String at(List<Point> points, String ward, long millis) {
        String suffix = " " + TimeUnit.MILLISECONDS.toNanos(millis);
        String found = null;
        for (Point p : points) {
            String line = p.lineProtocol();
            if (line.startsWith(InfluxSchema.WARD_STATE + ",") && line.contains("ward=" + ward + " ")
                    && line.endsWith(suffix)) {
                found = line;
            }
        }
        return String.valueOf(found);
    }
}
