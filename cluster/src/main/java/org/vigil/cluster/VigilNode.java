package org.vigil.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Vigil server of a cluster in its own JVM ({@code org.vigil.server.Main}, as {@code ./vigil server} runs it),
 * on loopback, with its own data directory, its Kafka bootstrap and node id; its output in its own log.
 */
final class VigilNode {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final int nodeId;
    final int port;
    final Path log;
    private final Process process;

    private VigilNode(int nodeId, int port, Path log, Process process) {
        this.nodeId = nodeId;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * {@code org.vigil.server.Main --host 127.0.0.1 --port P --data DATA --kafka BOOTSTRAP --node-id N [more]}
     * with these JVM options; returns at once — {@link #awaitHealthy}.
     */
    static VigilNode start(int nodeId, int port, Path data, Path log, List<String> jvmOptions, String bootstrap,
                           List<String> more) throws IOException {
        return start(nodeId, port, data, log, jvmOptions, bootstrap, more, Map.of());
    }

    /** As above, with {@code env} added to the node's environment (e.g. its bootstrap token). */
    static VigilNode start(int nodeId, int port, Path data, Path log, List<String> jvmOptions, String bootstrap,
                           List<String> more, Map<String, String> env) throws IOException {
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", Integer.toString(port),
                "--data", data.toString(), "--kafka", bootstrap, "--node-id", Integer.toString(nodeId)));
        args.addAll(more);
        return new VigilNode(nodeId, port, log, ChildJava.start(jvmOptions, "org.vigil.server.Main", args, log, env));
    }

    /** The Chronicle flags every Vigil JVM needs, defined once in the parent pom (the server's vigil-jvm.flags). */
    static List<String> chronicleFlags() {
        try (InputStream in = VigilNode.class.getResourceAsStream("/vigil-jvm.flags")) {
            if (in == null) {
                throw new IllegalStateException("vigil-jvm.flags is not on the classpath (is vigil-server built?)");
            }
            return Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Polls /health until this process answers 200 (its body names its pid, so another server that took the port
     * is never mistaken for it), at most {@code within}; fails at once, quoting its log, if it exits.
     */
    void awaitHealthy(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        HttpRequest health = HttpRequest.newBuilder(URI.create(url() + "/health")).timeout(Duration.ofSeconds(2))
                .build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Vigil node " + nodeId + " exited with " + process.exitValue()
                        + "; the end of " + log + ":\n" + ChildJava.tail(log, 30));
            }
            try {
                HttpResponse<String> r = HTTP.send(health, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().matches("(?s).*\"pid\":" + process.pid() + "[,}].*")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Vigil node " + nodeId + " was not healthy within " + within
                + "; the end of " + log + ":\n" + ChildJava.tail(log, 30));
    }

    /** SIGKILL: the node dies as in a power cut of its JVM (its journal is as the kernel left it). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(15, TimeUnit.SECONDS);
    }

    /** SIGTERM (the server closes its journal), then SIGKILL if it has not exited by the deadline. */
    void requestStop() {
        process.destroy();
    }

    void awaitStopped(long deadlineNanos) throws InterruptedException {
        if (!process.waitFor(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            process.destroyForcibly();
            process.waitFor(15, TimeUnit.SECONDS);
        }
    }
}
