package org.vigil.server.engine;

import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.server.TestServer;
import org.vigil.server.VigilServer;
import org.vigil.server.journal.Journal;
import org.vigil.server.kernel.Feature;
import org.vigil.server.kernel.SnapshotIn;
import org.vigil.server.kernel.SnapshotOut;
import org.vigil.server.kernel.SnapshotSlice;
import org.vigil.server.rules.Rules;
import org.vigil.server.snapshots.SnapshotFile;
import org.vigil.server.snapshots.Snapshots;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A snapshot that is corrupt, truncated, of another schema version, of another organisation file or of another
 * slice layout is skipped with its file and reason named, and the next older one is used — or, with none left, the
 * journal from its start; either way the state equals the live one.
 */
class SnapshotFilesTest {
    @TempDir
    static Path shared;
    static Path data;
    static Map<String, Object> live;
    static List<String> ids;

    /** A run that leaves snapshots (the newest three kept, and each day's first) and the live view to compare with. */
    @BeforeAll
    static void run() throws Exception {
        data = shared.resolve("data");
        List<String> events = SnapshotRestartTest.scenario(900, 5);
        ids = SnapshotRestartTest.ids(events);
        try (VigilServer s = SnapshotRestartTest.start(data, SnapshotRestartTest.OFTEN)) {
            SnapshotRestartTest.send(s, events);
            SnapshotRestartTest.awaitSnapshot(s, s.journal().lastIndex() - (SnapshotRestartTest.OFTEN.everyRecords() - 1));
            live = SnapshotRestartTest.view(s, ids);
        }
    }

    static byte[] demoFile() throws IOException {
        try (InputStream in = OrganisationLoader.class.getResourceAsStream(OrganisationLoader.DEMO_RESOURCE)) {
            return in.readAllBytes();
        }
    }

    /** What a start-up on {@code dir} would choose. */
    static Snapshots.Choice choose(Path dir, Rules rules, byte[] orgFile) throws IOException {
        try (Journal journal = new Journal(dir.resolve("journal"))) {
            return new Snapshots(dir.resolve("snapshots"), rules, orgFile, journal, TestServer.CLOCK, 3).newestWithSkips();
        }
    }

    /** The snapshot files, newest first. */
    static List<Path> files(Path dir) throws IOException {
        try (Journal journal = new Journal(dir.resolve("journal"))) {
            return new Snapshots(dir.resolve("snapshots"), demoRules(), demoFile(), journal, TestServer.CLOCK, 3).files();
        }
    }

    static Rules demoRules() throws IOException {
        return new Rules(OrganisationLoader.demo());
    }

