package org.vigil.server.kernel;

import net.openhft.chronicle.bytes.BytesIn;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link SnapshotSlice} reads its state back from: the values {@link SnapshotOut} wrote, in the same order.
 * Reading past the slice's bytes, a negative or implausible count, or an enum ordinal this build does not have
 * throws {@link Corrupt}: the snapshot is then skipped, never half-believed.
 */
public final class SnapshotIn {
    private static final long NO_DATE = Long.MIN_VALUE;

    /** The bytes do not hold what the slice expects. */
    public static final class Corrupt extends RuntimeException {
        public Corrupt(String message) {
            super(message);
        }
    }

    private final BytesIn<?> in;
    /** Each slice's layout version in the snapshot being read ("name:version" in its header), by name. */
    private final Map<String, Integer> versions = new HashMap<>();

    public SnapshotIn(BytesIn<?> in) {
        this.in = in;
    }

    /** Reads a snapshot whose header gives each slice's layout as "name:version". */
    public SnapshotIn(BytesIn<?> in, List<String> layout) {
        this(in);
        for (String entry : layout) {
            int v = layoutVersion(entry);
            if (v >= 0) { // not "none": a rule with no snapshot of its own
                versions.put(layoutSlice(entry), v);
            }
        }
    }

    /** The slice a layout entry ("name:version") names. */
    public static String layoutSlice(String entry) {
        return entry.substring(0, Math.max(0, entry.lastIndexOf(':')));
    }

    /** The version a layout entry ("name:version") gives; -1 for none ("none", or not a number). */
    public static int layoutVersion(String entry) {
        try {
            return Integer.parseInt(entry.substring(entry.lastIndexOf(':') + 1));
        } catch (NumberFormatException none) {
            return -1;
        }
    }

    /** The layout version of the slice in the snapshot being read: {@code current} unless the header says another. */
    public int version(String slice, int current) {
        return versions.getOrDefault(slice, current);
    }

    public long readLong() {
        need(8);
        return in.readLong();
    }

    public int readInt() {
        long v = in.readStopBit();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new Corrupt("int out of range: " + v);
        }
        return (int) v;
    }

    /** A count written by {@link SnapshotOut#writeCount}: never negative, never more than the bytes left. */
    public int readCount() {
        long n = in.readStopBit();
        if (n < 0 || n > in.readRemaining()) {
            throw new Corrupt("implausible count " + n + " with " + in.readRemaining() + " bytes left");
        }
        return (int) n;
    }

    public boolean readBoolean() {
        need(1);
        return in.readBoolean();
    }

    public double readDouble() {
        need(8);
        return in.readDouble();
    }

    public String readString() {
        return in.readUtf8();
    }

    /** An enum constant written by {@link SnapshotOut#writeEnum}, or null. */
    public <E extends Enum<E>> E readEnum(E[] values) {
        long ordinal = in.readStopBit() - 1;
        if (ordinal == -1) {
            return null;
        }
        if (ordinal < 0 || ordinal >= values.length) {
            throw new Corrupt("no " + values.getClass().getComponentType().getSimpleName() + " with ordinal " + ordinal);
        }
        return values[(int) ordinal];
    }

    public LocalDate readDate() {
        long day = readLong();
        return day == NO_DATE ? null : LocalDate.ofEpochDay(day);
    }

    /** Puts into {@code times} what {@link SnapshotOut#writeTimes} wrote. */
    public void readTimes(Map<String, Long> times) {
        int n = readCount();
        for (int i = 0; i < n; i++) {
            times.put(readString(), readLong());
        }
    }

    /** Bytes not yet read. */
    public long remaining() {
        return in.readRemaining();
    }

    private void need(int bytes) {
        if (in.readRemaining() < bytes) {
            throw new Corrupt("truncated: " + bytes + " bytes needed, " + in.readRemaining() + " left");
        }
    }
}
