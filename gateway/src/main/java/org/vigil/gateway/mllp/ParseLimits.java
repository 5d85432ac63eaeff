package org.vigil.gateway.mllp;

/**
 * How much structure the gateway lets HAPI parse in one message. HAPI's work grows with a message's segments,
 * fields and above all repetitions, not with its bytes: a PID-3 repeated a million times, within the 1 MiB
 * {@code --max-mllp-bytes}, took 81 s to parse on one of the two threads the MLLP connections then shared, and
 * every other sender's ACK on it waited behind it (an independent audit sent 90,000). Counted on the raw text in one
 * pass, before HAPI sees it, a message past a limit is refused at once (AE 102, naming the limit).
 * <p>
 * The limits are far above any message Vigil reads: an ORU's NEWS2 set is ~10 OBX, a RAS a few RXA, an ADT ~10
 * segments with a few PID-3 repetitions; a PAS's ADT carrying allergies, diagnoses and next of kin stays well
 * under them. At the limits a message parses in a fraction of a second (docs/gateway.md "Acknowledgements").
 */
final class ParseLimits {
    static final int MOST_SEGMENTS = 250;
    static final int MOST_REPETITIONS = 250;
    static final int MOST_SEPARATORS = 10_000;

    private ParseLimits() {
    }

    /**
     * Why the message is beyond a limit, or null when it is within them. Only a message that begins with an MSH
     * is counted: HAPI refuses any other at once.
     */
    static String exceeded(String text) {
        RawMsh msh = RawMsh.of(text);
        if (!msh.present()) {
            return null;
        }
        String encoding = msh.field(2);
        char field = text.charAt(3);
        char component = encoding.length() > 0 ? encoding.charAt(0) : field;
        char repetition = encoding.length() > 1 ? encoding.charAt(1) : field;
        char subcomponent = encoding.length() > 3 ? encoding.charAt(3) : field;
        int segments = 1;
        int repetitions = 0;
        int separators = 0;
        // from MSH-3 on: MSH-2 holds the encoding characters themselves
        for (int i = 4 + encoding.length(); i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\r' || ch == '\n') {
                if (i + 1 < text.length() && text.charAt(i + 1) != '\r' && text.charAt(i + 1) != '\n'
                        && ++segments > MOST_SEGMENTS) {
                    return "message with more than " + MOST_SEGMENTS + " segments";
                }
            } else if (ch == repetition && ++repetitions > MOST_REPETITIONS) {
                return "message with more than " + MOST_REPETITIONS + " repetitions";
            }
            if ((ch == field || ch == component || ch == repetition || ch == subcomponent) && ++separators > MOST_SEPARATORS) {
                return "message with more than " + MOST_SEPARATORS
                        + " field, component, repetition and subcomponent separators";
            }
        }
        return null;
    }
}
