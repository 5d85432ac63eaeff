package org.vigil.server.bench;

import io.vertx.core.json.JsonObject;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.server.engine.UnitSnapshot;
import org.vigil.server.history.History;
import org.vigil.server.history.JournalStart;
import org.vigil.server.history.SnapshotOrigins;
import org.vigil.server.journal.Journal;
import org.vigil.server.rules.Rules;
import org.vigil.server.snapshots.SnapshotWriter;
import org.vigil.server.snapshots.Snapshots;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * {@code ?at=} latency (issue 14: within 1 s for any instant of the retained 30 days): journals 30 days of a
 * 1,000-bed trust (40 wards of 25 beds, the realistic mix of {@link BenchEvents} at {@code eventsPerBedDay}), then
 * snapshots it as a server does, and asks {@link History} — the same workers, origins (the nearest earlier snapshot)
 * and scratch replay the API uses, no cache — for one ward's snapshot as at instants drawn uniformly from the 30
 * days, and reports p50, p99 and max. Not JMH: each question restores a snapshot and replays the journal after it.
 */
final class TimeTravelBenchmark {
    static final int WARDS = 40;
    static final int BEDS = 25;
    private static final String ORG_FILE = "thousand-beds.yaml";

    private TimeTravelBenchmark() {
    }

    static JsonObject run(int eventsPerBedDay, int questions) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("vigil-bench-timetravel-");
        try {
            Organisation org = OrganisationLoader.load(thousandBeds(dir));
            long events = (long) WARDS * BEDS * 30 * eventsPerBedDay;
            long span = 30L * 86_400_000L;
            long t0 = System.currentTimeMillis() - span;
            long spacing = Math.max(1, span / events);
            BenchEvents gen = new BenchEvents(org, 14);
            long write = System.nanoTime();
            try (Journal journal = new Journal(dir.resolve("journal"))) {
                for (long i = 0; i < events; i++) {
                    journal.append(gen.next(t0 + i * spacing));
                }
            }
            System.out.printf("timetravel: journaled %,d events (30 days, %d beds, %d a bed a day) in %.1f s%n", events,
                    WARDS * BEDS, eventsPerBedDay, (System.nanoTime() - write) / 1e9);
            Rules rules = new Rules(org);
            SplittableRandom random = new SplittableRandom(7);
            double[] ms = new double[questions];
            try (Journal journal = new Journal(dir.resolve("journal"))) {
                Snapshots snapshots = snapshot(journal, rules, dir);
                questions(journal, rules, snapshots, t0, span, random, ms);
            }
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            JsonObject out = new JsonObject().put("events", events).put("beds", WARDS * BEDS)
                    .put("eventsPerBedDay", eventsPerBedDay).put("questions", questions)
                    .put("p50Ms", sorted[questions / 2]).put("p99Ms", sorted[Math.min(questions - 1, (int) Math.ceil(questions * 0.99) - 1)])
                    .put("maxMs", sorted[questions - 1])
                    .put("origin", "the nearest earlier state snapshot a server keeps (each day's first, the newest 3)");
            System.out.printf("timetravel: p50 %.0f ms, p99 %.0f ms, max %.0f ms over %d instants%n",
                    out.getDouble("p50Ms"), out.getDouble("p99Ms"), out.getDouble("maxMs"), questions);
            return out;
        } finally {
            TempDirs.delete(dir);
        }
    }

    /**
     * The journal's state snapshots, written as a server writes them: its snapshot writer follows the journal with
     * the server's settings ({@link Snapshots.Settings#DEFAULT}: a day's first after 10,000 records, a large state
     * less often), and the newest 3 and each day's first are kept. Returns once it has read the whole journal.
     */
    private static Snapshots snapshot(Journal journal, Rules rules, Path dir)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        Snapshots snapshots = new Snapshots(dir.resolve("snapshots"), rules, Files.readAllBytes(dir.resolve(ORG_FILE)),
                journal, Clock.systemUTC(), Snapshots.Settings.DEFAULT.keep());
        try (SnapshotWriter writer = new SnapshotWriter(journal, rules, snapshots, Snapshots.Settings.DEFAULT,
                Clock.systemUTC())) {
            writer.start();
            long last = journal.lastIndex();
            while (writer.follower().committedIndex() < last) {
                if (System.nanoTime() - start > 1_800_000_000_000L) {
                    throw new IllegalStateException("the snapshot writer did not read the journal within 30 minutes");
                }
                Thread.sleep(200);
            }
        }
        System.out.printf("timetravel: %d state snapshots kept (%,d bytes the newest) after %.1f s%n",
                snapshots.files().size(), Files.size(snapshots.files().get(0)), (System.nanoTime() - start) / 1e9);
        return snapshots;
    }

    /** Asks {@code ms.length} questions at instants drawn uniformly from the span, timing each into {@code ms}. */
    private static void questions(Journal journal, Rules rules, Snapshots snapshots, long t0, long span,
                                  SplittableRandom random, double[] ms) {
        int questions = ms.length;
        try (History history = new History(journal, new SnapshotOrigins(snapshots, new JournalStart(rules, journal)),
                1, 4, 0)) {
            // one question first, not counted: the JIT's warm-up, as a server that has replayed at start-up has
            history.at(t0 + span / 2, s -> UnitSnapshot.of(s, "BW-01", 0)).join();
            for (int q = 0; q < questions; q++) {
                long at = t0 + (long) (random.nextDouble() * span);
                long start = System.nanoTime();
                UnitSnapshot s = history.at(at, state -> UnitSnapshot.of(state, "BW-" + String.format("%02d",
                        1 + random.nextInt(WARDS)), 0)).join();
                ms[q] = (System.nanoTime() - start) / 1e6;
                if (s == null || s.asOf() > at) {
                    throw new IllegalStateException("no snapshot as at " + at);
                }
                System.out.printf("timetravel: question %d at day %.1f: %.0f ms%n", q + 1, (at - t0) / 86_400_000.0, ms[q]);
            }
        }
    }

    /** The demo organisation's policies with one trust of 40 wards of 25 beds and no tokens. */
    private static Path thousandBeds(Path dir) throws IOException {
        String demo;
        try (InputStream in = OrganisationLoader.class.getResourceAsStream("/demo-organisation.yaml")) {
            demo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder places = new StringBuilder("places:\n  - id: BP\n    name: Bench Place\n    trusts:\n"
                + "      - id: BT\n        name: Bench Trust\n        wards:\n");
        for (int w = 1; w <= WARDS; w++) {
            places.append(String.format("          - { id: BW-%02d, name: \"Ward %d\", beds: %d, shifts: { day: \"07:30\", "
                    + "night: \"19:30\" } }%n", w, w, BEDS));
        }
        String yaml = demo.substring(0, demo.indexOf("places:")) + places + "\n"
                + demo.substring(demo.indexOf("policies:"), demo.indexOf("\ntokens:") + 1);
        Path file = dir.resolve(ORG_FILE);
        Files.writeString(file, yaml);
        return file;
    }
}
