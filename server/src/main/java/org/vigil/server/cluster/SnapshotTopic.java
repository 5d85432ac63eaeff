package org.vigil.server.cluster;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The cluster's newest state snapshot, in a compacted topic ({@value ClusterSettings#SNAPSHOTS_TOPIC}), so a node
 * with no data of its own starts from it and reads only the log after it, not the whole log. A snapshot is larger
 * than a Kafka record may be, so it is written in chunks under keys {@code events-0#0}, {@code events-0#1}, … and
 * then a manifest under {@code events-0} saying which log offset the snapshot covers and how many chunks it has;
 * compaction keeps the newest value of each key. Each chunk starts with the offset of the snapshot it belongs to: a
 * reader that met a newer snapshot's chunks half written (the manifest comes last) sees the mismatch and reads
 * again. Written by the events partition's owner alone, from the snapshot writer's thread.
 */
final class SnapshotTopic implements AutoCloseable {
    /** Under the default {@code max.message.bytes} (1 MiB) with room for the record's framing. */
    static final int CHUNK_BYTES = 512 * 1024;
    private static final String MANIFEST = "events-0";
    private static final int READ_ATTEMPTS = 5;

    /** The newest snapshot in the topic: its bytes (a whole snapshot file) and the log offset it covers. */
    record Newest(byte[] snapshot, long logOffset) {}

    private final ClusterSettings settings;
    private KafkaProducer<String, byte[]> producer;
    /** Chunks the last manifest this node wrote named: keys beyond a smaller snapshot's count are deleted. */
    private int lastChunks;

    SnapshotTopic(ClusterSettings settings) {
        this.settings = settings;
    }

    /** Writes {@code snapshot}, covering the log up to {@code logOffset}, as the newest; blocks until acknowledged. */
    synchronized void publish(byte[] snapshot, long logOffset) throws ExecutionException, InterruptedException,
            TimeoutException {
        if (producer == null) {
            Map<String, Object> config = new HashMap<>(settings.client("snapshots"));
            config.put("acks", "all");
            config.put("enable.idempotence", true);
            config.put("compression.type", "lz4");
            producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        }
        int chunks = Math.max(1, (snapshot.length + CHUNK_BYTES - 1) / CHUNK_BYTES);
        List<Future<RecordMetadata>> sent = new ArrayList<>(chunks);
        for (int k = 0; k < chunks; k++) {
            int from = k * CHUNK_BYTES;
            int length = Math.min(CHUNK_BYTES, snapshot.length - from);
            ByteBuffer chunk = ByteBuffer.allocate(Long.BYTES + length).putLong(logOffset).put(snapshot, from, length);
            sent.add(producer.send(record(MANIFEST + "#" + k, chunk.array())));
        }
        // Keys beyond this snapshot's chunks: the manifest never names them again, so they are deleted. (A larger
        // snapshot's written by an earlier owner stay until one as large overwrites them; never read.)
        for (int k = chunks; k < lastChunks; k++) {
            sent.add(producer.send(record(MANIFEST + "#" + k, null)));
        }
        for (Future<RecordMetadata> f : sent) {
            f.get(30, TimeUnit.SECONDS); // every chunk acknowledged before the manifest names them
        }
        String manifest = logOffset + " " + chunks + " " + snapshot.length;
        producer.send(record(MANIFEST, manifest.getBytes(StandardCharsets.US_ASCII))).get(30, TimeUnit.SECONDS);
        lastChunks = chunks;
    }

    private static ProducerRecord<String, byte[]> record(String key, byte[] value) {
        return new ProducerRecord<>(ClusterSettings.SNAPSHOTS_TOPIC, 0, key, value);
    }

    /** The newest snapshot in the topic, read to its end; empty when none was written yet. */
    Optional<Newest> newest() throws InterruptedException {
        Map<String, Object> config = new HashMap<>(settings.client("snapshot-reader"));
        config.put("enable.auto.commit", false);
        config.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(ClusterSettings.SNAPSHOTS_TOPIC, 0);
            consumer.assign(List.of(partition));
            for (int attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
                Optional<Newest> whole = readToEnd(consumer, partition);
                if (whole != null) {
                    return whole;
                }
                Thread.sleep(200L * attempt); // a newer snapshot was being written: its manifest comes last
            }
            throw new IllegalStateException("the cluster's snapshot topic kept changing under " + READ_ATTEMPTS
                    + " reads");
        }
    }

    /** One read from the start to the end: the newest snapshot, empty if none, or null when its chunks disagree. */
    private static Optional<Newest> readToEnd(KafkaConsumer<String, byte[]> consumer, TopicPartition partition) {
        consumer.seekToBeginning(List.of(partition));
        long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(30)).get(partition);
        Map<String, byte[]> latest = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (consumer.position(partition) < end) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("reading the cluster's snapshot topic took over 2 minutes");
            }
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                if (r.value() == null) {
                    latest.remove(r.key());
                } else {
                    latest.put(r.key(), r.value());
                }
            }
        }
        byte[] manifest = latest.get(MANIFEST);
        if (manifest == null) {
            return Optional.empty();
        }
        String[] fields = new String(manifest, StandardCharsets.US_ASCII).split(" ");
        long offset = Long.parseLong(fields[0]);
        int chunks = Integer.parseInt(fields[1]);
        ByteArrayOutputStream out = new ByteArrayOutputStream(Integer.parseInt(fields[2]));
        for (int k = 0; k < chunks; k++) {
            byte[] chunk = latest.get(MANIFEST + "#" + k);
            if (chunk == null || ByteBuffer.wrap(chunk).getLong() != offset) {
                return null;
            }
            out.write(chunk, Long.BYTES, chunk.length - Long.BYTES);
        }
        return Optional.of(new Newest(out.toByteArray(), offset));
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
    }
}
