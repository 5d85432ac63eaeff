package org.vigil.server.journal;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the audit trail is in the journal: for each audit record its journal index, its time (the wall clock when it
 * was made) and the units it names, so {@code GET /api/v1/audit} pages through a month of journal without decoding
 * a clinical record. {@link #refresh()} reads on from where it stopped, looking at each record's type only
 * ({@link JournalCodec#peekType}); a page's entries are then read back by index. About 40 bytes an entry; unit ids
 * are shared strings. Kept in memory and rebuilt at start-up (the journal is the record; this is a finding aid).
 * Thread-safe: every method takes the index's lock, and each opens its own tailer.
 */
public final class AuditIndex {
    /** Which entries a page keeps: by their time and the units they name. */
    @FunctionalInterface
    public interface Filter {
        boolean keep(long at, List<String> units);
    }

    /** One audit record and its journal index (the paging cursor). */
    public record Entry(long index, long at, Payload.Audit audit) {}

    /** A page of entries, oldest first, and the cursor to ask for the next ({@code -1}: there is no more). */
    public record Page(List<Entry> entries, long next) {}

    private final Journal journal;
    private long[] indexes = new long[1024];
    private long[] times = new long[1024];
    private List<String>[] units = newUnits(1024);
    private int size;
    /** The journal index of the last record looked at, -1 before the first. */
    private long readUpTo = -1;

    public AuditIndex(Journal journal) {
        this.journal = journal;
    }

    /** Reads the records journaled since the last call (all of them the first time); returns how many entries. */
    public synchronized int refresh() {
        try (ExcerptTailer t = journal.queue().createTailer()) {
            boolean resumed = readUpTo >= 0 && t.moveToIndex(readUpTo);
            if (!resumed) {
                t.toStart();
            }
            while (true) {
                try (DocumentContext dc = t.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    long index = dc.index();
                    if (index <= readUpTo) {
                        continue; // the record we stopped at, or (after a cycle was deleted) ones already indexed
                    }
                    readUpTo = index;
                    if (JournalCodec.peekType(dc.wire().bytes()) == EventType.AUDIT) {
                        Event e = JournalCodec.read(dc.wire().bytes());
                        add(index, e.time(), ((Payload.Audit) e.payload()).units());
                    }
                }
            }
        }
        return size;
    }

    /**
     * Up to {@code limit} entries after the cursor {@code after} (-1: from the first) that the filter keeps, oldest
     * first, read back from the journal; an entry whose record is no longer in the journal (its day deleted by
     * retention) is passed over.
     */
    public synchronized Page find(long after, Filter filter, int limit) {
        List<Entry> out = new ArrayList<>();
        int i = firstAfter(after);
        try (ExcerptTailer t = journal.queue().createTailer()) {
            for (; i < size; i++) {
                if (!filter.keep(times[i], units[i])) {
                    continue;
                }
                if (out.size() == limit) {
                    return new Page(out, out.get(out.size() - 1).index());
                }
                Payload.Audit a = read(t, indexes[i]);
                if (a != null) {
                    out.add(new Entry(indexes[i], times[i], a));
                }
            }
        }
        return new Page(out, -1);
    }

    /** Entries indexed so far. */
    public synchronized int size() {
        return size;
    }

    private int firstAfter(long after) {
        int at = Arrays.binarySearch(indexes, 0, size, after);
        return at >= 0 ? at + 1 : -at - 1;
    }

    private static Payload.Audit read(ExcerptTailer t, long index) {
        if (!t.moveToIndex(index)) {
            return null;
        }
        try (DocumentContext dc = t.readingDocument()) {
            if (!dc.isPresent()) {
                return null;
            }
            return (Payload.Audit) JournalCodec.read(dc.wire().bytes()).payload();
        }
    }

    private void add(long index, long at, List<String> names) {
        if (size == indexes.length) {
            int n = size * 2;
            indexes = Arrays.copyOf(indexes, n);
            times = Arrays.copyOf(times, n);
            units = Arrays.copyOf(units, n);
        }
        List<String> shared = new ArrayList<>(names.size());
        for (String u : names) {
            shared.add(u.intern());
        }
        indexes[size] = index;
        times[size] = at;
        units[size] = List.copyOf(shared);
        size++;
    }

    @SuppressWarnings("unchecked")
    private static List<String>[] newUnits(int n) {
        return (List<String>[]) new List<?>[n];
    }
}
