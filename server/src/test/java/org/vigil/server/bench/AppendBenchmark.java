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
import org.vigil.server.journal.Journal;
import org.vigil.organisation.OrganisationLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Append: {@link Journal#append} of one event of the realistic mix (binary codec + Chronicle document) to a real
 * queue in a temporary directory, as the engine thread does it. The queue grows by every event measured (a few
 * GB over a run), so page faults of a growing memory-mapped file are part of the figure, as they are live.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AppendBenchmark {
    private static final int POOL = 1 << 16;

    private Path dir;
    private Journal journal;
    private Event[] events;
    private int next;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("vigil-bench-append-");
        journal = new Journal(dir);
        BenchEvents gen = new BenchEvents(OrganisationLoader.demo(), 7);
        long t0 = System.currentTimeMillis() - POOL * 10L;
        events = new Event[POOL];
        for (int i = 0; i < POOL; i++) {
            events[i] = gen.next(t0 + i * 10L);
        }
    }

    @Benchmark
    public long append() {
        return journal.append(events[next++ & (POOL - 1)]);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        journal.close();
        TempDirs.delete(dir);
    }
}
