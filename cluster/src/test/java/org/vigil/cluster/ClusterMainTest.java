package org.vigil.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ClusterMain --brokers-only} as {@code ./vigil cluster --brokers-only} runs it, in its own JVM: it prints a
 * bootstrap that a Kafka client can use, and whether it is stopped as Ctrl-C stops it or SIGKILLed, no broker is
 * left running. (One broker per run: the three-broker behaviour is KafkaBrokersTest's.)
 */
class ClusterMainTest {
    private static final Pattern BOOTSTRAP = Pattern.compile("Kafka bootstrap\\s+(\\S+)");

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void brokersOnlyPrintsABootstrapThatAnswersAndStoppingItLeavesNothingRunning(@TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("out.txt");
        Process main = launch(dir.resolve("cluster"), out);
        try {
            String bootstrap = awaitBootstrap(main, out);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                assertEquals(1, admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).size());
            }
            List<ProcessHandle> children = main.descendants().toList();
            assertEquals(1, children.size(), "one broker, nothing else: " + children);
            main.destroy(); // SIGTERM: the shutdown hook's path, as Ctrl-C's SIGINT
            assertTrue(main.waitFor(60, TimeUnit.SECONDS), "ClusterMain did not stop within 60 s");
            assertTrue(children.stream().noneMatch(ProcessHandle::isAlive), "a broker outlived ClusterMain");
        } finally {
            main.destroyForcibly();
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aKilledClusterMainLeavesNoBrokerRunning(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.txt");
        Process main = launch(dir.resolve("cluster"), out);
        try {
            awaitBootstrap(main, out);
            List<ProcessHandle> children = main.descendants().toList();
            assertEquals(1, children.size(), "one broker, nothing else: " + children);
            main.destroyForcibly(); // SIGKILL: no shutdown hook runs; OrphanGuard must end the broker
            assertTrue(main.waitFor(30, TimeUnit.SECONDS));
            for (ProcessHandle child : children) {
                child.onExit().get(60, TimeUnit.SECONDS); // throws TimeoutException if it lingers
            }
        } finally {
            main.destroyForcibly();
        }
    }

    private static Process launch(Path clusterDir, Path out) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), ClusterMain.class.getName(),
                "--brokers-only", "--brokers", "1", "--dir", clusterDir.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    /** The bootstrap servers ClusterMain prints, at most 3 minutes; fails at once, with its output, if it exits. */
    private static String awaitBootstrap(Process main, Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
            Matcher m = BOOTSTRAP.matcher(text);
            if (m.find()) {
                return m.group(1);
            }
            assertTrue(main.isAlive(), () -> "ClusterMain exited with " + main.exitValue() + ":\n" + text);
            Thread.sleep(200);
        }
        throw new AssertionError("ClusterMain printed no bootstrap within 3 minutes:\n"
                + Files.readString(out, StandardCharsets.UTF_8));
    }
}
