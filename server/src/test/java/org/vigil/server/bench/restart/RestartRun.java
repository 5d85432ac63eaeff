package org.vigil.server.bench.restart;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.vigil.server.TestServer;
import org.vigil.server.bench.CpuMeter;
import org.vigil.server.bench.compare.Comparisons;
import org.vigil.server.bench.probe.ChildJvm;
import org.vigil.server.journal.Journal;
import org.vigil.server.snapshots.SnapshotFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ./vigil bench restart} (issue 14): how long a restart takes with state snapshots, against a full replay.
 * A 1,000-bed trust (36 wards of 28 beds, generated from the demo organisation's policies) is given 30 days of
 * history by the simulator ({@code --history-days}); once the snapshot writer has caught up, the server is
 * restarted cleanly (SIGTERM), then killed (SIGKILL) and restarted, then restarted with its snapshots moved aside
 * (a full replay). Each restart is timed from starting the JVM to /health answering 200 (polled every 10 ms); the
 * snapshot's size and the time to write it come from the files and the server's log. Results go to
 * {@code server/target/restart-results.json}, logs to {@code server/target/restart-run/}. Every child is bounded
 * and killed on exit.
 *
 * <p>Tunables: {@code vigil.bench.restart.days} (30), {@code .wards} (36), {@code .beds} (28), {@code .repeats} (3
 * restarts of each kind from a snapshot), {@code .fullRepeats} (1 full replay: minutes each on a loaded machine),
 * {@code .reuse} (false; true: keep the data a previous run seeded and only restart).
 */
public final class RestartRun {
    private static final Path ROOT = Comparisons.ROOT;
    private static final Path OUT = ROOT.resolve("server/target/restart-run");
    private static final Path RESULTS = ROOT.resolve("server/target/restart-results.json");
    private static final Pattern WRITTEN = Pattern.compile("written: journal record (\\d+), (\\d+) bytes in (\\d+) ms");
    private static final Pattern READ = Pattern.compile("restored: journal record (\\d+).*read in (\\d+) ms");
    private static final Pattern SEEDED = Pattern.compile("history seeded: \\d+ days to \\S+, (\\d+) events in ([0-9.]+) s");

    private final int days = Integer.getInteger("vigil.bench.restart.days", 30);
    private final int wards = Integer.getInteger("vigil.bench.restart.wards", 36);
    private final int beds = Integer.getInteger("vigil.bench.restart.beds", 28);
    private final int repeats = Integer.getInteger("vigil.bench.restart.repeats", 3);
    private final int fullRepeats = Integer.getInteger("vigil.bench.restart.fullRepeats", 1);
    /** The option {@code ./vigil} starts a server with to use its class-data archive, or empty (none made). */
    private final String serverCds = System.getProperty("vigil.bench.restart.serverCds", "").trim();
    private final boolean reuse = Boolean.getBoolean("vigil.bench.restart.reuse")
            && Files.isDirectory(OUT.resolve("data/journal")) && Files.exists(OUT.resolve("simulator.log"));
    private final String token;
    private final Path data;
    private final Path org;
    private int run;

    private RestartRun() throws IOException {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        this.token = HexFormat.of().formatHex(secret);
        if (!reuse) {
            delete(OUT);
        }
        Files.createDirectories(OUT);
        this.data = OUT.resolve("data");
        this.org = OUT.resolve("trust-1000-beds.yaml");
    }

    public static void main(String[] args) throws Exception {
        new RestartRun().all();
    }

    private void all() throws Exception {
        writeOrganisation();
        JsonObject out = new JsonObject().put("wards", wards).put("bedsPerWard", beds).put("historyDays", days)
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("classDataSharing", serverCds.isEmpty() ? "none" : serverCds)
                .put("loadAverageBefore", CpuMeter.loadAverage());
        if (!reuse) {
            seed();
        }
        Matcher m = SEEDED.matcher(Files.readString(OUT.resolve("simulator.log")));
        if (!m.find()) {
            throw new IllegalStateException("the simulator did not say what it seeded; see simulator.log");
        }
        long events = Long.parseLong(m.group(1));
        double seedSeconds = Double.parseDouble(m.group(2));
        long records;
        try (Journal journal = new Journal(data.resolve("journal"))) {
            records = journal.replay(e -> { });
        }
        out.put("eventsSeeded", events).put("journalRecords", records).put("seedSeconds", seedSeconds)
                .put("snapshot", snapshotFigures());

        JsonArray clean = new JsonArray();
        JsonArray killed = new JsonArray();
        JsonArray full = new JsonArray();
        for (int i = 0; i < repeats; i++) {
            clean.add(restart("clean", false));
            killed.add(restart("sigkill", true));
        }
        out.put("cleanRestart", clean).put("sigkillRestart", killed);
        Files.writeString(RESULTS, out.encodePrettily() + "\n"); // a full replay may take longer than a run is given
        Path aside = OUT.resolve("snapshots-aside");
        Files.move(data.resolve("snapshots"), aside);
        try {
            for (int i = 0; i < fullRepeats; i++) {
                full.add(restart("full-replay", false));
                delete(data.resolve("snapshots")); // what the full replay's own writer took
            }
        } finally {
            delete(data.resolve("snapshots"));
            Files.move(aside, data.resolve("snapshots"));
        }
        out.put("fullReplay", full).put("loadAverageAfter", CpuMeter.loadAverage());
        Files.writeString(RESULTS, out.encodePrettily() + "\n");
        System.out.println(out.encodePrettily());
        System.out.printf("restart: %d events (%d journal records) of %d days, %d beds; snapshot %.1f MB written in %s ms;"
                        + " time to healthy (ms) clean %s, after SIGKILL %s, full replay %s; load average %.1f → %.1f on %d cores%n",
                events, records, days, wards * beds, out.getJsonObject("snapshot").getLong("bytes") / 1e6,
                out.getJsonObject("snapshot").getValue("writeMillis"), millis(clean), millis(killed), millis(full),
                out.getDouble("loadAverageBefore"), out.getDouble("loadAverageAfter"), out.getInteger("cores"));
    }

    /** The server, the simulator's history into it, and the snapshot writer caught up; the server stopped. */
    private void seed() throws Exception {
        int port = freePort();
        ChildJvm server = server(port, "seed");
        try {
            server.awaitHealthy(port, Duration.ofMinutes(2));
            Path simLog = OUT.resolve("simulator.log");
            ChildJvm sim = ChildJvm.start("simulator", simulator(port), Map.of(), simLog);
            if (!sim.waitFor(3_600)) {
                sim.stop(5);
                throw new IllegalStateException("the history was not seeded within an hour; see " + simLog);
            }
            awaitSnapshotNearEnd(Duration.ofMinutes(20));
            server.stop(60);
        } finally {
            server.stop(5);
        }
    }

    /**
     * One restart: a server started on the data, timed to /health 200, then stopped (SIGTERM) or, when
     * {@code kill}, first kept busy then killed and started again (that second start is the one timed).
     */
    private JsonObject restart(String what, boolean kill) throws Exception {
        int port = freePort();
        if (kill) {
            ChildJvm victim = server(port, what + "-victim");
            try {
                victim.awaitHealthy(port, Duration.ofMinutes(10));
            } finally {
                victim.kill();
            }
        }
        port = freePort();
        long start = System.nanoTime();
        ChildJvm s = server(port, what);
        try {
            long healthyMillis = awaitHealthy(s, port, start);
            JsonObject health = TestServer.send(port, "GET", "/health", null, null, null).json();
            JsonObject r = new JsonObject().put("timeToHealthyMillis", healthyMillis)
                    .put("snapshotIndex", health.getLong("snapshotIndex"))
                    .put("tailRecordsReplayed", health.getLong("replayedEvents"))
                    .put("tailReplayMillis", health.getLong("replayMillis"));
            Matcher m = READ.matcher(Files.readString(log(what)));
            if (m.find()) {
                r.put("snapshotReadMillis", Long.parseLong(m.group(2)));
            }
            return r;
        } finally {
            s.stop(60);
        }
    }

    private static long awaitHealthy(ChildJvm s, int port, long startNanos) throws InterruptedException {
        long deadline = startNanos + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!s.alive()) {
                throw new IllegalStateException("the server exited while starting");
            }
            try {
                if (TestServer.send(port, "GET", "/health", null, null, null).status() == 200) {
                    return (System.nanoTime() - startNanos) / 1_000_000;
                }
            } catch (UncheckedIOException notListeningYet) {
                // starting
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("not healthy within 30 minutes");
    }

    /** The newest snapshot: size, and what the server logged about writing it (and the median of all it wrote). */
    private JsonObject snapshotFigures() throws IOException {
        Path newest;
        try (Stream<Path> s = Files.list(data.resolve("snapshots"))) {
            newest = s.filter(p -> p.toString().endsWith(".vsnap")).max(Path::compareTo).orElseThrow();
        }
        JsonObject f = new JsonObject().put("file", newest.getFileName().toString()).put("bytes", Files.size(newest));
        List<Long> writes = new ArrayList<>();
        Matcher m = WRITTEN.matcher(Files.readString(OUT.resolve("server-seed.log"), StandardCharsets.UTF_8));
        while (m.find()) {
            writes.add(Long.parseLong(m.group(3)));
            if (newest.getFileName().toString().contains(m.group(1))) {
                f.put("writeMillis", Long.parseLong(m.group(3)));
            }
        }
        writes.sort(Comparator.naturalOrder());
        f.put("snapshotsWritten", writes.size()).put("medianWriteMillis", writes.isEmpty() ? null : writes.get(writes.size() / 2));
        return f;
    }

    /** Waits until the newest snapshot is within the writer's interval of the journal's last record. */
    private void awaitSnapshotNearEnd(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            long last;
            try (Journal journal = new Journal(data.resolve("journal"))) {
                last = journal.lastIndex();
            }
            try (Stream<Path> files = Files.list(data.resolve("snapshots"))) {
                Path newest = files.filter(p -> p.toString().endsWith(".vsnap")).max(Path::compareTo).orElse(null);
                if (newest != null && SnapshotFile.read(newest).header().journalIndex() > last - 50_000) {
                    Thread.sleep(2_000); // and the writer idle after it
                    return;
                }
            } catch (IOException | SnapshotFile.Unusable beingReplaced) {
                // pruned or replaced while looked at
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the snapshot writer did not catch up within " + within);
    }

    private ChildJvm server(int port, String what) throws IOException {
        run++;
        List<String> cmd = new ArrayList<>();
        cmd.add(Comparisons.javaBin());
        cmd.addAll(Comparisons.jvmFlags());
        cmd.add("-Xmx2g");
        if (!serverCds.isEmpty()) {
            cmd.add(serverCds);
        }
        cmd.addAll(List.of("-cp", serverClasspath(), "org.vigil.server.Main", "--port", Integer.toString(port),
                "--host", "127.0.0.1", "--data", data.toString(), "--org", org.toString(), "--clock", "event"));
        return ChildJvm.start("server-" + what, cmd, Map.of("VIGIL_BOOTSTRAP_TOKEN", token), log(what));
    }

    /** The server's log of this run: the seeding server's is kept, the restarts' are numbered. */
    private Path log(String what) {
        return OUT.resolve(what.equals("seed") ? "server-seed.log" : "server-" + what + "-" + run + ".log");
    }

    private List<String> simulator(int port) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Comparisons.javaBin());
        cmd.addAll(Comparisons.jvmFlags());
        cmd.add("-Xmx1g");
        cmd.addAll(List.of("-cp", runtimeClasspath("simulator"), "org.vigil.simulator.Main",
                "--url", "http://127.0.0.1:" + port, "--token", token, "--org", org.toString(),
                "--history-days", Integer.toString(days), "--speed", "max"));
        return cmd;
    }

    /**
     * The demo organisation's system and policies, with one trust of {@code wards} wards of {@code beds}
     * beds in place of the demo's units.
     */
    private void writeOrganisation() throws IOException {
        String demo;
        try (var in = RestartRun.class.getResourceAsStream("/demo-organisation.yaml")) {
            demo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder units = new StringBuilder("places:\n  - id: BEN\n    name: Bench Place\n    trusts:\n"
                + "      - id: BT\n        name: Bench Trust of 1,000 beds\n        wards:\n");
        for (int w = 1; w <= wards; w++) {
            units.append(String.format("          - { id: BT-W%02d, name: \"Ward %d\", beds: %d, shifts: { day: \"07:30\", night: \"19:30\" } }%n",
                    w, w, beds));
        }
        int from = demo.indexOf("places:");
        int to = demo.indexOf("policies:");
        int tokens = demo.indexOf("\ntokens:"); // the demo's tokens name its trusts; the bench uses the bootstrap token
        Files.writeString(org, demo.substring(0, from) + units + "\n" + demo.substring(to, tokens + 1));
    }

    private static String millis(JsonArray runs) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            out.add(Long.toString(runs.getJsonObject(i).getLong("timeToHealthyMillis")));
        }
        return String.join("/", out);
    }

    /** As {@code ./vigil server} runs it: from its jar, which the class-data archive was made with. */
    private static String serverClasspath() throws IOException {
        Path m = ROOT.resolve("server");
        try (Stream<Path> jars = Files.list(m.resolve("target"))) {
            Path jar = jars.filter(p -> p.getFileName().toString().matches("vigil-server-.*(?<!-tests)\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no server jar: build with mvn package"));
            return jar + ":" + Files.readString(m.resolve("target/classpath.txt")).trim();
        }
    }

    private static String runtimeClasspath(String module) throws IOException {
        Path m = ROOT.resolve(module);
        return m.resolve("target/classes") + ":" + Files.readString(m.resolve("target/classpath.txt")).trim();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
