package org.vigil.server.engine;

import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.events.RaisedBy;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.server.TestServer;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.history.History;
import org.vigil.server.history.JournalStart;
import org.vigil.server.history.SnapshotOrigins;
import org.vigil.server.journal.Journal;
import org.vigil.server.journal.JournalCodec;
import org.vigil.server.kernel.SnapshotIn;
import org.vigil.server.rules.EngineState;
import org.vigil.server.rules.Rules;
import org.vigil.server.snapshots.SnapshotFile;
import org.vigil.server.snapshots.Snapshots;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention no longer has to exceed the longest stay: once a snapshot covers the deleted days, a patient admitted
 * before them is still in the census after a restart, their alert is still there with its history, and a new
 * alert never repeats an id given before the cut (a webhook receiver deduplicating on the id would drop it).
 */
class SnapshotRetentionTest {
    static final LocalDate TODAY = LocalDate.of(2026, 3, 10);

    @Test
    void aSnapshotCarriesTheStayTheAlertsAndTheIdSequenceAcrossARetentionCut(@TempDir Path dir) throws Exception {
        Path journalDir = dir.resolve("journal");
        long oldDay = daysAgo(40, 9);
        long recent = daysAgo(1, 9);
        journal(journalDir, List.of(
                new Event("adm-1", EventType.ADMISSION, oldDay, "RVT-W12", new Payload.Movement("P1", "B1", 80)),
                new Event("con-1", EventType.CONCERN, oldDay + 60_000, "RVT-W12", new Payload.Concern("P1", RaisedBy.FAMILY)),
                new Event("pulse-1", EventType.PULSE, recent, "RVT-W12", new Payload.Pulse(4))));
        Rules rules = new Rules(OrganisationLoader.demo());
        byte[] orgFile = SnapshotFilesTest.demoFile();
        String oldAlert;
        try (Journal journal = new Journal(journalDir)) {
            EngineState live = rules.newState();
            long[] last = {0};
            journal.replayAfter(0, (e, index) -> {
                live.apply(e, journal.cycle(index));
                last[0] = index;
            });
            oldAlert = concernOf(live, "P1").id();
            Snapshots snapshots = new Snapshots(dir.resolve("snapshots"), rules, orgFile, journal, TestServer.CLOCK, 3);
            snapshots.write(live, last[0]);

            assertFalse(journal.retentionCut());
            assertEquals(1, journal.applyRetention(30, TODAY, last[0], List.of()), "the 40-day-old cycle goes");
            assertTrue(journal.retentionCut());
            EngineState restored = snapshots.newest().orElseThrow().state();
            restored.forgetIdsBefore(journal.firstCycle());

            // the stay, the alert and its history outlive the cycle that journaled them
            assertNotNull(restored.unit("RVT-W12").census().patient("P1"), "admitted 40 days ago, still in");
            Alert kept = concernOf(restored, "P1");
            assertEquals(oldAlert, kept.id());
            assertEquals(concernOf(live, "P1").history(), kept.history());
            assertTrue(!restored.seen(new Event("adm-1", EventType.ADMISSION, oldDay, "RVT-W12",
                    new Payload.Movement("P1", "B1", 80))) && restored.seen(new Event("pulse-1", EventType.PULSE,
                    recent, "RVT-W12", new Payload.Pulse(4))), "ids go with their cycle");

            // a new alert after the cut never repeats an id given before it
            Set<String> before = new HashSet<>();
            live.alerts().find(a -> true).forEach(a -> before.add(a.id()));
            restored.apply(new Event("con-2", EventType.CONCERN, recent + 60_000, "RVT-W12",
                    new Payload.Concern("P1", RaisedBy.STAFF)), journal.cycle(journal.lastIndex()));
            Set<String> ids = new HashSet<>();
            for (Alert a : restored.alerts().find(a -> true)) {
                assertTrue(ids.add(a.id()), "alert id " + a.id() + " given twice");
            }
            ids.removeAll(before);
            // the new concern's alert among them (deadlines passed in the minute may raise others, each new too)
            assertTrue(restored.alerts().find(a -> a.kind() == AlertKind.PATIENT_CONCERN
                    && a.raisedAt() == recent + 60_000).stream().allMatch(a -> ids.contains(a.id())), ids::toString);
            assertFalse(ids.isEmpty(), "the new concern has an alert with a new id");

            // what a full replay of the kept journal would know: the hazard the snapshot controls
            EngineState replayed = rules.newState();
            journal.replayAfter(0, (e, index) -> replayed.apply(e, journal.cycle(index)));
            assertNull(replayed.unit("RVT-W12").census().patient("P1"));

            // Time travel answers from the snapshot, and refuses an instant before it rather than replay the kept
            // journal into an empty state (found by an independent check: the ward as it was looked empty)
            try (History history = new History(journal, new SnapshotOrigins(snapshots, new JournalStart(rules, journal)),
                    1, 4, 0)) {
                assertNotNull(history.at(recent, s -> s.unit("RVT-W12").census().patient("P1")).get(30, TimeUnit.SECONDS));
                ExecutionException early = assertThrows(ExecutionException.class, () -> history.at(oldDay + 120_000,
                        s -> s.unit("RVT-W12").census().count()).get(30, TimeUnit.SECONDS));
                assertEquals("at", ((History.NoPast) early.getCause()).field());
            }
        }
    }

