package org.vigil.server;

import io.vertx.core.json.JsonObject;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real server in its own JVM, as {@code ./vigil server} runs it ({@code org.vigil.server.Main} with the
 * Chronicle flags and this classpath): for the tests about processes (SIGKILL, start-up refusals, the launcher),
 * which an in-process server cannot show.
 */
public final class ChildServer {
    public final Process process;
    public final int port;
    private final Path log;

    private ChildServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** {@code java <Chronicle flags> -cp <this classpath> org.vigil.server.Main --port P --data DIR [args]}, healthy. */
    public static ChildServer start(Path data, Path log, String... args) throws IOException, InterruptedException {
        return start(data, log, Map.of(), args);
    }

    /** As {@link #start(Path, Path, String...)}, with these environment variables too (e.g. a webhook's secret). */
    public static ChildServer start(Path data, Path log, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        int port = freePort();
        ChildServer child = new ChildServer(launch(port, data, log, env, args), port, log);
        awaitHealthy(child.process, port, log);
        return child;
    }

    /** Started on this port, not awaited: for a server that is expected to refuse to start. */
    public static Process start(int port, Path data, Path log) throws IOException {
        return launch(port, data, log, Map.of());
    }

    /** {@code java <Chronicle flags> -cp <this classpath> org.vigil.server.Main --port P --data DIR [args]}. */
    public static Process launch(int port, Path data, Path log, Map<String, String> env, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags());
        command.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"), "org.vigil.server.Main",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--data", data.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("VIGIL_BOOTSTRAP_TOKEN", TestServer.BOOTSTRAP);
        pb.environment().putAll(env);
        return pb.start();
    }

    /** SIGKILL on Linux: no shutdown hook, no journal close. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(15, TimeUnit.SECONDS), "the killed server did not exit");
        assertEquals(128 + 9, process.exitValue(), "killed by SIGKILL, not shut down");
    }

    /** The last 40 lines of this server's log. */
    public String tail() {
        return tail(log);
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

    /** Polls /health (at most 60 s) until 200, failing at once if the child exits; returns the body. */
    public static JsonObject awaitHealthy(Process child, int port, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertTrue(child.isAlive(), () -> "the server exited with " + child.exitValue() + ": " + tail(log));
            try {
                TestServer.Reply r = TestServer.send(port, "GET", "/health", null, null, null);
                if (r.status() == 200) {
                    return r.json();
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the server was not healthy within 60 s: " + tail(log));
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The last 40 lines of a log, for failure messages. */
    public static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
