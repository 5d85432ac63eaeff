package org.vigil.server.timeseries;

import org.influxdb.dto.Point;
import org.junit.jupiter.api.Test;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.server.rules.EngineState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.engine.Events.event;
import static org.vigil.server.engine.Events.high;
import static org.vigil.server.engine.Events.normal;

/**
 * A RESTORE2 submission that arrives late (a tablet's offline outbox sent after a newer set) is written with its
 * own escalation level and NEWS2: found by an independent check, its point carried the newer submission's, the
 * resident's current state, at the late set's time — an emergency counted twice and a routine set lost.
 */
class LateSubmissionPointTest {
    @Test
    void aLateSubmissionIsWrittenWithItsOwnLevelAndScore() throws Exception {
        PointMapper mapper = new PointMapper(new EngineState(OrganisationLoader.demo()));
        List<Point> out = new ArrayList<>();
        long t = Instant.parse("2026-11-02T10:00:00Z").toEpochMilli();
        String home = "CH-OAKS";
        mapper.apply(event(EventType.RESTORE2, t, home, new Payload.Restore2("r1", List.of(), normal(), true)), 1, out);
        mapper.apply(event(EventType.RESTORE2, t + 30 * 60_000L, home,
                new Payload.Restore2("r1", List.of(), high(), false)), 2, out);
        // taken at 10:15, sent after the 10:30 set
        long late = t + 15 * 60_000L;
        mapper.apply(event(EventType.RESTORE2, late, home, new Payload.Restore2("r1", List.of(), normal(), false)), 3, out);
        String newer = submissionAt(out, t + 30 * 60_000L);
        String own = submissionAt(out, late);
        assertTrue(newer.contains("level=EMERGENCY") || newer.contains("level=URGENT"), newer);
        assertTrue(own.contains("level=ROUTINE"), own);
        assertTrue(own.contains("news2=0.0"), own);
    }

    /** The care_home_submission point in the millisecond {@code millis}, as line protocol. */
    private static String submissionAt(List<Point> points, long millis) {
        String found = null;
        for (Point p : points) {
            String line = p.lineProtocol();
            long nanos = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            if (line.startsWith(InfluxSchema.CARE_HOME_SUBMISSION + ",")
                    && TimeUnit.NANOSECONDS.toMillis(nanos) == millis) {
                found = line;
            }
        }
        return String.valueOf(found);
    }
}
