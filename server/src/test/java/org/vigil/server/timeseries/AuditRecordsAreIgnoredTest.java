package org.vigil.server.timeseries;

import org.influxdb.dto.Point;
import org.junit.jupiter.api.Test;
import org.vigil.events.Event;
import org.vigil.events.EventParser;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.server.rules.EngineState;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The audit trail's records are in the journal among the clinical ones, stamped with the wall clock (here a year
 * later than the events). A follower — the InfluxDB writer, and through the same {@link EngineState#apply} every
 * webhook follower and time travel's scratch states — passes over them: the same points, the same clock, the same
 * state as without them.
 */
class AuditRecordsAreIgnoredTest {

    @Test
    void theTimeSeriesAndTheStateAreTheSameWithAuditRecordsInBetween() throws Exception {
        Organisation org = OrganisationLoader.demo();
        EventParser parser = new EventParser(org::exists, Clock.systemUTC(), false);
        List<Event> events = new ArrayList<>();
        for (String json : Scenario.morning(Instant.parse("2026-11-02T08:00:00Z"))) {
            events.add(parser.parse(json.getBytes(StandardCharsets.UTF_8)));
        }
        PointMapper plain = new PointMapper(new EngineState(org));
        PointMapper audited = new PointMapper(new EngineState(org));
        List<Point> without = new ArrayList<>();
        List<Point> with = new ArrayList<>();
        long index = 0;
        long wall = Instant.parse("2027-11-02T08:00:00Z").toEpochMilli();
        for (Event e : events) {
            // the clinical record keeps its journal index (a submission's point is stamped with it)
            plain.apply(e, index, without);
            audited.apply(new Event(null, EventType.AUDIT, wall++, null, new Payload.Audit("demo ward wall RVT-W12",
                    "GET", "/api/v1/wards/" + e.unit(), null, List.of(e.unit()), null, 200)), index, with);
            audited.apply(e, index++, with);
        }
        plain.flush(without);
        audited.flush(with);
        assertFalse(without.isEmpty());
        assertEquals(lines(without), lines(with));
        assertEquals(plain.state().clock().now(), audited.state().clock().now(), "the wall-clock stamps moved no clock");
        assertEquals(plain.state().applied(), audited.state().applied(), "audit records are not applied");
    }

    private static List<String> lines(List<Point> points) {
        List<String> out = new ArrayList<>();
        for (Point p : points) {
            out.add(p.lineProtocol());
        }
        return out;
    }
}
