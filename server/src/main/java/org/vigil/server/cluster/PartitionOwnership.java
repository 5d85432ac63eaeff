package org.vigil.server.cluster;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Which node owns the events partition: Kafka's consumer group decides (cooperative rebalancing), so exactly one
 * live node owns it, and when that node dies (no heartbeat for {@code session.timeout.ms}) another takes it over.
 * The owner does what must happen once for the cluster rather than once per node: it appends the clock's ticks
 * that fire escalations. A node whose engine thread is held, or that stopped reading the log, leaves the group
 * until it runs again ({@link #whileAlive}). Its own thread; a member that never fetches (its partition stays paused).
 */
final class PartitionOwnership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionOwnership.class);
    /** How long a dead owner keeps the partition: the failover time of the ticks, not of the screens. */
    static final int SESSION_TIMEOUT_MS = 6_000;
    private static final long HELD_RECHECK_MILLIS = 200;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String nodeId;
    private final Thread thread;
    private volatile boolean owner;
    private volatile boolean running = true;
    private volatile BooleanSupplier alive = () -> true;

    PartitionOwnership(ClusterSettings settings) {
        Map<String, Object> config = new HashMap<>(settings.client("owner"));
        config.put("group.id", ClusterSettings.OWNERS_GROUP);
        config.put("partition.assignment.strategy", CooperativeStickyAssignor.class.getName());
        config.put("session.timeout.ms", SESSION_TIMEOUT_MS);
        config.put("heartbeat.interval.ms", SESSION_TIMEOUT_MS / 4);
        config.put("enable.auto.commit", false);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.nodeId = settings.nodeId();
        this.thread = new Thread(this::run, "vigil-ownership");
    }

    void start() {
        thread.start();
    }

    /** Whether this node owns the events partition now. */
    boolean owner() {
        return owner;
    }

    /**
     * Once the engine runs: this node takes part in choosing the owner only while {@code alive} (its engine thread
     * is not held, and it reads the log). An owner whose engine is held would keep the partition — its heartbeats
     * come from this thread — while appending no ticks, so no escalation would fire anywhere in the cluster; one
     * that stopped reading the log would deliver no more webhooks or time series.
     */
    void whileAlive(BooleanSupplier alive) {
        this.alive = alive;
    }

    private void run() {
        ConsumerRebalanceListener listener = new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                consumer.pause(partitions);
                if (!partitions.isEmpty()) {
                    owner = true;
                    LOG.info("{} owns the events partition", nodeId);
                }
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    owner = false;
                    LOG.info("{} no longer owns the events partition", nodeId);
                }
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                onPartitionsRevoked(partitions);
            }
        };
        boolean member = false;
        try {
            while (running) {
                if (!alive.getAsBoolean()) {
                    if (member) {
                        LOG.error("{}'s engine is held, or it no longer reads the log: leaving the owners' group, so"
                                + " that another node appends the ticks and delivers", nodeId);
                        consumer.unsubscribe(); // revokes the partition and leaves at once: no session timeout
                        owner = false;
                        member = false;
                    }
                    Thread.sleep(HELD_RECHECK_MILLIS);
                    continue;
                }
                if (!member) {
                    consumer.subscribe(List.of(ClusterSettings.EVENTS_TOPIC), listener);
                    member = true;
                }
                consumer.poll(Duration.ofMillis(500)); // heartbeats and rebalances; paused, so no records
            }
        } catch (WakeupException stopping) {
            // close()
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            owner = false;
            LOG.error("the owners' group failed; this node owns nothing now", e);
        } finally {
            owner = false;
            consumer.close(Duration.ofSeconds(2)); // leaves the group at once: the next owner need not wait
        }
    }

    @Override
    public void close() {
        running = false;
        ConsumerThreads.stop(consumer, thread);
    }
}
