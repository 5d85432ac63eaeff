package org.vigil.server.engine;

import io.vertx.core.json.JsonObject;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.vigil.events.Event;
import org.vigil.events.EventParser;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.organisation.Unit;
import org.vigil.server.TestJson;
import org.vigil.server.TestServer;
import org.vigil.server.alerts.Alert;
import org.vigil.server.kernel.SnapshotIn;
import org.vigil.server.kernel.SnapshotOut;
import org.vigil.server.rules.EngineState;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A snapshot taken after any record of a long scenario, read into a new state and given the records after it,
 * reaches the state of the run that never stopped: SnapshotRestartTest restarts a real server at a few points the
 * snapshot writer happened to choose; this tries every few records in process, so a slice that forgets a field
 * that matters only at some moments (a pending deadline, a hold-down, an answered episode) shows up.
 */
class SnapshotAtAnyRecordTest {
    private static final int EVERY = 7;

    @Test
    void aSnapshotAfterAnyRecordPlusTheRestEqualsTheRunThatNeverStopped() throws Exception {
        Organisation org = OrganisationLoader.demo();
        List<Event> records = records(org);
        EngineState unbroken = new EngineState(org);
        records.forEach(unbroken::apply);
        String want = view(unbroken);

        EngineState before = new EngineState(org);
        int applied = 0;
        for (int n = 1; n < records.size(); n += EVERY) {
            while (applied < n) {
                before.apply(records.get(applied++));
            }
            EngineState restored = read(org, write(before));
            for (int k = n; k < records.size(); k++) {
                restored.apply(records.get(k));
            }
            int at = n;
            assertEquals(want, view(restored), () -> "a snapshot after record " + at + " (" + records.get(at - 1)
                    + ") and the rest");
        }
    }

    /**
     * SnapshotRestartTest's scenario, with alerts answered as its stages answer them (every other acknowledged,
     * every third accepted) four times along the way.
     */
    static List<Event> records(Organisation org) throws Exception {
        EventParser parser = new EventParser(org::exists, TestServer.CLOCK, false);
        List<String> lines = SnapshotRestartTest.scenario(2400, 23);
        EngineState state = new EngineState(org);
        List<Event> records = new ArrayList<>();
        int stage = (lines.size() + 3) / 4;
        for (int i = 0; i < lines.size(); i++) {
            Event e = parser.parse(lines.get(i).getBytes(StandardCharsets.UTF_8));
            state.apply(e);
            records.add(e);
            if ((i + 1) % stage == 0) {
                List<Alert> active = state.alerts().find(a -> a.state().active());
                for (int j = 0; j < active.size(); j++) {
                    Alert a = active.get(j);
                    long now = state.clock().now();
                    Event answer = j % 3 == 0
                            ? new Event(null, EventType.ALERT_ACCEPT, now, a.unit(),
                                    new Payload.AlertAccept(a.id(), "AB", "nurse-in-charge"))
                            : j % 2 == 0 ? new Event(null, EventType.ALERT_ACK, now, a.unit(),
                                    new Payload.AlertAck(a.id(), "AB", "nurse-in-charge", null, "t")) : null;
                    if (answer != null) {
                        state.apply(answer);
                        records.add(answer);
                    }
                }
            }
        }
        return records;
    }

    /**
     * A set taken on the ward a patient is moving to, before the move reaches the census, raises its NEWS2 alert
     * there, and the move brings the old ward's alert of the same band: a snapshot anywhere in it restores the state
     * the run that never stopped has. Two alerts once shared one unit, kind and patient there, and a restore found
     * the other one (found by an independent audit: a SIGKILL-and-restart run diverged from a full replay of its
     * journal); now the move leaves one (`AlertEpisodesTest`).
     */
    @Test
    void aSnapshotAnywhereInAMoveOntoTheSameAlertRestoresTheSameState() throws Exception {
        Organisation org = OrganisationLoader.demo();
        long t = Events.at("2026-03-10T09:00:00Z");
        List<Event> records = List.of(
                Events.observation(t, "BFW-W16", "p1", Events.medium()), // seen before their admission
                Events.admission(t + 500, "BFW-W16", "p1", "B13", 76),
                Events.observation(t + 1_200, "BFW-W10", "p1", Events.medium()), // on the next ward, ahead of the move
                Events.admission(t + 2_500, "BFW-W10", "p1", "B5", 70), // the move: the old ward's alert comes along
                Events.observation(t + 2_600, "BFW-W10", "p1", Events.high()),
                Events.observation(t + 3_000, "BFW-W10", "p1", Events.high()));
        EngineState unbroken = new EngineState(org);
        records.forEach(unbroken::apply);
        for (int n = 1; n < records.size(); n++) {
            EngineState before = new EngineState(org);
            records.subList(0, n).forEach(before::apply);
            EngineState restored = read(org, write(before));
            records.subList(n, records.size()).forEach(restored::apply);
            int at = n;
            assertEquals(view(unbroken), view(restored), () -> "a snapshot after record " + at + " and the rest");
        }
    }

