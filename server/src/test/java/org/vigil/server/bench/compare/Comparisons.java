package org.vigil.server.bench.compare;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Issue 8's comparison benchmarks, run from the repository root after {@code mvn -DskipTests package}:
 * <pre>
 * java $(cat server/target/classes/vigil-jvm.flags) \
 *   -cp "server/target/test-classes:server/target/classes:$(cat server/target/test-classpath.txt)" \
 *   org.vigil.server.bench.compare.Comparisons [all|e2e|heap|esper|poll]
 * </pre>
 * Each part runs in a child JVM of its own (so one part's heap and JIT state never colour another's) and merges
 * its figures into {@code server/target/compare-results.json}. Every load loop is bounded in count and in time;
 * every socket is on 127.0.0.1.
 */
public final class Comparisons {
    public static final Path ROOT = Path.of(System.getProperty("vigil.root", ".")).toAbsolutePath().normalize();
    static final Path RESULTS = ROOT.resolve("server/target/compare-results.json");
    private static final List<String> PARTS = List.of("heap", "esper", "poll", "e2e");

    private Comparisons() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "all" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (mode) {
            case "all" -> {
                Files.deleteIfExists(RESULTS);
                record("machine", Machine.describe());
                int failed = 0;
                for (String part : PARTS) {
                    failed += child(part, rest) == 0 ? 0 : 1;
                }
                System.out.println("results: " + RESULTS);
                if (failed > 0) {
                    System.exit(1);
                }
            }
            case "heap" -> record("heap", HeapPerPatient.run(rest));
            case "esper" -> record("esper", EsperVsVigil.run(rest));
            case "poll" -> record("poll", PollVsPush.run(rest));
            case "e2e" -> record("e2e", EndToEnd.run(rest));
            default -> {
                System.err.println("usage: Comparisons [all|e2e|heap|esper|poll]");
                System.exit(2);
            }
        }
        if (!mode.equals("all")) {
            record("machine", Machine.describe());
        }
    }

    /** Runs one part in its own JVM with the Chronicle flags, inheriting output; bounded at 15 minutes. */
    private static int child(String part, String[] rest) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin());
        cmd.addAll(jvmFlags());
        cmd.add(part.equals("heap") ? "-Xmx4g" : "-Xmx2g");
        cmd.add("-Dvigil.root=" + ROOT);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Comparisons.class.getName());
        cmd.add(part);
        cmd.addAll(Arrays.asList(rest));
        System.err.println("== " + part);
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            System.err.println(part + ": timed out");
            return 1;
        }
        return p.exitValue();
    }

    public static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The Chronicle Queue flags, from the same classpath resource the launcher uses. */
    public static List<String> jvmFlags() throws IOException {
        try (InputStream in = Comparisons.class.getResourceAsStream("/vigil-jvm.flags")) {
            if (in == null) {
                throw new IllegalStateException("vigil-jvm.flags is not on the classpath (build with mvn package)");
            }
            return Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+"));
        }
    }

    /** Merges one part's figures into the results file (read, replace the part, write). */
    static synchronized void record(String part, JsonObject figures) throws IOException {
        Files.createDirectories(RESULTS.getParent());
        JsonObject all = Files.exists(RESULTS) ? new JsonObject(Files.readString(RESULTS)) : new JsonObject();
        all.put(part, figures);
        Files.writeString(RESULTS, all.encodePrettily() + "\n");
        System.out.println(part + ": " + figures.encode());
    }

    static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }
}
