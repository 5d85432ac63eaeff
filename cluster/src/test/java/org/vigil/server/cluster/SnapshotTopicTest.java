package org.vigil.server.cluster;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.cluster.KafkaBrokers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster's snapshot topic on a real broker: a snapshot larger than a Kafka record is written in chunks and read
 * back whole; a smaller one after it replaces it and its chunks are deleted; a publisher that died half way through
 * a newer one (chunks, no manifest) leaves the newest whole one readable; and a new owner's first publish deletes
 * whatever earlier owners left. In the server's package, to use the topic directly.
 */
class SnapshotTopicTest {
    @Test
    void snapshotsAreChunkedReadBackWholeAndWhatIsNotTheNewestIsDeleted(@TempDir Path dir) throws Exception {
        try (KafkaBrokers brokers = KafkaBrokers.start(dir.resolve("kafka"), 1)) {
            brokers.awaitReady(Duration.ofMinutes(2));
            ClusterSettings settings = new ClusterSettings(brokers.bootstrapServers(), "vigil-1", Map.of(), List.of());
            ClusterTopics.ensure(settings);
            byte[] large = bytes(SnapshotTopic.CHUNK_BYTES * 2 + 12_345, 1); // three chunks
            byte[] small = bytes(SnapshotTopic.CHUNK_BYTES / 3, 2);
            try (SnapshotTopic owner = new SnapshotTopic(settings)) {
                assertTrue(owner.newest().isEmpty(), "none yet");

                owner.publish(large, 100);
                assertNewest(owner, large, 100);
                assertEquals(keys(100, 3), owner.read().keySet());

                owner.publish(small, 200);
                assertNewest(owner, small, 200);
                assertEquals(keys(200, 1), owner.read().keySet(), "the larger snapshot's chunks deleted");
            }

            // the owner dies half way through a newer snapshot: two of its chunks written, no manifest
            byte[] chunk = Arrays.copyOf(large, SnapshotTopic.CHUNK_BYTES);
            try (KafkaProducer<String, byte[]> dying = new KafkaProducer<>(Map.of("bootstrap.servers",
                    brokers.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
                dying.send(new ProducerRecord<>(ClusterSettings.SNAPSHOTS_TOPIC, 0, "events-0@300#0", chunk)).get();
                dying.send(new ProducerRecord<>(ClusterSettings.SNAPSHOTS_TOPIC, 0, "events-0@300#1", chunk)).get();
            }
            try (SnapshotTopic reader = new SnapshotTopic(settings)) {
                assertNewest(reader, small, 200);
            }

            // the next owner's first snapshot: whatever the earlier owners left goes
            try (SnapshotTopic next = new SnapshotTopic(new ClusterSettings(brokers.bootstrapServers(), "vigil-2",
                    Map.of(), List.of()))) {
                next.publish(large, 400);
                assertNewest(next, large, 400);
                assertEquals(keys(400, 3), next.read().keySet());
            }
        }
    }

    private static void assertNewest(SnapshotTopic topic, byte[] snapshot, long offset) {
        SnapshotTopic.Newest n = topic.newest().orElseThrow();
        assertEquals(offset, n.logOffset());
        assertArrayEquals(snapshot, n.snapshot());
    }

    /** The manifest and the chunk keys of the snapshot at {@code offset}. */
    private static Set<String> keys(long offset, int chunks) {
        Set<String> out = new TreeSet<>(Set.of(SnapshotTopic.MANIFEST));
        for (int k = 0; k < chunks; k++) {
            out.add(SnapshotTopic.MANIFEST + "@" + offset + "#" + k);
        }
        return out;
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }
}
