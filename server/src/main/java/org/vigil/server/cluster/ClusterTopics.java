package org.vigil.server.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the cluster's two topics on first start (every node tries; the first wins), each replicated 3 times with
 * {@code min.insync.replicas} 2 where there are three brokers or more, so an acknowledged record is on two brokers
 * at least and one broker may die without stopping ingest:
 * <ul>
 *   <li>the events topic, kept forever by default: time travel on a node, and a node whose journal is behind,
 *   need the records (docs/cluster.md, retention);</li>
 *   <li>the snapshots topic, compacted (only the newest value of each key is kept), in segments of an hour so
 *   compaction can drop the hour-old snapshot's chunks.</li>
 * </ul>
 */
final class ClusterTopics {
    private static final String SEGMENT_MS = String.valueOf(TimeUnit.HOURS.toMillis(1));

    private ClusterTopics() {
    }

    static void ensure(ClusterSettings settings) {
        try (Admin admin = Admin.create(settings.client("admin"))) {
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            short replicas = (short) Math.min(3, brokers);
            String minInSync = String.valueOf(Math.min(2, replicas));
            create(admin, new NewTopic(ClusterSettings.EVENTS_TOPIC, 1, replicas).configs(Map.of(
                    "min.insync.replicas", minInSync,
                    "retention.ms", "-1",
                    "unclean.leader.election.enable", "false")));
            create(admin, new NewTopic(ClusterSettings.SNAPSHOTS_TOPIC, 1, replicas).configs(Map.of(
                    "cleanup.policy", "compact",
                    "segment.ms", SEGMENT_MS,
                    "min.insync.replicas", minInSync,
                    "unclean.leader.election.enable", "false")));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach the Kafka brokers at " + settings.bootstrapServers()
                    + " to create the cluster's topics: " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the cluster's topics", e);
        }
    }

    private static void create(Admin admin, NewTopic topic) throws ExecutionException, InterruptedException,
            TimeoutException {
        try {
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
