package org.vigil.gateway.hl7;

import java.util.Locale;

/**
 * A code in a coding system (HL7 table 0396 names: LN for LOINC, SCT for SNOMED CT, or a sender's local system
 * such as 99NC or L). Systems compare without case, and the common spellings of LOINC and SNOMED CT are read as
 * their table 0396 names, so {@code 9279-1^^LOINC} and {@code 9279-1^^LN} are the same code.
 */
public record Coding(String system, String code) {
    public Coding {
        system = system(system);
        code = code.trim();
    }

    /** The table 0396 name for a system as senders spell it; "" for none. */
    public static String system(String s) {
        if (s == null) {
            return "";
        }
        String u = s.trim().toUpperCase(Locale.ROOT);
        return switch (u) {
            case "LOINC", "HTTP://LOINC.ORG" -> "LN";
            case "SNOMED", "SNOMEDCT", "SNOMED-CT", "SNOMED CT", "HTTP://SNOMED.INFO/SCT" -> "SCT";
            default -> u;
        };
    }

    @Override
    public String toString() {
        return system.isEmpty() ? code : code + " (" + system + ")"; // no HL7 delimiters: it ends up in ACK text
    }
}