    /** Rewrites the file's schema version (little-endian, after the magic) and its checksum, so only that differs. */
    static void setSchemaVersion(Path file, int version) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(version);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes, bytes.length - 4, 4).putInt((int) crc.getValue());
        Files.write(file, bytes);
    }

    @Test
    void corruptTruncatedAndOtherSchemaSnapshotsAreSkippedForOlderOnesThenAFullReplay(@TempDir Path dir)
            throws Exception {
        SnapshotRestartTest.copy(data, dir);
        List<Path> files = files(dir);
        assertTrue(files.size() >= 3, "the newest three kept, and each day's first: " + files);
        long[] index = new long[3];
        for (int i = 0; i < 3; i++) {
            index[i] = SnapshotFile.read(files.get(i)).header().journalIndex();
        }

        // a flipped byte in the body of the newest
        byte[] newest = Files.readAllBytes(files.get(0));
        newest[newest.length / 2] ^= 0x5A;
        Files.write(files.get(0), newest);
        Snapshots.Choice c = choose(dir, demoRules(), demoFile());
        assertEquals(index[1], c.restored().orElseThrow().journalIndex());
        assertEquals(files.get(0), c.skipped().get(0).file());
        assertTrue(c.skipped().get(0).reason().contains("checksum"), c.skipped()::toString);

        // the next one truncated, as by a crash of a writer that did not write atomically
        byte[] second = Files.readAllBytes(files.get(1));
        Files.write(files.get(1), java.util.Arrays.copyOf(second, second.length / 3));
        c = choose(dir, demoRules(), demoFile());
        assertEquals(index[2], c.restored().orElseThrow().journalIndex());
        assertEquals(List.of(files.get(0), files.get(1)), c.skipped().stream().map(Snapshots.Skipped::file).toList());
        assertTrue(c.skipped().get(1).reason().contains("checksum"), c.skipped()::toString);

        // the older ones of another schema version (their checksums right): an old layout is never misread
        for (Path older : files.subList(2, files.size())) {
            setSchemaVersion(older, SnapshotFile.SCHEMA_VERSION + 98);
        }
        c = choose(dir, demoRules(), demoFile());
        assertTrue(c.restored().isEmpty());
        assertEquals(files.size(), c.skipped().size());
        assertTrue(c.skipped().get(2).reason().contains("schema version " + (SnapshotFile.SCHEMA_VERSION + 98)),
                c.skipped()::toString);

        // none usable: the server replays the journal from its start, and the state is the live one
        try (VigilServer s = SnapshotRestartTest.start(dir, SnapshotRestartTest.OFTEN)) {
            assertEquals(0L, SnapshotRestartTest.health(s).getLong("snapshotIndex"));
            assertEquals(live, SnapshotRestartTest.view(s, ids));
        }
    }

    @Test
    void aServerSkipsACorruptNewestSnapshotAndRestoresTheOneBefore(@TempDir Path dir) throws Exception {
        SnapshotRestartTest.copy(data, dir);
        List<Path> files = files(dir);
        long second = SnapshotFile.read(files.get(1)).header().journalIndex();
        Files.write(files.get(0), "not a snapshot".getBytes(StandardCharsets.UTF_8));
        try (VigilServer s = SnapshotRestartTest.start(dir, SnapshotRestartTest.OFTEN)) {
            assertEquals(second, SnapshotRestartTest.health(s).getLong("snapshotIndex"));
            assertEquals(live, SnapshotRestartTest.view(s, ids));
        }
    }

    @Test
    void aSnapshotOfAnotherOrganisationFileOrSliceLayoutIsNotUsed() throws Exception {
        Snapshots.Choice c = choose(data, demoRules(), edited("graceMinutes: 60", "graceMinutes: 45"));
        assertTrue(c.restored().isEmpty());
        assertEquals(files(data).size(), c.skipped().size());
        assertTrue(c.skipped().get(0).reason().contains("other units or policies"), c.skipped()::toString);

        // a build with one more rule (a site's) has another layout: its slice would be missing from these
        Rules more = demoRules().add(ctx -> new CountingRule(), EventType.PULSE);
        c = choose(data, more, demoFile());
        assertTrue(c.restored().isEmpty());
        assertTrue(c.skipped().get(0).reason().contains("incompatible slice layout"), c.skipped()::toString);
        assertTrue(c.skipped().get(0).reason().contains("CountingRule:1"), c.skipped()::toString);

        c = choose(data, demoRules(), demoFile());
        assertTrue(c.restored().isPresent() && c.skipped().isEmpty(), "the same build, file and journal use the newest");
    }

    /**
     * Tokens and webhooks decide who may ask and who is told, never what a rule computes: a token rotated, a webhook
     * added, a comment or the keys' order changed leave the snapshots usable. Tied to the whole file, they were all
     * skipped after a token was added, and once retention had cut the journal the server could not start (found by
     * an independent audit). A unit's or a policy's change still makes them unusable.
     */
    @Test
    void aSnapshotOutlivesATokenOrWebhookEditButNotAPolicyEdit() throws Exception {
        String token = "  - { name: \"rotated\", sha256: " + "ab".repeat(32) + ", scopes: [ \"read:system\" ] }\n";
        byte[][] harmless = {
                edited("tokens:\n", "tokens:\n" + token),
                (new String(demoFile(), StandardCharsets.UTF_8) + "\nwebhooks:\n  - { name: bleep, url: \"https://bleep.example\","
                        + " secretEnv: BLEEP_SECRET, scopes: [ \"system\" ] }\n# a comment\n").getBytes(StandardCharsets.UTF_8),
                edited("graceMinutes: 60\n    timeCriticalGraceMinutes: { PARKINSONS: 30 }",
                        "timeCriticalGraceMinutes: { PARKINSONS: 30 }\n    graceMinutes: 60")};
        for (byte[] file : harmless) {
            Snapshots.Choice c = choose(data, demoRules(), file);
            assertTrue(c.restored().isPresent() && c.skipped().isEmpty(), c.skipped()::toString);
        }
        Snapshots.Choice c = choose(data, demoRules(), edited("firstSetMinutes: 60", "firstSetMinutes: 30"));
        assertTrue(c.restored().isEmpty(), "a policy the rules read changed");
    }

    /**
     * A snapshot written before the digest left tokens and webhooks out names the whole file's SHA-256: an upgrade
     * still restores it, or a server whose journal retention had cut would not start after the upgrade.
     */
    @Test
    void aSnapshotNamingTheWholeFilesDigestStillRestores(@TempDir Path dir) throws Exception {
        SnapshotRestartTest.copy(data, dir);
        Path newest = files(dir).get(0);
        SnapshotFile.Contents was = SnapshotFile.read(newest);
        SnapshotFile.Header h = was.header();
        byte[] wholeFile = java.security.MessageDigest.getInstance("SHA-256").digest(demoFile());
        Bytes<?> body = Bytes.wrapForRead(was.body());
        SnapshotFile.write(newest, new SnapshotFile.Header(h.schemaVersion(), h.layout(), h.journalIndex(),
                h.eventTime(), wholeFile, h.createdAt()), body);
        Snapshots.Choice c = choose(dir, demoRules(), demoFile());
        assertEquals(h.journalIndex(), c.restored().orElseThrow().journalIndex(), c.skipped()::toString);
        c = choose(dir, demoRules(), edited("tokens:\n", "tokens:\n  - { name: \"x\", sha256: " + "cd".repeat(32)
                + ", scopes: [ \"read:system\" ] }\n"));
        assertEquals(newest, c.skipped().get(0).file(), "its digest names the file as it was, tokens and all");
        assertEquals(SnapshotFile.readHeader(files(dir).get(1)).journalIndex(), c.restored().orElseThrow().journalIndex());
    }

    /** The demo organisation file with one text replaced, which must be there. */
    static byte[] edited(String from, String to) throws IOException {
        String demo = new String(demoFile(), StandardCharsets.UTF_8);
        assertTrue(demo.contains(from), from);
        return demo.replace(from, to).getBytes(StandardCharsets.UTF_8);
    }

    /** A site's rule with a slice of its own. */
    static final class CountingRule implements Feature, SnapshotSlice {
        private long pulses;

        @Override
        public void apply(Event e) {
            pulses++;
        }

        @Override
        public int snapshotVersion() {
            return 1;
        }

        @Override
        public void writeSnapshot(SnapshotOut out) {
            out.writeLong(pulses);
        }

        @Override
        public void readSnapshot(SnapshotIn in) {
            pulses = in.readLong();
        }
    }
}
