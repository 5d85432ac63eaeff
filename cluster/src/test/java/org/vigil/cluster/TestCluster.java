package org.vigil.cluster;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Three Kafka brokers and three Vigil nodes, each in its own JVM, as {@code ./vigil cluster} runs them, for the
 * failover tests: nodes and brokers can be SIGKILLed and restarted on the same data and ports.
 */
final class TestCluster implements AutoCloseable {
    static final String TOKEN = "cluster-test-token-0123456789abcdef";
    private static final Duration READY_WITHIN = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path dir;
    private final List<String> serverOptions;
    private final Map<String, String> env;
    private final int[] ports;
    private final VigilNode[] nodes;
    private KafkaBrokers brokers;

    private TestCluster(Path dir, int nodes, List<String> serverOptions, Map<String, String> env) throws IOException {
        this.dir = dir;
        this.serverOptions = List.copyOf(serverOptions);
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("VIGIL_BOOTSTRAP_TOKEN", TOKEN);
        this.env = Map.copyOf(all);
        this.ports = FreePorts.take(nodes);
        this.nodes = new VigilNode[nodes];
    }

    /** Brokers, then nodes, each node with {@code serverOptions} (as for {@code ./vigil server}) and {@code env}. */
    static TestCluster start(Path dir, int brokers, int nodes, List<String> serverOptions, Map<String, String> env)
            throws Exception {
        TestCluster c = new TestCluster(dir, nodes, serverOptions, env);
        try {
            c.startBrokers(brokers);
            for (int i = 0; i < nodes; i++) {
                c.startNode(i);
            }
            for (int i = 0; i < nodes; i++) {
                c.nodes[i].awaitHealthy(READY_WITHIN);
            }
            return c;
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
    }

    private void startBrokers(int count) throws Exception {
        brokers = KafkaBrokers.start(dir.resolve("kafka"), count);
        brokers.awaitReady(READY_WITHIN);
    }

    private void startNode(int i) throws IOException {
        List<String> options = new ArrayList<>(serverOptions);
        options.addAll(List.of("--node-urls", String.join(",", urls())));
        nodes[i] = VigilNode.start(i + 1, ports[i], dir.resolve("node-" + (i + 1)), dir.resolve("node-" + (i + 1) + ".log"),
                jvm(), brokers.bootstrapServers(), options, env);
    }

    /** A small heap: three nodes and three brokers share this 2-core machine with the tests. */
    private static List<String> jvm() {
        List<String> options = new ArrayList<>(VigilNode.chronicleFlags());
        options.add("-Xmx512m");
        options.add("-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn"); // not each client's whole configuration
        return options;
    }

    int size() {
        return nodes.length;
    }

    String url(int i) {
        return "http://127.0.0.1:" + ports[i];
    }

    Path journal(int i) {
        return dir.resolve("node-" + (i + 1)).resolve("journal");
    }

    KafkaBrokers brokers() {
        return brokers;
    }

    void killNode(int i) throws InterruptedException {
        nodes[i].kill();
    }

    /** Deletes node {@code i}'s data directory (the node is down): as a disk replaced, or a new node's. */
    void wipeNode(int i) throws IOException {
        Path data = dir.resolve("node-" + (i + 1));
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(data)) {
            for (Path f : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                java.nio.file.Files.delete(f);
            }
        }
    }

    /** Starts node {@code i} again, on its data and port, and waits until it is healthy (it has replayed its journal). */
    void restartNode(int i) throws Exception {
        startNode(i);
        nodes[i].awaitHealthy(READY_WITHIN);
    }

    /** Stops every node (SIGTERM) and every broker, then starts them again on the same data. */
    void restartAll() throws Exception {
        stopNodes();
        brokers.close();
        startBrokers(brokers.size());
        for (int i = 0; i < nodes.length; i++) {
            startNode(i);
        }
        for (VigilNode n : nodes) {
            n.awaitHealthy(READY_WITHIN);
        }
    }

    private void stopNodes() throws InterruptedException {
        for (VigilNode n : nodes) {
            if (n != null) {
                n.requestStop();
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (VigilNode n : nodes) {
            if (n != null) {
                n.awaitStopped(deadline);
            }
        }
    }

    /** Node {@code i}'s {@code /health} when it answers 200; empty when it does not (down, replaying, stalled). */
    Optional<JsonObject> health(int i) throws InterruptedException {
        HttpResponse<String> r = get(url(i) + "/health");
        return r == null || r.statusCode() != 200 ? Optional.empty() : Optional.of(new JsonObject(r.body()));
    }

    /** The node that says it owns the events partition now (its /health), or -1 while none does. */
    int owner(List<Integer> among) throws InterruptedException {
        for (int n : among) {
            if (health(n).map(h -> h.getJsonObject("cluster").getBoolean("owner", false)).orElse(false)) {
                return n;
            }
        }
        return -1;
    }

    /** GET with the token; null when the node does not answer. */
    static HttpResponse<String> get(String url) throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        }
    }

    /** POST a JSON body with the token; throws when the node does not answer. */
    static HttpResponse<String> post(String url, String json) {
        return post(url, json, "application/json");
    }

    /** POST a body of {@code contentType} with the token; throws when the node does not answer. */
    static HttpResponse<String> post(String url, String body, String contentType) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        stopNodes();
        if (brokers != null) {
            brokers.close();
        }
    }

    /** The nodes' URLs, in order. */
    List<String> urls() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ports.length; i++) {
            out.add(url(i));
        }
        return out;
    }
}
