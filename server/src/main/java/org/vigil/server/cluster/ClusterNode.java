package org.vigil.server.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.server.engine.Engine;
import org.vigil.server.engine.SharedLog;
import org.vigil.server.journal.DeliveryTurn;
import org.vigil.server.journal.Journal;
import org.vigil.server.snapshots.SnapshotFile;
import org.vigil.server.snapshots.Snapshots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's part in a cluster: the cluster's topics made sure of, a member of the owners' group, an appender to
 * the cluster's log, the followers' turns, the cluster's snapshot (a node with no data starts from it; the owner
 * publishes its own) and, once the engine has replayed its own journal, a reader of the log after it. Built before
 * the engine (the engine appends through {@link #log}), followed once it is ready ({@link #follow}).
 */
public final class ClusterNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

    /**
     * What {@code /health} and the metrics say of this node in the cluster.
     *
     * @param logOffset           the offset of the last record of the log this node applied (-1: none)
     * @param lagRecords          records of the log this node has not read yet (-1: not known yet)
     * @param startedFromSnapshot the log offset of the cluster's snapshot this node started from, when it started
     *                            with no data of its own (-1: it started from its own journal)
     * @param notFollowing        why this node stopped reading the log, or null while it reads it
     */
    public record Status(String node, boolean owner, long logOffset, long lagRecords, long startedFromSnapshot,
                         String notFollowing, String notAppending) {}

    private final ClusterSettings settings;
    private final PartitionOwnership ownership;
    private final KafkaLog log;
    private final SharedPositions positions;
    private final SnapshotTopic snapshots;
    /** This node's own snapshots, once {@link #startFromSnapshot} was told them: whether it started from a seed. */
    private volatile Snapshots local;
    private volatile long snapshotPublished = -1;
    private final AtomicLong snapshotPublishFailures = new AtomicLong();
    private LogReader reader;

    private ClusterNode(ClusterSettings settings, PartitionOwnership ownership, KafkaLog log) {
        this.settings = settings;
        this.ownership = ownership;
        this.log = log;
        this.positions = new SharedPositions(settings, ownership::owner);
        this.snapshots = new SnapshotTopic(settings);
    }

    /** Joins the cluster: fails at once, naming the brokers, when they cannot be reached. */
    public static ClusterNode join(ClusterSettings settings) {
        ClusterTopics.ensure(settings);
        PartitionOwnership ownership = new PartitionOwnership(settings);
        KafkaLog log = new KafkaLog(settings, ownership::owner);
        ownership.start();
        return new ClusterNode(settings, ownership, log);
    }

    /** The log the engine appends to. */
    public SharedLog log() {
        return log;
    }

    /** The followers' turns: the owner delivers webhooks and writes to InfluxDB, the other nodes stand by. */
    public DeliveryTurn turns() {
        return positions;
    }

    /**
     * A node with no data of its own (new, or its disk replaced) starts from the cluster's newest snapshot, so it
     * reads only the log after it rather than the whole log; the seed is kept beside its own snapshots
     * ({@link Snapshots#seed}). With none in the topic yet, or one this build cannot read (another version's layout
     * during an upgrade), the node reads the whole log. Before the engine restores its state.
     */
    public void startFromSnapshot(Journal journal, Snapshots local) throws IOException {
        this.local = local;
        if (journal.lastIndex() != 0 || !local.files().isEmpty() || local.seeded().isPresent()) {
            return;
        }
        long start = System.nanoTime();
        Optional<SnapshotTopic.Newest> newest = snapshots.newest();
        if (newest.isEmpty()) {
            LOG.info("no data here and no snapshot in the cluster yet: reading the cluster's log from its start");
            return;
        }
        try {
            Snapshots.Seed seed = local.seed(newest.get().snapshot(), newest.get().logOffset());
            LOG.info("no data here: starting from the cluster's snapshot of the log up to offset {} ({} bytes, read"
                    + " in {} ms)", seed.logOffset(), newest.get().snapshot().length,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (SnapshotFile.Unusable e) {
            LOG.warn("the cluster's snapshot cannot be used here ({}): reading the cluster's log from its start",
                    e.getMessage());
        }
    }

    /**
     * Copies a snapshot this node wrote, of the log up to {@code logOffset}, to the cluster's snapshot topic when
     * this node owns the events partition (one writer); on the snapshot writer's thread. A failure is logged: the
     * topic keeps the previous snapshot, and the next is tried at the next snapshot.
     */
    public void publishSnapshot(Path file, long logOffset) {
        if (!ownership.owner()) {
            return;
        }
        try {
            long start = System.nanoTime();
            byte[] bytes = Files.readAllBytes(file);
            snapshots.publish(bytes, logOffset);
            snapshotPublished = logOffset;
            LOG.info("snapshot of the log up to offset {} published to the cluster ({} bytes in {} ms)", logOffset,
                    bytes.length, (System.nanoTime() - start) / 1_000_000);
        } catch (IOException | ExecutionException | TimeoutException | RuntimeException e) {
            snapshotPublishFailures.incrementAndGet();
            LOG.warn("snapshot of the log up to offset {} not published to the cluster: {}", logOffset, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The log offset of the newest snapshot this node published to the cluster since it started; -1: none. */
    public long snapshotPublished() {
        return snapshotPublished;
    }

    /** Snapshots this node, as owner, failed to publish to the cluster since it started. */
    public long snapshotPublishFailures() {
        return snapshotPublishFailures.get();
    }

    /** Starts reading the cluster's log into {@code engine} once it has replayed its journal. */
    public void follow(Engine engine) {
        reader = new LogReader(settings, engine);
        LogReader following = reader;
        log.watchRecovery(engine::logResumesAfter, following::end);
        // An owner whose engine is held appends no ticks; one that stopped reading the log delivers nothing more
        // (its journal no longer grows): either way another node must own the partition.
        ownership.whileAlive(() -> engine.stalledMillis() == 0 && following.stopped() == null);
        reader.start();
    }

    public Status status(Engine engine) {
        return new Status(settings.nodeId(), ownership.owner(), engine.logResumesAfter(),
                reader == null ? -1 : reader.lag(),
                local == null ? -1 : local.seeded().map(Snapshots.Seed::logOffset).orElse(-1L),
                reader == null ? null : reader.stopped(), log.notAppending());
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
        }
        log.close();
        snapshots.close();
        positions.close();
        ownership.close();
    }
}
