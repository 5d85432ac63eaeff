package org.vigil.server.cluster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cluster mode's settings ({@code --kafka}, {@code --node-id}): where the Kafka brokers are and which node this is.
 * The names of the topic and the owners' group are fixed, so every node of a cluster agrees on them.
 *
 * @param bootstrapServers the brokers, {@code host:port,host:port,…}
 * @param nodeId           this node's name in the cluster (its Kafka client id), e.g. {@code vigil-1}
 * @param clientProperties Kafka client settings from {@code --kafka-properties} (TLS, SASL: docs/cluster.md), given
 *                         to every client of this node; empty for plain loopback brokers
 * @param nodeUrls         every node's address as browsers reach it ({@code --node-urls}): a screen whose socket
 *                         drops tries the next; empty when a load balancer gives all nodes one address
 */
public record ClusterSettings(String bootstrapServers, String nodeId, Map<String, String> clientProperties,
                              List<String> nodeUrls) {
    public ClusterSettings {
        clientProperties = Map.copyOf(clientProperties);
        nodeUrls = List.copyOf(nodeUrls);
    }

    /** The events topic: one partition, so every node applies every record in one order (docs/cluster.md). */
    public static final String EVENTS_TOPIC = "vigil.events";
    /** The compacted topic holding the cluster's newest state snapshot, for nodes that start with no data. */
    public static final String SNAPSHOTS_TOPIC = "vigil.snapshots";
    /** The consumer group whose one member owns the events partition (and so appends the clock's ticks). */
    public static final String OWNERS_GROUP = "vigil.owners";

    /** The client settings every Kafka client of this node starts from. */
    Map<String, Object> client(String role) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put("bootstrap.servers", bootstrapServers);
        config.put("client.id", nodeId + "-" + role);
        return config;
    }
}
