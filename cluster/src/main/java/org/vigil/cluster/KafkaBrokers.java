package org.vigil.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A Kafka cluster on this machine: N brokers in KRaft mode (each broker also a controller), each in its own JVM
 * from the Maven-resolved Kafka jars, on free loopback ports, with their storage, properties and logs under one
 * directory ({@code DIR/broker-N/}). For {@code ./vigil cluster} and the cluster tests; production runs its
 * brokers apart (docs/cluster.md). No broker outlives this object's JVM: {@link #close} stops them, a shutdown
 * hook does if close was never called, and {@link OrphanGuard} ends them if this JVM is killed.
 *
 * <p>Brokers are numbered 0…N-1 in this API (their Kafka node ids are 1…N). Not thread-safe: one owner.
 */
public final class KafkaBrokers implements AutoCloseable {
    private static final Duration STOP_WITHIN = Duration.ofSeconds(10);

    private final List<Broker> brokers;
    private final Thread shutdownHook;
    private boolean closed;

    private KafkaBrokers(List<Broker> brokers) {
        this.brokers = brokers;
        this.shutdownHook = new Thread(this::close, "kafka-brokers-shutdown");
    }

    /**
     * Formats (first time only) and starts {@code count} brokers under {@code dir}; returns at once — call
     * {@link #awaitReady}. A directory a cluster ran in before keeps its data and cluster id (new ports).
     */
    public static KafkaBrokers start(Path dir, int count) throws IOException, InterruptedException {
        if (count < 1 || count > 9) {
            throw new IllegalArgumentException("brokers must be from 1 to 9, not " + count);
        }
        Files.createDirectories(dir);
        String clusterId = clusterId(dir);
        int[] ports = FreePorts.take(2 * count);
        String voters = IntStream.range(0, count).mapToObj(i -> (i + 1) + "@127.0.0.1:" + ports[count + i])
                .collect(Collectors.joining(","));
        List<Broker> brokers = new ArrayList<>();
        List<Path> configs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path home = dir.resolve("broker-" + i);
            Files.createDirectories(home);
            Broker b = new Broker(new BrokerSettings(i + 1, ports[i], ports[count + i], voters, count,
                    home.resolve("data")), home);
            brokers.add(b);
            configs.add(b.writeConfig());
        }
        StorageFormat.run(clusterId, configs, dir.resolve("format.log"));
        KafkaBrokers cluster = new KafkaBrokers(brokers);
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            for (Broker b : brokers) {
                b.start();
            }
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** The cluster id kept in DIR/cluster.id, so a restarted cluster formats nothing and keeps its data. */
    private static String clusterId(Path dir) throws IOException {
        Path file = dir.resolve("cluster.id");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
        return id;
    }

    /** {@code 127.0.0.1:port,…} of every broker, for a client's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return brokers.stream().map(b -> "127.0.0.1:" + b.settings.brokerPort()).collect(Collectors.joining(","));
    }

    public int size() {
        return brokers.size();
    }

    /** The Kafka node id of broker {@code i} (what a client's metadata names as leader or replica). */
    public int nodeId(int i) {
        return broker(i).settings.nodeId();
    }

    /** The broker processes still running (to check that none is left behind). */
    public List<ProcessHandle> processes() {
        return brokers.stream().flatMap(b -> b.handle().stream()).filter(ProcessHandle::isAlive).toList();
    }

    /** SIGKILLs broker {@code i} (as a machine dying would) and waits until it has exited. */
    public void kill(int i) throws InterruptedException {
        broker(i).kill();
    }

    /** Starts broker {@code i} again, on its ports and log directory; {@link #awaitReady} waits for it to rejoin. */
    public void restart(int i) throws IOException {
        broker(i).start();
    }

    /**
     * Waits until every running broker serves requests and is registered (unfenced) in the cluster's metadata, at
     * most {@code within}; fails at once, quoting its log, if a broker that was not killed has exited. A broker
     * opens its client listener only once it has caught up with the metadata and been unfenced, so an answer
     * from its own port is an answer from its current incarnation, never from the one that was killed.
     */
    public void awaitReady(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        Map<Integer, Admin> admins = new HashMap<>(); // one per broker, knowing only that broker at first
        Set<Integer> waitingFor = Set.of();
        try {
            while (System.nanoTime() < deadline) {
                Set<Integer> running = running();
                Set<Integer> notYet = new TreeSet<>(running);
                for (Broker b : brokers) {
                    if (!b.isAlive()) {
                        continue;
                    }
                    Admin admin = admins.computeIfAbsent(b.settings.nodeId(), id -> Admin.create(Map.of(
                            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + b.settings.brokerPort(),
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000,
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000)));
                    if (registered(admin).containsAll(running)) {
                        notYet.remove(b.settings.nodeId());
                    }
                }
                if (notYet.isEmpty()) {
                    return;
                }
                waitingFor = notYet;
                Thread.sleep(200);
            }
        } finally {
            admins.values().forEach(a -> a.close(Duration.ofSeconds(2)));
        }
        throw new IllegalStateException("the brokers were not all ready within " + within + " (still waiting for"
                + " node ids " + waitingFor + "); the end of each log:\n" + brokers.stream()
                .map(b -> "--- " + b.describe() + "\n" + b.tail()).collect(Collectors.joining("\n")));
    }

    /** The node ids of the brokers running now; throws, quoting its log, if one exited that was not stopped. */
    private Set<Integer> running() {
        Set<Integer> running = new TreeSet<>();
        for (Broker b : brokers) {
            if (b.isAlive()) {
                running.add(b.settings.nodeId());
            } else if (!b.wasKilled()) {
                throw new IllegalStateException(b.describe() + " exited with " + b.exitValue()
                        + "; the end of its log:\n" + b.tail());
            }
        }
        return running;
    }

    private static Set<Integer> registered(Admin admin) throws InterruptedException {
        try {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs(3_000)).nodes()
                    .get(4, TimeUnit.SECONDS).stream().map(Node::id).collect(Collectors.toSet());
        } catch (ExecutionException | TimeoutException notYet) {
            return Set.of(); // not answering yet
        }
    }

    private Broker broker(int i) {
        if (i < 0 || i >= brokers.size()) {
            throw new IndexOutOfBoundsException("broker " + i + " of " + brokers.size());
        }
        return brokers.get(i);
    }

    /**
     * Stops every broker: a clean stop (SIGTERM, Kafka's controlled shutdown) for up to 10 s, then SIGKILL; waits
     * until each has exited. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        brokers.forEach(Broker::requestStop);
        long deadline = System.nanoTime() + STOP_WITHIN.toNanos();
        for (Broker b : brokers) {
            b.handle().ifPresent(h -> awaitExit(h, deadline));
        }
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // called from a shutdown hook (ours or the owner's): nothing left to unregister
        }
    }

    private static void awaitExit(ProcessHandle h, long deadline) {
        try {
            h.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException stillRunning) {
            // killed below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void killAll() {
        for (Broker b : brokers) {
            try {
                b.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
