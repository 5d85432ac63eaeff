package org.vigil.server.kernel;

import java.security.SecureRandom;

/**
 * The idempotency keys already journaled, as keyed hashes in an open-addressing table: 21–43 bytes an id (16 a slot,
 * at most three quarters full, growing by doubling) instead of a hundred for a {@code HashSet<String>}, and no
 * per-id objects for the collector. The hash keys are random, drawn
 * when the set is first built and kept in state snapshots with the hashes (a snapshot holds no id itself), so a
 * sender cannot craft an id that collides with another's and have a real event dropped as a "duplicate".
 *
 * <p>Each id is tagged with the journal cycle (the UTC day file) its record is in, so that when retention deletes a
 * cycle its ids are forgotten with it ({@link #forgetBefore}): the set holds exactly the ids of the journal kept, as
 * a full replay of it would, and does not grow without bound across snapshots. An entry is two longs: a 64-bit
 * hash, and a second 48-bit hash with the cycle in its low 16 bits (cycles are days since 1970, below 65,536 until
 * the year 2149). 112 bits of hash keep a false "duplicate" out of reach (about 10⁻¹⁹ at ten million ids).
 * Engine thread only.
 */
public final class SeenIds implements SnapshotSlice {
    private static final long CYCLE_BITS = 0xFFFFL;
    private static final long HASH_BITS = ~CYCLE_BITS;
    private static final int MIN_PAIRS = 1024;
    /** Between a unit and an id in the hashed key: ids hold no control characters, so it is unambiguous. */
    private static final char SCOPE_SEPARATOR = '\u001F';

    private long seedA;
    private long seedB;
    private long[] slots; // pairs (a, b | cycle); (0, 0) is empty
    private int size;

    public SeenIds() {
        SecureRandom random = new SecureRandom();
        this.seedA = random.nextLong();
        this.seedB = random.nextLong();
        this.slots = new long[2 * MIN_PAIRS];
    }

    /**
     * Adds the id as sent for {@code scope} (the event's unit: ids are kept per unit), journaled in {@code cycle};
     * returns false when it was already present. Hashed as the one string "scope␟id" would be, without building it.
     */
    public boolean add(String scope, String id, int cycle) {
        long a = hash(scope, id, seedA);
        long b = entryB(hash(scope, id, seedB), cycle, a);
        if (overfull(size + 1, slots.length / 2)) {
            slots = rebuilt(slots, slots.length * 2, 0);
        }
        return insert(a, b);
    }

    /** Whether the id was added for {@code scope}. */
    public boolean contains(String scope, String id) {
        return find(hash(scope, id, seedA), hash(scope, id, seedB) & HASH_BITS);
    }

    /**
     * Whether the bare id is held: a snapshot written before ids were kept per unit holds them so, until retention
     * forgets their cycles.
     */
    public boolean contains(String id) {
        return find(hash(id, seedA), hash(id, seedB) & HASH_BITS);
    }

    private boolean find(long a, long b) {
        int mask = slots.length / 2 - 1;
        for (int i = (int) (a ^ (a >>> 32)) & mask; ; i = (i + 1) & mask) {
            long sa = slots[2 * i];
            long sb = slots[2 * i + 1];
            if (sa == 0 && sb == 0) {
                return false;
            }
            if (sa == a && (sb & HASH_BITS) == b) {
                return true;
            }
        }
    }

    public int size() {
        return size;
    }

    /** Forgets the ids of every journal cycle before {@code cycle} (deleted by retention); returns how many. */
    public int forgetBefore(int cycle) {
        int before = size;
        slots = rebuilt(slots, slots.length, cycle);
        return before - size;
    }

    @Override
    public int snapshotVersion() {
        return 1;
    }

