package org.vigil.server.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.vigil.events.Consciousness;
import org.vigil.events.Event;
import org.vigil.events.EventParser;
import org.vigil.events.EventType;
import org.vigil.events.InvalidEventException;
import org.vigil.events.Payload;
import org.vigil.events.Vitals;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Validate: {@link EventParser#parse} of one event as a ward tablet or the integration engine posts it, with the
 * live server's settings (demo organisation's units, wall clock, future times rejected).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ParseBenchmark {
    private EventParser parser;
    private byte[] observation;
    private byte[] admission;

    @Setup
    public void setup() throws IOException, InvalidEventException {
        Organisation org = OrganisationLoader.demo();
        parser = new EventParser(org::exists, Clock.systemUTC(), true);
        long time = System.currentTimeMillis() - 90_000;
        observation = BenchEvents.json(new Event("rvt-w12-obs-20261123-000417", EventType.OBSERVATION, time, "RVT-W12",
                new Payload.Observation("p8k2x9q4", new Vitals(21, 94, 1, true, 104, 97, Consciousness.A, 38.2))));
        admission = BenchEvents.json(new Event("bfw-adt-A01-7761203", EventType.ADMISSION, time, "BFW-AMU",
                new Payload.Movement("p3mz71ce", "B17", 81)));
        // Fail in setup, not as a silently measured exception path.
        parser.parse(observation);
        parser.parse(admission);
    }

    @Benchmark
    public Event observation() throws InvalidEventException {
        return parser.parse(observation);
    }

    @Benchmark
    public Event admission() throws InvalidEventException {
        return parser.parse(admission);
    }
}
