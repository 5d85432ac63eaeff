package org.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.vigil.events.Event;
import org.vigil.events.EventJson;
import org.vigil.events.EventParser;
import org.vigil.events.InvalidEventException;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The wire schema's parser (events/): any bytes give events or an {@link InvalidEventException} naming the
 * field — nothing else — and an event it accepts survives a round trip through its own JSON unchanged.
 */
class EventParserFuzzTest {
    private static final Organisation ORG = demo();
    private static final EventParser PARSER = new EventParser(ORG::exists,
            Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC), true);

    @FuzzTest
    void oneJsonEvent(byte[] body) {
        try {
            roundTrip(PARSER.parse(body));
        } catch (InvalidEventException documented) {
            // the 400 {"error", "field"} answer
        }
    }

    @FuzzTest
    void ndjsonBatch(byte[] body) {
        try {
            List<Event> events = PARSER.parseBatch(body, 50);
            events.forEach(EventParserFuzzTest::roundTrip);
        } catch (InvalidEventException documented) {
            // 400 with the event's index, or 413 for more than the batch limit
        }
    }

    private static void roundTrip(Event e) {
        try {
            assertEquals(e, PARSER.parse(EventJson.write(e).getBytes(StandardCharsets.UTF_8)));
        } catch (InvalidEventException x) {
            throw new AssertionError("an accepted event no longer parses once written: " + EventJson.write(e), x);
        }
    }

    static Organisation demo() {
        try {
            return OrganisationLoader.demo();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
