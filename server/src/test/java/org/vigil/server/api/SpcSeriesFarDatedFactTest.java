package org.vigil.server.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.TestServer;
import org.vigil.server.TestServer.Reply;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vigil.server.TestServer.EXEC;
import static org.vigil.server.TestServer.envelope;

/**
 * A fact dated far ahead (a staffing report whose roster date has a mistyped year) must not push a ward's board
 * series off their ring: the days already charted stay, and today's facts still count. Ingest now refuses it, 400
 * naming the field (more than six weeks after its event, {@code EventParser.MAX_AHEAD_DAYS}); the board's own bound
 * stays for journals written before.
 */
class SpcSeriesFarDatedFactTest {
    static final LocalDate FIRST = LocalDate.of(2026, 2, 1);
    static final int[] RATINGS = {3, 5, 3, 5, 3, 5, 3, 5, 3, 5, 3, 5, 5, 5, 5, 5, 5, 5, 5, 5};

    static JsonObject pulse(String id, LocalDate day, int rating) {
        return envelope(id, "pulse", Instant.parse(day + "T12:00:00Z"), "RVT-W12").put("rating", rating);
    }

    static JsonObject get(TestServer server, String path) {
        Reply r = server.get(path, EXEC);
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    /** Twenty days of pulse ratings on Ward 12: nineteen whole days while the clock is on the twentieth. */
    static void twentyDays(TestServer server) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < RATINGS.length; i++) {
            lines.add(pulse("p" + i, FIRST.plusDays(i), RATINGS[i]).encode());
        }
        assertEquals(200, server.postBatch(lines.toArray(String[]::new)).status());
        assertEquals(19, get(server, "/api/v1/spc/RVT-W12/reliabilityPulseMean").getJsonArray("values").size());
    }

    /** The next morning: one more whole day, and today's rating so far. */
    static void nextMorningStillCounts(TestServer server) {
        assertEquals(200, server.postEvent(pulse("today", FIRST.plusDays(RATINGS.length), 4).encode()).status());
        JsonObject after = get(server, "/api/v1/spc/RVT-W12/reliabilityPulseMean");
        assertEquals(20, after.getJsonArray("values").size(), after::encode);
        assertEquals(4.0, after.getDouble("todayValue"), after::encode);
    }

    static final Instant NEXT_MORNING = Instant.parse(FIRST.plusDays(RATINGS.length) + "T08:00:00Z");

    /** The roster date's year mistyped, two years ahead: it had cleared every series of the ward, and stopped them. */
    @Test
    void aStaffingReportDatedYearsAheadLeavesTheWardsSeriesAsTheyWere(@TempDir Path dir) {
        try (TestServer server = TestServer.startOnEventTime(dir)) {
            twentyDays(server);
            Reply typo = server.postEvent(envelope("typo", "staffing", NEXT_MORNING, "RVT-W12")
                    .put("date", "2028-02-21").put("shift", "DAY").put("registeredPlanned", 5)
                    .put("registeredActual", 5).put("unregisteredPlanned", 3).put("unregisteredActual", 3).encode());
            assertEquals(400, typo.status(), typo::toString);
            assertEquals("date", typo.json().getString("field"));
            nextMorningStillCounts(server);
        }
    }

    /** The same through the medicines rule: a critical dose scheduled two years ahead. */
    @Test
    void aCriticalDoseDueYearsAheadLeavesTheWardsSeriesAsTheyWere(@TempDir Path dir) {
        try (TestServer server = TestServer.startOnEventTime(dir)) {
            twentyDays(server);
            assertEquals(200, server.postEvent(TestServer.admission("adm", NEXT_MORNING, "RVT-W12", "P1", "B1"))
                    .status());
            Reply typo = server.postEvent(envelope("typo", "doseScheduled", NEXT_MORNING, "RVT-W12")
                    .put("doseId", "D1").put("patient", "P1").put("medicine", "co-careldopa").put("critical", true)
                    .put("medicineClass", "PARKINSONS").put("dueAt", "2028-02-21T08:00:00Z").encode());
            assertEquals(400, typo.status(), typo::toString);
            assertEquals("dueAt", typo.json().getString("field"));
            nextMorningStillCounts(server);
        }
    }
}
