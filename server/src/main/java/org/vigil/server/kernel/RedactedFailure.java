package org.vigil.server.kernel;

/**
 * A failure as the log may show it: the class of each throwable in its cause chain and where each was thrown, never
 * a message. A message is written by whoever threw, from whatever was at hand: the JDK's quote their input (a
 * {@code NumberFormatException} quotes the string it could not read, a {@code DateTimeParseException} the text),
 * and a rule's could name the patient it was handling. The log is not clinical data's place (hazard log HAZ-13):
 * an operator needs the rule, what it was handling, the class and the stack, which this keeps.
 */
public final class RedactedFailure extends RuntimeException {
    /** Deeper causes are left out: a chain this long is a loop or a wrapper's bug, not a diagnosis. */
    private static final int MAX_CAUSES = 16;

    private final String thrown;

    private RedactedFailure(Throwable t, int depth) {
        super(null, t.getCause() == null || depth == MAX_CAUSES ? null : new RedactedFailure(t.getCause(), depth + 1),
                false, true);
        this.thrown = t.getClass().getName();
        setStackTrace(t.getStackTrace());
    }

    /** {@code t}'s classes and stack traces, cause by cause, without their messages. */
    public static RedactedFailure of(Throwable t) {
        return new RedactedFailure(t, 0);
    }

    /** The thrown class's name alone: what the log's stack trace starts with, and each "Caused by:". */
    @Override
    public String toString() {
        return thrown;
    }
}
