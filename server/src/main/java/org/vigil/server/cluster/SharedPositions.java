package org.vigil.server.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.server.journal.DeliveryTurn;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The followers' turns in a cluster: the owner of the events partition delivers; how far each follower's output was
 * delivered is kept in Kafka, as the committed offset of a consumer group named for the follower
 * ({@code vigil.follower.NAME}, never joined by any consumer), so it survives any node. Standbys read it back
 * every {@link #REFRESH_MILLIS}: a standby is at most that far behind the delivering node when it takes over.
 */
final class SharedPositions implements DeliveryTurn, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SharedPositions.class);
    static final long REFRESH_MILLIS = 250;
    private static final TopicPartition EVENTS = new TopicPartition(ClusterSettings.EVENTS_TOPIC, 0);

    private final Admin admin;
    private final BooleanSupplier owner;
    /** Follower name → the offset delivered up to, as last read from Kafka or written by this node. */
    private final Map<String, Long> delivered = new ConcurrentHashMap<>();
    private final Map<String, Long> readAt = new ConcurrentHashMap<>();

    SharedPositions(ClusterSettings settings, BooleanSupplier owner) {
        this.admin = Admin.create(settings.client("positions"));
        this.owner = owner;
    }

    private static String group(String follower) {
        return "vigil.follower." + follower;
    }

    @Override
    public boolean mine() {
        return owner.getAsBoolean();
    }

    @Override
    public long deliveredUpTo(String name) {
        long now = System.nanoTime();
        Long last = readAt.get(name);
        if (last == null || now - last > TimeUnit.MILLISECONDS.toNanos(REFRESH_MILLIS)) {
            readAt.put(name, now);
            try {
                OffsetAndMetadata o = admin.listConsumerGroupOffsets(group(name)).partitionsToOffsetAndMetadata()
                        .get(5, TimeUnit.SECONDS).get(EVENTS);
                if (o != null) {
                    delivered.merge(name, o.offset() - 1, Math::max); // a group's offset is the next to read
                }
            } catch (Exception e) {
                interrupted(e);
                LOG.debug("cannot read how far '{}' was delivered: {}", name, e.toString());
            }
        }
        return delivered.getOrDefault(name, -1L);
    }

    @Override
    public void delivered(String name, long offset) {
        delivered.merge(name, offset, Math::max);
        try {
            admin.alterConsumerGroupOffsets(group(name), Map.of(EVENTS, new OffsetAndMetadata(offset + 1)))
                    .all().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            interrupted(e);
            // a standby taking over re-delivers from the last position it read: at least once, same keys
            LOG.warn("cannot record how far '{}' was delivered ({}): {}", name, offset, e.toString());
        }
    }

    private static void interrupted(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
