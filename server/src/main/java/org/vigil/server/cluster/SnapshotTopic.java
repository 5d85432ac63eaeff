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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * than a Kafka record may be, so it is written in chunks under keys naming the log offset it covers
 * ({@code events-0@<offset>#0}, {@code #1}, …), and then a manifest under {@code events-0} naming that offset and
 * the number of chunks; compaction keeps the newest value of each key. A reader takes the manifest's chunks, which
 * a newer snapshot half written (its publisher died) never touches, since its keys differ. Once a manifest is
 * written, the chunks of every other snapshot are deleted (tombstones): the publisher's own previous one, or, the
 * first time a node publishes, whatever an earlier owner left. Written by the events partition's owner alone, from
 * the snapshot writer's thread.
 */
final class SnapshotTopic implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotTopic.class);
    /** Under the default {@code max.message.bytes} (1 MiB) with room for the record's framing. */
    static final int CHUNK_BYTES = 512 * 1024;
    static final String MANIFEST = "events-0";
    private static final Duration READ_WITHIN = Duration.ofMinutes(2);

    /** The newest snapshot in the topic: its bytes (a whole snapshot file) and the log offset it covers. */
    record Newest(byte[] snapshot, long logOffset) {}

    private final ClusterSettings settings;
    private KafkaProducer<String, byte[]> producer;
    /** The chunk keys of the last snapshot this node published; null until it has published one. */
    private List<String> lastChunks;

    SnapshotTopic(ClusterSettings settings) {
        this.settings = settings;
    }

    private static String chunk(long logOffset, int k) {
        return MANIFEST + "@" + logOffset + "#" + k;
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
        // what to delete once this snapshot is the newest: the last one published here, or everything found
        List<String> stale = lastChunks != null ? lastChunks : chunkKeys(read());
        int chunks = Math.max(1, (snapshot.length + CHUNK_BYTES - 1) / CHUNK_BYTES);
        List<String> keys = new ArrayList<>(chunks);
        List<Future<RecordMetadata>> sent = new ArrayList<>(chunks);
        for (int k = 0; k < chunks; k++) {
            int from = k * CHUNK_BYTES;
            byte[] part = Arrays.copyOfRange(snapshot, from, Math.min(snapshot.length, from + CHUNK_BYTES));
            keys.add(chunk(logOffset, k));
            sent.add(producer.send(record(keys.get(k), part)));
        }
        for (Future<RecordMetadata> f : sent) {
            f.get(30, TimeUnit.SECONDS); // every chunk acknowledged before the manifest names them
        }
        String manifest = logOffset + " " + chunks + " " + snapshot.length;
        producer.send(record(MANIFEST, manifest.getBytes(StandardCharsets.US_ASCII))).get(30, TimeUnit.SECONDS);
        lastChunks = keys;
        for (String key : stale) {
            if (!keys.contains(key)) {
                producer.send(record(key, null)); // a tombstone: compaction removes the key
            }
        }
        producer.flush();
    }

    private static ProducerRecord<String, byte[]> record(String key, byte[] value) {
        return new ProducerRecord<>(ClusterSettings.SNAPSHOTS_TOPIC, 0, key, value);
    }

    /**
     * The newest snapshot in the topic; empty when none was written yet, or when its chunks are not all there (it
     * is then logged, and the node reads the whole log instead).
     */
    Optional<Newest> newest() {
        Map<String, byte[]> latest = read();
        byte[] manifest = latest.get(MANIFEST);
        if (manifest == null) {
            return Optional.empty();
        }
        String[] fields = new String(manifest, StandardCharsets.US_ASCII).split(" ");
        long offset = Long.parseLong(fields[0]);
        int chunks = Integer.parseInt(fields[1]);
        ByteArrayOutputStream out = new ByteArrayOutputStream(Integer.parseInt(fields[2]));
        for (int k = 0; k < chunks; k++) {
            byte[] part = latest.get(chunk(offset, k));
            if (part == null) {
                LOG.warn("the cluster's snapshot of the log up to offset {} lacks chunk {} of {}: not used", offset,
                        k, chunks);
                return Optional.empty();
            }
            out.write(part, 0, part.length);
        }
        return Optional.of(new Newest(out.toByteArray(), offset));
    }

    /** Every key's newest value, the topic read from its start to its end as of now (a tombstone removes the key). */
    Map<String, byte[]> read() {
        Map<String, Object> config = new HashMap<>(settings.client("snapshot-reader"));
        config.put("enable.auto.commit", false);
        config.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(ClusterSettings.SNAPSHOTS_TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(30)).get(partition);
            Map<String, byte[]> latest = new HashMap<>();
            long deadline = System.nanoTime() + READ_WITHIN.toNanos();
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading the cluster's snapshot topic took over " + READ_WITHIN);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        latest.remove(r.key());
                    } else {
                        latest.put(r.key(), r.value());
                    }
                }
            }
            return latest;
        }
    }

    private static List<String> chunkKeys(Map<String, byte[]> latest) {
        return latest.keySet().stream().filter(k -> k.startsWith(MANIFEST + "@")).toList();
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
    }
}
