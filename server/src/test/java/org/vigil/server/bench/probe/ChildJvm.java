package org.vigil.server.bench.probe;

import org.vigil.server.TestServer;
import org.vigil.server.bench.CpuMeter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A child JVM of the probe run (server, load generator or probe), its output in a log file. Every child started
 * here is killed when this JVM exits, however it exits (a shutdown hook), so an interrupted run leaves no server
 * or load generator behind on the shared machine.
 */
public final class ChildJvm implements AutoCloseable {
    private static final Set<Process> ALIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ALIVE.forEach(Process::destroyForcibly), "probe-children-killer"));
    }

    private final String name;
    private final Process process;

    private ChildJvm(String name, Process process) {
        this.name = name;
        this.process = process;
        ALIVE.add(process);
    }

    /** Starts {@code command} with {@code env} added, output (stdout and stderr) to {@code log}. */
    public static ChildJvm start(String name, List<String> command, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new ChildJvm(name, pb.start());
    }

    /** As {@link #start}, and every output line is also handed to {@code lines} (on a reader thread) as it comes. */
    static ChildJvm start(String name, List<String> command, Map<String, String> env, Path log, Consumer<String> lines)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        ChildJvm child = new ChildJvm(name, pb.start());
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.process.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    out.println(line);
                    lines.accept(line);
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("probe: reading " + name + "'s output: " + e);
            }
        }, name + "-output");
        reader.setDaemon(true);
        reader.start();
        return child;
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    /** CPU seconds the child has used so far (0 once it is gone). */
    double cpuSeconds() {
        return CpuMeter.cpuSeconds(process.pid());
    }

    /** Waits until the child, a server on {@code port}, answers /health with 200; fails if it exits or takes longer. */
    public void awaitHealthy(int port, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue());
            }
            try {
                if (TestServer.send(port, "GET", "/health", null, null, null).status() == 200) {
                    return;
                }
            } catch (UncheckedIOException notListeningYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " did not answer /health on port " + port + " within " + within);
    }

    /** Waits for the child to exit by itself; false when it did not within {@code seconds}. */
    public boolean waitFor(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    /** SIGTERM (a server closes its journal, a JFR recording is dumped), then SIGKILL after {@code graceSeconds}. */
    public void stop(long graceSeconds) throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                System.err.println("probe: " + name + " ignored SIGTERM for " + graceSeconds + " s; killing it");
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        ALIVE.remove(process);
    }

    /** SIGKILL: no shutdown hook runs, nothing is closed (a crash). */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        ALIVE.remove(process);
    }

    @Override
    public void close() throws InterruptedException {
        stop(30);
    }
}
