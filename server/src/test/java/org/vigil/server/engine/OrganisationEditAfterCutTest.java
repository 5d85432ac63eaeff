package org.vigil.server.engine;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.events.RaisedBy;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.server.ServerConfig;
import org.vigil.server.TestServer;
import org.vigil.server.VigilServer;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.history.History;
import org.vigil.server.history.JournalStart;
import org.vigil.server.history.SnapshotOrigins;
import org.vigil.server.journal.Journal;
import org.vigil.server.rules.EngineState;
import org.vigil.server.rules.Rules;
import org.vigil.server.snapshots.Snapshots;
import org.vigil.server.spc.BoardMetric;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.TestServer.BOOTSTRAP;

/**
 * A ward added or a policy changed once retention has cut the journal: the journal can no longer rebuild the state
 * under the edited file, and the newest snapshot is the only state there is of the patients admitted before the
 * cut. Its state carries on under the edited file (before, the server refused to start until it was given a new
 * data directory, and so lost every patient and alert). A snapshot holding a unit the file no longer has, or has
 * as another kind, is refused naming the unit, never read into the wrong one.
 */
class OrganisationEditAfterCutTest {
    private static final LocalDate TODAY = SnapshotRetentionTest.TODAY;
    private static final String W12 = "RVT-W12";
    private static final String ADDED = "          - { id: RVT-W30, name: \"Ward 30 — Frailty\", beds: 18,"
            + " shifts: { day: \"07:30\", night: \"19:30\" } }\n";

