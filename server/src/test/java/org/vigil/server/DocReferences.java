package org.vigil.server;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ParserConfiguration.LanguageLevel;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.MethodDeclaration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks that the tests a Markdown document names exist: every match of a reference pattern (by default
 * {@code `ClassName#methodName`}) must name a test class somewhere in the repository's modules
 * ({@code *}{@code /src/test/java}) with a method of that name annotated as a JUnit or Jazzer test. Generic: any
 * document that promises "this is checked by that test" (docs/security.md, a hazard log) can be held to it.
 */
public final class DocReferences {
    /** {@code `SecurityHeadersTest#everyRouteAnswersWithTheSecurityHeadersOverHttpAndHttps`}. */
    public static final Pattern CLASS_METHOD = Pattern.compile("`([A-Z][A-Za-z0-9_]*)#([a-z][A-Za-z0-9_]*)`");
    private static final Set<String> TEST_ANNOTATIONS = Set.of(
            "Test", "ParameterizedTest", "RepeatedTest", "TestFactory", "TestTemplate", "FuzzTest");

    private DocReferences() {
    }

    /** One reference as the document wrote it. */
    public record Reference(String className, String method) {
        @Override
        public String toString() {
            return className + "#" + method;
        }
    }

    /** The references in the document, in order, each once; groups 1 and 2 of the pattern are class and method. */
    public static List<Reference> references(Path markdown, Pattern pattern) {
        Set<Reference> out = new LinkedHashSet<>();
        Matcher m = pattern.matcher(read(markdown));
        while (m.find()) {
            out.add(new Reference(m.group(1), m.group(2)));
        }
        return new ArrayList<>(out);
    }

    /**
     * The references that name no existing test, each with why ("no test class X", "X has no test method y").
     *
     * @param repository the repository root (its modules' src/test/java trees are searched)
     */
    public static List<String> missing(Path markdown, Pattern pattern, Path repository) {
        List<String> missing = new ArrayList<>();
        Map<Path, Set<String>> testMethods = new HashMap<>();
        for (Reference r : references(markdown, pattern)) {
            List<Path> classes = sources(repository, r.className());
            if (classes.isEmpty()) {
                missing.add(r + ": no test class " + r.className() + " in any module");
            } else if (classes.stream().noneMatch(c -> testMethods.computeIfAbsent(c, DocReferences::testMethods)
                    .contains(r.method()))) {
                missing.add(r + ": " + r.className() + " has no test method " + r.method());
            }
        }
        return missing;
    }

    private static List<Path> sources(Path repository, String className) {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> modules = Files.list(repository)) {
            for (Path module : modules.toList()) {
                Path tests = module.resolve("src").resolve("test").resolve("java");
                if (Files.isDirectory(tests)) {
                    try (Stream<Path> files = Files.walk(tests)) {
                        files.filter(f -> f.getFileName().toString().equals(className + ".java")).forEach(found::add);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /**
     * The names of the methods in a Java source (nested classes included) that carry a JUnit or Jazzer test
     * annotation. Read from the syntax tree, so annotations of any shape (a text block of CSV rows, a method
     * source, several lines of arguments) are seen as annotations.
     */
    static Set<String> testMethods(Path source) {
        JavaParser parser = new JavaParser(new ParserConfiguration().setLanguageLevel(LanguageLevel.JAVA_17));
        ParseResult<CompilationUnit> parsed = parser.parse(read(source));
        CompilationUnit unit = parsed.getResult().filter(u -> parsed.isSuccessful())
                .orElseThrow(() -> new IllegalArgumentException(source + " does not parse: " + parsed.getProblems()));
        Set<String> out = new HashSet<>();
        for (MethodDeclaration m : unit.findAll(MethodDeclaration.class)) {
            if (m.getAnnotations().stream().anyMatch(a -> TEST_ANNOTATIONS.contains(a.getName().getIdentifier()))) {
                out.add(m.getNameAsString());
            }
        }
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
