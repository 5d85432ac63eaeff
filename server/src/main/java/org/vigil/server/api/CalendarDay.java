package org.vigil.server.api;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;

/**
 * A day as the SPC endpoints write it (docs/spc.md): yyyy-MM-dd, a four-digit year without a sign, a real date.
 * ISO-8601's own parser, and a "uuuu" pattern, also read years such as -999999999, before the first day a window
 * can be counted back from: a 500 at {@code GET /api/v1/spc/…?to=}.
 */
final class CalendarDay {
    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.YEAR, 4).appendLiteral('-')
            .appendValue(ChronoField.MONTH_OF_YEAR, 2).appendLiteral('-')
            .appendValue(ChronoField.DAY_OF_MONTH, 2)
            .toFormatter().withResolverStyle(ResolverStyle.STRICT);

    private CalendarDay() {
    }

    static LocalDate parse(String text) throws DateTimeParseException {
        return LocalDate.parse(text, FORMAT);
    }
}
