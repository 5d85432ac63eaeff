package org.vigil.server.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.vigil.clinical.spc.ImprovementDirection;
import org.vigil.clinical.spc.SpcSettings;
import org.vigil.events.CalendarDay;
import org.vigil.server.http.RepeatedMembers;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A {@code POST /api/v1/spc} body, checked field by field ({@code docs/spc.md}, "The endpoint"): the values, their
 * optional dates, and the chart's settings. Every fault names its field ({@code values} with its index,
 * {@code rules.shiftPoints}); unknown keys are faults, so a misspelt setting is never silently replaced by its
 * default.
 *
 * @param dates null when the body has none
 */
record SpcRequest(double[] values, List<LocalDate> dates, SpcSettings settings) {
    /**
     * More points than any board chart needs (27 years of daily values), and few enough to compute on the event loop
     * (see docs/spc.md for the measured time).
     */
    static final int MAX_VALUES = 10_000;

    /** Far beyond any count, rate or time a board charts; doubles still hold 15 significant digits exactly here. */
    private static final double MAX_MAGNITUDE = 1e15;
    private static final Set<String> KEYS = Set.of("values", "dates", "improvement", "target", "baselinePoints", "rules");
    private static final Set<String> RULE_KEYS = Set.of("shiftPoints", "trendPoints", "minimumPoints");

    /**
     * A field at fault: answered as 400 {"error", "field"}, and {"index"} for an element of {@code values} or
     * {@code dates}. The field is the contract's own name ({@code values}, as issue 13 names it), and the index says
     * which element, as ingest's errors do; the message names the element ({@code values[3]: must be a number}).
     */
    static final class Invalid extends Exception {
        private final String field;
        private final int index;

        Invalid(String field, String reason) {
            this(field, -1, reason);
        }

        Invalid(String field, int index, String reason) {
            super(field == null ? reason : (index < 0 ? field : field + "[" + index + "]") + ": " + reason, null,
                    false, false);
            this.field = field;
            this.index = index;
        }

        String field() {
            return field;
        }

        /** The element of the field's array at fault; -1 for the field itself. */
        int index() {
            return index;
        }
    }

    static SpcRequest parse(Buffer body) throws Invalid {
        JsonObject json;
        try {
            json = body == null || body.length() == 0 ? null : new JsonObject(body);
        } catch (DecodeException | ClassCastException notAnObject) {
            json = null;
        }
        if (json == null) {
            throw new Invalid(null, "the body must be a JSON object");
        }
        String repeated = RepeatedMembers.in(body.getBytes());
        if (repeated != null) {
            throw new Invalid(repeated, "given twice: which one is meant cannot be known");
        }
        for (String key : json.fieldNames()) {
            if (!KEYS.contains(key)) {
                throw new Invalid(key, "unknown field");
            }
        }
        double[] values = values(json.getValue("values"));
        List<LocalDate> dates = dates(json.getValue("dates"), values.length);
        SpcSettings settings = SpcSettings.mdc(improvement(json.getValue("improvement")));
        Object target = json.getValue("target");
        if (target != null) {
            settings = settings.withTarget(measure(target, "target"));
        }
        settings = rules(json.getValue("rules"), settings);
        Object baseline = json.getValue("baselinePoints");
        if (baseline != null) {
            settings = settings.withBaseline(baseline(baseline, values.length));
        }
        return new SpcRequest(values, dates, settings);
    }

