package org.vigil.server.snapshots;

import net.openhft.chronicle.bytes.Bytes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * One state snapshot on disk: a header, the state's bytes, and a CRC32C of everything before it.
 *
 * <pre>
 *   magic "VIGILSNP" (8 bytes) · schema version (int) · layout: count, then each slice's "name:version"
 *   · journal index covered (long) · event time covered (long, epoch ms) · organisation file digest (32 bytes,
 *   SHA-256) · created at (long, wall clock epoch ms) · body length (long) · body · CRC32C (int)
 * </pre>
 *
 * Written atomically: to a temporary file in the same directory, forced to disk, renamed over, and the directory
 * forced, so a crash leaves either the whole snapshot or none. Read in full and checked (magic, length, checksum)
 * before anything of it is believed; {@link Unusable} says why a file cannot be used.
 */
public final class SnapshotFile {
    /** The file layout's version (header and framing): bumped when it changes; the slices have their own. */
    public static final int SCHEMA_VERSION = 1;
    private static final byte[] MAGIC = "VIGILSNP".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST_BYTES = 32;
    private static final int MAX_LAYOUT_ENTRIES = 1024;
    /** Enough for any header this build writes (a layout of some forty "name:version" entries, under 2 KB). */
    private static final int HEADER_READ_BYTES = 64 * 1024;

    /** What a snapshot says about itself. */
    public record Header(int schemaVersion, List<String> layout, long journalIndex, long eventTime, byte[] orgDigest,
                         long createdAt) {
        public Header {
            layout = List.copyOf(layout);
            orgDigest = orgDigest.clone();
        }
    }

    /** A header and the state's bytes, checked. */
    public record Contents(Header header, byte[] body) {}

    /** The file cannot be used as a snapshot: the reason names what is wrong. */
    public static final class Unusable extends Exception {
        public Unusable(String reason) {
            super(reason);
        }
    }

    private SnapshotFile() {
    }

    /** Writes {@code header} and {@code body} to {@code file} atomically; returns the file's size. */
    public static long write(Path file, Header header, Bytes<?> body) throws IOException {
        Bytes<?> out = Bytes.allocateElasticOnHeap((int) Math.min(Integer.MAX_VALUE - 64, body.readRemaining() + 4096));
        try {
            out.write(MAGIC);
            out.writeInt(header.schemaVersion());
            out.writeStopBit(header.layout().size());
            for (String slice : header.layout()) {
                out.writeUtf8(slice);
            }
            out.writeLong(header.journalIndex());
            out.writeLong(header.eventTime());
            out.write(header.orgDigest());
            out.writeLong(header.createdAt());
            out.writeLong(body.readRemaining());
            out.write(body);
            CRC32C crc = new CRC32C();
            byte[] bytes = out.toByteArray();
            crc.update(bytes);
            ByteBuffer whole = ByteBuffer.allocate(bytes.length + 4);
            whole.put(bytes).putInt((int) crc.getValue()).flip();
            writeAtomically(file, whole);
            return bytes.length + 4L;
        } finally {
            out.releaseLast();
        }
    }

    /** Writes a whole snapshot's bytes, as another node wrote them, to {@code file} atomically. */
    public static void copy(Path file, byte[] snapshot) throws IOException {
        writeAtomically(file, ByteBuffer.wrap(snapshot));
    }

    private static void writeAtomically(Path file, ByteBuffer whole) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (whole.hasRemaining()) {
                ch.write(whole);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(file.getParent());
    }

    /** The rename is durable only once the directory entry is on disk too. */
    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Reads and checks the whole file: magic, framing and checksum (not yet whether this build can use it). */
    public static Contents read(Path file) throws IOException, Unusable {
        return read(Files.readAllBytes(file));
    }

    /** Checks a whole snapshot's bytes (as {@link #read(Path)} does a file's) and splits them into header and body. */
    public static Contents read(byte[] bytes) throws Unusable {
        requireMagic(bytes);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        if ((int) crc.getValue() != stored) {
            throw new Unusable("checksum mismatch (truncated or corrupt; " + bytes.length + " bytes)");
        }
        Bytes<?> in = Bytes.wrapForRead(bytes);
        try {
            Header header = header(in);
            long bodyLength = in.readLong();
            if (bodyLength != in.readRemaining() - 4) {
                throw new Unusable("body of " + bodyLength + " bytes in a file holding " + (in.readRemaining() - 4));
            }
            byte[] body = new byte[(int) bodyLength];
            in.read(body);
            return new Contents(header, body);
        } catch (RuntimeException e) {
            throw new Unusable("malformed header: " + e.getMessage());
        } finally {
            in.releaseLast();
        }
    }

    /**
     * The header alone, from the file's first bytes: to choose among snapshots by what they cover without reading
     * each whole (a time-travel question about last month passes over a month of them). Not checked against the
     * checksum: the snapshot chosen is then {@linkplain #read(Path) read in full}, and checked.
     */
    public static Header readHeader(Path file) throws IOException, Unusable {
        ByteBuffer first = ByteBuffer.allocate(HEADER_READ_BYTES);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (first.hasRemaining() && ch.read(first) >= 0) {
                // a file shorter than the buffer ends the loop at end of file
            }
        }
        byte[] bytes = Arrays.copyOf(first.array(), first.position());
        requireMagic(bytes);
        Bytes<?> in = Bytes.wrapForRead(bytes);
        try {
            return header(in);
        } catch (RuntimeException e) {
            throw new Unusable("malformed or longer than " + HEADER_READ_BYTES + " bytes header: " + e.getMessage());
        } finally {
            in.releaseLast();
        }
    }

    private static void requireMagic(byte[] bytes) throws Unusable {
        if (bytes.length < MAGIC.length + 4 || !Arrays.equals(MAGIC, Arrays.copyOf(bytes, MAGIC.length))) {
            throw new Unusable("not a Vigil state snapshot (no magic number)");
        }
    }

    /** Reads the header from {@code in}, positioned at the magic number; leaves it at the body's length. */
    private static Header header(Bytes<?> in) throws Unusable {
        in.readSkip(MAGIC.length);
        int schema = in.readInt();
        if (schema != SCHEMA_VERSION) {
            throw new Unusable("schema version " + schema + ", this build reads version " + SCHEMA_VERSION);
        }
        long entries = in.readStopBit();
        if (entries < 0 || entries > MAX_LAYOUT_ENTRIES) {
            throw new Unusable("implausible layout of " + entries + " slices");
        }
        List<String> layout = new ArrayList<>((int) entries);
        for (int i = 0; i < entries; i++) {
            layout.add(in.readUtf8());
        }
        long index = in.readLong();
        long eventTime = in.readLong();
        byte[] digest = new byte[DIGEST_BYTES];
        in.read(digest);
        long createdAt = in.readLong();
        return new Header(schema, layout, index, eventTime, digest, createdAt);
    }
}
