package org.vigil.server.journal;

/**
 * Cluster mode: every node follows its copy of the log with the same followers (the InfluxDB writer, each webhook
 * endpoint), but only one node delivers, and the others stand by, each just behind what has been delivered, ready
 * to take over where delivery stopped. The node whose turn it is delivers and says how far; a standby follower
 * skips a batch once the cluster has delivered it, and waits otherwise. So a failover re-delivers at most the batch
 * in flight (same idempotency keys, same InfluxDB points: those named below the millisecond by their record are
 * named by its offset in the cluster's log): exactly once in effect.
 */
public interface DeliveryTurn {
    /** Whether this node delivers now. Any thread. */
    boolean mine();

    /** The cluster log's offset up to which the follower {@code name}'s output was delivered, by any node; -1. */
    long deliveredUpTo(String name);

    /** This node delivered the follower's output up to the record at the cluster log's {@code offset}. */
    void delivered(String name, long offset);
}
