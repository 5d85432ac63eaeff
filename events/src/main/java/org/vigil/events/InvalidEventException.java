package org.vigil.events;

/**
 * A rejected event: which field, why, and (in a batch) which line. Carries no stack trace: rejections are
 * ordinary answers to bad input, not faults.
 */
public class InvalidEventException extends Exception {
    private final String field;
    private final int index;
    private final EventType type;

    public InvalidEventException(String field, String reason) {
        this(field, reason, -1);
    }

    public InvalidEventException(String field, String reason, int index) {
        this(field, reason, index, null);
    }

    private InvalidEventException(String field, String reason, int index, EventType type) {
        super(reason, null, false, false);
        this.field = field;
        this.index = index;
        this.type = type;
    }

    /** The field at fault, or null when the fault is the whole document (e.g. not JSON). */
    public String field() {
        return field;
    }

    /** The zero-based position in an NDJSON batch, or -1 for a single event. */
    public int index() {
        return index;
    }

    /**
     * The event's type when it was read before the fault (a bad temperature in an observation), or null when the
     * type itself is missing or unknown: metrics count rejections by the type the sender meant.
     */
    public EventType type() {
        return type;
    }

    public InvalidEventException at(int index) {
        return new InvalidEventException(field, getMessage(), index, type);
    }

    /** The same rejection, known to be about an event of {@code type}. */
    public InvalidEventException of(EventType type) {
        return this.type == type ? this : new InvalidEventException(field, getMessage(), index, type);
    }
}
