package org.vigil.cluster;

import io.vertx.core.json.JsonObject;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./vigil bench cluster} (issue 15): what a failover costs, on three brokers and three nodes on this machine,
 * under the failover test's load (six senders, one event at a time each, through every node in turn). For a node
 * SIGKILLed (the owner of the events partition) and then for a broker SIGKILLed: how long until a wall on another
 * node had its next update, until another node owned the partition, and how long the sends around the kill waited
 * for an acknowledgement (a send to the dead node is retried on the next). Then a node that lost its disk, twice:
 * before the cluster has a snapshot (it reads the whole log) and after (it starts from the cluster's snapshot, and
 * reads only the log after it): how long until it answers, and until it has caught up. A benchmark: nothing is
 * asserted. Results in {@code cluster/target/cluster-bench-results.json}.
 */
public final class ClusterFailoverBench {
    private static final Duration AROUND = Duration.ofSeconds(8);
    /** The owner publishes a snapshot every this many records: none before the second bulk load, one during it. */
    private static final int SNAPSHOT_EVERY = 50_000;
    private static final int BATCH = 500;
    private static final int PATIENTS = 400;

    private ClusterFailoverBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("vigil-cluster-bench-");
        JsonObject out = new JsonObject().put("command", "./vigil bench cluster").put("at", Instant.now().toString())
                .put("cores", Runtime.getRuntime().availableProcessors());
        try (TestCluster cluster = TestCluster.start(dir, 3, 3,
                List.of("--snapshot-every-records", String.valueOf(SNAPSHOT_EVERY)), Map.of())) {
            List<String> wards = List.of("RVT-W12", "RVT-W14", "BFW-W3", "BFW-W10");
            int owner = owner(cluster);
            int watched = (owner + 1) % 3;
            try (WallListener wall = WallListener.open(cluster.url(watched), wards.get(0), Duration.ofSeconds(30))) {
                AdmissionLoad load = new AdmissionLoad("bench-node", cluster.urls(), wards, 6);
                Thread.sleep(AROUND.toMillis());
                long killed = System.nanoTime();
                cluster.killNode(owner);
                long wallNext = wall.messageAfter(killed, Duration.ofSeconds(30));
                long ownerAt = awaitOwner(cluster, owner, killed);
                Thread.sleep(AROUND.toMillis());
                load.stop();
                out.put("nodeKilled", new JsonObject()
                        .put("wallNextUpdateMs", wallNext < 0 ? null : ms(wallNext - killed))
                        .put("ownershipMovedMs", ownerAt < 0 ? null : ms(ownerAt - killed))
                        .put("acknowledgements", sends(load, killed))
                        .put("retries", load.retries()));
            }
            cluster.restartNode(owner);
            AdmissionLoad load = new AdmissionLoad("bench-broker", cluster.urls(), wards, 6);
            Thread.sleep(AROUND.toMillis());
            long killed = System.nanoTime();
            cluster.brokers().kill(0);
            Thread.sleep(2 * AROUND.toMillis());
            load.stop();
            out.put("brokerKilled", new JsonObject().put("acknowledgements", sends(load, killed))
                    .put("retries", load.retries()));
            cluster.brokers().restart(0);
            cluster.brokers().awaitReady(Duration.ofMinutes(2));

            admit(cluster, wards);
            observations(cluster, 40_000);
            out.put("diskLostBeforeAnySnapshot", diskLost(cluster));
            observations(cluster, SNAPSHOT_EVERY + 10_000);
            out.put("diskLostWithTheClustersSnapshot", diskLost(cluster));
        }
        Path results = Path.of("cluster/target/cluster-bench-results.json");
        Files.createDirectories(results.getParent());
        Files.writeString(results, out.encodePrettily() + "\n");
        System.out.println(out.encodePrettily());
        System.out.println("results: " + results.toAbsolutePath());
    }

    /**
     * A node other than the owner killed, its data directory deleted, and started again: how long until it answered
     * {@code /health}, and until it had applied the log as far as the owner; where it started from, and how much of
     * the log it read.
     */
    private static JsonObject diskLost(TestCluster cluster) throws Exception {
        int owner = owner(cluster);
        int node = (owner + 1) % 3;
        cluster.killNode(node);
        cluster.wipeNode(node);
        long end = cluster.health(owner).orElseThrow().getJsonObject("cluster").getLong("logOffset");
        long start = System.nanoTime();
        cluster.restartNode(node);
        long healthy = System.nanoTime();
        JsonObject c = cluster.health(node).orElseThrow().getJsonObject("cluster");
        while (c.getLong("logOffset") < end && System.nanoTime() - start < Duration.ofMinutes(10).toNanos()) {
            Thread.sleep(50);
            c = cluster.health(node).orElseThrow().getJsonObject("cluster");
        }
        long caughtUp = System.nanoTime();
        Long from = c.getLong("startedFromSnapshot");
        return new JsonObject().put("logRecords", end + 1).put("startedFromSnapshot", from)
                .put("logRecordsRead", end - (from == null ? -1 : from))
                .put("healthyAfterMs", ms(healthy - start)).put("caughtUpAfterMs", ms(caughtUp - start));
    }

    /** Admits {@link #PATIENTS} patients across the wards, in one batch to node 1. */
    private static void admit(TestCluster cluster, List<String> wards) {
        StringBuilder batch = new StringBuilder();
        for (int p = 0; p < PATIENTS; p++) {
            batch.append(new JsonObject().put("id", "bulk-admit-" + p).put("type", "admission")
                    .put("time", Instant.now().toString()).put("unit", wards.get(p % wards.size()))
                    .put("patient", "P-bulk-" + p).put("bed", "BB" + p).put("age", 70).encode()).append('\n');
        }
        post(cluster, batch.toString());
    }

    /** Posts {@code n} observation sets of the admitted patients in NDJSON batches to node 1, as fast as it takes them. */
    private static void observations(TestCluster cluster, int n) {
        String run = Long.toString(System.nanoTime(), 36);
        List<String> wards = List.of("RVT-W12", "RVT-W14", "BFW-W3", "BFW-W10");
        for (int i = 0; i < n; i += BATCH) {
            StringBuilder batch = new StringBuilder();
            for (int k = i; k < Math.min(n, i + BATCH); k++) {
                int p = k % PATIENTS;
                batch.append(new JsonObject().put("id", "bulk-" + run + "-" + k).put("type", "observation")
                        .put("time", Instant.now().toString()).put("unit", wards.get(p % wards.size()))
                        .put("patient", "P-bulk-" + p).put("respirationRate", 12 + k % 12).put("spo2", 90 + k % 9)
                        .put("onOxygen", false).put("systolicBp", 100 + k % 40).put("pulse", 60 + k % 50)
                        .put("consciousness", "A").put("temperature", 36.5).encode()).append('\n');
            }
            post(cluster, batch.toString());
        }
    }

    private static void post(TestCluster cluster, String ndjson) {
        HttpResponse<String> r = TestCluster.post(cluster.url(0) + "/api/v1/events", ndjson, "application/x-ndjson");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("node 1 answered " + r.statusCode() + ": " + r.body());
        }
    }

    /**
     * How long sends waited for their acknowledgement (retries to other nodes included): those acknowledged before
     * the kill, and those begun within two seconds either side of it.
     */
    private static JsonObject sends(AdmissionLoad load, long killed) {
        List<Long> before = new ArrayList<>();
        List<Long> around = new ArrayList<>();
        long window = AROUND.toNanos() / 4;
        for (long[] s : load.sends()) {
            if (s[1] < killed) {
                before.add(s[1] - s[0]);
            } else if (Math.abs(s[0] - killed) <= window) {
                around.add(s[1] - s[0]);
            }
        }
        return new JsonObject().put("acknowledgedBeforeTheKill", percentiles(before))
                .put("begunWithin2sOfTheKill", percentiles(around));
    }

    private static JsonObject percentiles(List<Long> nanos) {
        long[] a = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        if (a.length == 0) {
            return new JsonObject().put("count", 0);
        }
        return new JsonObject().put("count", a.length).put("p50Ms", ms(a[a.length / 2]))
                .put("p99Ms", ms(a[Math.min(a.length - 1, (int) Math.ceil(a.length * 0.99) - 1)]))
                .put("maxMs", ms(a[a.length - 1]));
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }

    private static int owner(TestCluster cluster) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            int o = cluster.owner(List.of(0, 1, 2));
            if (o >= 0) {
                return o;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no node owns the events partition");
    }

    /** When (System.nanoTime()) a node other than {@code dead} first said it owns the partition; -1 within a minute. */
    private static long awaitOwner(TestCluster cluster, int dead, long since) throws InterruptedException {
        List<Integer> others = new ArrayList<>(List.of(0, 1, 2));
        others.remove(Integer.valueOf(dead));
        while (System.nanoTime() - since < Duration.ofMinutes(1).toNanos()) {
            if (cluster.owner(others) >= 0) {
                return System.nanoTime();
            }
            Thread.sleep(50);
        }
        return -1;
    }
}
