package org.vigil.server.fhir;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a request will take what Vigil answers, FHIR JSON (docs/fhir.md "Limits and choices"): a client that asks
 * for XML or Turtle must hear 406, not get JSON it did not ask for. {@code _format} overrides {@code Accept} (FHIR R4
 * http.html, "Content Types and encodings"). Stateless.
 */
final class FhirFormat {
    /** The JSON names FHIR R4 gives for {@code _format} and as media types (R4 http.html; DSTU2's too, as clients send). */
    private static final Set<String> JSON = Set.of("json", "application/json", FhirRoutes.FHIR_JSON, "application/json+fhir");
    /** A media range with quality 0 is one the client refuses (RFC 9110 §12.4.2). */
    private static final Pattern REFUSED = Pattern.compile("q=0(\\.0{0,3})?");

    private FhirFormat() {
    }

    /** @param formats the {@code _format} parameters; {@code accept} the header, null when absent */
    static boolean jsonWanted(List<String> formats, String accept) {
        if (!formats.isEmpty()) {
            // a URL's + decodes to a space: application/fhir json is application/fhir+json
            return formats.stream().allMatch(f -> JSON.contains(mediaType(f.replace(' ', '+'))));
        }
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = mediaType(parts[0]);
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                refused |= REFUSED.matcher(parts[i].trim().toLowerCase(Locale.ROOT)).matches();
            }
            if (!refused && (JSON.contains(type) || type.equals("*/*") || type.equals("application/*"))) {
                return true;
            }
        }
        return false;
    }

    private static String mediaType(String s) {
        return s.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }
}
