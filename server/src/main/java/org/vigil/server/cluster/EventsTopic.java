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
 * Creates the events topic on first start (every node tries; the first wins): replication 3 with
 * {@code min.insync.replicas} 2 where there are three brokers or more, so an acknowledged record is on two brokers
 * at least and one broker may die without stopping ingest; kept forever, since a node that loses its disk rebuilds
 * from the log (docs/cluster.md, retention).
 */
final class EventsTopic {
    private EventsTopic() {
    }

    static void ensure(ClusterSettings settings) {
        try (Admin admin = Admin.create(settings.client("admin"))) {
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            short replicas = (short) Math.min(3, brokers);
            NewTopic topic = new NewTopic(ClusterSettings.EVENTS_TOPIC, 1, replicas).configs(Map.of(
                    "min.insync.replicas", String.valueOf(Math.min(2, replicas)),
                    "retention.ms", "-1",
                    "unclean.leader.election.enable", "false"));
            try {
                admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach the Kafka brokers at " + settings.bootstrapServers()
                    + " to create the events topic: " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the events topic", e);
        }
    }
}
