package org.vigil.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The members of one flat JSON object, read with Jackson's streaming parser, and typed getters that reject
 * with the field's name and the reason. One place holds every field rule, so a rule is never written twice.
 */
public final class JsonFields {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Object ARRAY_OF_NON_STRINGS = new Object();

    private final Map<String, Object> values;

    private JsonFields(Map<String, Object> values) {
        this.values = values;
    }

    /** Reads one JSON object; nested objects are refused, arrays may hold strings only. */
    public static JsonFields parse(byte[] buf, int offset, int length) throws InvalidEventException {
        Map<String, Object> values = new HashMap<>(32);
        try (JsonParser p = JSON.createParser(buf, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidEventException(null, "body must be a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                Object value = switch (v) {
                    case VALUE_STRING -> p.getText();
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                    case VALUE_TRUE -> Boolean.TRUE;
                    case VALUE_FALSE -> Boolean.FALSE;
                    case VALUE_NULL -> null;
                    case START_ARRAY -> readStringArray(p);
                    case START_OBJECT -> throw new InvalidEventException(name, "nested objects are not part of schema v1");
                    default -> throw new InvalidEventException(name, "unexpected JSON token " + v);
                };
                if (values.containsKey(name)) {
                    throw new InvalidEventException(name, "field appears more than once");
                }
                values.put(name, value);
            }
            if (t != JsonToken.END_OBJECT) {
                throw new InvalidEventException(null, "malformed JSON object");
            }
            if (p.nextToken() != null) {
                throw new InvalidEventException(null, "unexpected content after the JSON object");
            }
        } catch (JsonParseException e) {
            throw new InvalidEventException(null, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidEventException(null, "unreadable JSON: " + e.getMessage());
        }
        return new JsonFields(values);
    }

    private static Object readStringArray(JsonParser p) throws IOException {
        List<String> items = new ArrayList<>();
        JsonToken t;
        boolean onlyStrings = true;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.VALUE_STRING) {
                items.add(p.getText());
            } else {
                onlyStrings = false;
                p.skipChildren();
            }
        }
        return onlyStrings ? items : ARRAY_OF_NON_STRINGS;
    }

    /** Rejects the first member whose name is not in {@code allowed} (a misspelt optional field must not pass silently). */
    public void requireOnly(Set<String> allowed) throws InvalidEventException {
        for (String name : values.keySet()) {
            if (!allowed.contains(name)) {
                throw new InvalidEventException(name, "unknown field");
            }
        }
    }

    public boolean has(String name) {
        return values.get(name) != null;
    }

    public String string(String name, int maxLength) throws InvalidEventException {
        Object v = present(name);
        if (!(v instanceof String s)) {
            throw wrongType(name, "a string");
        }
        if (s.isBlank()) {
            throw new InvalidEventException(name, "must not be empty");
        }
        if (s.length() > maxLength) {
            throw new InvalidEventException(name, "longer than " + maxLength + " characters");
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                throw new InvalidEventException(name, "contains a control character");
            }
        }
        return s;
    }

    public String optionalString(String name, int maxLength) throws InvalidEventException {
        return has(name) ? string(name, maxLength) : null;
    }

    public double number(String name, double min, double max) throws InvalidEventException {
        Object v = present(name);
        if (!(v instanceof Double d)) {
            throw wrongType(name, "a number");
        }
        if (d.isNaN() || d < min || d > max) {
            throw new InvalidEventException(name, "out of range: " + format(d) + " is not within " + format(min) + "–" + format(max));
        }
        return d;
    }

    public int integer(String name, int min, int max) throws InvalidEventException {
        double d = number(name, min, max);
        if (d != Math.rint(d)) {
            throw wrongType(name, "a whole number");
        }
        return (int) d;
    }

    public int optionalInteger(String name, int min, int max, int absent) throws InvalidEventException {
        return has(name) ? integer(name, min, max) : absent;
    }

    public boolean bool(String name) throws InvalidEventException {
        Object v = present(name);
        if (!(v instanceof Boolean b)) {
            throw wrongType(name, "true or false");
        }
        return b;
    }

    public <E extends Enum<E>> E enumValue(String name, Class<E> type) throws InvalidEventException {
        Object v = present(name);
        if (!(v instanceof String s)) {
            throw wrongType(name, "a string");
        }
        return toEnum(name, s, type);
    }

    public <E extends Enum<E>> E optionalEnum(String name, Class<E> type) throws InvalidEventException {
        return has(name) ? enumValue(name, type) : null;
    }

    public <E extends Enum<E>> List<E> enumList(String name, Class<E> type) throws InvalidEventException {
        if (!has(name)) {
            return List.of();
        }
        Object v = values.get(name);
        if (!(v instanceof List<?> list)) {
            throw wrongType(name, "an array of strings");
        }
        List<E> out = new ArrayList<>(list.size());
        for (Object item : list) {
            E e = toEnum(name, (String) item, type);
            if (!out.contains(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /** An ISO-8601 date-time with an offset (e.g. 2026-11-23T08:00:00Z or +01:00), as epoch milliseconds. */
    public long instant(String name) throws InvalidEventException {
        Object v = present(name);
        if (!(v instanceof String s)) {
            throw wrongType(name, "an ISO-8601 date-time string with offset");
        }
        try {
            return IsoTime.epochMillis(s);
        } catch (DateTimeException e) {
            throw new InvalidEventException(name, "unparseable time '" + clip(s) + "': expected ISO-8601 with offset, e.g. 2026-11-23T08:00:00Z");
        } catch (ArithmeticException e) {
            // ISO-8601 years reach ±999,999,999; epoch milliseconds overflow a long beyond ±292 million years
            throw new InvalidEventException(name, "time '" + clip(s) + "' is out of range");
        }
    }

    /** An ISO-8601 calendar date (yyyy-MM-dd). */
    public LocalDate date(String name) throws InvalidEventException {
        Object v = present(name);
        if (!(v instanceof String s)) {
            throw wrongType(name, "an ISO-8601 date string");
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeException e) {
            throw new InvalidEventException(name, "unparseable date '" + clip(s) + "': expected yyyy-MM-dd");
        }
    }

    private Object present(String name) throws InvalidEventException {
        Object v = values.get(name);
        if (v == null) {
            throw new InvalidEventException(name, "missing field");
        }
        return v;
    }

    private static <E extends Enum<E>> E toEnum(String name, String s, Class<E> type) throws InvalidEventException {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(s)) {
                return e;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            allowed.append(allowed.length() == 0 ? "" : ", ").append(e.name());
        }
        throw new InvalidEventException(name, "unknown value '" + clip(s) + "': expected one of " + allowed);
    }

    private static InvalidEventException wrongType(String name, String expected) {
        return new InvalidEventException(name, "wrong type: expected " + expected);
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
