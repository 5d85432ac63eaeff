package org.vigil.server.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.DocReferences;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/security.md (the OWASP ASVS 4.0.3 level 2 checklist of the edge) names only tests that exist: a renamed or
 * deleted test fails the build until the checklist says what checks that item now.
 */
class SecurityChecklistTest {
    static final Path REPOSITORY = Path.of("..");
    static final Path CHECKLIST = REPOSITORY.resolve("docs").resolve("security.md");

    @Test
    void everyTestTheChecklistNamesExists() {
        List<DocReferences.Reference> refs = DocReferences.references(CHECKLIST, DocReferences.CLASS_METHOD);
        assertTrue(refs.size() >= 30, "the checklist names its tests as `Class#method`: found " + refs.size());
        List<String> missing = DocReferences.missing(CHECKLIST, DocReferences.CLASS_METHOD, REPOSITORY);
        assertTrue(missing.isEmpty(), "docs/security.md names tests that do not exist:\n" + String.join("\n", missing));
    }

    @Test
    void theCheckerCatchesAMissingClassAMissingMethodAndAMethodThatIsNotATest(@TempDir Path dir) throws IOException {
        Path doc = dir.resolve("doc.md");
        Files.writeString(doc, "| 1 | `NoSuchTestClass#anything` |\n| 2 | `SecurityChecklistTest#noSuchMethod` |\n"
                + "| 3 | `DocReferences#missing` |\n| 4 | `SecurityChecklistTest#everyTestTheChecklistNamesExists` |\n"
                // a parameterised test whose @CsvSource is a text block: read as Java, not line by line
                + "| 5 | `WebhookConfigTest#aMistakeInFormStopsStartUpNamingTheEntry` |\n");
        List<String> missing = DocReferences.missing(doc, DocReferences.CLASS_METHOD, REPOSITORY);
        assertEquals(List.of(
                "NoSuchTestClass#anything: no test class NoSuchTestClass in any module",
                "SecurityChecklistTest#noSuchMethod: SecurityChecklistTest has no test method noSuchMethod",
                "DocReferences#missing: DocReferences has no test method missing"), missing);
    }
}
