package org.vigil.server.journal;

import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.server.rules.EngineState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention deletes a journal cycle only when it is older than the retention window, a state snapshot covers it
 * (the snapshot's record is in a later cycle) and every named follower has committed past it; what is left still
 * replays from the snapshot's record, and the id set forgets exactly the deleted cycles' ids.
 */
class JournalRetentionTest {
    static final LocalDate TODAY = LocalDate.of(2026, 3, 10);
    static final int[] DAYS_AGO = {40, 35, 2, 0};

    /** Three records in each of four daily cycles (40, 35, 2 and 0 days ago); returns the indexes per cycle. */
    static long[][] write(Path dir) {
        SetTimeProvider time = new SetTimeProvider();
        long[][] indexes = new long[DAYS_AGO.length][3];
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.single(dir.toFile()).rollCycle(RollCycles.FAST_DAILY)
                .timeProvider(time).build(); ExcerptAppender appender = q.createAppender()) {
            for (int c = 0; c < DAYS_AGO.length; c++) {
                long day = TODAY.minusDays(DAYS_AGO[c]).atTime(12, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
                time.currentTimeMillis(day);
                for (int i = 0; i < 3; i++) {
                    try (DocumentContext dc = appender.writingDocument()) {
                        JournalCodec.write(new Event("c" + c + "-" + i, EventType.PULSE, day + i, "RVT-W12",
                                new Payload.Pulse(3)), dc.wire().bytes());
                        indexes[c][i] = dc.index();
                    }
                }
            }
        }
        return indexes;
    }

    static List<String> cycleFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("F.cq4")).sorted().toList();
        }
    }

    @Test
    void onlyCyclesPastRetentionThatASnapshotAndEveryFollowerCoverAreDeleted(@TempDir Path dir) throws Exception {
        long[][] index = write(dir);
        assertEquals(4, cycleFiles(dir).size());
        try (Journal journal = new Journal(dir)) {
            // no snapshot: nothing is deleted, however old
            assertEquals(0, journal.applyRetention(30, TODAY, 0, List.of()));
            // a snapshot in the oldest cycle covers nothing before it
            assertEquals(0, journal.applyRetention(30, TODAY, index[0][2], List.of()));
            // a follower that has committed only into the oldest cycle keeps everything from it
            try (ExcerptTailer influx = journal.namedTailer("influx")) {
                influx.moveToIndex(index[0][1]);
            }
            assertEquals(0, journal.applyRetention(30, TODAY, index[2][1], List.of("influx")));
            assertEquals(4, cycleFiles(dir).size());
            // once it has committed into the newest cycle, the two cycles past 30 days go
            try (ExcerptTailer influx = journal.namedTailer("influx")) {
                influx.moveToIndex(index[3][0]);
            }
            assertEquals(2, journal.applyRetention(30, TODAY, index[2][1], List.of("influx")));
            assertEquals(2, cycleFiles(dir).size());
            assertEquals((int) TODAY.minusDays(2).toEpochDay(), journal.firstCycle());

            // what is left replays from the snapshot's record
            List<String> after = new ArrayList<>();
            journal.replayAfter(index[2][1], (e, i) -> after.add(e.id()));
            assertEquals(List.of("c2-2", "c3-0", "c3-1", "c3-2"), after);
            assertFalse(journal.contains(index[0][0]));
            assertTrue(journal.contains(index[2][0]));
        }
    }

    @Test
    void aCycleInsideTheRetentionWindowIsKeptEvenWhenCovered(@TempDir Path dir) throws Exception {
        long[][] index = write(dir);
        try (Journal journal = new Journal(dir)) {
            assertEquals(1, journal.applyRetention(36, TODAY, index[3][2], List.of()));
            assertEquals((int) TODAY.minusDays(35).toEpochDay(), journal.firstCycle());
        }
    }

    @Test
    void theIdSetForgetsExactlyTheDeletedCyclesIds() throws Exception {
        EngineState state = new EngineState(OrganisationLoader.demo());
        int old = (int) TODAY.minusDays(40).toEpochDay();
        int kept = (int) TODAY.minusDays(2).toEpochDay();
        long t = TimeUnit.DAYS.toMillis(kept);
        state.apply(new Event("old-1", EventType.PULSE, t, "RVT-W12", new Payload.Pulse(2)), old);
        state.apply(new Event("kept-1", EventType.PULSE, t + 1, "RVT-W12", new Payload.Pulse(2)), kept);
        assertEquals(1, state.forgetIdsBefore(kept));
        assertFalse(state.seen(new Event("old-1", EventType.PULSE, t, "RVT-W12", new Payload.Pulse(2))));
        assertTrue(state.seen(new Event("kept-1", EventType.PULSE, t + 1, "RVT-W12", new Payload.Pulse(2))));
    }
}
