package org.vigil.server.cluster;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.server.engine.Engine;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every node reads the whole events partition, in order, from just after the last record its journal has, and
 * hands each record to its engine: so every node holds the same state and serves every screen. It reads only what
 * the in-sync replicas all have (Kafka's high watermark), never a record a broker's failure could take back. Its
 * own thread; assigned the partition, not in a group, since every node reads everything.
 */
final class LogReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogReader.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Engine engine;
    private final Thread thread;
    private volatile boolean running = true;
    /** Records in the log (up to its high watermark) this node has not read yet, as of the last poll; -1 unknown. */
    private volatile long lag = -1;
    /** The log's high watermark (the offset its next record will have) as of the last poll; -1 unknown. */
    private volatile long end = -1;
    /** Why this reader stopped before being closed, or null. */
    private volatile String stopped;

    LogReader(ClusterSettings settings, Engine engine) {
        Map<String, Object> config = new HashMap<>(settings.client("reader"));
        config.put("enable.auto.commit", false);
        config.put("max.poll.records", 1_000);
        config.put("fetch.max.wait.ms", 50);
        config.put("auto.offset.reset", "none"); // never jump over records a node needs: fail, and say so
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.engine = engine;
        this.thread = new Thread(this::run, "vigil-log-reader");
    }

    /** Starts reading, once the engine is ready, after the last record its journal has. */
    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (running && !engine.ready()) {
                Thread.sleep(20); // the engine replays its own journal first
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        TopicPartition partition = new TopicPartition(ClusterSettings.EVENTS_TOPIC, 0);
        consumer.assign(List.of(partition));
        long next = engine.logResumesAfter() + 1;
        try {
            long first = firstOffset(partition);
            if (running && next < first) {
                stop("this node's state ends at the log's offset " + (next - 1) + " but the log now starts at "
                        + first + " (retention deleted the records between), so it cannot catch up: move its data"
                        + " directory aside and start it again, to start from the cluster's newest snapshot", null);
                return;
            }
            consumer.seek(partition, next);
            LOG.info("reading the cluster's log from offset {}", next);
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    engine.consumed(LogRecords.decode(r.value()), r.offset());
                }
                lag = consumer.currentLag(partition).orElse(-1);
                end = lag < 0 ? -1 : consumer.position(partition) + lag;
            }
        } catch (WakeupException stopping) {
            // close()
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            stop("reading the cluster's log failed: " + e, e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** The log's first retained offset, asked until the brokers answer or the reader is closed; -1 when closed. */
    private long firstOffset(TopicPartition partition) {
        while (running) {
            try {
                return consumer.beginningOffsets(List.of(partition), Duration.ofSeconds(10)).get(partition);
            } catch (TimeoutException e) {
                LOG.warn("the brokers did not say where the cluster's log starts within 10 s; asking again");
            }
        }
        return -1;
    }

    private void stop(String why, Exception e) {
        stopped = why;
        LOG.error("{}; this node no longer follows the cluster's log", why, e);
    }

    /** Why this node stopped reading the log (not closed: failed), or null while it reads it. */
    String stopped() {
        return stopped;
    }

    /** Records of the log not yet read by this node (-1 before the first poll tells). */
    long lag() {
        return lag;
    }

    /** The offset the log's next record will have, as of the last poll (-1 before it tells). */
    long end() {
        return end;
    }

    @Override
    public void close() {
        running = false;
        ConsumerThreads.stop(consumer, thread);
    }
}