    /**
     * Once retention has deleted the journal's first days, a start with no usable snapshot (each corrupt, or written
     * for the organisation file as it was before a token was added) would replay the journal left and serve, healthy,
     * wards without the patients admitted before the cut and their alerts, then write snapshots of that state and
     * prune the good ones. It refuses to start and says what to do (found by an independent audit, on a real server).
     */
    @Test
    void aStartWithNoUsableSnapshotAfterARetentionCutIsRefused(@TempDir Path dir) throws Exception {
        Path journalDir = dir.resolve("journal");
        journal(journalDir, List.of(
                new Event("adm-1", EventType.ADMISSION, daysAgo(40, 9), "RVT-W12", new Payload.Movement("P1", "B1", 80)),
                new Event("pulse-1", EventType.PULSE, daysAgo(1, 9), "RVT-W12", new Payload.Pulse(4))));
        Rules rules = new Rules(OrganisationLoader.demo());
        Path snapshot;
        try (Journal journal = new Journal(journalDir)) {
            EngineState live = rules.newState();
            journal.replayAfter(0, (e, index) -> live.apply(e, journal.cycle(index)));
            snapshot = new Snapshots(dir.resolve("snapshots"), rules, SnapshotFilesTest.demoFile(), journal,
                    TestServer.CLOCK, 3).write(live, journal.lastIndex()).file();
            assertEquals(1, journal.applyRetention(30, TODAY, journal.lastIndex(), List.of()), "the 40-day-old cycle goes");
        }
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(snapshot, bytes);

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> SnapshotRestartTest.start(dir, Snapshots.Settings.DEFAULT).close());
        assertTrue(refused.getMessage().contains("retention") && refused.getMessage().contains(snapshot.toString())
                && refused.getMessage().contains("checksum"), refused::getMessage);
        assertTrue(Files.exists(snapshot), "nothing of the data directory is touched");
    }

    /**
     * With the newest snapshots alone, a retention cut left the past reaching back a few hours: an incident review
     * of last week was refused. The first snapshot of each day the journal holds is kept too, so time travel
     * reaches back as far as the journal does, and a day's first whose records retention deleted goes with them.
     */
    @Test
    void theFirstSnapshotOfEachDayLetsThePastReachBackAsFarAsTheJournal(@TempDir Path dir) throws Exception {
        Path journalDir = dir.resolve("journal");
        List<Event> admissions = new ArrayList<>();
        admissions.add(new Event("adm-old", EventType.ADMISSION, daysAgo(40, 9), "RVT-W12",
                new Payload.Movement("P0", "B0", 80)));
        for (int day = 6; day >= 1; day--) {
            for (int hour : new int[] {9, 13, 17}) {
                String patient = "P-" + day + "-" + hour;
                admissions.add(new Event("adm-" + patient, EventType.ADMISSION, daysAgo(day, hour), "RVT-W12",
                        new Payload.Movement(patient, "B-" + day + "-" + hour, 80)));
            }
        }
        journal(journalDir, admissions);
        List<Long> times = admissions.stream().map(Event::time).toList();
        Rules rules = new Rules(OrganisationLoader.demo());
        try (Journal journal = new Journal(journalDir)) {
            Snapshots snapshots = new Snapshots(dir.resolve("snapshots"), rules, SnapshotFilesTest.demoFile(), journal,
                    TestServer.CLOCK, 2);
            EngineState live = rules.newState();
            List<Long> indices = new ArrayList<>();
            journal.replayAfter(0, (e, index) -> {
                live.apply(e, journal.cycle(index));
                indices.add(index);
                try {
                    snapshots.write(live, index); // a snapshot after every record: the prune chooses
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
            // kept: the newest two (day -1 at 13:00 and 17:00), and each earlier day's 09:00 (day -1's among them)
            List<Long> expected = new ArrayList<>();
            expected.add(indices.get(0));
            for (int d = 0; d < 6; d++) {
                expected.add(indices.get(1 + 3 * d));
            }
            expected.add(indices.get(17));
            expected.add(indices.get(18));
            Collections.reverse(expected); // as the files are listed: newest first
            assertEquals(expected, covered(snapshots));

            // retention deletes the 40-day-old cycle; its day's snapshot goes with it at the next write
            assertEquals(1, journal.applyRetention(30, TODAY, indices.get(18), List.of()));
            snapshots.write(live, indices.get(18));
            assertEquals(expected.subList(0, expected.size() - 1), covered(snapshots));

            try (History history = new History(journal, new SnapshotOrigins(snapshots, new JournalStart(rules, journal)),
                    1, 4, 0)) {
                // every instant from the first kept day's first record on is answered, as it was live
                for (int i = 1; i < times.size(); i++) {
                    long at = times.get(i);
                    assertEquals(i + 1, history.at(at, st -> st.unit("RVT-W12").census().count())
                            .get(30, TimeUnit.SECONDS), "patients in at " + Instant.ofEpochMilli(at));
                }
                // before it, the state is gone with the journal's first days: refused, never an empty ward
                ExecutionException early = assertThrows(ExecutionException.class, () -> history.at(times.get(1) - 1,
                        st -> st.unit("RVT-W12").census().count()).get(30, TimeUnit.SECONDS));
                assertEquals("at", ((History.NoPast) early.getCause()).field());
            }

            // a day's first that cannot be read is not kept as one
            List<Path> files = snapshots.files();
            Files.writeString(files.get(files.size() - 1), "not a snapshot");
            snapshots.write(live, indices.get(18));
            assertEquals(expected.subList(0, expected.size() - 2), covered(snapshots));

            // after an organisation-file edit the days' firsts carry on under the edited file, since the journal cut
            // cannot be replayed under it (OrganisationEditAfterCutTest): they stay the days' firsts
            Snapshots edited = new Snapshots(dir.resolve("snapshots"), rules,
                    SnapshotFilesTest.edited("graceMinutes: 60", "graceMinutes: 45"), journal, TestServer.CLOCK, 2);
            edited.write(live, indices.get(18));
            assertEquals(expected.subList(0, expected.size() - 2), covered(edited));

            // one this build cannot read (an upgrade that changed a slice's layout) is not kept as a day's first, so
            // the usable snapshots that follow become the days' firsts (a review)
            List<Path> kept = edited.files();
            Path oldest = kept.get(kept.size() - 1);
            SnapshotFile.Contents was = SnapshotFile.read(oldest);
            SnapshotFile.Header h = was.header();
            List<String> upgraded = new ArrayList<>(h.layout());
            upgraded.set(1, SnapshotIn.layoutSlice(upgraded.get(1)) + ":999");
            net.openhft.chronicle.bytes.Bytes<?> body = net.openhft.chronicle.bytes.Bytes.wrapForRead(was.body());
            SnapshotFile.write(oldest, new SnapshotFile.Header(h.schemaVersion(), upgraded, h.journalIndex(),
                    h.eventTime(), h.orgDigest(), h.createdAt()), body);
            edited.write(live, indices.get(18));
            assertEquals(expected.subList(0, expected.size() - 3), covered(edited), "not its to keep");
        }
    }

    /** The journal records the kept snapshots cover, newest first, as their headers say. */
    private static List<Long> covered(Snapshots snapshots) throws Exception {
        List<Long> out = new ArrayList<>();
        for (Path file : snapshots.files()) {
            out.add(SnapshotFile.readHeader(file).journalIndex());
        }
        return out;
    }

    private static Alert concernOf(EngineState state, String patient) {
        return state.alerts().find(a -> a.kind() == AlertKind.PATIENT_CONCERN && patient.equals(a.patient()))
                .stream().findFirst().orElseThrow();
    }

    /** {@code hour}:00 UTC, {@code days} before {@link #TODAY}, in epoch milliseconds. */
    private static long daysAgo(int days, int hour) {
        return TODAY.minusDays(days).atTime(hour, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /** A journal of the events, each in the daily cycle of its own time, as a server writing them live leaves it. */
    static void journal(Path dir, List<Event> events) {
        SetTimeProvider time = new SetTimeProvider();
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.single(dir.toFile())
                .rollCycle(RollCycles.FAST_DAILY).timeProvider(time).build(); ExcerptAppender out = q.createAppender()) {
            for (Event e : events) {
                time.currentTimeMillis(e.time());
                try (DocumentContext dc = out.writingDocument()) {
                    JournalCodec.write(e, dc.wire().bytes());
                }
            }
        }
    }
}
