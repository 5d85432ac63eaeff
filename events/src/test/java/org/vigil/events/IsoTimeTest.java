package org.vigil.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The hand-read event time must agree with {@code OffsetDateTime.parse(ISO_OFFSET_DATE_TIME)} on every input. */
class IsoTimeTest {

    private static long reference(String s) {
        return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
    }

    private static void agrees(String s) {
        Long expected;
        try {
            expected = reference(s);
        } catch (DateTimeException e) {
            expected = null;
        }
        if (expected == null) {
            assertThrows(DateTimeException.class, () -> IsoTime.epochMillis(s), s);
        } else {
            assertEquals(expected, IsoTime.epochMillis(s), s);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2026-11-23T08:00:00Z", "2026-11-23T08:00:00.123Z", "2026-03-29T01:30:00+01:00", "2026-11-23T08:00:00.5-05:30",
            "2026-11-23T08:00:00.123456789Z", "2024-02-29T23:59:59.999+14:00", "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.999Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999-18:00",
            "2026-11-23T08:00:00+18:00", "2026-11-23T08:00:00-00:00", "2000-02-29T12:00:00Z", "1900-03-01T00:00:00Z"})
    void commonFormsTakeTheFastPathAndAgree(String s) {
        assertNotEquals(Long.MIN_VALUE, IsoTime.fast(s), s);
        agrees(s);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // other forms the formatter accepts: they must still be accepted, through it
            "2026-11-23t08:00:00z", "2026-11-23T08:00Z", "2026-11-23T08:00:00+01:00:30", "+12026-11-23T08:00:00Z",
            "2026-11-23T08:00:00.Z", "2026-11-23T08:00:00+0100", "2026-11-23T08:00:00+01",
            // and what it refuses, it must still refuse
            "2025-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
            "2026-00-10T00:00:00Z", "2026-11-00T00:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T23:60:00Z",
            "2026-11-23T23:59:60Z", "2026-11-23T08:00:00.1234567890Z", "2026-11-23T08:00:00+18:01",
            "2026-11-23T08:00:00+19:00", "2026-11-23T08:00:00+01:60", "2026-11-23T08:00:00", "2026-11-23 08:00:00Z",
            "2026-11-23T08:00:00ZZ", "2026-11-23T08:00:00Z ", " 2026-11-23T08:00:00Z", "2026-1a-23T08:00:00Z",
            "２026-11-23T08:00:00Z", "2026-11-23T08:00:00.12a4Z", "2026-11-23T08:00:00+01:0a", ""})
    void everythingElseIsTheFormattersCall(String s) {
        agrees(s);
    }

    @Test
    void randomTimesAgree() {
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < 200_000; i++) {
            int year = r.nextInt(10) == 0 ? r.nextInt(10_000) : 1960 + r.nextInt(120);
            int month = 1 + r.nextInt(12);
            int day = 1 + r.nextInt(31);
            StringBuilder s = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", year, month, day,
                    r.nextInt(24), r.nextInt(60), r.nextInt(60)));
            int fraction = r.nextInt(11) - 1;
            if (fraction >= 0) {
                s.append('.');
                for (int k = 0; k < fraction; k++) {
                    s.append((char) ('0' + r.nextInt(10)));
                }
            }
            if (r.nextBoolean()) {
                s.append('Z');
            } else {
                s.append(r.nextBoolean() ? '+' : '-').append(String.format("%02d:%02d", r.nextInt(19), r.nextInt(4) * 15));
            }
            agrees(s.toString());
        }
    }
}
