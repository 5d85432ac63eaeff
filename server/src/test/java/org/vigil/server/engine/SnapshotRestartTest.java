package org.vigil.server.engine;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.organisation.CareHome;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.organisation.Unit;
import org.vigil.server.ServerConfig;
import org.vigil.server.TestServer;
import org.vigil.server.TestServer.Reply;
import org.vigil.server.VigilServer;
import org.vigil.server.rules.EngineState;
import org.vigil.server.spc.BoardMetric;
import org.vigil.server.snapshots.Snapshots;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.TestServer.BOOTSTRAP;
import static org.vigil.server.TestServer.JSON;
import static org.vigil.server.TestServer.envelope;

/**
 * Restart = the newest usable state snapshot + replay of the journal after it, and that equals a full replay of
 * the journal exactly: every unit's API JSON, every care home's residents, every alert with its history, the
 * idempotency keys, and the deadline wheel's pending timers — compared at several points of a long scenario.
 */
class SnapshotRestartTest {
    /** Small, so a scenario of a few thousand records takes several snapshots. */
    static final Snapshots.Settings OFTEN = new Snapshots.Settings(150, 10_080, 3, 0);

    /**
     * ReplayTest's seeded feed (census movements, observations, flags, concerns, staffing, RESTORE2, daily asks,
     * sepsis screens, closures), with critical and other doses scheduled after a third of the observations (a
     * half of them given or omitted), and completed assessments: every rule holds state and deadlines.
     */
    static List<String> scenario(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed + 1);
        List<String> out = new ArrayList<>();
        for (String line : ReplayTest.feed(n, seed)) {
            out.add(line);
            JsonObject e = new JsonObject(line);
            String id = e.getString("id");
            Instant t = Instant.parse(e.getString("time"));
            String unit = e.getString("unit");
            if (e.getString("type").equals("observation") && random.nextInt(3) == 0) {
                String dose = "D-" + id;
                String patient = e.getString("patient");
                out.add(envelope(id + "-dose", "doseScheduled", t, unit).put("doseId", dose).put("patient", patient)
                        .put("medicine", "Enoxaparin").put("critical", random.nextBoolean())
                        .put("dueAt", t.plus(Duration.ofMinutes(30)).toString()).encode());
                if (random.nextBoolean()) {
                    boolean given = random.nextBoolean();
                    JsonObject outcome = envelope(id + "-given", "doseOutcome", t.plus(Duration.ofMinutes(20)), unit)
                            .put("doseId", dose).put("patient", patient).put("outcome", given ? "GIVEN" : "OMITTED");
                    out.add((given ? outcome : outcome.put("reason", "NO_REASON")).encode());
                }
            } else if (e.getString("type").equals("admission") && random.nextInt(3) == 0) {
                out.add(envelope(id + "-vte", "assessment", t.plus(Duration.ofMinutes(5)), unit)
                        .put("patient", e.getString("patient")).put("kind", "VTE").put("completed", true).encode());
            }
        }
        return out;
    }

    static VigilServer start(Path data, Snapshots.Settings snapshots) throws IOException {
        VigilServer s = VigilServer.start(new ServerConfig("127.0.0.1", 0, data, null, Engine.ClockMode.EVENT, 30,
                10_000, 8 << 20, 65536).withSnapshots(snapshots), TestServer.CLOCK, BOOTSTRAP);
        TestServer.awaitHealthy(s.port(), Duration.ofSeconds(60));
        return s;
    }

    /** Reliability ratings at the time of {@code after}: records that only move the journal on. */
    static List<String> pulses(String prefix, int n, String after) {
        JsonObject last = new JsonObject(after);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(envelope(prefix + "-" + i, "pulse", Instant.parse(last.getString("time")), "RVT-W12")
                    .put("rating", 1 + i % 5).encode());
        }
        return out;
    }

    static JsonObject health(VigilServer s) {
        return TestServer.send(s.port(), "GET", "/health", null, null, null).json();
    }

    static void send(VigilServer s, List<String> events) {
        send(s.port(), events);
    }

    static void send(int port, List<String> events) {
        for (int i = 0; i < events.size(); i += 40) {
            String body = String.join("\n", events.subList(i, Math.min(events.size(), i + 40)));
            Reply r = TestServer.send(port, "POST", "/api/v1/events", BOOTSTRAP, TestServer.NDJSON,
                    body.getBytes(StandardCharsets.UTF_8));
            assertEquals(200, r.status(), r::toString);
        }
    }

    /** Acknowledges every other active alert and accepts every third: answers are state too. */
    static void answerSome(VigilServer s) {
        JsonArray active = get(s, "/api/v1/alerts").getJsonArray("alerts");
        for (int i = 0; i < active.size(); i++) {
            String id = active.getJsonObject(i).getString("id");
            String path = "/api/v1/alerts/" + id + (i % 3 == 0 ? "/accept" : "/ack");
            if (i % 2 == 0 || i % 3 == 0) {
                Reply r = TestServer.send(s.port(), "POST", path, BOOTSTRAP, JSON,
                        new JsonObject().put("by", "AB").put("role", "nurse-in-charge").encode()
                                .getBytes(StandardCharsets.UTF_8));
                assertTrue(r.status() < 500, r::toString);
            }
        }
    }

    static JsonObject get(VigilServer s, String path) {
        return get(s.port(), path);
    }

    static JsonObject get(int port, String path) {
        Reply r = TestServer.send(port, "GET", path, BOOTSTRAP, null, null);
        assertEquals(200, r.status(), () -> path + ": " + r);
        return r.body().startsWith("[") ? new JsonObject().put("alerts", new JsonArray(r.body())) : r.json();
    }

    /**
     * Everything compared: each unit's API JSON (without its publication version, which counts publications of
     * this run), each home's residents, every alert with its history, the pending deadlines, and which of the
     * given ids the state holds as journaled.
     */
    static Map<String, Object> view(VigilServer s, List<String> ids) throws Exception {
        Map<String, Object> v = httpView(s.port());
        v.put("deadlines", s.engine().read(EngineState::pendingDeadlines).get());
        v.put("ids", s.engine().read(state -> {
            List<String> unknown = new ArrayList<>();
            for (String id : ids) {
                if (!state.seen(sent(id))) {
                    unknown.add(id);
                }
            }
            return unknown;
        }).get());
        v.put("never sent", s.engine().read(state -> state.seen(sent("RVT-W12/never-sent-1"))
                || state.seen(sent("CH-BAYV/never-sent-2"))).get());
        return v;
    }

    /** What the API shows: each unit (without its publication version), each home's residents, every alert. */
    static Map<String, Object> httpView(int port) throws IOException {
        Map<String, Object> v = new LinkedHashMap<>();
        for (Unit u : OrganisationLoader.demo().units()) {
            boolean home = u instanceof CareHome;
            JsonObject unit = get(port, (home ? "/api/v1/carehomes/" : "/api/v1/wards/") + u.id());
            unit.remove("version");
            v.put(u.id(), unit);
            // the board's daily series, each metric's days and today so far (BoardSeries' slice)
            for (BoardMetric metric : BoardMetric.values()) {
                if (metric.applies().to(u)) {
                    v.put(u.id() + "/spc/" + metric.id(), get(port, "/api/v1/spc/" + u.id() + "/" + metric.id()));
                }
            }
            if (home) {
                v.put(u.id() + "/residents", get(port, "/api/v1/carehomes/" + u.id() + "/residents"));
            }
        }
        v.put("alerts", get(port, "/api/v1/alerts?state=all"));
        return v;
    }

    /** Each event's unit and id, as "unit/id": ids are kept per unit. */
    static List<String> ids(List<String> events) {
        List<String> ids = new ArrayList<>();
        for (String e : events) {
            JsonObject j = new JsonObject(e);
            ids.add(j.getString("unit") + "/" + j.getString("id"));
        }
        return ids;
    }

    /** An event with the unit and id of "unit/id", to ask the state whether it was journaled. */
    static Event sent(String unitAndId) {
        int slash = unitAndId.indexOf('/');
        return new Event(unitAndId.substring(slash + 1), EventType.PULSE, 0, unitAndId.substring(0, slash),
                new Payload.Pulse(1));
    }

    static void copy(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted((a, b) -> b.compareTo(a))::iterator) {
                Files.delete(f);
            }
        }
    }

    /** Waits (bounded) for the snapshot writer to have written a snapshot at or past {@code index}. */
    static Snapshots.Written awaitSnapshot(VigilServer s, long index) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            Snapshots.Written w = s.snapshotWriter().lastWritten();
            if (w != null && w.journalIndex() >= index) {
                return w;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no snapshot at or past journal record " + index + " within 30 s");
    }

    @Test
    void snapshotPlusTailEqualsAFullReplayAtSeveralPoints(@TempDir Path dir) throws Exception {
        List<String> events = scenario(2400, 23);
        List<String> sent = new ArrayList<>();
        Path live = dir.resolve("live");
        int stages = 4;
        int chunk = (events.size() + stages - 1) / stages;
        for (int stage = 0; stage < stages; stage++) {
            Map<String, Object> before;
            try (VigilServer s = start(live, OFTEN)) {
                if (stage > 0) {
                    JsonObject h = health(s);
                    assertTrue(h.getLong("snapshotIndex") > 0, () -> "restarted from a snapshot: " + h);
                    // only the tail after it (which the views' audit records, journaled after the last event, may
                    // have left empty of events: the writer can snapshot past them)
                    assertTrue(h.getLong("replayedEvents") < sent.size(), () -> "and replayed only the tail: " + h);
                }
                List<String> part = events.subList(stage * chunk, Math.min(events.size(), (stage + 1) * chunk));
                send(s, part);
                sent.addAll(part);
                answerSome(s);
                // the writer takes a snapshot past the answers, after enough records that change the state (the
                // audit trail's records of the reads do not count), then a tail it has not
                long answered = s.journal().lastIndex();
                List<String> fill = pulses("stage-" + stage + "-fill", (int) OFTEN.everyRecords(), part.get(part.size() - 1));
                send(s, fill);
                sent.addAll(fill);
                awaitSnapshot(s, answered);
                List<String> tail = pulses("stage-" + stage, 30, part.get(part.size() - 1));
                send(s, tail);
                sent.addAll(tail);
                before = view(s, ids(sent));
            }
            JsonObject anyUnit = (JsonObject) before.get("RVT-W12");
            assertTrue(((List<?>) before.get("deadlines")).size() > 20, "the scenario leaves deadlines pending");
            assertEquals(List.of(), before.get("ids"), "every id sent is journaled");
            assertEquals(false, before.get("never sent"));
            assertFalse(anyUnit.isEmpty());

            Path fromSnapshot = dir.resolve("snapshot-" + stage);
            Path fullReplay = dir.resolve("full-" + stage);
            copy(live, fromSnapshot);
            copy(live, fullReplay);
            deleteTree(fullReplay.resolve("snapshots"));
            try (VigilServer restored = start(fromSnapshot, OFTEN)) {
                JsonObject h = health(restored);
                // restored from a snapshot; the audit records of the views above may carry the writer past the tail,
                // so whether a tail of events is left varies: the stages' restarts above check one is replayed
                assertTrue(h.getLong("snapshotIndex") > 0, h::encode);
                assertEquals(before, view(restored, ids(sent)), "snapshot + tail must equal the live state");
            }
            try (VigilServer replayed = start(fullReplay, OFTEN)) {
                assertEquals(0L, health(replayed).getLong("snapshotIndex"));
                assertEquals(before, view(replayed, ids(sent)), "a full replay must equal the live state");
            }
        }
    }

    /**
     * Reads alone write no snapshot: every audited read is a journal record, and counted, they wrote snapshots of an
     * unchanged state that pushed the older, distinct ones out of those kept, so time travel to earlier instants
     * replayed from the journal's start, or (after a retention cut) had no origin (found by an independent check).
     */
    @Test
    void auditedReadsAloneWriteNoSnapshot(@TempDir Path dir) throws Exception {
        try (VigilServer s = start(dir, new Snapshots.Settings(5, 10_080, 3, 0))) {
            Instant t = Instant.parse("2026-03-10T09:00:00Z");
            List<String> pulses = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                pulses.add(envelope("reads-" + i, "pulse", t.plusSeconds(i), "RVT-W12").put("rating", 3).encode());
            }
            send(s, pulses);
            Snapshots.Written first = awaitSnapshot(s, s.journal().lastIndex());
            for (int i = 0; i < 20; i++) {
                get(s, "/api/v1/wards/RVT-W12"); // each journals an audit record
            }
            long reads = s.journal().lastIndex();
            for (int i = 0; i < 600 && s.snapshotWriter().follower().committedIndex() < reads; i++) {
                Thread.sleep(50);
            }
            assertTrue(s.snapshotWriter().follower().committedIndex() >= reads, "the writer read the reads' records");
            assertEquals(first.journalIndex(), s.snapshotWriter().lastWritten().journalIndex(), "no snapshot of them");
        }
    }
}