    /** Ward 30 added to the trust and the first set's due time halved: units and a policy changed. */
    static byte[] wardAddedAndPolicyChanged() throws IOException {
        String demo = new String(SnapshotFilesTest.edited("firstSetMinutes: 60", "firstSetMinutes: 30"),
                StandardCharsets.UTF_8);
        String w25 = "          - { id: RVT-W25, name: \"Ward 25 — Renal\", beds: 20, shifts: { day: \"07:30\", night: \"19:30\" } }\n";
        assertTrue(demo.contains(w25));
        return demo.replace(w25, w25 + ADDED).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anEditAfterARetentionCutCarriesTheStateOnUnderTheEditedFile(@TempDir Path dir) throws Exception {
        byte[] edited = wardAddedAndPolicyChanged();
        Rules before = new Rules(OrganisationLoader.demo());
        Rules after = new Rules(organisation(edited));
        EngineState live = snapshotThenCut(dir, before, false);
        try (Journal journal = new Journal(dir.resolve("journal"))) {

            Snapshots.Choice choice = new Snapshots(dir.resolve("snapshots"), after, edited, journal, TestServer.CLOCK, 3)
                    .newestWithSkips();
            assertTrue(choice.skipped().isEmpty(), choice.skipped()::toString);
            EngineState restored = choice.restored().orElseThrow().state();
            // the long-stay patient and their alert, with its history, carry on
            assertNotNull(restored.unit(W12).census().patient("P1"), "admitted 40 days ago, still in");
            assertEquals(concernOf(live).id(), concernOf(restored).id());
            assertEquals(concernOf(live).history(), concernOf(restored).history());
            for (int d = 20; d >= 1; d--) {
                LocalDate day = TODAY.minusDays(d);
                assertEquals(live.board().value(W12, BoardMetric.RELIABILITY_PULSE, day),
                        restored.board().value(W12, BoardMetric.RELIABILITY_PULSE, day), day::toString);
            }
            // the ward added starts empty and takes its first admission
            assertEquals(0, restored.unit("RVT-W30").census().count());
            restored.apply(new Event("adm-30", EventType.ADMISSION, daysAgo(0, 9), "RVT-W30",
                    new Payload.Movement("P30", "B1", 70)), journal.cycle(journal.lastIndex()));
            assertEquals(1, restored.unit("RVT-W30").census().count());

            // the past before the edit is answered from the same snapshot, never refused for want of one
            try (History history = new History(journal, new SnapshotOrigins(new Snapshots(dir.resolve("snapshots"),
                    after, edited, journal, TestServer.CLOCK, 3), new JournalStart(after, journal)), 1, 4, 0)) {
                assertNotNull(history.at(daysAgo(1, 10), s -> s.unit(W12).census().patient("P1"))
                        .get(30, TimeUnit.SECONDS));
            }
        }
    }

    /**
     * With the journal whole, the edited file replays it from its start (the state is what the file makes of the
     * journal, as before): a snapshot of the file before the edit is not carried on.
     */
    @Test
    void beforeAnyCutAnEditReplaysTheJournalInstead(@TempDir Path dir) throws Exception {
        byte[] edited = wardAddedAndPolicyChanged();
        snapshotThenCut(dir, new Rules(OrganisationLoader.demo()), true);
        try (Journal journal = new Journal(dir.resolve("journal"))) {
            Snapshots.Choice choice = new Snapshots(dir.resolve("snapshots"), new Rules(organisation(edited)),
                    edited, journal, TestServer.CLOCK, 3).newestWithSkips();
            assertTrue(choice.restored().isEmpty());
            assertTrue(choice.skipped().get(0).reason().contains("other units or policies"), choice.skipped()::toString);
        }
    }

    /** A cluster's nodes must hold one state: one whose journal is whole would replay it under the edit instead. */
    @Test
    void aClusterNodeKeepsItsSnapshotsTiedToTheFile(@TempDir Path dir) throws Exception {
        byte[] edited = wardAddedAndPolicyChanged();
        snapshotThenCut(dir, new Rules(OrganisationLoader.demo()), false);
        try (Journal journal = new Journal(dir.resolve("journal"))) {
            Snapshots.Choice choice = new Snapshots(dir.resolve("snapshots"), new Rules(organisation(edited)), edited,
                    journal, TestServer.CLOCK, 3, false).newestWithSkips();
            assertTrue(choice.restored().isEmpty());
            assertTrue(choice.skipped().get(0).reason().contains("other units or policies"), choice.skipped()::toString);
        }
    }

    @Test
    void aSnapshotHoldingAUnitTheFileNoLongerHasIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        String w14 = "          - { id: RVT-W14, name: \"Ward 14 — Gastroenterology\", beds: 24, shifts: { day: \"07:30\","
                + " night: \"19:30\" } }\n";
        byte[] removed = SnapshotFilesTest.edited(w14, "");
        String oaks = "      - { id: CH-OAKS, name: \"The Oaks Residential Home\", beds: 30 }\n";
        byte[] nowAWard = new String(SnapshotFilesTest.edited(oaks, ""), StandardCharsets.UTF_8)
                .replace(w14, w14 + "          - { id: CH-OAKS, name: \"The Oaks\", beds: 30, shifts: { day: \"07:30\","
                        + " night: \"19:30\" } }\n").getBytes(StandardCharsets.UTF_8);
        snapshotThenCut(dir, new Rules(OrganisationLoader.demo()), false);
        try (Journal journal = new Journal(dir.resolve("journal"))) {
            Snapshots.Choice gone = new Snapshots(dir.resolve("snapshots"), new Rules(organisation(removed)),
                    removed, journal, TestServer.CLOCK, 3).newestWithSkips();
            assertTrue(gone.restored().isEmpty());
            assertTrue(gone.skipped().get(0).reason().contains("unit RVT-W14 has state in it but is not in the"
                    + " organisation file"), gone.skipped()::toString);
            Snapshots.Choice changed = new Snapshots(dir.resolve("snapshots"),
                    new Rules(organisation(nowAWard)), nowAWard, journal, TestServer.CLOCK, 3).newestWithSkips();
            assertTrue(changed.restored().isEmpty());
            assertTrue(changed.skipped().get(0).reason().contains("unit CH-OAKS is a careHome in it, a ward in the"
                    + " organisation file"), changed.skipped()::toString);
        }
    }

