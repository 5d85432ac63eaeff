package org.vigil.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
    private static final Pattern TEST_ANNOTATION = Pattern.compile(
            "@(Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate|FuzzTest)\\b");

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
        for (Reference r : references(markdown, pattern)) {
            List<Path> classes = sources(repository, r.className());
            if (classes.isEmpty()) {
                missing.add(r + ": no test class " + r.className() + " in any module");
            } else if (classes.stream().noneMatch(c -> hasTestMethod(read(c), r.method()))) {
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

    /** A declaration of {@code method(} preceded, among its annotations, by a test annotation. */
    static boolean hasTestMethod(String source, String method) {
        Matcher decl = Pattern.compile("(?m)^[ \\t]*(?:(?:public|protected|private|static|final)\\s+)*"
                + "(?:<[^>]+>\\s+)?[\\w<>\\[\\],.?]+\\s+" + Pattern.quote(method) + "\\s*\\(").matcher(source);
        while (decl.find()) {
            String before = source.substring(0, decl.start());
            String[] lines = before.split("\n", -1);
            // walk back over the annotation lines (and blank or comment lines) just above the declaration
            for (int i = lines.length - 2; i >= 0; i--) {
                String line = lines[i].trim();
                if (TEST_ANNOTATION.matcher(line).find()) {
                    return true;
                }
                if (!(line.startsWith("@") || line.startsWith("\"") || line.startsWith("//") || line.startsWith("*")
                        || line.startsWith("/*") || line.startsWith("})") || line.startsWith(")") || line.isEmpty()
                        || line.endsWith(",") || line.endsWith("{") && line.startsWith("@"))) {
                    break;
                }
            }
        }
        return false;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
