package org.vigil.server.cluster;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.vigil.events.Event;
import org.vigil.server.engine.Engine;
import org.vigil.server.engine.SharedLog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Appends to the events topic with {@code acks=all} and an idempotent producer: a record counts as appended only
 * when every in-sync replica has it (at least {@code min.insync.replicas}, 2), and the producer's own retries never
 * write it twice. A failed append is {@link Engine.Unavailable}: the sender gets a 503 and sends again, and a
 * record that did land after all is then a duplicate the engine recognises by its id.
 */
final class KafkaLog implements SharedLog, AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final BooleanSupplier owner;
    /**
     * Why the last append failed, until the log is seen taking records again; null while appends succeed. With two
     * brokers of three gone, nothing can be appended — events, answers, and the audit entries every API read waits
     * for — while walls go on: {@code /health} says so rather than "ok" (found by an independent check).
     */
    private final AtomicReference<String> notAppending = new AtomicReference<>();
    /**
     * The offset the log's next record would have had when an append last failed, as this node knew it: a record
     * at or past it was appended since. {@link Long#MAX_VALUE} when unknown (only an append of its own then says).
     */
    private volatile long endWhenFailed = Long.MAX_VALUE;
    /** This node's last applied offset of the log, and the log's end as its reader last saw it ({@link #watchRecovery}). */
    private volatile LongSupplier applied = () -> -1;
    private volatile LongSupplier end = () -> -1;

    KafkaLog(ClusterSettings settings, BooleanSupplier owner) {
        Map<String, Object> config = new HashMap<>(settings.client("log"));
        config.put("acks", "all");
        config.put("enable.idempotence", true);
        config.put("max.in.flight.requests.per.connection", 5);
        config.put("linger.ms", 0); // a single event is sent at once; under load the producer batches by itself
        config.put("request.timeout.ms", 5_000);
        config.put("delivery.timeout.ms", 10_000); // within the sender's patience: it is then told 503 and retries
        config.put("max.block.ms", 5_000);
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.owner = owner;
    }

    @Override
    public CompletableFuture<long[]> append(List<Event> records) {
        CompletableFuture<long[]> done = new CompletableFuture<>();
        long[] offsets = new long[records.size()];
        AtomicInteger pending = new AtomicInteger(records.size());
        try {
            for (int i = 0; i < records.size(); i++) {
                int at = i;
                producer.send(new ProducerRecord<>(ClusterSettings.EVENTS_TOPIC, 0, null,
                        LogRecords.encode(records.get(i))), (meta, failure) -> {
                    if (failure != null) {
                        failed("the cluster's log did not acknowledge the last append (" + failure.getClass()
                                .getSimpleName() + ")");
                        done.completeExceptionally(new Engine.Unavailable(
                                "the cluster's log did not acknowledge the event: " + failure.getMessage()));
                    } else {
                        notAppending.set(null);
                        offsets[at] = meta.offset();
                        if (pending.decrementAndGet() == 0) {
                            done.complete(offsets);
                        }
                    }
                });
            }
        } catch (RuntimeException e) { // the producer's buffer full for max.block.ms, or the producer closed
            failed("the cluster's log is not taking appends (" + e.getClass().getSimpleName() + ")");
            done.completeExceptionally(new Engine.Unavailable("the cluster's log is not taking events: " + e.getMessage()));
        }
        return done;
    }

    /**
     * How this node sees the log grow: a node that takes no ingest appends nothing of its own, so once its append
     * failed it learns that the log takes records again from the records other nodes append that it reads (events
     * sent to them, the owner's ticks when a deadline falls due: a quiet cluster may append nothing for a while).
     */
    void watchRecovery(LongSupplier appliedOffset, LongSupplier logEnd) {
        applied = appliedOffset;
        end = logEnd;
    }

    private void failed(String why) {
        long e = end.getAsLong();
        endWhenFailed = e < 0 ? Long.MAX_VALUE : e;
        notAppending.set(why);
    }

    /**
     * Why appends are failing (an exception's class, no text: {@code /health} needs no token); null once one has
     * succeeded, or this node has read a record appended after the failure.
     */
    String notAppending() {
        String why = notAppending.get();
        if (why != null && applied.getAsLong() >= endWhenFailed && notAppending.compareAndSet(why, null)) {
            return null; // (a failure recorded meanwhile is another string, and stays)
        }
        return notAppending.get();
    }

    @Override
    public boolean owner() {
        return owner.getAsBoolean();
    }

    @Override
    public void close() {
        producer.close();
    }
}
