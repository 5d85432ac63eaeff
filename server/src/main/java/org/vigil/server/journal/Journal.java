package org.vigil.server.journal;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.vigil.events.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
 * is applied here, at start-up, before the queue is opened.
 */
public final class Journal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final DateTimeFormatter CYCLE_FILE = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final ChronicleQueue queue;
    private ExcerptAppender appender;

    public Journal(Path dir, int retentionDays) throws IOException {
        Files.createDirectories(dir);
        applyRetention(dir, retentionDays, LocalDate.now(ZoneOffset.UTC));
        this.queue = SingleChronicleQueueBuilder.single(dir.toFile()).rollCycle(RollCycles.FAST_DAILY).build();
    }

    /** Appends one event; returns its journal index. Engine thread only. */
    public long append(Event e) {
        if (appender == null) {
            appender = queue.createAppender();
        }
        try (DocumentContext dc = appender.writingDocument()) {
            JournalCodec.write(e, dc.wire().bytes());
            return dc.index();
        }
    }

    /** Feeds every retained event, oldest first, to {@code sink}; returns how many. */
    public long replay(Consumer<Event> sink) {
        long n = 0;
        try (ExcerptTailer tailer = queue.createTailer()) {
            tailer.toStart();
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return n;
                    }
                    sink.accept(JournalCodec.read(dc.wire().bytes()));
                    n++;
                }
            }
        }
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

    /** Deletes whole daily cycle files older than the retention window; the newest cycles are always kept. */
    static void applyRetention(Path dir, int retentionDays, LocalDate today) throws IOException {
        if (retentionDays <= 0) {
            return;
        }
        LocalDate oldestKept = today.minusDays(retentionDays - 1L);
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
                        LOG.info("journal retention: deleted {} (older than {} days)", name, retentionDays);
                    }
                }
            }
        }
    }
}
