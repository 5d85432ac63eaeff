package org.vigil.server.cluster;

import org.vigil.server.engine.Engine;
import org.vigil.server.engine.SharedLog;
import org.vigil.server.journal.DeliveryTurn;

/**
 * This node's part in a cluster: the events topic made sure of, a member of the owners' group, an appender to the
 * cluster's log, the followers' turns and, once the engine has replayed its own journal, a reader of the log after
 * it. Built before the
 * engine (the engine appends through {@link #log}), followed once it is ready ({@link #follow}).
 */
public final class ClusterNode implements AutoCloseable {
    /** What {@code /health} says of this node in the cluster. */
    /**
     * What {@code /health} and the metrics say of this node in the cluster.
     *
     * @param logOffset  the offset of the last record of the log this node applied (-1: none)
     * @param lagRecords records of the log this node has not read yet (-1: not known yet)
     */
    public record Status(String node, boolean owner, long logOffset, long lagRecords) {}

    private final ClusterSettings settings;
    private final PartitionOwnership ownership;
    private final KafkaLog log;
    private final SharedPositions positions;
    private LogReader reader;

    private ClusterNode(ClusterSettings settings, PartitionOwnership ownership, KafkaLog log) {
        this.settings = settings;
        this.ownership = ownership;
        this.log = log;
        this.positions = new SharedPositions(settings, ownership::owner);
    }

    /** Joins the cluster: fails at once, naming the brokers, when they cannot be reached. */
    public static ClusterNode join(ClusterSettings settings) {
        EventsTopic.ensure(settings);
        PartitionOwnership ownership = new PartitionOwnership(settings);
        KafkaLog log = new KafkaLog(settings, ownership::owner);
        ownership.start();
        return new ClusterNode(settings, ownership, log);
    }

    /** The log the engine appends to. */
    public SharedLog log() {
        return log;
    }

    /** The followers' turns: the owner delivers webhooks and writes to InfluxDB, the other nodes stand by. */
    public DeliveryTurn turns() {
        return positions;
    }

    /** Starts reading the cluster's log into {@code engine} once it has replayed its journal. */
    public void follow(Engine engine) {
        reader = new LogReader(settings, engine);
        reader.start();
    }

    public Status status(Engine engine) {
        return new Status(settings.nodeId(), ownership.owner(), engine.logResumesAfter(),
                reader == null ? -1 : reader.lag());
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
        }
        log.close();
        positions.close();
        ownership.close();
    }
}
