package org.vigil.server.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.cluster.KafkaBrokers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The owners' group on a real Kafka broker: an owner whose engine thread is held (EngineStallTest) gives the events
 * partition to another node — without waiting for the session timeout, since its heartbeats would go on — so that
 * the ticks, and with them the escalations, carry on from there; once its engine runs again it rejoins as a standby
 * and takes the partition back when the other node goes. In the server's package, to build the members directly.
 */
class PartitionOwnershipTest {
    private static final Duration WITHIN = Duration.ofSeconds(60);

    @Test
    void anOwnerWhoseEngineIsHeldGivesThePartitionToAnotherNodeAndRejoinsWhenItRunsAgain(@TempDir Path dir)
            throws Exception {
        try (KafkaBrokers brokers = KafkaBrokers.start(dir.resolve("kafka"), 1)) {
            brokers.awaitReady(Duration.ofMinutes(2));
            ClusterTopics.ensure(settings(brokers, "vigil-1"));
            AtomicBoolean engineRuns = new AtomicBoolean(true);
            try (PartitionOwnership first = new PartitionOwnership(settings(brokers, "vigil-1"));
                 PartitionOwnership second = new PartitionOwnership(settings(brokers, "vigil-2"))) {
                first.whileAlive(engineRuns::get);
                first.start();
                await(first::owner, "the first node owns the partition");
                second.start();

                engineRuns.set(false);
                await(second::owner, "the second node took the partition over from the held one");
                assertFalse(first.owner(), "one owner at a time");

                engineRuns.set(true);
                second.close(); // the first is a member again: the partition comes back to it
                await(first::owner, "the first node, running again, took the partition back");
            }
        }
    }

    private static ClusterSettings settings(KafkaBrokers brokers, String node) {
        return new ClusterSettings(brokers.bootstrapServers(), node, Map.of(), List.of());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " within " + WITHIN);
            Thread.sleep(50);
        }
    }
}
