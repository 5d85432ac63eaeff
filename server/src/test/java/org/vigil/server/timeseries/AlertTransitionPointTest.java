package org.vigil.server.timeseries;

import org.influxdb.dto.Point;
import org.junit.jupiter.api.Test;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.events.RaisedBy;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.alerts.Severity;
import org.vigil.server.rules.EngineState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vigil.server.engine.Events.admission;
import static org.vigil.server.engine.Events.discharge;
import static org.vigil.server.engine.Events.event;

/**
 * Two transitions of one kind on one ward at one millisecond are two points, whatever the alerts' numbers. Found
 * by an independent check: the offset below the millisecond was the alert's number, which repeated every 15,625
 * alerts, so a discharge resolving AL-1 and AL-15626 (two concerns about one patient, raised far apart) wrote one
 * point over the other and the panel counted one resolution.
 */
class AlertTransitionPointTest {
    @Test
    void transitionsAtOneMillisecondOfAlertsFifteenThousandApartAreEachWritten() throws Exception {
        EngineState state = new EngineState(OrganisationLoader.demo());
        PointMapper mapper = new PointMapper(state);
        List<Point> out = new ArrayList<>();
        long t = Instant.parse("2026-11-02T08:00:00Z").toEpochMilli();
        String ward = "RVT-W14";
        long index = 0;
        mapper.apply(admission(t, ward, "p1", "B1", 70), index++, out);
        mapper.apply(event(EventType.CONCERN, t + 1, ward, new Payload.Concern("p1", RaisedBy.FAMILY)), index++, out);
        for (int i = 0; i < 15_624; i++) { // other alerts in between, elsewhere
            state.alerts().raise("BFW-W3", AlertKind.OBSERVATIONS_OVERDUE, Severity.LOW, "x" + i, "x" + i, null,
                    "between", t + 1);
        }
        mapper.apply(event(EventType.CONCERN, t + 2, ward, new Payload.Concern("p1", RaisedBy.STAFF)), index++, out);
        List<Long> numbers = state.alerts().find(a -> "p1".equals(a.patient())).stream()
                .map(a -> Long.parseLong(a.id().substring(3))).sorted().toList();
        assertEquals(15_625, numbers.get(1) - numbers.get(0), "the two concerns' alerts: " + numbers);
        out.clear();
        mapper.apply(discharge(t + 3, ward, "p1"), index, out);
        Set<String> resolved = new HashSet<>();
        for (Point p : out) {
            String line = p.lineProtocol();
            if (line.startsWith(InfluxSchema.ALERT_TRANSITION + ",") && line.contains("transition=resolved")) {
                resolved.add(line.substring(0, line.indexOf(' ')) + line.substring(line.lastIndexOf(' ')));
            }
        }
        assertEquals(2, resolved.size(), "series and timestamp of each resolution: " + resolved);
    }

    /**
     * In cluster mode two nodes number the same records differently in their own journals; named by the cluster
     * log's offset, the transitions they write are the very same points, so a node taking over the writing repeats
     * the batch in flight onto them rather than beside them (found in review).
     */
    @Test
    void twoNodesNumberingTheirJournalsDifferentlyWriteTheSameTransitionPoints() throws Exception {
        List<String> first = transitionPoints(0);
        assertEquals(first, transitionPoints(7_000_003), "the same points, whatever each node's journal index");
        assertEquals(false, first.isEmpty());
    }

    /** The alert transitions written for a short scenario whose journal indexes start at {@code from}. */
    private static List<String> transitionPoints(long from) throws Exception {
        PointMapper mapper = new PointMapper(new EngineState(OrganisationLoader.demo()));
        mapper.keyRecordsBy(index -> index - from); // the cluster log's offset: the same on every node
        List<Point> out = new ArrayList<>();
        long t = Instant.parse("2026-11-02T08:00:00Z").toEpochMilli();
        long index = from;
        mapper.apply(admission(t, "RVT-W14", "p1", "B1", 70), index++, out);
        mapper.apply(event(EventType.CONCERN, t + 1, "RVT-W14", new Payload.Concern("p1", RaisedBy.FAMILY)), index++, out);
        mapper.apply(event(EventType.CONCERN, t + 1, "RVT-W14", new Payload.Concern("p1", RaisedBy.STAFF)), index++, out);
        mapper.apply(discharge(t + 2, "RVT-W14", "p1"), index, out);
        List<String> lines = new ArrayList<>();
        for (Point p : out) {
            if (p.lineProtocol().startsWith(InfluxSchema.ALERT_TRANSITION + ",")) {
                lines.add(p.lineProtocol());
            }
        }
        return lines;
    }
}
