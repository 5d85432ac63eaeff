package org.vigil.server.journal;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.impl.single.TableStoreWriteLock;
import net.openhft.chronicle.queue.impl.TableStore;
import net.openhft.chronicle.queue.impl.table.Metadata;
import net.openhft.chronicle.queue.impl.table.SingleTableBuilder;
import net.openhft.chronicle.threads.Pauser;
import net.openhft.chronicle.wire.DocumentContext;
import org.vigil.events.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The system of record: a Chronicle Queue of every accepted event, rolled daily (UTC, Chronicle's cycles).
 *
 * <p>Durability: an append lands in a memory-mapped file before the sender is answered, so a crash of the JVM
 * (even SIGKILL) loses nothing acknowledged; the OS writes the pages back. A power cut can lose what the OS has
 * not yet written; that is the documented trade for microsecond appends (see docs/operations.md).
 *
 * <p>Appends come from the engine thread only (single writer). Chronicle never deletes cycle files, so retention
 * is applied here ({@link #applyRetention}), at start-up, before anything reads or appends: a cycle older than the
 * retention is deleted only once a state snapshot covers it and every named follower has committed past it, so
 * retention never has to exceed the longest stay (docs/operations.md).
 */
public final class Journal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final DateTimeFormatter CYCLE_FILE = DateTimeFormatter.ofPattern("yyyyMMdd");
    /** The file that says retention has deleted cycles ({@link #retentionCut}): the first kept cycle's date. */
    private static final String RETENTION_CUT = "retention-cut";

    private final Path dir;
    private SingleChronicleQueue queue;
    private ExcerptAppender appender;

    /**
     * An append that did not happen (a read-only or full disk, a directory made immutable): nothing of the record is
     * stored, so the engine applies nothing and the sender is refused (503) and resends. The appender is opened
     * afresh on the next append, so appends resume once the disk takes them again.
     */
    public static final class AppendFailed extends RuntimeException {
        AppendFailed(Exception cause) {
            super("the journal cannot append (" + cause.getClass().getSimpleName() + ")", cause);
        }
    }

    /**
     * Opens (or creates) the journal in {@code dir}; nothing is deleted until {@link #applyRetention}. A directory
     * that cannot be written is refused here, at start-up, rather than at the first event a sender is refused.
     */
    public Journal(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (!Files.isWritable(dir)) {
            throw new AccessDeniedException(dir.toString(), null,
                    "the journal directory cannot be written");
        }
        this.dir = dir;
        this.queue = open(dir);
    }

    private static SingleChronicleQueue open(Path dir) {
        return SingleChronicleQueueBuilder.single(dir.toFile()).rollCycle(RollCycles.FAST_DAILY).build();
    }

    /** Appends one event; returns its journal index. Engine thread only. */
    public long append(Event e) {
        return append(e, false, 0);
    }

    /**
     * Cluster mode: appends one record taken from the cluster's log, with its offset there after it, so a restart
     * resumes the log right after the last record this node applied ({@link #lastLogOffset}). Readers of the event
     * ({@link JournalCodec#read}) never see the offset. Engine thread only.
     */
    public long append(Event e, long logOffset) {
        return append(e, true, logOffset);
    }

    private long append(Event e, boolean withOffset, long logOffset) {
        try {
            if (appender == null) {
                appender = queue.createAppender();
            }
            try (DocumentContext dc = appender.writingDocument()) {
                JournalCodec.write(e, dc.wire().bytes());
                if (withOffset) {
                    dc.wire().bytes().writeLong(logOffset);
                }
                return dc.index();
            }
        } catch (Exception failed) { // Chronicle throws IOExceptions unchecked (sneakily): caught as Exception
            if (appender != null) {
                appender.close();
                appender = null;
            }
            releaseWriteLock();
            LOG.error("the journal cannot append in {}: the record was not stored, its sender is refused", dir, failed);
            throw new AppendFailed(failed);
        }
    }

    /**
     * Chronicle releases the queue's write lock when acquiring a document throws a RuntimeException or an Error,
     * but not a checked IOException it throws sneakily (creating a cycle file on a disk that refuses it): the lock
     * stays held and every later append waits it out and fails, for good. This is the single writer, so nothing
     * else can hold it: it is released as Chronicle's own UnlockMain does, through the metadata file.
     */
    private void releaseWriteLock() {
        try (TableStore<Metadata.NoMeta> meta = SingleTableBuilder.binary(dir.resolve(SingleChronicleQueue.QUEUE_METADATA_FILE),
                Metadata.NoMeta.INSTANCE).readOnly(false).build();
             TableStoreWriteLock lock = new TableStoreWriteLock(meta, Pauser::balanced, 0L)) {
            lock.forceUnlock();
        } catch (RuntimeException e) {
            LOG.warn("the journal's write lock in {} could not be released", dir, e);
        }
    }

    /** The cluster log's offset of the last record appended with one ({@link #append(Event, long)}), or -1. */
    public long lastLogOffset() {
        try (ExcerptTailer tailer = queue.createTailer().direction(TailerDirection.BACKWARD).toEnd();
             DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return -1;
            }
            var bytes = dc.wire().bytes();
            JournalCodec.read(bytes);
            return bytes.readRemaining() >= Long.BYTES ? bytes.readLong() : -1;
        }
    }

    /** The cluster log's offset of the record at {@code index} (appended with {@link #append(Event, long)}). */
    public long logOffsetAt(long index) {
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (!tailer.moveToIndex(index)) {
                throw new IllegalStateException("journal record " + index + " is not in the journal");
            }
            try (DocumentContext dc = tailer.readingDocument()) {
                var bytes = dc.wire().bytes();
                JournalCodec.read(bytes);
                if (bytes.readRemaining() < Long.BYTES) {
                    throw new IllegalStateException("journal record " + index + " has no offset of the cluster's log");
                }
                return bytes.readLong();
            }
        }
    }

    /** Feeds every retained event, oldest first, to {@code sink}; returns how many. */
    public long replay(Consumer<Event> sink) {
        return replayAfter(0, (e, index) -> sink.accept(e));
    }

    /** A journal record with its index. */
    @FunctionalInterface
    public interface RecordSink {
        void accept(Event e, long index);
    }

    /**
     * Feeds every record after the one at {@code afterIndex} (0: from the first retained), oldest first, to
     * {@code sink}; returns how many. The record at {@code afterIndex} must be in the journal (a snapshot's).
     */
    public long replayAfter(long afterIndex, RecordSink sink) {
        long n = 0;
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (afterIndex == 0) {
                tailer.toStart();
            } else if (!tailer.moveToIndex(afterIndex) || !skip(tailer, afterIndex)) {
                throw new IllegalStateException("journal record " + afterIndex + " is not in the journal");
            }
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return n;
                    }
                    sink.accept(JournalCodec.read(dc.wire().bytes()), dc.index());
                    n++;
                }
            }
        }
    }

    /** Reads past the record at {@code index}, where the tailer stands; false if it is not there. */
    private static boolean skip(ExcerptTailer tailer, long index) {
        try (DocumentContext dc = tailer.readingDocument()) {
            return dc.isPresent() && dc.index() == index;
        }
    }

    /** Whether the record at {@code index} is in the journal (retained, and written). */
    public boolean contains(long index) {
        if (index <= 0) {
            return false;
        }
        try (ExcerptTailer tailer = queue.createTailer()) {
            return tailer.moveToIndex(index) && skip(tailer, index);
        }
    }

    /** The index of the last record, or 0 when the journal is empty. */
    public long lastIndex() {
        long last = queue.lastIndex();
        return Math.max(0, last);
    }

    /** The journal cycle (UTC day, days since 1970) that holds the record at {@code index}. */
    public int cycle(long index) {
        return queue.rollCycle().toCycle(index);
    }

    /** The first retained cycle, or -1 when the journal is empty. */
    public int firstCycle() {
        int first = queue.firstCycle();
        return first == Integer.MAX_VALUE ? -1 : first;
    }

    /** A tailer that remembers its position under {@code name} across restarts (for downstream writers). */
    public ExcerptTailer namedTailer(String name) {
        return queue.createTailer(name);
    }

    public ChronicleQueue queue() {
        return queue;
    }

    @Override
    public void close() {
        if (appender != null) {
            appender.close();
        }
        queue.close();
    }

    /**
     * Deletes the daily cycle files that are older than the retention window ({@code retentionDays} UTC days up to
     * {@code today}; 0 keeps everything) <em>and</em> wholly before both the record a state snapshot covers
     * ({@code snapshotIndex}; 0 when there is none, and then nothing is deleted) and the committed record of every
     * named follower in {@code followers} (the InfluxDB writer, each webhook endpoint: one that is behind keeps
     * its cycles). Before anything else reads or appends: the queue is closed and reopened around the deletion.
     * Returns the cycles deleted.
     */
    public int applyRetention(int retentionDays, LocalDate today, long snapshotIndex, List<String> followers)
            throws IOException {
        if (retentionDays <= 0 || snapshotIndex <= 0) {
            return 0;
        }
        long keepFrom = Math.min(today.minusDays(retentionDays - 1L).toEpochDay(), cycle(snapshotIndex));
        for (String name : followers) {
            try (ExcerptTailer tailer = queue.createTailer(name)) {
                long committed = tailer.index();
                keepFrom = Math.min(keepFrom, committed <= 0 ? Long.MIN_VALUE : cycle(committed));
            }
        }
        if (keepFrom <= queue.firstCycle()) {
            return 0;
        }
        if (appender != null) {
            appender.close();
            appender = null;
        }
        queue.close();
        try {
            // said before the first file goes, and on disk: a crash part-way must not leave a cut journal unmarked
            Files.writeString(dir.resolve(RETENTION_CUT), LocalDate.ofEpochDay(keepFrom) + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE,
                    StandardOpenOption.SYNC);
            return deleteCyclesBefore(dir, LocalDate.ofEpochDay(keepFrom), retentionDays);
        } finally {
            queue = open(dir);
        }
    }

    /**
     * Whether retention has deleted the journal's first days: its first record is then not the start of the
     * state, and only a state snapshot can be the origin of a replay (time travel refuses an instant before the
     * oldest one kept rather than replay from an empty state into a ward that looks empty: found by an independent
     * check). Remembered in a file beside the cycles, written before the first cycle is deleted.
     */
    public boolean retentionCut() {
        return Files.exists(dir.resolve(RETENTION_CUT));
    }

    /** Deletes whole daily cycle files before {@code oldestKept}. */
    private static int deleteCyclesBefore(Path dir, LocalDate oldestKept, int retentionDays) throws IOException {
        int deleted = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                // FAST_DAILY cycle files are named yyyyMMdd'F'.cq4
                if (name.length() == 13 && name.endsWith("F.cq4")) {
                    LocalDate cycle;
                    try {
                        cycle = LocalDate.parse(name.substring(0, 8), CYCLE_FILE);
                    } catch (RuntimeException notACycle) {
                        continue;
                    }
                    if (cycle.isBefore(oldestKept)) {
                        Files.delete(f);
                        deleted++;
                        LOG.info("journal retention: deleted {} (older than {} days, covered by a state snapshot"
                                + " and committed by every follower)", name, retentionDays);
                    }
                }
            }
        }
        return deleted;
    }
}
