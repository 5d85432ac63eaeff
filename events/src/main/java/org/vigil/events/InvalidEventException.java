package org.vigil.events;

/**
 * A rejected event: which field, why, and (in a batch) which line. Carries no stack trace: rejections are
 * ordinary answers to bad input, not faults.
 */
public class InvalidEventException extends Exception {
    private final String field;
    private final int index;

    public InvalidEventException(String field, String reason) {
        this(field, reason, -1);
    }

    public InvalidEventException(String field, String reason, int index) {
        super(reason, null, false, false);
        this.field = field;
        this.index = index;
    }

    /** The field at fault, or null when the fault is the whole document (e.g. not JSON). */
    public String field() {
        return field;
    }

    /** The zero-based position in an NDJSON batch, or -1 for a single event. */
    public int index() {
        return index;
    }

    public InvalidEventException at(int index) {
        return new InvalidEventException(field, getMessage(), index);
    }
}
