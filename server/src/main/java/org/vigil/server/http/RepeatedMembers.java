package org.vigil.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Finds a member given twice in one JSON object, which JSON's own RFC 8259 says names should not be, FHIR's JSON format
 * forbids, and a parser of objects takes silently, the last one winning (found by independent checks: a FHIR
 * respiration rate given as 24 and then 8 was scored as 8, while another system reading the same message may take
 * 24; the SPC calculator took the second of two {@code values}). Jackson's duplicate detection does the finding.
 */
public final class RepeatedMembers {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private RepeatedMembers() {
    }

    /**
     * Where the first member given twice is, as a path from the document's root ({@code
     * component[0].valueQuantity.value}), or null when none is. Malformed JSON is not this check's to report: null,
     * and the parser that follows says what is wrong.
     */
    public static String in(byte[] body) {
        try (JsonParser p = JSON.createParser(body)) {
            while (p.nextToken() != null) {
                // reading is the check
            }
            return null;
        } catch (JsonParseException e) {
            if (!e.getOriginalMessage().startsWith("Duplicate field")) {
                return null;
            }
            return path(e.getProcessor() == null ? null : ((JsonParser) e.getProcessor()).getParsingContext());
        } catch (IOException e) {
            return null;
        }
    }

    private static String path(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName());
            }
        }
        StringBuilder out = new StringBuilder();
        parts.forEach(out::append);
        return out.length() > 0 && out.charAt(0) == '.' ? out.substring(1) : out.toString();
    }
}
