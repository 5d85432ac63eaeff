package org.vigil.server.safety;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigil.server.DocReferences;
import org.vigil.server.safety.HazardLog.Likelihood;
import org.vigil.server.safety.HazardLog.Severity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clinical safety case stays true: docs/safety/hazard-log.md names only tests that exist (in any module), every
 * hazard has a control verified by a test or says why not, every control names its tests or the document that
 * carries it, every rating follows the DCB0129 matrix, and the index and the safety case's summary agree with the
 * hazards. A renamed or deleted test, or a rule changed without its hazard, fails the build.
 */
class HazardLogTest {
    static final Path REPOSITORY = Path.of("..");
    static final Path SAFETY = REPOSITORY.resolve("docs").resolve("safety");
    static final Path LOG = SAFETY.resolve("hazard-log.md");
    static final Path SAFETY_CASE = SAFETY.resolve("clinical-safety-case.md");

    @ParameterizedTest
    @ValueSource(strings = {"hazard-log.md", "clinical-safety-case.md"})
    void everyTestTheDocumentNamesExists(String document) {
        Path doc = SAFETY.resolve(document);
        List<DocReferences.Reference> refs = DocReferences.references(doc, DocReferences.CLASS_METHOD);
        assertTrue(refs.size() >= 10, document + " names its tests as `Class#method`: found " + refs.size());
        List<String> missing = DocReferences.missing(doc, DocReferences.CLASS_METHOD, REPOSITORY);
        assertTrue(missing.isEmpty(), document + " names tests that do not exist:\n" + String.join("\n", missing));
    }

    @Test
    void theLogKeepsItsOwnRules() {
        HazardLog log = HazardLog.read(LOG);
        assertTrue(log.hazards().size() >= 20, "hazards found: " + log.hazards().size());
        List<String> problems = log.problems();
        assertTrue(problems.isEmpty(), "docs/safety/hazard-log.md:\n" + String.join("\n", problems));
    }

