package org.vigil.server;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.vigil.organisation.ResponderRole;
import org.vigil.organisation.Unit;
import org.vigil.organisation.tokens.Action;
import org.vigil.organisation.tokens.Principal;

import java.util.Collection;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layers and modules of DESIGN.md (§ Layers, § Modules) as an executable test: every import points down
 * (kernel ← features ← rules ← engine ← edges ← the wiring), no cycles between packages, no Vert.x or JSON below the
 * edges, every scope question asked of {@code Access} only, and the clinical and organisation modules free of the
 * server. docs/architecture.md draws the same picture. Main code only: a test may reach across (a feature's test
 * reads its figures through the API's encoder).
 */
@AnalyzeClasses(packages = "org.vigil", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String KERNEL = "org.vigil.server.kernel..";
    /** The feature packages, by clinical rule; census and alerts at the bottom of them. */
    private static final String[] FEATURES = {"org.vigil.server.spc..", "org.vigil.server.census..",
            "org.vigil.server.alerts..",
            "org.vigil.server.deterioration..", "org.vigil.server.medicines..", "org.vigil.server.assessments..",
            "org.vigil.server.staffing..", "org.vigil.server.flags..", "org.vigil.server.carehomes.."};
    /** The board's daily series (spc) below even them: every rule reports to it, and it uses none. */
    private static final String[] SHARED_FEATURES = {"org.vigil.server.spc..", "org.vigil.server.census..",
            "org.vigil.server.alerts.."};
    private static final String[] OTHER_FEATURES = {"org.vigil.server.deterioration..",
            "org.vigil.server.medicines..", "org.vigil.server.assessments..", "org.vigil.server.staffing..",
            "org.vigil.server.flags..", "org.vigil.server.carehomes.."};
    private static final String RULES = "org.vigil.server.rules..";
    private static final String ENGINE = "org.vigil.server.engine..";
    /** Time travel's scratch replays: beside the engine (they read the journal into states of the rules). */
    private static final String HISTORY = "org.vigil.server.history..";
    private static final String JOURNAL = "org.vigil.server.journal..";
    /** Where JSON, HTTP, WebSocket, InfluxDB, FHIR and metrics are: the edges, all above the engine. */
    private static final String[] EDGES = {"org.vigil.server.ingest..", "org.vigil.server.api..",
            "org.vigil.server.wall..", "org.vigil.server.respond..", "org.vigil.server.timeseries..",
            "org.vigil.server.webhooks..", "org.vigil.server.fhir..", "org.vigil.server.metrics..",
            "org.vigil.server.security..", "org.vigil.server.http..", "org.vigil.server.incident..",
            "org.vigil.server.cluster.."};

    @ArchTest
    static final ArchRule everyImportPointsDown = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Kernel").definedBy(KERNEL)
            .layer("Features").definedBy(FEATURES)
            .layer("Rules").definedBy(RULES)
            .layer("Journal").definedBy(JOURNAL)
            .layer("Engine").definedBy(ENGINE, HISTORY)
            .layer("Edges").definedBy(EDGES)
            .layer("Wiring").definedBy("org.vigil.server")
            .whereLayer("Wiring").mayNotBeAccessedByAnyLayer()
            .whereLayer("Edges").mayOnlyBeAccessedByLayers("Wiring")
            .whereLayer("Engine").mayOnlyBeAccessedByLayers("Edges", "Wiring")
            .whereLayer("Journal").mayOnlyBeAccessedByLayers("Engine", "Edges", "Wiring")
            .whereLayer("Rules").mayOnlyBeAccessedByLayers("Engine", "Edges", "Wiring")
            .whereLayer("Features").mayOnlyBeAccessedByLayers("Rules", "Engine", "Edges", "Wiring")
            .whereLayer("Kernel").mayOnlyBeAccessedByLayers("Features", "Rules", "Engine", "Edges", "Wiring")
            .because("DESIGN.md § Layers: arrows point down only");

    @ArchTest
    static final ArchRule theKernelImportsNothingElseOfTheServer = noClasses().that().resideInAPackage(KERNEL)
            .should().dependOnClassesThat().resideInAnyPackage(concat(FEATURES, RULES, ENGINE, JOURNAL, EDGES))
            .orShould().dependOnClassesThat().resideInAPackage("org.vigil.server")
            .because("the kernel (clock, deadlines, counters, ids, rule interfaces) is the bottom of the server");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.vigil.server.(*)..").should().beFreeOfCycles()
            .because("features never depend on each other in cycles, and no edge leans on another that leans back");

    @ArchTest
    static final ArchRule censusAndAlertsAreTheBottomOfTheFeatures = noClasses()
            .that().resideInAnyPackage(SHARED_FEATURES)
            .should().dependOnClassesThat().resideInAnyPackage(OTHER_FEATURES)
            .because("every rule may use the census and the alert book; they use no rule");

    @ArchTest
    static final ArchRule noVertxOrJsonBelowTheEdges = noClasses()
            .that().resideInAnyPackage(concat(new String[] {KERNEL, RULES, ENGINE, HISTORY, JOURNAL}, FEATURES))
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "com.fasterxml.jackson..")
            .because("a typed read model: JSON is written at the edges, one encoder per surface");

    @ArchTest
    static final ArchRule scopeQuestionsAreAccessOnly = noClasses()
            .that().resideInAPackage("org.vigil.server..").and().resideOutsideOfPackage("org.vigil.server.security..")
            .should().callMethod(Principal.class, "can", Action.class, Unit.class)
            .orShould().callMethod(Principal.class, "has", String.class)
            .orShould().callMethod(Principal.class, "respondsAs", ResponderRole.class, Unit.class)
            .orShould().callMethod(Principal.class, "roles", Collection.class, Unit.class)
            .because("one Access class answers every scope question, for REST, WebSocket and pages");

    @ArchTest
    static final ArchRule theClinicalModuleIsPure = noClasses().that().resideInAPackage("org.vigil.clinical..")
            .should().dependOnClassesThat().resideInAnyPackage("org.vigil.organisation..", "org.vigil.server..",
                    "io.vertx..", "com.fasterxml.jackson..")
            .because("pure clinical calculators: no state, no JSON, no server");

    @ArchTest
    static final ArchRule theOrganisationModuleKnowsNoServer = noClasses()
            .that().resideInAPackage("org.vigil.organisation..")
            .should().dependOnClassesThat().resideInAnyPackage("org.vigil.server..", "io.vertx..")
            .because("the gateway and the simulator use the organisation module, never the server");

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String[] concat(String[] a, String b, String c, String d, String[] e) {
        return concat(concat(a, b, c, d), e);
    }
}