    /** On a real server: the edited file starts on the data directory and serves the long-stay patient and the new ward. */
    @Test
    void aServerStartsOnTheEditedFileAfterACut(@TempDir Path dir) throws Exception {
        snapshotThenCut(dir, new Rules(OrganisationLoader.demo()), false);
        Path file = dir.resolve("organisation.yaml");
        Files.write(file, wardAddedAndPolicyChanged());
        VigilServer s = VigilServer.start(new ServerConfig("127.0.0.1", 0, dir, file, Engine.ClockMode.EVENT, 30,
                10_000, 8 << 20, 65536), TestServer.CLOCK, BOOTSTRAP);
        try {
            TestServer.awaitHealthy(s.port(), Duration.ofSeconds(60));
            JsonObject w12 = SnapshotRestartTest.get(s, "/api/v1/wards/" + W12);
            assertEquals(1, w12.getInteger("patients"), w12::encode);
            JsonObject w30 = SnapshotRestartTest.get(s, "/api/v1/wards/RVT-W30");
            assertEquals(0, w30.getInteger("patients"), w30::encode);
        } finally {
            s.close();
        }

        // a ward renamed is a ward removed: every snapshot holds the old one
        Files.writeString(file, Files.readString(file).replace("{ id: RVT-W21,", "{ id: RVT-W99,"));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> VigilServer.start(
                new ServerConfig("127.0.0.1", 0, dir, file, Engine.ClockMode.EVENT, 30, 10_000, 8 << 20, 65536),
                TestServer.CLOCK, BOOTSTRAP).close());
        assertTrue(refused.getMessage().contains("unit RVT-W21 has state in it but is not in the organisation file"),
                refused::getMessage);
    }

    /**
     * A series ring made shorter by {@code policies.spc.retentionDays} keeps its latest days, and one made longer
     * keeps them all, each on its own day (the ring's slot is the day modulo its length: read as it was, a day's
     * figure landed on another day).
     */
    @Test
    void theBoardSeriesKeepTheirDaysUnderAnotherRetention(@TempDir Path dir) throws Exception {
        byte[] fortnight = SnapshotFilesTest.edited("  sepsis: { screenWithinMinutes: 60 }",
                "  sepsis: { screenWithinMinutes: 60 }\n  spc: { retentionDays: 14, chartDays: 13 }");
        EngineState live = snapshotThenCut(dir, new Rules(OrganisationLoader.demo()), false);
        try (Journal journal = new Journal(dir.resolve("journal"))) {
            EngineState shorter = new Snapshots(dir.resolve("snapshots"), new Rules(organisation(fortnight)),
                    fortnight, journal, TestServer.CLOCK, 3).newest().orElseThrow().state();
            for (int d = 20; d >= 1; d--) {
                LocalDate day = TODAY.minusDays(d);
                Double kept = shorter.board().value(W12, BoardMetric.RELIABILITY_PULSE, day);
                if (d <= 14) { // the ring's 14 days end at its newest, yesterday's
                    assertEquals(live.board().value(W12, BoardMetric.RELIABILITY_PULSE, day), kept, day::toString);
                } else {
                    assertNull(kept, day + " is outside a 14-day ring");
                }
            }
            // and back: a snapshot of the 14-day ring read under the longer one keeps every day it held
            Rules fortnightRules = new Rules(organisation(fortnight));
            Path again = dir.resolve("again");
            new Snapshots(again, fortnightRules, fortnight, journal, TestServer.CLOCK, 3).write(shorter, journal.lastIndex());
            EngineState longer = new Snapshots(again, new Rules(OrganisationLoader.demo()), SnapshotFilesTest.demoFile(),
                    journal, TestServer.CLOCK, 3).newest().orElseThrow().state();
            for (int d = 14; d >= 1; d--) {
                LocalDate day = TODAY.minusDays(d);
                assertEquals(live.board().value(W12, BoardMetric.RELIABILITY_PULSE, day),
                        longer.board().value(W12, BoardMetric.RELIABILITY_PULSE, day), day::toString);
            }
        }
    }

    /**
     * Journals a patient admitted 40 days ago with a family's concern (an alert), and a reliability pulse on each of
     * the last 20 days; applies it, writes a snapshot under the demo file and, unless {@code whole}, lets retention
     * delete the 40-day-old cycle. Returns the live state.
     */
    private static EngineState snapshotThenCut(Path dir, Rules rules, boolean whole) throws Exception {
        List<Event> events = new ArrayList<>();
        events.add(new Event("adm-1", EventType.ADMISSION, daysAgo(40, 9), W12, new Payload.Movement("P1", "B1", 80)));
        events.add(new Event("con-1", EventType.CONCERN, daysAgo(40, 10), W12, new Payload.Concern("P1", RaisedBy.FAMILY)));
        for (int d = 20; d >= 1; d--) {
            events.add(new Event("pulse-" + d, EventType.PULSE, daysAgo(d, 9), W12, new Payload.Pulse(1 + d % 5)));
        }
        SnapshotRetentionTest.journal(dir.resolve("journal"), events);
        try (Journal journal = new Journal(dir.resolve("journal"))) {
            EngineState live = rules.newState();
            journal.replayAfter(0, (e, index) -> live.apply(e, journal.cycle(index)));
            new Snapshots(dir.resolve("snapshots"), rules, SnapshotFilesTest.demoFile(), journal, TestServer.CLOCK, 3)
                    .write(live, journal.lastIndex());
            if (!whole) {
                assertEquals(1, journal.applyRetention(30, TODAY, journal.lastIndex(), List.of()));
            }
            return live;
        }
    }

    private static Alert concernOf(EngineState state) {
        return state.alerts().find(a -> a.kind() == AlertKind.PATIENT_CONCERN && "P1".equals(a.patient()))
                .stream().findFirst().orElseThrow();
    }

    private static long daysAgo(int days, int hour) {
        return TODAY.minusDays(days).atTime(hour, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static Organisation organisation(byte[] file) throws IOException {
        return OrganisationLoader.load(new ByteArrayInputStream(file), "organisation.yaml");
    }
}
