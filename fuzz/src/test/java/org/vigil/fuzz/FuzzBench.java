package org.vigil.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./vigil bench fuzz [--seconds N] [TARGET...]}: fuzzes every {@code @FuzzTest} in this package, one at a
 * time, each in its own JVM (Jazzer fuzzes one target per JVM) for N seconds (default 60), starting from the
 * committed corpus in {@code src/test/resources/org/vigil/fuzz/<Class>Inputs/<method>/}. A new target is one
 * class with a {@code @FuzzTest} method here: it is found by discovery, nothing else to register.
 *
 * <p>A finding is written by Jazzer into that inputs directory (crash-…): committed, it is replayed by every
 * {@code ./vigil test} from then on — every crash found becomes a regression test. The generated corpus stays in
 * {@code fuzz/.cifuzz-corpus/} (not committed). Figures go to {@code fuzz/target/fuzz-results.json}.
 */
public final class FuzzBench {
    private static final Pattern DONE = Pattern.compile("Done (\\d+) runs in (\\d+) second");
    private static final Pattern COVERAGE = Pattern.compile("#(\\d+)\\s+\\w+\\s+cov: (\\d+) ft: (\\d+) corp: (\\d+)");

    private FuzzBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--child")) {
            System.exit(runOne(args[1]) ? 0 : 1);
        }
        int seconds = 60;
        List<String> only = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds") && i + 1 < args.length) {
                seconds = Integer.parseInt(args[++i]);
            } else if (args[i].equals("-h") || args[i].equals("--help")) {
                System.out.println("usage: vigil bench fuzz [--seconds N] [TARGET...]   (TARGET: a class or class#method; default: all)");
                return;
            } else if (args[i].startsWith("-")) {
                System.err.println("unknown option " + args[i] + "\nusage: vigil bench fuzz [--seconds N] [TARGET...]");
                System.exit(2);
            } else {
                only.add(args[i]);
            }
        }
        Path module = Path.of(System.getProperty("vigil.fuzz.dir", "fuzz")).toAbsolutePath();
        Path logs = module.resolve("target/fuzz");
        Files.createDirectories(logs);
        JsonArray results = new JsonArray();
        boolean clean = true;
        for (Target t : targets()) {
            if (!only.isEmpty() && only.stream().noneMatch(o -> o.equals(t.simpleClassName()) || o.equals(t.name()))) {
                continue;
            }
            JsonObject r = fuzz(t, seconds, module, logs.resolve(t.name().replace('#', '.') + ".log"));
            clean &= r.getString("result").equals("no finding");
            results.add(r);
            System.out.printf("fuzz: %-40s %8d runs in %3d s (%,.0f/s), coverage %s: %s%n", t.name(), r.getLong("executions"),
                    r.getInteger("seconds"), r.getDouble("execsPerSecond"), r.getValue("coverage"), r.getString("result"));
        }
        JsonObject out = new JsonObject()
                .put("command", "./vigil bench fuzz --seconds " + seconds + (only.isEmpty() ? "" : " " + String.join(" ", only)))
                .put("at", Instant.now().toString())
                .put("machine", new JsonObject().put("cores", Runtime.getRuntime().availableProcessors())
                        .put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")))
                .put("secondsPerTarget", seconds)
                .put("targets", results);
        Files.writeString(module.resolve("target/fuzz-results.json"), out.encodePrettily());
        System.out.println("fuzz: figures in " + module.resolve("target/fuzz-results.json")
                + (clean ? "" : "; findings are in src/test/resources/org/vigil/fuzz/*Inputs/: fix, then commit them as regression inputs"));
        System.exit(clean ? 0 : 1);
    }

    /** A fuzz test: its class, method and JUnit unique id (to select it alone in the child). */
    record Target(String className, String method, String uniqueId) {
        String simpleClassName() {
            return className.substring(className.lastIndexOf('.') + 1);
        }

        String name() {
            return simpleClassName() + "#" + method;
        }
    }

    /** Every {@code @FuzzTest} in this package (Jazzer tags them "jazzer"). */
    static List<Target> targets() {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectPackage(FuzzBench.class.getPackageName()))
                .filters(TagFilter.includeTags("jazzer"))
                .build();
        TestPlan plan = LauncherFactory.create().discover(request);
        List<Target> out = new ArrayList<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) {
                if (id.isContainer() && id.getSource().orElse(null) instanceof MethodSource m) {
                    out.add(new Target(m.getClassName(), m.getMethodName(), id.getUniqueId()));
                }
            }
        }
        return out;
    }

    private static JsonObject fuzz(Target t, int seconds, Path module, Path log) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-Djazzer.max_duration=" + seconds + "s");
        cmd.add("-Djazzer.instrument=org.vigil.**");
        // the bug detectors on, whatever a regression run set (fuzz/pom.xml turns them off for the FHIR corpus)
        cmd.add("-Djazzer.hooks=true");
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=error"); // a warning per input would be most of the work
        cmd.add("-cp");
        // absolute: the child runs in the module directory, where Jazzer looks for the inputs directories
        cmd.add(String.join(File.pathSeparator, Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toString()).toList()));
        cmd.add(FuzzBench.class.getName());
        cmd.add("--child");
        cmd.add(t.uniqueId());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(module.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("JAZZER_FUZZ", "1");
        long start = System.nanoTime();
        Process p = pb.start();
        // the time box plus start-up; a target past it is hung, which is a finding in itself
        boolean ended = p.waitFor(seconds + 180L, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        int took = (int) Math.round((System.nanoTime() - start) / 1e9);
        String text = Files.readString(log);
        long runs = 0;
        Matcher done = DONE.matcher(text);
        while (done.find()) {
            runs = Long.parseLong(done.group(1));
        }
        JsonObject coverage = null;
        Matcher cov = COVERAGE.matcher(text);
        while (cov.find()) {
            runs = Math.max(runs, Long.parseLong(cov.group(1)));
            coverage = new JsonObject().put("edges", Long.parseLong(cov.group(2))).put("features", Long.parseLong(cov.group(3)))
                    .put("corpus", Long.parseLong(cov.group(4)));
        }
        String result = !ended ? "HANG: no result within " + (seconds + 180) + " s" : p.exitValue() == 0 ? "no finding"
                : "FINDING (see " + module.relativize(log) + ")";
        return new JsonObject().put("target", t.name()).put("seconds", took).put("executions", runs)
                .put("execsPerSecond", runs / (double) Math.max(1, seconds)).put("coverage", coverage)
                .put("result", result).put("log", module.relativize(log).toString());
    }

    /** In the child JVM: runs one target (fuzzing mode comes from JAZZER_FUZZ); true when it passed. */
    private static boolean runOne(String uniqueId) {
        Launcher launcher = LauncherFactory.create();
        AtomicReference<TestExecutionResult> failed = new AtomicReference<>();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(DiscoverySelectors.selectUniqueId(uniqueId)).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                            failed.compareAndSet(null, result);
                            result.getThrowable().ifPresent(Throwable::printStackTrace);
                        }
                    }
                });
        return failed.get() == null;
    }
}
