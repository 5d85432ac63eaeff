package org.vigil.server.snapshots;

import net.openhft.chronicle.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.organisation.StateDigest;
import org.vigil.server.journal.Journal;
import org.vigil.server.kernel.SnapshotIn;
import org.vigil.server.kernel.SnapshotOut;
import org.vigil.server.rules.EngineState;
import org.vigil.server.rules.Rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The state snapshots in one directory ({@code <data>/snapshots}): each the whole engine state as of one journal
 * record, so a restart, or a view of the past, starts from the nearest one and replays only the journal after it,
 * through the same code path as live ingest ({@link EngineState#apply}).
 *
 * <p>A snapshot is used only if it is whole (checksum), of this build's schema and slice layout, of this
 * organisation file's units and policies ({@link StateDigest}: tokens and webhooks may change) — or, once retention
 * has deleted the journal's first days, of a file whose units are all in this one ({@link #fitsThisBuild}) — its
 * record is still in the journal, and its state reads back completely. Any
 * other is skipped with a log line naming the file and why, and the next older one is tried; with none left, the
 * journal is replayed from its start. Safe to use from several threads: reads build their own state, and a file
 * pruned while being read is skipped like a bad one.
 */
public final class Snapshots {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);
    private static final String PREFIX = "snapshot-";
    private static final String SUFFIX = ".vsnap";
    private static final String SEED_PREFIX = "seed-";

    /**
     * When the snapshot writer takes a snapshot and how many it keeps: after {@code everyRecords} journal records,
     * or once caught up after {@code everyMinutes} of event time if at least a tenth of {@code everyRecords} records
     * came since the last; the newest {@code keep} are kept, and the first of each day the journal still holds
     * ({@link #prune}). Defaults for a 1,000-bed trust (about 18,000 records a
     * day in the 30-day benchmark): a snapshot every 10,000 records, or about every 80 minutes of a live day (an
     * hour of event time with at least 1,000 records), so a restart replays at most 10,000 records that change the
     * state (and the audit entries among them) and usually about
     * a thousand; 3 kept, so two bad files still leave a good one. A snapshot of that trust is about 16 MB.
     *
     * <p>With {@code bytesPerRecord} above 0, the count also waits for one record per that many bytes of the last
     * snapshot (and the hourly one for a tenth of that), but for a UTC day's first: a large state is written less
     * often, and a day with {@code everyRecords} records still has its own. A restart restores the snapshot and
     * replays the records after it, so taking the next one before those records would cost as much to replay as the
     * snapshot costs to restore buys little, and at a high rate it cost most: at 10,000 events/s the probe's region
     * grew to 45 MB written every second, 0.28 of a core on the writer's thread and a GC cycle started by its buffers
     * every two seconds, more than the engine thread's own work (BENCHMARKS.md, single-event latency). 0 is exactly every
     * {@code everyRecords}, which tests use to put snapshots where they need them.
     */
    public record Settings(long everyRecords, long everyMinutes, int keep, long bytesPerRecord) {
        /**
         * A snapshot's bytes restored in the time one record replays: 16.4 MB restored in 0.65–1.7 s, against
         * 125,000–157,000 records replayed a second (BENCHMARKS.md, "Restart"), is 80–210 bytes a record.
         */
        public static final long REPLAY_BYTES_PER_RECORD = 128;
        public static final Settings DEFAULT = new Settings(10_000, 60, 3, REPLAY_BYTES_PER_RECORD);

        public Settings {
            if (everyRecords < 1 || everyMinutes < 1 || keep < 1 || bytesPerRecord < 0) {
                throw new IllegalArgumentException("snapshot settings must be positive: " + everyRecords + " records, "
                        + everyMinutes + " minutes, keep " + keep + ", " + bytesPerRecord + " bytes a record");
            }
        }

        /** Records that change the state before the next snapshot, after one of {@code lastBytes} bytes. */
        public long recordsAfter(long lastBytes) {
            return bytesPerRecord == 0 ? everyRecords : Math.max(everyRecords, lastBytes / bytesPerRecord);
        }
    }

    /**
     * A snapshot read back: a new state holding the journal up to and including the record at {@code journalIndex}
     * (event time {@code eventTime}), ready for the records after it; at index 0, the {@link Seed} this node's
     * journal starts after. Owned by whoever asked for it.
     */
    public record Restored(EngineState state, long journalIndex, long eventTime, Path file) {}

    /** A snapshot file that could not be used, and why (each also logged). */
    public record Skipped(Path file, String reason) {}

    /** The snapshot restored, if any was usable, and the newer ones skipped on the way. */
    public record Choice(Optional<Restored> restored, List<Skipped> skipped) {}

    /** A snapshot written: where, how big, how long the write took. */
    public record Written(Path file, long journalIndex, long bytes, long millis) {}

    /**
     * Cluster mode: the cluster's snapshot a node with no data of its own started from ({@code seed-<offset>.vsnap},
     * as another node wrote it). It covers the cluster's log up to {@code logOffset}; this node's journal holds the
     * records after it, so the seed is the state the journal's first record applies to (journal index 0 here) and
     * the node has no past before {@code eventTime}.
     */
    public record Seed(Path file, long logOffset, long eventTime) {}

    private final Path dir;
    private final boolean carryOver;
    private final Rules rules;
    private final byte[] orgDigest;
    /** The whole file's SHA-256: what a snapshot written before {@link StateDigest} names, still usable. */
    private final byte[] fileDigest;
    private final Journal journal;
    private final Clock wallClock;
    private final int keep;
    private final List<String> layout;
    /** An empty state of this build: it says which snapshot layouts it reads ({@link EngineState#readsLayout}). */
    private final EngineState reader;
    /** The last body's size: the next buffer starts a little larger, so it is not grown (and logged) as it fills. */
    private int lastBodyBytes = 1 << 20;
    private volatile Seed seed;

    /**
     * @param orgFile the organisation file's bytes as loaded (the demo's resource when none is given): a
     *                snapshot of a file with other units or policies is not used
     */
    public Snapshots(Path dir, Rules rules, byte[] orgFile, Journal journal, Clock wallClock, int keep) {
        this(dir, rules, orgFile, journal, wallClock, keep, true);
    }

    /**
     * @param carryOver whether a snapshot of another organisation file may carry on once retention has cut the
     *                  journal ({@link #fitsThisBuild}): a single node's may; the nodes of a cluster must hold one
     *                  state, and one of them whose journal is whole would replay it under the edited file instead
     */
    public Snapshots(Path dir, Rules rules, byte[] orgFile, Journal journal, Clock wallClock, int keep,
                     boolean carryOver) {
        this.dir = dir;
        this.carryOver = carryOver;
        this.rules = rules;
        this.orgDigest = StateDigest.of(orgFile);
        this.fileDigest = sha256(orgFile);
        this.journal = journal;
        this.wallClock = wallClock;
        this.keep = keep;
        this.reader = rules.newState();
        this.layout = reader.snapshotLayout();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the snapshot directory " + dir, e);
        }
        this.seed = findSeed();
    }

    public Path directory() {
        return dir;
    }

    /** The newest usable snapshot, restored; empty when none is (the journal is then replayed from its start). */
    public Optional<Restored> newest() {
        return newestWithSkips().restored();
    }

    /** As {@link #newest()}, saying which newer snapshots were skipped and why. */
    public Choice newestWithSkips() {
        return restore(index -> true, h -> true);
    }

    /**
     * The newest usable snapshot covering the journal up to {@code journalIndex} at most (its record at or before
     * it), restored into a new state; replay the records after {@link Restored#journalIndex()} up to the one
     * wanted to reach it.
     */
    public Optional<Restored> nearestAtOrBefore(long journalIndex) {
        return restore(index -> index <= journalIndex, h -> true).restored();
    }

    /** The newest usable snapshot whose state is as of {@code eventTime} or earlier, restored into a new state. */
    public Optional<Restored> nearestAtOrBefore(Instant eventTime) {
        long t = eventTime.toEpochMilli();
        return restore(index -> true, h -> h.eventTime() <= t).restored();
    }

    private Choice restore(LongPredicate byIndex, Predicate<SnapshotFile.Header> byHeader) {
        Choice own = restoreOwn(byIndex, byHeader);
        Seed s = seed;
        if (own.restored().isPresent() || s == null || !byIndex.test(0)) {
            return own;
        }
        return new Choice(restoreSeed(s, byHeader), own.skipped());
    }

    /** The newest usable snapshot this node wrote that the predicates accept. */
    private Choice restoreOwn(LongPredicate byIndex, Predicate<SnapshotFile.Header> byHeader) {
        List<Skipped> skipped = new ArrayList<>();
        for (Path file : files()) {
            long index = indexOf(file);
            if (!byIndex.test(index)) {
                continue;
            }
            long start = System.nanoTime();
            try {
                if (!byHeader.test(SnapshotFile.readHeader(file))) {
                    continue; // chosen by its header alone: a question about last month passes a month of them
                }
                SnapshotFile.Contents c = SnapshotFile.read(file);
                SnapshotFile.Header h = c.header();
                if (h.journalIndex() != index) {
                    throw new SnapshotFile.Unusable("covers record " + h.journalIndex() + ", not the " + index
                            + " its name says");
                }
                if (!byHeader.test(h)) {
                    continue;
                }
                usable(h);
                Restored r = read(c, h.journalIndex(), file);
                LOG.info("state snapshot {} restored: journal record {}, event time {}, written {}; read in {} ms",
                        file.getFileName(), index, Instant.ofEpochMilli(h.eventTime()),
                        Instant.ofEpochMilli(h.createdAt()), (System.nanoTime() - start) / 1_000_000);
                if (!ofThisFile(h)) {
                    LOG.warn("state snapshot {} was written for an organisation file with other units or policies;"
                            + " retention has deleted the journal before it, so its state carries on under this file:"
                            + " units it does not hold start empty, changed policies apply from journal record {} on",
                            file.getFileName(), index + 1);
                }
                return new Choice(Optional.of(r), List.copyOf(skipped));
            } catch (NoSuchFileException gone) {
                LOG.debug("state snapshot {} was pruned while being read", file.getFileName());
            } catch (IOException e) {
                skip(skipped, file, "cannot be read (" + e + ")");
            } catch (SnapshotFile.Unusable e) {
                skip(skipped, file, e.getMessage());
            }
        }
        if (!skipped.isEmpty() && seed == null) {
            LOG.warn("no usable state snapshot: the journal is replayed from its first retained record");
        }
        return new Choice(Optional.empty(), List.copyOf(skipped));
    }

    /**
     * The seed, restored as the state before the journal's first record; never skipped like a snapshot of this
     * node's own, since without it the journal alone rebuilds a wrong state.
     */
    private Optional<Restored> restoreSeed(Seed s, Predicate<SnapshotFile.Header> byHeader) {
        try {
            SnapshotFile.Contents c = SnapshotFile.read(s.file());
            if (!byHeader.test(c.header())) {
                return Optional.empty();
            }
            fitsThisBuild(c.header(), false); // every node of a cluster runs the same file
            Restored r = read(c, 0, s.file());
            LOG.info("the cluster's snapshot {} restored: the log up to offset {}, event time {}",
                    s.file().getFileName(), s.logOffset(), Instant.ofEpochMilli(s.eventTime()));
            return Optional.of(r);
        } catch (IOException | SnapshotFile.Unusable e) {
            throw new IllegalStateException("the cluster's snapshot " + s.file() + ", which this node's journal starts"
                    + " after, cannot be used (" + e.getMessage() + "): move this node's data directory aside and"
                    + " start it again, to start from the cluster's newest snapshot", e);
        }
    }

    /**
     * Cluster mode, a node with no journal or snapshot of its own: keeps {@code snapshot}, another node's, which
     * covers the cluster's log up to {@code logOffset}, as the state this node's journal starts from — once it is
     * whole and this build, and this organisation file, can read it.
     */
    public synchronized Seed seed(byte[] snapshot, long logOffset) throws SnapshotFile.Unusable, IOException {
        SnapshotFile.Contents c = SnapshotFile.read(snapshot);
        fitsThisBuild(c.header(), false);
        read(c, 0, null); // its state reads back whole, or it is refused now rather than at every start
        Path file = dir.resolve(String.format("%s%019d%s", SEED_PREFIX, logOffset, SUFFIX));
        SnapshotFile.copy(file, snapshot);
        seed = new Seed(file, logOffset, c.header().eventTime());
        return seed;
    }

    /**
     * A new state for the journal's first record to apply to: the cluster's snapshot this node started from
     * ({@link Seed}), else an empty state. For the journal's followers, which rebuild their state from its start.
     */
    public EngineState journalStart() {
        Seed s = seed;
        return s == null ? rules.newState() : restoreSeed(s, h -> true).orElseThrow().state();
    }

    /**
     * Retention has deleted the journal's first records (only ever once a snapshot of this node's own covers them),
     * so the seed is no longer the state the journal starts from: it is deleted, and the node's past starts at the
     * journal's first retained record, as a single node's does. Start-up only, before anything reads.
     */
    public synchronized void retireSeed() throws IOException {
        Seed s = seed;
        if (s != null) {
            Files.deleteIfExists(s.file());
            seed = null;
            LOG.info("the cluster's snapshot {} retired: retention deleted the journal records after it",
                    s.file().getFileName());
        }
    }

    /** The cluster's snapshot this node started from, if it started from one (and retention has not retired it). */
    public Optional<Seed> seeded() {
        return Optional.ofNullable(seed);
    }

    private Seed findSeed() {
        Path newest = null;
        long offset = -1;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(SEED_PREFIX) && name.endsWith(SUFFIX)) {
                    long o = Long.parseLong(name.substring(SEED_PREFIX.length(), name.length() - SUFFIX.length()));
                    if (o > offset) {
                        offset = o;
                        newest = p;
                    }
                }
            }
            if (newest == null) {
                return null;
            }
            return new Seed(newest, offset, SnapshotFile.read(newest).header().eventTime());
        } catch (IOException | NumberFormatException | SnapshotFile.Unusable e) {
            throw new IllegalStateException("cannot read the cluster's snapshot in " + dir + " (" + e.getMessage()
                    + "): move this node's data directory aside and start it again", e);
        }
    }

    private static void skip(List<Skipped> skipped, Path file, String reason) {
        LOG.warn("state snapshot {} skipped: {}; trying the next older one", file, reason);
        skipped.add(new Skipped(file, reason));
    }

    /** Whether this build, this organisation file and this journal can use the snapshot. */
    private void usable(SnapshotFile.Header h) throws SnapshotFile.Unusable {
        fitsThisBuild(h, mayCarryOver());
        if (!journal.contains(h.journalIndex())) {
            throw new SnapshotFile.Unusable("covers journal record " + h.journalIndex()
                    + ", which the journal does not hold (journal replaced, or that record deleted by retention)");
        }
    }

    /**
     * Whether this build and this organisation file can use the snapshot. One written for a file with other units or
     * policies is used only where {@code carryOver} allows (retention has deleted the journal's first days): the
     * journal can no longer rebuild the state under the file as it is now, and the snapshot is the only state there
     * is of the patients admitted before the cut. Its state then carries on under this file — units it does not
     * hold start empty, changed policies apply from its next record on — if it names its units
     * ({@link EngineState#namesUnits}); one holding a unit the file no longer has is refused when read. With the
     * journal whole, the journal is replayed under the file instead: the state is then what the file makes of it.
     */
    private void fitsThisBuild(SnapshotFile.Header h, boolean carryOver) throws SnapshotFile.Unusable {
        if (!reader.readsLayout(h.layout())) {
            throw new SnapshotFile.Unusable("incompatible slice layout (" + difference(h.layout(), layout) + ")");
        }
        if (!ofThisFile(h) && !(carryOver && EngineState.namesUnits(h.layout()))) {
            throw new SnapshotFile.Unusable("written for an organisation file with other units or policies (SHA-256 "
                    + HexFormat.of().formatHex(h.orgDigest(), 0, 6) + "…, this one is "
                    + HexFormat.of().formatHex(orgDigest, 0, 6) + "…; tokens and webhooks do not count)"
                    + (carryOver ? ", in a layout that does not name its units" : ""));
        }
    }

    private boolean mayCarryOver() {
        return carryOver && journal.retentionCut();
    }

    private boolean ofThisFile(SnapshotFile.Header h) {
        return Arrays.equals(h.orgDigest(), orgDigest) || Arrays.equals(h.orgDigest(), fileDigest);
    }

    private static String difference(List<String> theirs, List<String> ours) {
        for (int i = 0; i < Math.max(theirs.size(), ours.size()); i++) {
            String t = i < theirs.size() ? theirs.get(i) : "nothing";
            String o = i < ours.size() ? ours.get(i) : "nothing";
            if (!t.equals(o)) {
                return "slice " + (i + 1) + " is " + t + " in the snapshot, " + o + " in this build";
            }
        }
        return "same";
    }

    /** Reads the state; {@code journalIndex} is the record of this node's journal it covers (0: the seed, none). */
    private Restored read(SnapshotFile.Contents c, long journalIndex, Path file) throws SnapshotFile.Unusable {
        EngineState state = rules.newState();
        Bytes<?> body = Bytes.wrapForRead(c.body());
        try {
            state.readSnapshot(new SnapshotIn(body, c.header().layout()));
        } catch (SnapshotIn.Corrupt e) {
            // bytes that pass the checksum but not the reading, or a unit the organisation file no longer has
            throw new SnapshotFile.Unusable("its state does not read back: " + e.getMessage());
        } catch (RuntimeException e) {
            // a layout bug: never half-believed
            throw new SnapshotFile.Unusable("its state does not read back: " + e);
        } finally {
            body.releaseLast();
        }
        int first = journal.firstCycle();
        if (first >= 0) {
            state.forgetIdsBefore(first); // ids of cycles retention has deleted, as a replay of the journal kept
        }
        return new Restored(state, journalIndex, c.header().eventTime(), file);
    }

    /**
     * Writes {@code state}, which holds the journal up to and including the record at {@code journalIndex}, as a
     * snapshot, then prunes the older ones ({@link #prune}). On the thread that owns the state (the snapshot
     * writer's), never the engine's.
     */
    public synchronized Written write(EngineState state, long journalIndex) throws IOException {
        long start = System.nanoTime();
        Bytes<?> body = Bytes.allocateElasticOnHeap((int) Math.min(Integer.MAX_VALUE / 2, lastBodyBytes * 5L / 4));
        try {
            state.writeSnapshot(new SnapshotOut(body));
            lastBodyBytes = (int) Math.min(Integer.MAX_VALUE / 2, body.readRemaining());
            SnapshotFile.Header h = new SnapshotFile.Header(SnapshotFile.SCHEMA_VERSION, state.snapshotLayout(),
                    journalIndex, state.clock().now(), orgDigest, wallClock.millis());
            Path file = dir.resolve(String.format("%s%019d%s", PREFIX, journalIndex, SUFFIX));
            long size = SnapshotFile.write(file, h, body);
            prune();
            return new Written(file, journalIndex, size, (System.nanoTime() - start) / 1_000_000);
        } finally {
            body.releaseLast();
        }
    }

    /**
     * Keeps the newest {@code keep} snapshots and, of the older ones, the first of each day (UTC, event time) whose
     * record the journal still holds; deletes the rest and any temporary file a crash left. The days' firsts are
     * what lets the past reach back as far as the journal does: once retention has cut the journal, its first
     * record is no longer the start of the state, and time travel can only replay from a snapshot (an incident
     * review a week later needs that week). One a day costs a day's snapshot each (about 16 MB for 1,000 beds).
     */
    private void prune() throws IOException {
        List<Path> all = files();
        long dayKept = Long.MIN_VALUE;
        for (int i = all.size() - 1; i >= keep; i--) { // oldest first: the first seen of a day is its first
            Path file = all.get(i);
            long day = eventDay(file);
            if (day >= 0 && day > dayKept && journal.contains(indexOf(file))) { // nor one this build cannot use
                dayKept = day;
            } else {
                Files.deleteIfExists(file);
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path tmp : (Iterable<Path>) s.filter(p -> p.getFileName().toString().endsWith(SUFFIX + ".tmp"))::iterator) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * The UTC day (days since 1970) of the event time a snapshot covers, or -1 when its header cannot be read or this
     * build and organisation file cannot use it: kept as a day's first, such a file pushed out the usable ones of its
     * day after an upgrade or an organisation-file edit (found by a review).
     */
    private long eventDay(Path file) {
        try {
            SnapshotFile.Header h = SnapshotFile.readHeader(file);
            fitsThisBuild(h, mayCarryOver());
            return Math.floorDiv(h.eventTime(), 86_400_000L);
        } catch (IOException | SnapshotFile.Unusable e) {
            return -1;
        }
    }

    /** The snapshot files, newest (highest journal record) first. */
    public List<Path> files() {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> indexOf(p) > 0).forEach(out::add);
        } catch (IOException e) {
            LOG.warn("cannot list the snapshot directory {}: {}", dir, e.toString());
        }
        out.sort(Comparator.comparingLong(Snapshots::indexOf).reversed());
        return out;
    }

    /** The journal record a snapshot file's name says it covers, or -1 for any other file. */
    static long indexOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
