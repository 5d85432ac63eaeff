package org.vigil.server.engine;

import org.vigil.server.TestServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.TestServer.BOOTSTRAP;

/** The real server in its own JVM, for the crash tests: started, awaited, and killed with SIGKILL. */
final class ChildServer {
    final Process process;
    final int port;
    final Path log;

    private ChildServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** {@code java <Chronicle flags> -cp <this classpath> org.vigil.server.Main --port P --data DIR [args]}, healthy. */
    static ChildServer start(Path data, Path log, String... args) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags());
        command.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"), "org.vigil.server.Main",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--data", data.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("VIGIL_BOOTSTRAP_TOKEN", BOOTSTRAP);
        ChildServer child = new ChildServer(pb.start(), port, log);
        child.awaitHealthy();
        return child;
    }

    /** SIGKILL on Linux: no shutdown hook, no journal close. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(15, TimeUnit.SECONDS), "the killed server did not exit");
        assertEquals(128 + 9, process.exitValue(), "killed by SIGKILL, not shut down");
    }

    /** The Chronicle flags, defined once in the parent pom and filtered into this resource. */
    private static List<String> jvmFlags() throws IOException {
        try (InputStream in = ChildServer.class.getResourceAsStream("/vigil-jvm.flags")) {
            assertTrue(in != null, "vigil-jvm.flags is not on the classpath");
            String flags = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            assertTrue(!flags.isEmpty() && !flags.contains("${"), "vigil-jvm.flags was not filtered: " + flags);
            return Arrays.asList(flags.split("\\s+"));
        }
    }

    private void awaitHealthy() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), () -> "the server exited with " + process.exitValue() + ": " + tail());
            try {
                if (TestServer.send(port, "GET", "/health", null, null, null).status() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the server was not healthy within 60 s: " + tail());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
