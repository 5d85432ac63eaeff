package org.vigil.server.flags;

import org.vigil.server.TestJson;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.server.rules.EngineState;
import org.vigil.organisation.OrganisationLoader;

import java.io.IOException;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** "How reliable are your current processes?": today's count per rating 1–5, per ward. */
class ReliabilityPulseTest {
    private static final String WARD = "RVT-W12";
    private static long ids;

    private EngineState state;

    @BeforeEach
    void setUp() throws IOException {
        state = new EngineState(OrganisationLoader.demo());
    }

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    private void pulse(String instant, String unit, int rating) {
        state.apply(new Event("r-" + ++ids, EventType.PULSE, at(instant), unit, new Payload.Pulse(rating)));
    }

    private void tick(String instant) {
        state.apply(new Event(null, EventType.TICK, at(instant), null, Payload.Tick.INSTANCE));
    }

    private static JsonObject dist(int one, int two, int three, int four, int five) {
        return new JsonObject().put("1", one).put("2", two).put("3", three).put("4", four).put("5", five);
    }

    private JsonObject today(String unit) {
        return TestJson.unit(state, unit).getJsonObject("reliabilityToday");
    }

    @Test
    void allFiveRatingsAreShownEvenWithNoRatings() {
        tick("2026-11-23T10:00:00Z");
        assertEquals(dist(0, 0, 0, 0, 0), today(WARD));
    }

    @Test
    void countsEachRatingPerWard() {
        pulse("2026-11-23T09:00:00Z", WARD, 5);
        pulse("2026-11-23T10:00:00Z", WARD, 5); // the reference dashboard: 2 ratings of 5
        pulse("2026-11-23T11:00:00Z", WARD, 3);
        pulse("2026-11-23T12:00:00Z", WARD, 1);
        pulse("2026-11-23T12:00:00Z", "RVT-W14", 2);
        assertEquals(dist(1, 0, 1, 0, 2), today(WARD));
        assertEquals(dist(0, 1, 0, 0, 0), today("RVT-W14"));
    }

    @Test
    void resetsAtLocalMidnightAndALateRatingFromYesterdayStaysThere() {
        pulse("2026-11-23T23:59:59Z", WARD, 4);
        assertEquals(dist(0, 0, 0, 1, 0), today(WARD));
        tick("2026-11-24T00:00:00Z");
        assertEquals(dist(0, 0, 0, 0, 0), today(WARD));
        pulse("2026-11-24T08:00:00Z", WARD, 4);
        pulse("2026-11-23T22:00:00Z", WARD, 4); // yesterday's, delivered late
        assertEquals(dist(0, 0, 0, 1, 0), today(WARD));
    }

    /** 25 October 2026: BST ends at 02:00 BST, so local midnight is 23:00 UTC before and 00:00 UTC after. */
    @ParameterizedTest(name = "{0}: {1} ratings today")
    @CsvSource({
            "2026-10-24T22:59:59Z, 1", // 23:59:59 BST on the 24th: the only rating of the 24th
            "2026-10-24T23:00:00Z, 1", // 00:00 BST on the 25th: the 25th begins, the 24th's rating is gone
            "2026-10-25T00:30:00Z, 2", // 01:30 BST
            "2026-10-25T01:30:00Z, 3", // 01:30 GMT: the repeated hour, still the 25th
            "2026-10-25T23:59:59Z, 4", // 23:59:59 GMT: the 25th had 25 hours
            "2026-10-26T00:00:00Z, 1", // midnight GMT: the 26th
    })
    void theDayTheClocksGoBackHasTwentyFiveHours(String instant, int countAfter) {
        String[] sequence = {"2026-10-24T22:59:59Z", "2026-10-24T23:00:00Z", "2026-10-25T00:30:00Z",
                "2026-10-25T01:30:00Z", "2026-10-25T23:59:59Z", "2026-10-26T00:00:00Z"};
        for (String t : sequence) {
            pulse(t, WARD, 3);
            if (t.equals(instant)) {
                break;
            }
        }
        assertEquals(countAfter, today(WARD).getInteger("3"));
    }
}
