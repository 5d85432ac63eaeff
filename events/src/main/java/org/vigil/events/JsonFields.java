package org.vigil.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The members of one flat JSON object, read with Jackson's streaming parser, and typed getters that reject
 * with the field's name and the reason. One place holds every field rule, so a rule is never written twice.
 *
 * <p>Allocation-light, since every ingested event goes through it: the members are kept in small parallel arrays
 * (names as Jackson's canonical, interned strings; numbers unboxed; strings and arrays as objects), looked up by a
 * linear scan — an object has at most {@link #MAX_MEMBERS} members (more are refused), and this costs less than a
 * hash map per event — and the
 * arrays are the calling thread's, reused by its next {@link #parse}. So what {@code parse} returns is valid until
 * the same thread parses again: read it, never keep it.
 */
public final class JsonFields {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final int INITIAL_MEMBERS = 24;
    /** More members than any schema v1 object has (the largest has about fifteen): the object is refused. */
    public static final int MAX_MEMBERS = 64;
    /** More items than any schema v1 array has (soft signs: a dozen): the array is refused. */
    public static final int MAX_ITEMS = 64;
    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte NUMBER = 2;
    private static final byte BOOLEAN = 3;
    private static final byte STRING_ARRAY = 4;
    private static final byte OTHER_ARRAY = 5;
    private static final ThreadLocal<JsonFields> REUSED = ThreadLocal.withInitial(JsonFields::new);

    private String[] names = new String[INITIAL_MEMBERS];
    private byte[] kinds = new byte[INITIAL_MEMBERS];
    private double[] numbers = new double[INITIAL_MEMBERS];
    private Object[] objects = new Object[INITIAL_MEMBERS];
    private int size;

    private JsonFields() {
    }

    /** Reads one JSON object; nested objects are refused, arrays may hold strings only. */
    public static JsonFields parse(byte[] buf, int offset, int length) throws InvalidEventException {
        JsonFields f = REUSED.get();
        f.clear();
        try (JsonParser p = JSON.createParser(buf, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidEventException(null, "body must be a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_OBJECT) {
                    throw new InvalidEventException(name, "nested objects are not part of schema v1");
                }
                if (f.size == MAX_MEMBERS) {
                    // before the repeat check below, which compares a member with every earlier one: unbounded, a
                    // body of a hundred thousand members held an event loop for seconds (found by an HTTP audit)
                    throw new InvalidEventException(name, "more than " + MAX_MEMBERS
                            + " members: no schema v1 object has so many");
                }
                if (f.index(name) >= 0) {
                    throw new InvalidEventException(name, "field appears more than once");
                }
                int i = f.add(name);
                switch (v) {
                    case VALUE_STRING -> f.set(i, STRING, p.getText());
                    case VALUE_NUMBER_INT -> {
                        // a whole number within a long is read without the decimal parser (it allocates)
                        f.kinds[i] = NUMBER;
                        f.numbers[i] = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                                ? p.getDoubleValue() : p.getLongValue();
                    }
                    case VALUE_NUMBER_FLOAT -> {
                        f.kinds[i] = NUMBER;
                        f.numbers[i] = p.getDoubleValue();
                    }
                    case VALUE_TRUE -> f.set(i, BOOLEAN, Boolean.TRUE);
                    case VALUE_FALSE -> f.set(i, BOOLEAN, Boolean.FALSE);
                    case VALUE_NULL -> f.set(i, NULL, null);
                    case START_ARRAY -> {
                        List<String> items = readStringArray(p, name);
                        f.set(i, items == null ? OTHER_ARRAY : STRING_ARRAY, items);
                    }
                    default -> throw new InvalidEventException(name, "unexpected JSON token " + v);
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new InvalidEventException(null, "malformed JSON object");
            }
            if (p.nextToken() != null) {
                throw new InvalidEventException(null, "unexpected content after the JSON object");
            }
        } catch (JsonParseException e) {
            throw new InvalidEventException(null, "malformed JSON: " + plain(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(null, "unreadable JSON: " + plain(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidEventException(null, "unreadable JSON: " + plain(e.getMessage()));
        }
        return f;
    }

    private void clear() {
        Arrays.fill(objects, 0, size, null); // nothing of the last event stays reachable
        size = 0;
    }

    private int add(String name) {
        if (size == names.length) {
            int n = size * 2;
            names = Arrays.copyOf(names, n);
            kinds = Arrays.copyOf(kinds, n);
            numbers = Arrays.copyOf(numbers, n);
            objects = Arrays.copyOf(objects, n);
        }
        names[size] = name;
        return size++;
    }

    private void set(int i, byte kind, Object value) {
        kinds[i] = kind;
        objects[i] = value;
    }

    /** The member's index, or -1. Names are compared by content, so a name Jackson did not intern still matches. */
    private int index(String name) {
        for (int i = 0; i < size; i++) {
            String n = names[i];
            if (n == name || n.equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The member's kind, {@link #NULL} when absent. */
    private byte kind(String name) {
        int i = index(name);
        return i < 0 ? NULL : kinds[i];
    }

    /**
     * The array's strings, or null when it holds anything else; refused beyond {@link #MAX_ITEMS} items, as it is
     * read (found by an HTTP audit: 1.6 million strings, read whole first, held an event loop 1.5 s).
     */
    private static List<String> readStringArray(JsonParser p, String name) throws IOException, InvalidEventException {
        List<String> items = new ArrayList<>();
        JsonToken t;
        boolean onlyStrings = true;
        for (int count = 0; (t = p.nextToken()) != JsonToken.END_ARRAY; count++) {
            if (count == MAX_ITEMS) {
                throw new InvalidEventException(name, "more than " + MAX_ITEMS + " items: no schema v1 array has so"
                        + " many");
            }
            if (t == JsonToken.VALUE_STRING) {
                items.add(p.getText());
            } else {
                onlyStrings = false;
                p.skipChildren();
            }
        }
        return onlyStrings ? items : null;
    }

    /** Rejects the first member whose name is not in {@code allowed} (a misspelt optional field must not pass silently). */
    public void requireOnly(Set<String> allowed) throws InvalidEventException {
        for (int i = 0; i < size; i++) {
            if (!allowed.contains(names[i])) {
                throw new InvalidEventException(names[i], "unknown field");
            }
        }
    }

    public boolean has(String name) {
        return kind(name) != NULL;
    }

    /** An identifier, a bed or a code: {@link #text}, and no bidirectional control either. */
    public String string(String name, int maxLength) throws InvalidEventException {
        String s = text(name, present(name, STRING, "a string"), maxLength);
        for (int i = 0; i < s.length(); i++) {
            if (BIDI_CONTROLS.indexOf(s.charAt(i)) >= 0) {
                throw new InvalidEventException(name, "contains a bidirectional control character, which can make it"
                        + " read in another order (a bed 21B shown as B12)");
            }
        }
        return s;
    }

    /**
     * Words people type or paste (a medicine's name, who answered, a note or a reason): {@link #text}, where
     * right-to-left text and its direction marks are allowed (refused, a pasted Arabic or Hebrew reason left a
     * decline unrecorded and the paging going on: a review).
     */
    public String words(String name, int maxLength) throws InvalidEventException {
        return text(name, present(name, STRING, "a string"), maxLength);
    }

    public String optionalWords(String name, int maxLength) throws InvalidEventException {
        return has(name) ? words(name, maxLength) : null;
    }

    /**
     * The rule every text field of an event keeps (not blank, at most {@code maxLength}, no control character, no
     * half of a character): also for an id given elsewhere (a path), so what ingest accepts can be asked about.
     */
    public static String text(String name, String s, int maxLength) throws InvalidEventException {
        if (s.isBlank()) {
            throw new InvalidEventException(name, "must not be empty");
        }
        if (s.length() > maxLength) {
            throw new InvalidEventException(name, "longer than " + maxLength + " characters");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidEventException(name, "contains a control character");
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++; // a character beyond the Basic Multilingual Plane, whole
            } else if (Character.isSurrogate(c)) {
                throw new InvalidEventException(name, "contains half of a character (an unpaired surrogate): not text");
            }
        }
        return s;
    }

    /**
     * Unicode's bidirectional controls (embeddings, overrides, isolates and marks): invisible, they reorder what a
     * wall shows (found by an independent check: a bed sent as U+202E then "21B" displayed as "B12").
     */
    private static final String BIDI_CONTROLS = "\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069";

    public String optionalString(String name, int maxLength) throws InvalidEventException {
        return has(name) ? string(name, maxLength) : null;
    }

    public double number(String name, double min, double max) throws InvalidEventException {
        int i = index(name);
        if (i < 0 || kinds[i] == NULL) {
            throw new InvalidEventException(name, "missing field");
        }
        if (kinds[i] != NUMBER) {
            throw wrongType(name, "a number");
        }
        double d = numbers[i];
        if (Double.isNaN(d) || d < min || d > max) {
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
        Boolean b = present(name, BOOLEAN, "true or false");
        return b;
    }

    public <E extends Enum<E>> E enumValue(String name, Class<E> type) throws InvalidEventException {
        return toEnum(name, present(name, STRING, "a string"), type);
    }

    public <E extends Enum<E>> E optionalEnum(String name, Class<E> type) throws InvalidEventException {
        return has(name) ? enumValue(name, type) : null;
    }

    public <E extends Enum<E>> List<E> enumList(String name, Class<E> type) throws InvalidEventException {
        if (!has(name)) {
            return List.of();
        }
        List<String> list = present(name, STRING_ARRAY, "an array of strings");
        List<E> out = new ArrayList<>(list.size());
        for (String item : list) {
            E e = toEnum(name, item, type);
            if (!out.contains(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /** An ISO-8601 date-time with an offset (e.g. 2026-11-23T08:00:00Z or +01:00), as epoch milliseconds. */
    public long instant(String name) throws InvalidEventException {
        String s = present(name, STRING, "an ISO-8601 date-time string with offset");
        try {
            return IsoTime.epochMillis(s);
        } catch (DateTimeException e) {
            throw new InvalidEventException(name, "unparseable time '" + clip(s) + "': expected ISO-8601 with offset, e.g. 2026-11-23T08:00:00Z");
        } catch (ArithmeticException e) {
            // ISO-8601 years reach ±999,999,999; epoch milliseconds overflow a long beyond ±292 million years
            throw new InvalidEventException(name, "time '" + clip(s) + "' is out of range");
        }
    }

    /** A calendar date, yyyy-MM-dd ({@link CalendarDay}). */
    public LocalDate date(String name) throws InvalidEventException {
        String s = present(name, STRING, "an ISO-8601 date string");
        try {
            return CalendarDay.parse(s);
        } catch (DateTimeException e) {
            throw new InvalidEventException(name, "unparseable date '" + clip(s) + "': expected yyyy-MM-dd");
        }
    }

    /** The member's value, of the kind expected (else "wrong type: expected {@code expected}"), or "missing field". */
    @SuppressWarnings("unchecked")
    private <T> T present(String name, byte kind, String expected) throws InvalidEventException {
        int i = index(name);
        if (i < 0 || kinds[i] == NULL) {
            throw new InvalidEventException(name, "missing field");
        }
        if (kinds[i] != kind) {
            throw wrongType(name, expected);
        }
        return (T) objects[i];
    }

    private static <E extends Enum<E>> E toEnum(String name, String s, Class<E> type) throws InvalidEventException {
        try {
            return Enum.valueOf(type, s); // the JDK's cached name → constant map, no array copied per call
        } catch (IllegalArgumentException unknown) {
            // below: the message
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

    /**
     * The parser's words for a sender, without its own settings ("enable `JsonReadFeature…` to allow", "from
     * `StreamReadConstraints…`") and source excerpts ("start marker at [Source: REDACTED …]"), which name a switch
     * of ours, not a fault of theirs.
     */
    private static String plain(String message) {
        if (message == null) {
            return "unreadable";
        }
        return message.lines().findFirst().orElse("")
                .replaceAll(":? *enable `[^`]*` to allow", "")
                .replaceAll(",? *from `[^`]*`", "")
                .replaceAll(" *\\(start marker at \\[Source:[^\\]]*\\]\\)", "");
    }
}