    private static byte[] write(EngineState state) {
        Bytes<?> b = Bytes.allocateElasticOnHeap(1 << 20);
        try {
            state.writeSnapshot(new SnapshotOut(b));
            return b.toByteArray();
        } finally {
            b.releaseLast();
        }
    }

    private static EngineState read(Organisation org, byte[] snapshot) {
        EngineState state = new EngineState(org);
        state.readSnapshot(new SnapshotIn(Bytes.wrapForRead(snapshot)));
        return state;
    }

    /**
     * What is compared: every unit's API JSON (without its publication version), the alert book's slice (every
     * alert with its history and episode flags, the burden counters) and the pending deadlines. Not the whole
     * snapshot's bytes: the idempotency keys' hash table lays out the same keys differently when rebuilt.
     */
    private static String view(EngineState state) {
        StringBuilder v = new StringBuilder();
        for (Unit u : state.organisation().units()) {
            JsonObject unit = TestJson.unit(state, u.id());
            unit.remove("version");
            v.append(unit.encode()).append('\n');
        }
        v.append(state.pendingDeadlines()).append('\n');
        Bytes<?> b = Bytes.allocateElasticOnHeap(1 << 20);
        try {
            state.alerts().writeSnapshot(new SnapshotOut(b));
            v.append(HexFormat.of().formatHex(b.toByteArray()));
        } finally {
            b.releaseLast();
        }
        return v.toString();
    }

    /**
     * The alert book's layout 3 added one section at its end (the alerts each alert took over), so a snapshot of
     * layout 2 still reads, with no alert taken over: an upgrade keeps its snapshots, which matters once retention
     * has deleted the journal's first days (found in review: every snapshot would have been skipped at the upgrade,
     * and the state rebuilt from the journal left, without the patients admitted before the cut).
     */
    @Test
    void theAlertBookReadsTheLayoutBeforeIts() throws Exception {
        Organisation org = OrganisationLoader.demo();
        EngineState state = new EngineState(org);
        long t = Events.at("2026-03-10T09:00:00Z");
        for (int p = 0; p < 6; p++) { // alerts raised, escalated and answered, none handed on
            state.apply(Events.admission(t + p, "RVT-W12", "p" + p, "B" + p, 70));
            state.apply(Events.observation(t + 60_000 + p, "RVT-W12", "p" + p, p % 2 == 0 ? Events.high() : Events.medium()));
        }
        state.apply(Events.tick(t + 3_600_000));
        Bytes<?> b = Bytes.allocateElasticOnHeap(1 << 20);
        byte[] three;
        try {
            state.alerts().writeSnapshot(new SnapshotOut(b));
            three = b.toByteArray();
        } finally {
            b.releaseLast();
        }
        assertTrue(state.alerts().find(a -> !a.takenOver().isEmpty()).isEmpty(), "no band change handed a ladder on");
        byte[] two = java.util.Arrays.copyOf(three, three.length - 1); // layout 2: without the empty last section
        EngineState restored = new EngineState(org);
        restored.alerts().readSnapshot(new SnapshotIn(Bytes.wrapForRead(two), List.of("AlertBook:2")));
        assertEquals(state.alerts().find(a -> true).size(), restored.alerts().find(a -> true).size());
        assertTrue(restored.readsLayout(layoutWith(restored, "AlertBook:2")));
        assertFalse(restored.readsLayout(layoutWith(restored, "AlertBook:1")));
        assertFalse(restored.readsLayout(layoutWith(restored, "AlertBook:4")));
    }

    private static List<String> layoutWith(EngineState state, String alertBook) {
        List<String> layout = new ArrayList<>(state.snapshotLayout());
        layout.replaceAll(s -> s.startsWith("AlertBook:") ? alertBook : s);
        return layout;
    }
}