    private static double[] values(Object v) throws Invalid {
        if (v == null) {
            throw new Invalid("values", "required: an array of numbers");
        }
        if (!(v instanceof JsonArray array)) {
            throw new Invalid("values", "must be an array of numbers");
        }
        if (array.isEmpty()) {
            throw new Invalid("values", "must have at least one value");
        }
        if (array.size() > MAX_VALUES) {
            throw new Invalid("values", "at most " + MAX_VALUES + " values");
        }
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = measure(array.getValue(i), "values", i);
        }
        return values;
    }

    /** Optional; when given, one date a value, each after the one before (the chart is in time order). */
    private static List<LocalDate> dates(Object v, int count) throws Invalid {
        if (v == null) {
            return null;
        }
        if (!(v instanceof JsonArray array)) {
            throw new Invalid("dates", "must be an array of dates (yyyy-MM-dd)");
        }
        if (array.size() != count) {
            throw new Invalid("dates", "must have one date for each of the " + count + " values, has " + array.size());
        }
        List<LocalDate> dates = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (!(array.getValue(i) instanceof String text)) {
                throw new Invalid("dates", i, "must be a date (yyyy-MM-dd)");
            }
            LocalDate date;
            try {
                date = CalendarDay.parse(text);
            } catch (DateTimeParseException e) {
                throw new Invalid("dates", i, "not a valid date (yyyy-MM-dd): '" + text + "'");
            }
            if (i > 0 && !date.isAfter(dates.get(i - 1))) {
                throw new Invalid("dates", i, "must be after dates[" + (i - 1) + "]: the values are in time order");
            }
            dates.add(date);
        }
        return dates;
    }

    private static ImprovementDirection improvement(Object v) throws Invalid {
        if (v == null) {
            throw new Invalid("improvement", "required: UP, DOWN or NEITHER");
        }
        for (ImprovementDirection d : ImprovementDirection.values()) {
            if (d.name().equals(v)) {
                return d;
            }
        }
        throw new Invalid("improvement", "must be UP, DOWN or NEITHER");
    }

    /** Optional; missing or null keys take the MDC defaults. */
    private static SpcSettings rules(Object v, SpcSettings settings) throws Invalid {
        if (v == null) {
            return settings;
        }
        if (!(v instanceof JsonObject rules)) {
            throw new Invalid("rules", "must be an object");
        }
        for (String key : rules.fieldNames()) {
            if (!RULE_KEYS.contains(key)) {
                throw new Invalid("rules." + key, "unknown rule setting (shiftPoints, trendPoints, minimumPoints)");
            }
        }
        SpcSettings s = settings;
        Object shift = rules.getValue("shiftPoints");
        if (shift != null) {
            s = s.withShiftPoints(runLength(shift, "rules.shiftPoints"));
        }
        Object trend = rules.getValue("trendPoints");
        if (trend != null) {
            s = s.withTrendPoints(runLength(trend, "rules.trendPoints"));
        }
        Object minimum = rules.getValue("minimumPoints");
        if (minimum != null) {
            int points = whole(minimum, "rules.minimumPoints");
            if (points < SpcSettings.DEFAULT_MINIMUM_POINTS) {
                throw new Invalid("rules.minimumPoints", "must be at least " + SpcSettings.DEFAULT_MINIMUM_POINTS);
            }
            s = s.withMinimumPoints(points);
        }
        return s;
    }

    private static int runLength(Object v, String field) throws Invalid {
        int points = whole(v, field);
        if (!SpcSettings.isRunLength(points)) {
            throw new Invalid(field, "must be 6 or 7");
        }
        return points;
    }

    /**
     * 2 (one moving range) to the number of values. The minimum points count the whole chart, not the baseline
     * ([MDC-spec] "Points needed"), so a baseline shorter than 13 points is allowed on a chart of 13 or more.
     */
    private static int baseline(Object v, int count) throws Invalid {
        int points = whole(v, "baselinePoints");
        if (points < 2 || points > count) {
            throw new Invalid("baselinePoints", "must be from 2 (one moving range) to the number of values (" + count + ")");
        }
        return points;
    }

    /**
     * A value or target: finite and at most {@link #MAX_MAGNITUDE} either way, so every line drawn from it (the mean
     * plus 2.66 times the moving ranges) is a number too, never an overflow to infinity in the answer.
     */
    private static double measure(Object v, String field) throws Invalid {
        return measure(v, field, -1);
    }

    /** A number within ±1e15; {@code index} ≥ 0 for an element of the field's array. */
    private static double measure(Object v, String field, int index) throws Invalid {
        double d = finite(v, field, index);
        if (Math.abs(d) > MAX_MAGNITUDE) {
            throw new Invalid(field, index, "must be from -1e15 to 1e15");
        }
        return d;
    }

    private static double finite(Object v, String field, int index) throws Invalid {
        if (!(v instanceof Number n)) {
            throw new Invalid(field, index, "must be a number");
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
            throw new Invalid(field, index, "must be a finite number");
        }
        return d;
    }

    /** A whole number (JSON Schema "integer": 15 and 15.0 alike) within the range of an int. */
    private static int whole(Object v, String field) throws Invalid {
        double d = finite(v, field, -1);
        if (d != Math.rint(d)) {
            throw new Invalid(field, "must be a whole number");
        }
        if (d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
            throw new Invalid(field, "out of range");
        }
        return (int) d;
    }
}
