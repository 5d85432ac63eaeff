package org.vigil.gateway.mllp;

import java.util.ArrayList;
import java.util.List;

/**
 * A message's MSH read as raw text, without HAPI: for the ACK to a message HAPI could not parse, to say which of
 * its header fields was at fault, and to find MSH-18 before the frame is decoded (MSH is ASCII in every
 * character set Vigil reads). Fields are numbered as HL7 numbers them; MSH-1 is the field separator itself.
 */
final class RawMsh {
    private static final RawMsh NONE = new RawMsh(new String[0]);

    /** fields[k] is MSH-(k+1), for k ≥ 1; fields[0] is "MSH". */
    private final String[] fields;

    private RawMsh(String[] fields) {
        this.fields = fields;
    }

    /** The MSH that begins the text, or one with every field empty when the text does not begin with one. */
    static RawMsh of(String text) {
        if (text == null || text.length() < 4 || !text.startsWith("MSH")) {
            return NONE;
        }
        char separator = text.charAt(3);
        List<String> parts = new ArrayList<>(20);
        int from = 0;
        for (int i = 3; ; i++) {
            boolean end = i == text.length() || text.charAt(i) == '\r' || text.charAt(i) == '\n';
            if (end || text.charAt(i) == separator) {
                parts.add(text.substring(from, i));
                from = i + 1;
            }
            if (end) {
                break;
            }
        }
        return new RawMsh(parts.toArray(String[]::new));
    }

    /** Whether the text began with an MSH at all. */
    boolean present() {
        return fields.length > 0;
    }

    /** MSH-n (n ≥ 2) as sent, "" when the header ends before it. */
    String field(int n) {
        return n - 1 < fields.length ? fields[n - 1] : "";
    }

    /**
     * The first repetition of MSH-n: MSH-18 may list alternate character sets after the message's own (§2.14.9.18).
     */
    String first(int n) {
        String value = field(n);
        String encoding = field(2);
        int rep = encoding.length() > 1 ? value.indexOf(encoding.charAt(1)) : -1;
        return rep < 0 ? value : value.substring(0, rep);
    }

    /** Whether the sender asks for enhanced-mode acknowledgement: MSH-15 or MSH-16 given (HL7 v2.5.1 §2.9.3). */
    boolean enhanced() {
        return !field(15).isBlank() || !field(16).isBlank();
    }

    /**
     * Whether MSH-2 is four encoding characters (component, repetition, escape, subcomponent), each used once;
     * v2.7 adds a fifth, truncation.
     */
    boolean encodingCharactersValid() {
        String encoding = field(2);
        return encoding.length() >= 4 && encoding.length() <= 5 && encoding.chars().distinct().count() == encoding.length();
    }
}
