package org.vigil.server.timeseries;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonObject;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.events.Event;
import org.vigil.server.journal.Journal;
import org.vigil.server.journal.DeliveryTurn;
import org.vigil.server.journal.JournalFollower;
import org.vigil.server.rules.EngineState;
import org.vigil.server.rules.Rules;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The journal's InfluxDB exporter: a {@link JournalFollower} named "influx" on its own thread, with its own
 * {@link EngineState} built from the rule registry (state is a pure function of the journal) from which
 * {@link PointMapper} derives points, through the explicit mapping of {@link InfluxSchema}.
 *
 * <p>Exactly-once, by construction rather than by luck: a batch is written synchronously
 * ({@code InfluxDB.write(BatchPoints)}, never influxdb-java's async mode, which drops failed batches) and only
 * then is the tailer's position — the index of the last record whose points are stored — committed. A crash
 * between write and commit re-derives the same points (event-time timestamps, deterministic state), which
 * InfluxDB overwrites. At start-up the writer re-applies the journal up to its committed position without
 * writing, then carries on. While InfluxDB is down the writer retries the same batch with backoff; the
 * journal holds everything after it; ingest never waits for this thread.
 */
public final class InfluxWriter implements AutoCloseable, JournalFollower.Consumer {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxWriter.class);
    public static final String TAILER = "influx";
    private static final int MAX_RECORDS_PER_BATCH = 5_000;
    private static final int MAX_POINTS_PER_BATCH = 20_000;
    private static final int MAX_REQUEST_BYTES = 1 << 20;
    private static final long MIN_BACKOFF_MILLIS = 250;
    private static final long MAX_BACKOFF_MILLIS = 10_000;

    private final InfluxDB influx;
    private final String database;
    private final Supplier<EngineState> journalStart;
    /** Writer thread only: the mapping and its own state, built from {@link #journalStart} when the writer starts. */
    private PointMapper mapper;
    private final OpsReporter ops;
    private final JournalFollower follower;
    private final Journal journal;
    /** Cluster mode ({@link #takeTurns}): points are named by the cluster log's offsets, as every node names them. */
    private volatile boolean clustered;
    private final Counter pointsWritten;
    private final Counter requestsRefused;
    private final Counter writeFailures;
    private final Timer writeTimer;
    /** The points of the batch being read (writer thread only). */
    private final List<Point> points = new ArrayList<>();
    private volatile boolean connected;
    private volatile long committedEventTime;
    private boolean databaseReady;

    public InfluxWriter(Journal journal, Rules rules, Supplier<EngineState> journalStart, InfluxDB influx, String database, MeterRegistry registry,
                        Clock wallClock, Supplier<JsonObject> opsFigures, long opsIntervalMillis) {
        this.influx = influx;
        this.database = database;
        this.journalStart = journalStart; // the state the journal's first record applies to, built on the writer's thread
        this.journal = journal;
        this.ops = new OpsReporter(rules.organisation().systemId(), opsFigures, opsIntervalMillis, wallClock);
        this.follower = new JournalFollower(journal, TAILER, "vigil-influx", MAX_RECORDS_PER_BATCH, wallClock, this);
        this.pointsWritten = Counter.builder("vigil.influx.points.written")
                .description("Points InfluxDB accepted from the journal writer").register(registry);
        this.requestsRefused = Counter.builder("vigil.influx.requests.refused")
                .description("Write requests InfluxDB refused in part as malformed (it keeps their valid points;"
                        + " not retried)").register(registry);
        this.writeFailures = Counter.builder("vigil.influx.write.failures")
                .description("Batch writes that failed and were retried").register(registry);
        this.writeTimer = Timer.builder("vigil.influx.write").description("Synchronous batch write to InfluxDB")
                .publishPercentileHistogram().register(registry);
        Gauge.builder("vigil.influx.lag.events", this, InfluxWriter::lagEvents)
                .description("Journal records not yet written to InfluxDB").register(registry);
        Gauge.builder("vigil.influx.lag", this, InfluxWriter::lagSeconds).baseUnit("seconds")
                .description("How long the InfluxDB writer has been behind the journal").register(registry);
        Gauge.builder("vigil.influx.connected", this, w -> w.connected ? 1 : 0)
                .description("1 when the last call to InfluxDB succeeded").register(registry);
    }

    /** Cluster mode, before {@link #start}: one node writes, the others stand by ({@link DeliveryTurn}). */
    public void takeTurns(DeliveryTurn turn) {
        follower.takeTurns(turn);
        clustered = true;
    }

    public void start() {
        follower.start();
    }

    /** Its journal follower, for /health (whether it has stopped). */
    public JournalFollower follower() {
        return follower;
    }

    /** For /health: whether InfluxDB answers, and how far behind the journal the writer is. */
    public JsonObject status() {
        return new JsonObject()
                .put("connected", connected)
                .put("database", database)
                .put("lagEvents", lagEvents())
                .put("lagSeconds", lagSeconds())
                .put("rebuilt", follower.rebuilt())
                .put("writtenUpTo", committedEventTime == 0 ? null : java.time.Instant.ofEpochMilli(committedEventTime).toString());
    }

    public boolean connected() {
        return connected;
    }

    public long committedIndex() {
        return follower.committedIndex();
    }

    /** Journal records after the committed one. */
    public long lagEvents() {
        return follower.lagRecords();
    }

    /** Wall-clock seconds since the writer was last caught up, 0 when it is. */
    public double lagSeconds() {
        return follower.lagSeconds();
    }

    // ------------------------------------------------------------------ the journal follower's consumer

    /** Builds the mapping's state, on the writer's thread; the journal is then rebuilt into it from its start. */
    @Override
    public long restoredIndex() {
        mapper = new PointMapper(journalStart.get());
        if (clustered) {
            mapper.keyRecordsBy(journal::logOffsetAt);
        }
        return 0;
    }

    /** Maps the record (while rebuilding: the same bookkeeping, no points); the batch ends when it is full. */
    @Override
    public boolean apply(Event e, long index, boolean rebuilding) {
        mapper.apply(e, index, rebuilding ? null : points);
        return points.size() >= MAX_POINTS_PER_BATCH;
    }

    /** Writes the batch: its points, and the state of every unit it changed that is not written yet. */
    @Override
    public boolean deliver() {
        mapper.flush(points);
        boolean written = writeUntilAccepted(points);
        points.clear();
        return written;
    }

    /** Cluster mode: another node wrote the batch; the unit states it changed are taken as written too. */
    @Override
    public void discard() {
        mapper.flush(points);
        points.clear();
    }

    @Override
    public void committed() {
        committedEventTime = mapper.state().clock().started() ? mapper.state().clock().now() : 0;
        reportOps();
    }

    @Override
    public void idle() {
        reportOps();
    }

    /**
     * Writes the batch, retrying with backoff while InfluxDB is unreachable; false when closing first. It goes in
     * requests of at most {@link #MAX_REQUEST_BYTES} of line protocol, because ward-state points are wide and
     * InfluxDB refuses bodies over its limit (25 MB by default); a request written twice after a retry
     * overwrites itself.
     */
    private boolean writeUntilAccepted(List<Point> points) {
        long backoff = MIN_BACKOFF_MILLIS;
        int from = 0;
        while (follower.running()) {
            try {
                ensureDatabase();
                while (from < points.size()) {
                    int to = requestEnd(points, from);
                    BatchPoints batch = BatchPoints.database(database).precision(TimeUnit.NANOSECONDS)
                            .consistency(InfluxDB.ConsistencyLevel.ALL).build();
                    for (Point p : points.subList(from, to)) {
                        batch.point(p);
                    }
                    long t0 = System.nanoTime();
                    influx.write(batch);
                    writeTimer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
                    pointsWritten.increment(to - from);
                    from = to;
                }
                connected = true;
                return true;
            } catch (InfluxDBException e) {
                if (isUnreachable(e) || e.isRetryWorth()) {
                    connected = !isUnreachable(e);
                    writeFailures.increment();
                    if (String.valueOf(e.getMessage()).contains("database not found")) {
                        databaseReady = false;
                    }
                    LOG.warn("InfluxDB write failed ({}); retrying in {} ms; {} records waiting in the journal",
                            e.getMessage(), backoff, lagEvents());
                    follower.sleep(backoff);
                    backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
                } else {
                    // A malformed point (e.g. a field type conflict) is refused on every retry: retrying would
                    // stop the writer for good. InfluxDB 1.x stores the batch's valid points and reports the rest.
                    connected = true;
                    requestsRefused.increment();
                    int to = requestEnd(points, from);
                    LOG.error("InfluxDB refused part of a request of {} points, not retried: {}", to - from,
                            e.getMessage());
                    from = to;
                }
            } catch (RuntimeException e) {
                connected = false;
                writeFailures.increment();
                LOG.warn("InfluxDB unreachable ({}); retrying in {} ms", e.toString(), backoff);
                follower.sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
        return false;
    }

    /** The end (exclusive) of the request starting at {@code from}: as many points as fit, and at least one. */
    private static int requestEnd(List<Point> points, int from) {
        int to = from;
        long bytes = 0;
        while (to < points.size()) {
            bytes += points.get(to).lineProtocol().length() + 1;
            if (bytes > MAX_REQUEST_BYTES && to > from) {
                break;
            }
            to++;
        }
        return to;
    }

    private static boolean isUnreachable(InfluxDBException e) {
        return e instanceof org.influxdb.InfluxDBIOException
                || String.valueOf(e.getMessage()).contains("database not found");
    }

    /** Creates the database with its retention policy (idempotent); an existing database is left as it is. */
    private void ensureDatabase() {
        if (databaseReady) {
            return;
        }
        QueryResult r = influx.query(new Query("CREATE DATABASE \"" + database + "\" WITH DURATION "
                + InfluxSchema.RETENTION_DURATION + " REPLICATION 1 NAME \"" + InfluxSchema.RETENTION_POLICY + "\""));
        if (r.hasError() || (r.getResults() != null && r.getResults().stream().anyMatch(QueryResult.Result::hasError))) {
            String error = r.hasError() ? r.getError() : r.getResults().get(0).getError();
            if (!error.contains("conflict")) {
                throw new InfluxDBException(error);
            }
            LOG.warn("database {} exists with another default retention policy; writing to that one", database);
        }
        databaseReady = true;
    }

    private void reportOps() {
        Point p = ops.due(lagEvents(), lagSeconds());
        if (p == null) {
            return;
        }
        try {
            // Best effort: operations figures are wall-clock samples, not journal facts; one lost is not missed. The
            // database is made here too, so a server with nothing journaled yet reports its operations (and says
            // it is connected) rather than waiting for the first event (found by an independent check).
            ensureDatabase();
            influx.write(BatchPoints.database(database).precision(TimeUnit.MILLISECONDS).point(p).build());
            connected = true;
        } catch (RuntimeException e) {
            connected = false;
            LOG.debug("vigil_ops point not written: {}", e.toString());
        }
    }

    @Override
    public void close() {
        follower.close();
    }
}
