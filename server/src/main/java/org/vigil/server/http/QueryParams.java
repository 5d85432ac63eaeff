package org.vigil.server.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.vigil.events.InvalidEventException;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.TreeSet;

/**
 * Query parameters read strictly, each refusal naming the parameter (answered as 400 {error, field}). Instants are
 * ISO-8601 with an offset ({@code 2026-11-29T03:00:00Z}, {@code 2026-11-29T03:00:00+00:00}), as event times are.
 */
public final class QueryParams {
    private QueryParams() {
    }

    /**
     * A route's first handler: a request naming a parameter the route does not take is refused, 400 naming it. Read
     * leniently, {@code ?as_of=} or a mistyped {@code ?at} was answered with the live state, as if it were the past
     * asked about, and {@code ?units=} with every unit (found by an HTTP audit); FHIR searches refuse theirs too.
     */
    public static Handler<RoutingContext> only(String... known) {
        List<String> taken = List.of(known);
        String listed = taken.isEmpty() ? "none" : String.join(", ", taken);
        return ctx -> {
            for (String name : new TreeSet<>(ctx.queryParams().names())) {
                if (!taken.contains(name)) {
                    Replies.invalid(ctx, 400, new InvalidEventException(name, "is not a parameter of this endpoint"
                            + " (it takes: " + listed + ")"));
                    return;
                }
            }
            ctx.next();
        };
    }

    /** The parameter's one value, null when absent; given twice, or empty, is refused. */
    public static String one(RoutingContext ctx, String name) throws InvalidEventException {
        List<String> all = ctx.queryParam(name);
        if (all.isEmpty()) {
            return null;
        }
        if (all.size() > 1) {
            throw new InvalidEventException(name, "given " + all.size() + " times; give it once");
        }
        if (all.get(0).isEmpty()) {
            throw new InvalidEventException(name, "is empty");
        }
        return all.get(0);
    }

    /** An instant as epoch milliseconds, or null when absent. */
    public static Long instant(RoutingContext ctx, String name) throws InvalidEventException {
        String raw = one(ctx, name);
        if (raw == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(raw, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            throw new InvalidEventException(name, "'" + shorten(raw) + "' is not an ISO-8601 instant with an offset, "
                    + "e.g. 2026-11-29T03:00:00Z");
        } catch (ArithmeticException e) {
            // a year such as -999999999 parses, but is no instant in epoch milliseconds
            throw new InvalidEventException(name, "'" + shorten(raw) + "' is out of range");
        }
    }

    /** A whole number within [min, max], or {@code absent} when not given. */
    public static int integer(RoutingContext ctx, String name, int min, int max, int absent)
            throws InvalidEventException {
        String raw = one(ctx, name);
        if (raw == null) {
            return absent;
        }
        int v;
        try {
            v = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new InvalidEventException(name, "'" + shorten(raw) + "' is not a whole number");
        }
        if (v < min || v > max) {
            throw new InvalidEventException(name, "must be from " + min + " to " + max);
        }
        return v;
    }

    /** An instant for messages. */
    public static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    /** A value quoted back in a message, cut short: a refusal never echoes a whole query string. */
    private static String shorten(String raw) {
        return raw.length() <= 40 ? raw : raw.substring(0, 40) + "…";
    }
}
