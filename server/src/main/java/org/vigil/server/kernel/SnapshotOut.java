package org.vigil.server.kernel;

import net.openhft.chronicle.bytes.BytesOut;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a {@link SnapshotSlice} writes its state: a binary stream (Chronicle Bytes, like the journal's records),
 * with the few value kinds the slices need. Strings, enums and dates may be null; counts and small ints take a
 * stop-bit encoding (one byte below 128). {@link SnapshotIn} reads the same values in the same order.
 */
public final class SnapshotOut {
    private static final long NO_DATE = Long.MIN_VALUE;

    private final BytesOut<?> out;

    public SnapshotOut(BytesOut<?> out) {
        this.out = out;
    }

    public void writeLong(long v) {
        out.writeLong(v);
    }

    /** An int, stop-bit encoded: small non-negative values take one byte. */
    public void writeInt(int v) {
        out.writeStopBit(v);
    }

    /** How many entries follow (≥ 0). */
    public void writeCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative count " + n);
        }
        out.writeStopBit(n);
    }

    public void writeBoolean(boolean v) {
        out.writeBoolean(v);
    }

    public void writeDouble(double v) {
        out.writeDouble(v);
    }

    /** A string, or null. */
    public void writeString(String s) {
        out.writeUtf8(s);
    }

    /** An enum constant by ordinal, or null. */
    public void writeEnum(Enum<?> e) {
        out.writeStopBit(e == null ? 0 : e.ordinal() + 1);
    }

    /** A local date, or null. */
    public void writeDate(LocalDate d) {
        out.writeLong(d == null ? NO_DATE : d.toEpochDay());
    }

    /** A map of ids to times (e.g. when each patient was discharged), sorted by id. */
    public void writeTimes(Map<String, Long> times) {
        Map<String, Long> sorted = new TreeMap<>(times);
        writeCount(sorted.size());
        for (Map.Entry<String, Long> t : sorted.entrySet()) {
            writeString(t.getKey());
            writeLong(t.getValue());
        }
    }
}
