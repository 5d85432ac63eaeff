package org.vigil.organisation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.events.Shift;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.organisation.Ward;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which shift an instant belongs to, and how long shifts are, on RVT-W12 (day 07:30, night 19:30, Europe/London). */
class ShiftKeyTest {
    private static final Ward W12 = ward();

    private static Ward ward() {
        try {
            return (Ward) OrganisationLoader.demo().unit("RVT-W12");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0} is {1} {2}")
    @CsvSource({
            // November: GMT, so UTC is local time
            "2026-11-23T00:00:00Z, 2026-11-22, NIGHT",
            "2026-11-23T07:29:59Z, 2026-11-22, NIGHT", // before day start: the previous date's night
            "2026-11-23T07:30:00Z, 2026-11-23, DAY",
            "2026-11-23T19:29:59Z, 2026-11-23, DAY",
            "2026-11-23T19:30:00Z, 2026-11-23, NIGHT",
            "2026-11-23T23:59:59Z, 2026-11-23, NIGHT",
            // July: BST, local = UTC + 1
            "2026-07-01T06:30:00Z, 2026-07-01, DAY",   // 07:30 BST
            "2026-07-01T06:29:00Z, 2026-06-30, NIGHT", // 07:29 BST
            "2026-07-01T18:30:00Z, 2026-07-01, NIGHT", // 19:30 BST
    })
    void shiftOfAnInstant(String instant, String date, Shift shift) {
        assertEquals(new ShiftKey(LocalDate.parse(date), shift), ShiftKey.of(W12, Instant.parse(instant).toEpochMilli()));
    }

    @ParameterizedTest(name = "{0} {1}: {2} minutes")
    @CsvSource({
            "2026-11-23, DAY, 720",
            "2026-11-23, NIGHT, 720",
            "2026-10-24, NIGHT, 780", // clocks go back at 02:00 BST on 25 October 2026: a 13-hour night
            "2026-10-25, DAY, 720",
            "2026-03-28, NIGHT, 660", // clocks go forward at 01:00 GMT on 29 March 2026: an 11-hour night
    })
    void shiftLengthIsWhatIsWorkedAcrossDst(String date, Shift shift, long minutes) {
        assertEquals(minutes, new ShiftKey(LocalDate.parse(date), shift).minutes(W12));
    }

    @Test
    void subjectPrefix() {
        assertEquals("2026-11-23/DAY", new ShiftKey(LocalDate.of(2026, 11, 23), Shift.DAY).toString());
    }

    @ParameterizedTest(name = "day {0}, night {1} is refused")
    @CsvSource({"19:30, 07:30", "07:30, 07:30"})
    void anOrganisationWhoseNightDoesNotFollowItsDayIsRefused(String day, String night) {
        String yaml = """
                system: { id: T, name: Test }
                places:
                  - id: P
                    name: Place
                    trusts:
                      - id: TR
                        name: Trust
                        wards:
                          - { id: W, name: Ward, beds: 10, shifts: { day: "%s", night: "%s" } }
                """.formatted(day, night);
        IOException e = assertThrows(IOException.class, () -> OrganisationLoader.load(
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test"));
        assertTrue(e.getMessage().contains("wards[0].shifts.night"), e.getMessage());
    }
}