    @Test
    void theSafetyCaseSummarisesEveryHazardAsTheLogRatesIt() {
        List<String> problems = HazardLog.read(LOG).summaryProblems(SAFETY_CASE);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theMatrixIsDcb0129s() {
        // spot checks against the published 5 × 5: the corners, the diagonal and the cells the log relies on most
        assertEquals(5, HazardLog.risk(Severity.CATASTROPHIC, Likelihood.VERY_HIGH));
        assertEquals(1, HazardLog.risk(Severity.MINOR, Likelihood.VERY_LOW));
        assertEquals(3, HazardLog.risk(Severity.MINOR, Likelihood.VERY_HIGH));
        assertEquals(3, HazardLog.risk(Severity.CATASTROPHIC, Likelihood.VERY_LOW));
        assertEquals(3, HazardLog.risk(Severity.CONSIDERABLE, Likelihood.MEDIUM));
        assertEquals(4, HazardLog.risk(Severity.MAJOR, Likelihood.HIGH));
        assertEquals(3, HazardLog.risk(Severity.MAJOR, Likelihood.LOW));
        assertEquals(2, HazardLog.risk(Severity.MAJOR, Likelihood.VERY_LOW));
        assertEquals(2, HazardLog.risk(Severity.CONSIDERABLE, Likelihood.LOW));
    }

    @Test
    void theCheckerCatchesEveryWayALogStopsBeingTrue(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("hazard-log.md");
        Files.writeString(log, MATRIX.replace("| **Low** | 1 | 2 | 2 | 3 | 4 |", "| **Low** | 1 | 2 | 2 | 2 | 4 |") + """
                ## Hazard index

                %3$s
                | HAZ-01 | Tested | 3 | 2 | Controlled |
                | HAZ-02 | Untested | 3 | 3 | Open |

                ## HAZ-01 Tested

                %1$s
                | **Initial risk** | Major × Medium = 3 |
                | **Residual risk** | Major × Very low = 2 |
                | **Status** | Controlled |
                | **Owner** | o |

                %2$s
                | C1 | checked | design | `HazardLogTest#theMatrixIsDcb0129s` |
                | C2 | in the code, no test | design | nothing yet |
                | C3 | a course | training | procedural: README |
                | C4 | a leaflet | documentation/configuration | somewhere |
                | C5 | a guess | hope | `HazardLogTest#theMatrixIsDcb0129s` |

                **Residual risk.** Some.

                ## HAZ-02 Untested

                %1$s
                | **Initial risk** | Major × High = 3 |
                | **Residual risk** | Major × High = 4 |
                | **Status** | Closed |

                %2$s
                | C1 | a poster | training | procedural: the ward's noticeboard |

                ## Open items

                %4$s
                | O1 | something | HAZ-09 | later |
                """.formatted(DESCRIBED, CONTROLS, INDEX, OPEN_ITEMS));
        Path safetyCase = dir.resolve("clinical-safety-case.md");
        Files.writeString(safetyCase, """
                | id | hazard | controls | residual risk | status |
                | --- | --- | --- | --- | --- |
                | HAZ-01 | Tested | C1 | Major × Low = 3 | Controlled |
                | HAZ-07 | Gone | C1 | Major × Low = 3 | Open |
                """);
        HazardLog read = HazardLog.read(log);
        assertEquals(List.of(
                "matrix: Low should be [1, 2, 2, 3, 4], not [1, 2, 2, 2, 4]",
                "HAZ-01 C2: a design control names no test, and does not say 'not verified by a test:' and why",
                "HAZ-01 C4: a documentation/configuration control names neither a test nor, after 'procedural:', "
                        + "the document that carries it",
                "HAZ-01 C5: kind 'hope' is not one of " + HazardLog.KINDS,
                "HAZ-02: no Owner",
                "HAZ-02: Initial risk 'Major × High = 3' should be 4 by the matrix",
                "HAZ-02: the residual risk is higher than the initial risk",
                "HAZ-02: status 'Closed' is not one of " + HazardLog.STATUSES,
                "HAZ-02: no control is verified by a test, and no 'Why no test' says why",
                "HAZ-02: no residual risk statement",
                "index: row 2 should be [HAZ-02, Untested, 3, 4, Closed], not [HAZ-02, Untested, 3, 3, Open]",
                "open items: HAZ-09 is not a hazard of the log"), read.problems());
        assertEquals(List.of(
                "safety case: HAZ-01 should say residual risk 'Major × Very low = 2' and status 'Controlled': "
                        + "[HAZ-01, Tested, C1, Major × Low = 3, Controlled]",
                "safety case: HAZ-02 is not in its summary",
                "safety case: HAZ-07 is not a hazard of the log"), read.summaryProblems(safetyCase));
    }

    @Test
    void aHazardWithNoTestedControlPassesWhenItSaysWhyAndAnOpenOneWhenAnItemNamesIt(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("hazard-log.md");
        Files.writeString(log, MATRIX + """
                ## Hazard index

                %3$s
                | HAZ-01 | Procedural only | 3 | 3 | Open |

                ## HAZ-01 Procedural only

                %1$s
                | **Initial risk** | Major × Medium = 3 |
                | **Residual risk** | Major × Low = 3 |
                | **Status** | Open |
                | **Owner** | o |
                | **Why no test** | the control is the ward's own process |

                %2$s
                | C1 | in the code | design | not verified by a test: needs a browser on a ward |
                | C2 | a course | training | procedural: the trust's induction |

                **Residual risk.** Some.

                ## Open items

                %4$s
                | O1 | the test | HAZ-01 | a browser test |
                """.formatted(DESCRIBED, CONTROLS, INDEX, OPEN_ITEMS));
        assertEquals(List.of(), HazardLog.read(log).problems());
    }

    /** The parts every hazard log fixture repeats: the first fields of a hazard, and each table's header. */
    static final String DESCRIBED = """
            | field | |
            | --- | --- |
            | **Description** | d |
            | **Potential clinical impact** | i |
            | **Possible causes** | c |""";
    static final String CONTROLS = """
            | # | control | kind | verified by |
            | --- | --- | --- | --- |""";
    static final String INDEX = """
            | id | hazard | initial | residual | status |
            | --- | --- | --- | --- | --- |""";
    static final String OPEN_ITEMS = """
            | # | item | hazards | further control |
            | --- | --- | --- | --- |""";

    static final String MATRIX = """
            ## Risk matrix

            | likelihood \\ severity | Minor | Significant | Considerable | Major | Catastrophic |
            | --- | --- | --- | --- | --- | --- |
            | **Very high** | 3 | 4 | 4 | 5 | 5 |
            | **High** | 2 | 3 | 3 | 4 | 5 |
            | **Medium** | 2 | 2 | 3 | 3 | 4 |
            | **Low** | 1 | 2 | 2 | 3 | 4 |
            | **Very low** | 1 | 1 | 2 | 2 | 3 |

            """;
}
