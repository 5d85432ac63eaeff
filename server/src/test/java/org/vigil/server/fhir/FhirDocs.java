package org.vigil.server.fhir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The examples of docs/fhir.md, by name: each is the ```json block after an {@code <!-- example: NAME -->} line.
 * The tests post, parse and validate exactly what the documentation shows, so the two cannot drift apart.
 */
public final class FhirDocs {
    static final Path DOC = Path.of("..", "docs", "fhir.md");
    private static final Pattern EXAMPLE = Pattern.compile("<!-- example: ([a-z0-9-]+) -->\\s*```json\\n(.*?)\\n```",
            Pattern.DOTALL);

    private FhirDocs() {
    }

    static Map<String, String> examples() {
        try {
            Map<String, String> out = new LinkedHashMap<>();
            Matcher m = EXAMPLE.matcher(Files.readString(DOC));
            while (m.find()) {
                out.put(m.group(1), m.group(2));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String example(String name) {
        String json = examples().get(name);
        if (json == null) {
            throw new AssertionError("docs/fhir.md has no example '" + name + "'");
        }
        return json;
    }
}
