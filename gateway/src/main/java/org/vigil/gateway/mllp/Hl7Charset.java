package org.vigil.gateway.mllp;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The character sets of HL7 table 0211 (MSH-18) Vigil reads, as Java charsets. Only single-byte sets and UTF-8:
 * their bytes never hold MLLP's start or end blocks inside a character. UTF-16 and UTF-32 could, so they are
 * refused, as are the ISO 2022 sets (ISO IR…) and the East Asian multi-byte sets until a feed needs one.
 * An empty MSH-18 means UTF-8: HL7's default is ASCII, which UTF-8 reads unchanged, and UTF-8 is what the gateway
 * read every message as before it read MSH-18.
 */
final class Hl7Charset {
    private static final Map<String, Charset> TABLE_0211 = Map.ofEntries(
            Map.entry("", StandardCharsets.UTF_8),
            Map.entry("ASCII", StandardCharsets.US_ASCII),
            Map.entry("8859/1", StandardCharsets.ISO_8859_1),
            Map.entry("8859/2", Charset.forName("ISO-8859-2")),
            Map.entry("8859/3", Charset.forName("ISO-8859-3")),
            Map.entry("8859/4", Charset.forName("ISO-8859-4")),
            Map.entry("8859/5", Charset.forName("ISO-8859-5")),
            Map.entry("8859/6", Charset.forName("ISO-8859-6")),
            Map.entry("8859/7", Charset.forName("ISO-8859-7")),
            Map.entry("8859/8", Charset.forName("ISO-8859-8")),
            Map.entry("8859/9", Charset.forName("ISO-8859-9")),
            Map.entry("8859/15", Charset.forName("ISO-8859-15")),
            Map.entry("UNICODE UTF-8", StandardCharsets.UTF_8));

    /** The values read, in words for a refusal. */
    static final String READ = "empty (UTF-8), ASCII, 8859/1 to 8859/9, 8859/15 or UNICODE UTF-8";

    private Hl7Charset() {
    }

    /** The charset an MSH-18 value names, or null when Vigil does not read it. */
    static Charset of(String msh18) {
        return TABLE_0211.get(msh18.trim());
    }
}
