package org.vigil.server.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.vigil.events.Event;
import org.vigil.events.EventParser;
import org.vigil.events.InvalidEventException;
import org.vigil.server.rules.EngineState;
import org.vigil.server.journal.Journal;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Validate + append + apply: what one event costs from its JSON bytes to the rolling state, on one thread, without
 * HTTP. The engine's own steps are copied from {@code Engine.ingest}: idempotency check, journal append, apply.
 * Events come from a pool of 4,096 NDJSON lines of the realistic mix; every time the pool wraps, the ids' sequence
 * digits are rewritten, so every event is new to the idempotency set (which grows as it does live). Event times
 * repeat on each wrap, so census movements after the first pass are recognised as stale (a cheaper path); they
 * are about a tenth of the mix.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IngestPathBenchmark {
    private static final int POOL = 4096;

    private Path dir;
    private Journal journal;
    private EngineState state;
    private EventParser parser;
    private BenchEvents.Template pool;
    private byte[] buf;
    private int[] lineStart;
    private int[] lineLength;
    private int next;
    private long seq;

    @Setup(Level.Trial)
    public void setup() throws IOException, InvalidEventException {
        Organisation org = OrganisationLoader.demo();
        dir = Files.createTempDirectory("vigil-bench-ingest-");
        journal = new Journal(dir);
        state = new EngineState(org);
        parser = new EventParser(org::exists, Clock.systemUTC(), true);
        long now = System.currentTimeMillis();
        pool = new BenchEvents(org, 11).template(POOL, now - 15 * 60_000L, 10 * 60_000L / POOL);
        buf = pool.bytes.clone();
        lineStart = new int[POOL];
        lineLength = new int[POOL];
        int start = 0;
        for (int i = 0; i < POOL; i++) {
            int end = start;
            while (buf[end] != '\n') {
                end++;
            }
            lineStart[i] = start;
            lineLength[i] = end - start;
            start = end + 1;
        }
        parser.parseBatch(buf, POOL); // every line must be valid, or the figure would time the rejection path
    }

    @Benchmark
    public Event validateAppendApply() throws InvalidEventException {
        int i = next++ & (POOL - 1);
        if (i == 0) {
            pool.stampInPlace(buf, ++seq);
        }
        Event e = parser.parse(buf, lineStart[i], lineLength[i]);
        if (!state.seen(e)) {
            journal.append(e);
            state.apply(e);
        }
        return e;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        journal.close();
        TempDirs.delete(dir);
    }
}
