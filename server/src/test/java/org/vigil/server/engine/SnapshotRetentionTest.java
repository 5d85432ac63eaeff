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
import org.vigil.server.rules.EngineState;
import org.vigil.server.rules.Rules;
import org.vigil.server.snapshots.Snapshots;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
        long oldDay = TODAY.minusDays(40).atTime(9, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        long recent = TODAY.minusDays(1).atTime(9, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        SetTimeProvider time = new SetTimeProvider();
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.single(journalDir.toFile())
                .rollCycle(RollCycles.FAST_DAILY).timeProvider(time).build(); ExcerptAppender out = q.createAppender()) {
            time.currentTimeMillis(oldDay);
            append(out, new Event("adm-1", EventType.ADMISSION, oldDay, "RVT-W12", new Payload.Movement("P1", "B1", 80)));
            append(out, new Event("con-1", EventType.CONCERN, oldDay + 60_000, "RVT-W12",
                    new Payload.Concern("P1", RaisedBy.FAMILY)));
            time.currentTimeMillis(recent);
            append(out, new Event("pulse-1", EventType.PULSE, recent, "RVT-W12", new Payload.Pulse(4)));
        }
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

    private static Alert concernOf(EngineState state, String patient) {
        return state.alerts().find(a -> a.kind() == AlertKind.PATIENT_CONCERN && patient.equals(a.patient()))
                .stream().findFirst().orElseThrow();
    }

    private static void append(ExcerptAppender out, Event e) {
        try (DocumentContext dc = out.writingDocument()) {
            JournalCodec.write(e, dc.wire().bytes());
        }
    }
}
