package org.vigil.events;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;

/**
 * A day as Vigil's wire formats write it (docs/events.md, docs/spc.md): yyyy-MM-dd, a four-digit year without a sign,
 * a real date. ISO-8601's own parser, and a "uuuu" pattern, also read years such as -999999999 and +999999999: before
 * the first day an SPC window can be counted back from (a 500 at {@code GET /api/v1/spc/…?to=}), and a staffing
 * shift whose start overflows epoch milliseconds (found by an HTTP audit: journaled, then failing the staffing rule
 * on every replay). One reader for every day a request carries.
 */
public final class CalendarDay {
    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.YEAR, 4).appendLiteral('-')
            .appendValue(ChronoField.MONTH_OF_YEAR, 2).appendLiteral('-')
            .appendValue(ChronoField.DAY_OF_MONTH, 2)
            .toFormatter().withResolverStyle(ResolverStyle.STRICT);

    private CalendarDay() {
    }

    public static LocalDate parse(String text) throws DateTimeParseException {
        return LocalDate.parse(text, FORMAT);
    }
}
