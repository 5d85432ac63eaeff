package org.vigil.cluster;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * One broker's {@code server.properties}: KRaft, broker and controller in one process, both listeners on
 * 127.0.0.1, and the durability settings of docs/cluster.md scaled to a cluster of {@code brokers}.
 *
 * @param nodeId         the broker's and controller's id (1…brokers)
 * @param brokerPort     clients' and replicas' listener
 * @param controllerPort the controller quorum's listener
 * @param voters         the static controller quorum, {@code id@127.0.0.1:port,…}, the same for every broker
 * @param brokers        how many brokers the cluster has
 * @param logDir         the broker's partitions and its copy of the metadata log
 */
record BrokerSettings(int nodeId, int brokerPort, int controllerPort, String voters, int brokers, Path logDir) {

    /** The replication factor of every topic: 3, or fewer in a smaller cluster (docs/cluster.md). */
    int replicationFactor() {
        return Math.min(3, brokers);
    }

    /** Replicas that must have a write before it is acknowledged (acks=all): 2, so one broker may be down. */
    int minInsyncReplicas() {
        return Math.min(2, brokers);
    }

    Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(nodeId));
        // a static quorum: its voters are fixed by configuration, so a restarted broker needs no reconfiguration
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        // durability: an acks=all write is on two brokers before it is acknowledged; never an out-of-sync leader
        p.put("default.replication.factor", Integer.toString(replicationFactor()));
        p.put("min.insync.replicas", Integer.toString(minInsyncReplicas()));
        p.put("unclean.leader.election.enable", "false");
        p.put("offsets.topic.replication.factor", Integer.toString(replicationFactor()));
        p.put("transaction.state.log.replication.factor", Integer.toString(replicationFactor()));
        p.put("transaction.state.log.min.isr", Integer.toString(minInsyncReplicas()));
        p.put("share.coordinator.state.topic.replication.factor", Integer.toString(replicationFactor()));
        p.put("share.coordinator.state.topic.min.isr", Integer.toString(minInsyncReplicas()));
        // topics are created by Vigil with their settings, never by a typo in a client
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", Integer.toString(brokers));
        p.put("group.initial.rebalance.delay.ms", "0");
        // few internal partitions: a test cluster's coordinators load in moments instead of 50 partitions each
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.num.partitions", "6");
        p.put("share.coordinator.state.topic.num.partitions", "6");
        // small segments: a SIGKILLed broker recovers only its last, small segment on restart
        p.put("log.segment.bytes", Integer.toString(1024 * 1024));
        p.put("offsets.topic.segment.bytes", Integer.toString(1024 * 1024));
        p.put("transaction.state.log.segment.bytes", Integer.toString(1024 * 1024));
        // a killed broker is fenced (and leaves the ISR) within seconds; a restarted one is unfenced as soon as
        // it has caught up, and gets its preferred leaderships back soon after
        p.put("broker.heartbeat.interval.ms", "1000");
        p.put("broker.session.timeout.ms", "6000");
        p.put("replica.lag.time.max.ms", "10000");
        p.put("leader.imbalance.check.interval.seconds", "10");
        // a 384 MiB heap on a 2-core machine: few threads, and the compaction cleaner's buffer (128 MiB by
        // default, on the heap) kept small
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.replica.fetchers", "1");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        return p;
    }

    void write(Path file) throws IOException {
        Properties props = new Properties();
        props.putAll(properties());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(w, "Kafka broker " + nodeId + ", written by Vigil's KafkaBrokers (docs/cluster.md)");
        }
    }
}