    /** The hash keys, then every entry: the set's membership, not its layout (the table is rebuilt). */
    @Override
    public void writeSnapshot(SnapshotOut out) {
        out.writeLong(seedA);
        out.writeLong(seedB);
        out.writeCount(size);
        for (int i = 0; i < slots.length; i += 2) {
            if (slots[i] != 0 || slots[i + 1] != 0) {
                out.writeLong(slots[i]);
                out.writeLong(slots[i + 1]);
            }
        }
    }

    @Override
    public void readSnapshot(SnapshotIn in) {
        seedA = in.readLong();
        seedB = in.readLong();
        int n = in.readCount();
        int pairs = MIN_PAIRS;
        while (overfull(n + 1, pairs)) {
            pairs *= 2;
        }
        slots = new long[2 * pairs];
        size = 0;
        for (int i = 0; i < n; i++) {
            long a = in.readLong();
            long b = in.readLong();
            if ((a == 0 && b == 0) || !insert(a, b)) {
                throw new SnapshotIn.Corrupt("id set entry " + i + " is empty or repeated");
            }
        }
    }

    /**
     * Whether {@code entries} would fill more than three quarters of {@code pairs} slots: linear probing then still
     * finds an id in ~2.5 probes and misses (a new id, the usual case) in ~8.5, of 16 bytes each, so about two cache
     * lines, where half full cost a third more memory per id (bench heap: the id set was ~320 B of a patient's 9 events).
     */
    private static boolean overfull(long entries, int pairs) {
        return entries * 4 > pairs * 3L;
    }

    private static long entryB(long b, int cycle, long a) {
        long entry = (b & HASH_BITS) | (cycle & CYCLE_BITS);
        return a == 0 && entry == 0 ? 1L << 16 : entry; // (0, 0) marks an empty slot
    }

    private boolean insert(long a, long b) {
        int mask = slots.length / 2 - 1;
        for (int i = (int) (a ^ (a >>> 32)) & mask; ; i = (i + 1) & mask) {
            long sa = slots[2 * i];
            long sb = slots[2 * i + 1];
            if (sa == 0 && sb == 0) {
                slots[2 * i] = a;
                slots[2 * i + 1] = b;
                size++;
                return true;
            }
            if (sa == a && (sb & HASH_BITS) == (b & HASH_BITS)) {
                return false;
            }
        }
    }

    /** A table of {@code length} longs holding the entries of {@code old} whose cycle is {@code minCycle} or later. */
    private long[] rebuilt(long[] old, int length, int minCycle) {
        long[] table = new long[length];
        int mask = length / 2 - 1;
        int kept = 0;
        for (int i = 0; i < old.length; i += 2) {
            long a = old[i];
            long b = old[i + 1];
            if ((a != 0 || b != 0) && (b & CYCLE_BITS) >= (minCycle & CYCLE_BITS)) {
                int j = (int) (a ^ (a >>> 32)) & mask;
                while (table[2 * j] != 0 || table[2 * j + 1] != 0) {
                    j = (j + 1) & mask;
                }
                table[2 * j] = a;
                table[2 * j + 1] = b;
                kept++;
            }
        }
        size = kept;
        return table;
    }

    /** A keyed 64-bit hash of the string's chars (multiply-xorshift rounds, MurmurHash3's finaliser). */
    private static long hash(String s, long seed) {
        long h = seed ^ (s.length() * 0x9E3779B97F4A7C15L);
        return finish(mix(h, s));
    }

    /** The hash of {@code scope + '\u001F' + id}, the strings left unbuilt (no allocation on the ingest path). */
    private static long hash(String scope, String id, long seed) {
        String unit = scope == null ? "" : scope; // a record of the server's own names no unit
        long h = seed ^ ((unit.length() + 1 + id.length()) * 0x9E3779B97F4A7C15L);
        return finish(mix(round(mix(h, unit), SCOPE_SEPARATOR), id));
    }

    private static long mix(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = round(h, s.charAt(i));
        }
        return h;
    }

    private static long round(long h, char c) {
        h ^= c;
        h *= 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 31);
    }

    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
