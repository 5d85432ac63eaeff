package org.vigil.server.fhir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Finds a member given twice in one JSON object, which FHIR's JSON format forbids and HAPI's parser takes silently,
 * the last one winning (found by an independent check: a respiration rate given as 24 and then 8 was scored as 8,
 * while another system reading the same message may take 24). Jackson's duplicate detection does the finding.
 */
final class RepeatedMembers {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private RepeatedMembers() {
    }

    /**
     * Where the first member given twice is, as FHIRPath from the resource type ({@code
     * Observation.component[0].valueQuantity.value}), or null when none is. Malformed JSON is not this check's to
     * report: null, and the parser that follows says what is wrong.
     */
    static String in(byte[] body, String resourceType) {
        try (JsonParser p = JSON.createParser(body)) {
            while (p.nextToken() != null) {
                // reading is the check
            }
            return null;
        } catch (JsonParseException e) {
            if (!e.getOriginalMessage().startsWith("Duplicate field")) {
                return null;
            }
            return path(e.getProcessor() == null ? null : ((JsonParser) e.getProcessor()).getParsingContext(),
                    resourceType);
        } catch (IOException e) {
            return null;
        }
    }

    private static String path(JsonStreamContext context, String resourceType) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName());
            }
        }
        StringBuilder out = new StringBuilder(resourceType == null ? "$" : resourceType);
        parts.forEach(out::append);
        return out.toString();
    }
}
