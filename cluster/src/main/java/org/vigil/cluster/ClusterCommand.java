package org.vigil.cluster;

import org.vigil.organisation.cli.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code ./vigil cluster}: three Kafka brokers (KRaft) and three Vigil nodes on this machine, loopback only, each
 * in its own JVM; prints the brokers' bootstrap and each node's URL. SIGTERM stops the nodes, then the brokers
 * (Ctrl-C reaches them all at once, from the terminal); either way it waits for every one and leaves no process
 * behind (docs/cluster.md).
 */
@Command(name = "vigil cluster", sortOptions = false, separator = " ",
        description = "Runs Kafka brokers (KRaft, from the Maven-resolved jars) and Vigil nodes on this machine, on free loopback ports, until Ctrl-C (docs/cluster.md).",
        footerHeading = "%nExamples:%n",
        footer = {"  ./vigil cluster                  3 brokers, 3 nodes, in data/cluster",
                "  ./vigil cluster --brokers-only   3 brokers alone",
                "  ./vigil cluster -- --clock event options after -- go to every node"})
public final class ClusterCommand implements Callable<Integer> {
    private static final Duration BROKERS_READY_WITHIN = Duration.ofMinutes(3);
    private static final Duration NODE_HEALTHY_WITHIN = Duration.ofMinutes(2);
    private static final Duration NODES_STOP_WITHIN = Duration.ofSeconds(20);

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    boolean help;

    @Option(names = "--brokers", paramLabel = "N", defaultValue = "3", description = "Kafka brokers, each also a controller (default ${DEFAULT-VALUE})")
    int brokerCount;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", description = "Vigil nodes (default ${DEFAULT-VALUE})")
    int nodeCount;

    @Option(names = "--brokers-only", description = "start the brokers alone (no Vigil node) and print their bootstrap servers")
    boolean brokersOnly;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "data/cluster",
            description = "brokers' storage and logs (DIR/broker-N), nodes' data (DIR/node-N) and logs (DIR/node-N.log); emptied at start unless --keep (default ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--keep", description = "start on what DIR holds from the last run (the brokers' topics, the nodes' journals) instead of emptying it")
    boolean keep;

    @Option(names = "--node-jvm-options", paramLabel = "OPTIONS",
            description = "JVM options of every node, space-separated (default: the Chronicle flags of vigil-jvm.flags)")
    String nodeJvmOptions;

    @Parameters(paramLabel = "SERVER-OPTION", description = "after --: options for every node (those of vigil server)")
    List<String> serverOptions = new ArrayList<>();

    private final List<VigilNode> nodes = new ArrayList<>();
    private KafkaBrokers brokers;

    @Override
    public Integer call() throws Exception {
        Cli.within(spec, "--brokers", brokerCount, 1, 9);
        Cli.within(spec, "--nodes", nodeCount, 1, 9);
        CountDownLatch stopped = new CountDownLatch(1);
        // before anything starts, so that Ctrl-C during start-up stops what has started
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopAll();
            stopped.countDown();
        }, "vigil-cluster-shutdown"));
        try {
            start();
        } catch (Exception e) {
            System.err.println("vigil cluster: cannot start: " + e.getMessage());
            stopAll();
            return 1;
        }
        stopped.await();
        return 0;
    }

    private void start() throws Exception {
        Path home = ClusterDirectory.take(dir, keep);
        long began = System.nanoTime();
        KafkaBrokers started = KafkaBrokers.start(home, brokerCount);
        synchronized (this) {
            brokers = started;
        }
        started.awaitReady(BROKERS_READY_WITHIN);
        System.out.printf("%nVigil cluster (everything on 127.0.0.1; data and logs in %s)%n", home);
        System.out.printf("  Kafka bootstrap  %s   (%d broker%s, KRaft; ready in %d s; logs %s/broker-N/broker.log,"
                        + " broker id N+1)%n", started.bootstrapServers(), brokerCount, brokerCount == 1 ? "" : "s",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began), home);
        if (!brokersOnly) {
            startNodes(home, started.bootstrapServers());
        }
        System.out.println("Ctrl-C stops everything.");
        System.out.flush();
    }

    private void startNodes(Path home, String bootstrap) throws Exception {
        List<String> jvm = nodeJvmOptions == null ? VigilNode.chronicleFlags()
                : Arrays.asList(nodeJvmOptions.trim().split("\\s+"));
        int[] ports = FreePorts.take(nodeCount);
        // every node names them all, so a wall whose node goes away reconnects to another (docs/cluster.md)
        List<String> options = new ArrayList<>(serverOptions);
        options.addAll(List.of("--node-urls", Arrays.stream(ports).mapToObj(p -> "http://127.0.0.1:" + p)
                .collect(Collectors.joining(","))));
        for (int n = 1; n <= nodeCount; n++) {
            VigilNode node = VigilNode.start(n, ports[n - 1], home.resolve("node-" + n),
                    home.resolve("node-" + n + ".log"), jvm, bootstrap, options);
            synchronized (this) {
                nodes.add(node);
            }
        }
        for (VigilNode node : nodes) {
            node.awaitHealthy(NODE_HEALTHY_WITHIN);
            System.out.printf("  node %d           %s   (log %s)%n", node.nodeId, node.url(), node.log);
        }
    }

    /** The nodes first (they write to the brokers), then the brokers; bounded; safe to call twice. */
    private synchronized void stopAll() {
        nodes.forEach(VigilNode::requestStop);
        long deadline = System.nanoTime() + NODES_STOP_WITHIN.toNanos();
        try {
            for (VigilNode node : nodes) {
                node.awaitStopped(deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (brokers != null) {
            brokers.close();
        }
    }
}
