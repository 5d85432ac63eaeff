package org.vigil.server.cluster;

import org.apache.kafka.clients.consumer.KafkaConsumer;

/** How a node's consumer threads (the log's reader, the owners' group member) are ended. */
final class ConsumerThreads {
    private static final long STOP_WITHIN_MILLIS = 5_000;

    private ConsumerThreads() {
    }

    /**
     * Wakes the consumer (a poll in progress, or the next one, throws {@code WakeupException}, which ends its loop)
     * and waits for its thread, which closes the consumer on its way out; bounded.
     */
    static void stop(KafkaConsumer<?, ?> consumer, Thread thread) {
        consumer.wakeup();
        try {
            thread.join(STOP_WITHIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
