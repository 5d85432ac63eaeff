package org.vigil.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three real brokers, each in its own JVM: a topic as Vigil's events topic will be (replication 3,
 * min.insync.replicas 2), an idempotent acks=all producer writing while the leader of a partition is SIGKILLed;
 * then every acknowledged record is read back exactly once, and the killed broker restarts and rejoins every ISR.
 * Bounded throughout; no timing is asserted.
 */
class KafkaBrokersTest {
    private static final String TOPIC = "acks";
    private static final int PARTITIONS = 3;
    /** The kill comes after this many records were sent, while later ones are still being sent. */
    private static final int KILL_AFTER = 2_000;
    /** Records sent after the kill that must be acknowledged before the stream stops. */
    private static final int AFTER_KILL = 2_000;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyAcknowledgedRecordSurvivesABrokerKilledMidStreamAndTheBrokerRejoins(@TempDir Path dir)
            throws Exception {
        try (KafkaBrokers brokers = KafkaBrokers.start(dir, 3)) {
            brokers.awaitReady(Duration.ofMinutes(2));
            assertEquals(3, brokers.bootstrapServers().split(",").length, brokers.bootstrapServers());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    brokers.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3)
                        .configs(Map.of("min.insync.replicas", "2")))).all().get(60, TimeUnit.SECONDS);
                int victim = indexOf(brokers, leaderOfPartition0(admin));

                Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
                Map<Long, Exception> failed = new ConcurrentHashMap<>();
                AtomicLong acknowledgedAfterKill = new AtomicLong();
                AtomicLong sent = new AtomicLong();
                CountDownLatch killed = new CountDownLatch(1);
                try (KafkaProducer<String, String> producer = producer(brokers)) {
                    Thread killer = null;
                    long seq = 0;
                    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                    // a steady stream before, during and after the kill, until the producer has been answered
                    // for AFTER_KILL records sent after the broker died
                    while (seq < KILL_AFTER || killed.getCount() > 0 || acknowledgedAfterKill.get() < AFTER_KILL) {
                        assertTrue(System.nanoTime() < deadline, "the stream did not get " + AFTER_KILL
                                + " records acknowledged after the kill within 2 minutes (" + acknowledgedAfterKill
                                + ")");
                        if (seq == KILL_AFTER) {
                            // from another thread, so records go on being sent while the broker dies
                            killer = new Thread(() -> {
                                try {
                                    brokers.kill(victim);
                                    killed.countDown();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }, "kill-broker");
                            killer.start();
                        }
                        long s = seq++;
                        boolean sentAfterKill = killed.getCount() == 0;
                        producer.send(new ProducerRecord<>(TOPIC, "unit-" + (s % 17), Long.toString(s)),
                                (meta, e) -> {
                                    if (e == null) {
                                        acknowledged.add(s);
                                        if (sentAfterKill) {
                                            acknowledgedAfterKill.incrementAndGet();
                                        }
                                    } else {
                                        failed.put(s, e);
                                    }
                                });
                        sent.set(seq);
                        if (seq % 20 == 0) {
                            Thread.sleep(10); // about 2,000 records a second
                        }
                    }
                    killer.join(TimeUnit.SECONDS.toMillis(60));
                    assertEquals(0, killed.getCount(), "the broker was not killed");
                    producer.flush(); // bounded by delivery.timeout.ms
                }
                assertEquals(Map.of(), failed, "sends that failed although two in-sync replicas remained");
                assertEquals(sent.get(), acknowledged.size(), "every record sent was acknowledged");
                System.out.printf("KafkaBrokersTest: %d records sent and acknowledged, %d of them sent after broker"
                        + " %d was killed%n", sent.get(), acknowledgedAfterKill.get(), brokers.nodeId(victim));

                Map<Long, Integer> readBack = readAll(brokers);
                Map<Long, Integer> notOnce = new HashMap<>();
                for (long seq : acknowledged) {
                    int times = readBack.getOrDefault(seq, 0);
                    if (times != 1) {
                        notOnce.put(seq, times);
                    }
                }
                assertEquals(Map.of(), notOnce, "acknowledged records read back other than exactly once (seq=times)");
                assertEquals(acknowledged.size(), readBack.values().stream().mapToInt(Integer::intValue).sum(),
                        "records in the topic that were never acknowledged, or duplicates");

                brokers.restart(victim);
                brokers.awaitReady(Duration.ofMinutes(2));
                awaitFullIsr(admin, brokers.nodeId(victim));
            }
            List<ProcessHandle> running = brokers.processes();
            assertEquals(3, running.size());
            brokers.close();
            assertTrue(running.stream().noneMatch(ProcessHandle::isAlive), "a broker outlived close()");
            assertEquals(List.of(), ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                    .map(h -> h.info().commandLine().orElse("?")).filter(c -> c.contains("kafka.Kafka")).toList(),
                    "broker processes left behind");
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aBrokerThatCannotStartIsReportedWithTheEndOfItsLog(@TempDir Path dir) throws Exception {
        try (KafkaBrokers brokers = KafkaBrokers.start(dir, 1)) {
            brokers.kill(0); // (before it is ready: only its port and formatted storage matter here)
            int port = Integer.parseInt(brokers.bootstrapServers().substring("127.0.0.1:".length()));
            // another program takes the broker's port while it is down
            try (ServerSocket squatter = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                brokers.restart(0);
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> brokers.awaitReady(Duration.ofMinutes(2)));
                assertTrue(e.getMessage().contains("broker 1") && e.getMessage().contains("exited"), e.getMessage());
                assertTrue(e.getMessage().contains("Address already in use"), e.getMessage());
            }
        }
    }

    private static KafkaProducer<String, String> producer(KafkaBrokers brokers) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrapServers());
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        // long enough for the controller to fence the killed broker and move its leaderships
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 90_000);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaProducer<>(c);
    }

    /** Every record in the topic, counted by its sequence number; bounded by the end offsets read first. */
    private static Map<Long, Integer> readAll(KafkaBrokers brokers) {
        Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        Map<Long, Integer> counts = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(TOPIC, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertTrue(System.nanoTime() < deadline, "the topic was not read to its end within 60 s");
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    counts.merge(Long.parseLong(r.value()), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /**
     * The leader of partition 0, once every partition has one. A topic just created is not yet known to every
     * broker (the one the admin client asks may answer "unknown topic"), nor are its leaders elected: asked again
     * until it is, for 60 s at most.
     */
    private static int leaderOfPartition0(Admin admin) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                List<TopicPartitionInfo> ps = partitions(admin);
                if (ps.size() == PARTITIONS
                        && ps.stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return ps.get(0).leader().id();
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            assertTrue(System.nanoTime() < deadline, "topic " + TOPIC + " had no leader for every partition in 60 s");
            Thread.sleep(250);
        }
    }

    private static List<TopicPartitionInfo> partitions(Admin admin) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(TOPIC);
        return d.partitions();
    }

    private static int indexOf(KafkaBrokers brokers, int nodeId) {
        for (int i = 0; i < brokers.size(); i++) {
            if (brokers.nodeId(i) == nodeId) {
                return i;
            }
        }
        throw new AssertionError("no broker has node id " + nodeId);
    }

    /** Waits (at most 2 minutes) until the restarted broker is back in the ISR of every partition. */
    private static void awaitFullIsr(Admin admin, int nodeId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        String isrs = "";
        while (System.nanoTime() < deadline) {
            List<TopicPartitionInfo> ps = partitions(admin);
            isrs = ps.stream().map(p -> p.partition() + ":" + p.isr().stream().map(n -> n.id()).toList())
                    .collect(Collectors.joining(" "));
            if (ps.stream().allMatch(p -> p.isr().size() == 3 && p.isr().stream().anyMatch(n -> n.id() == nodeId))) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("broker " + nodeId + " did not rejoin every ISR within 2 minutes: " + isrs);
    }
}
