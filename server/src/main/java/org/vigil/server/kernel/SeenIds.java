package org.vigil.server.kernel;

import java.security.SecureRandom;

/**
 * The idempotency keys already journaled, as 128-bit keyed hashes in an open-addressing table: 32 bytes an id
 * instead of a hundred for a {@code HashSet<String>}, and no per-id objects for the collector. The keys are random
 * per process (the set is rebuilt by replay at every start), so a sender cannot craft an id that collides with
 * another's and have a real event dropped as a "duplicate". Engine thread only.
 */
public final class SeenIds {
    private final long seedA;
    private final long seedB;
    private long[] slots; // pairs (a, b); (0, 0) is empty
    private int size;

    public SeenIds() {
        SecureRandom random = new SecureRandom();
        this.seedA = random.nextLong();
        this.seedB = random.nextLong();
        this.slots = new long[2 * 1024];
    }

    /** Adds the id; returns false when it was already present. */
    public boolean add(String id) {
        long a = hash(id, seedA);
        long b = hash(id, seedB);
        if (a == 0 && b == 0) {
            b = 1;
        }
        if ((size + 1) * 2L > slots.length / 2) {
            grow();
        }
        return insert(slots, a, b);
    }

    public boolean contains(String id) {
        long a = hash(id, seedA);
        long b = hash(id, seedB);
        if (a == 0 && b == 0) {
            b = 1;
        }
        int mask = slots.length / 2 - 1;
        for (int i = (int) (a ^ (a >>> 32)) & mask; ; i = (i + 1) & mask) {
            long sa = slots[2 * i];
            long sb = slots[2 * i + 1];
            if (sa == 0 && sb == 0) {
                return false;
            }
            if (sa == a && sb == b) {
                return true;
            }
        }
    }

    public int size() {
        return size;
    }

    private boolean insert(long[] table, long a, long b) {
        int mask = table.length / 2 - 1;
        for (int i = (int) (a ^ (a >>> 32)) & mask; ; i = (i + 1) & mask) {
            long sa = table[2 * i];
            long sb = table[2 * i + 1];
            if (sa == 0 && sb == 0) {
                table[2 * i] = a;
                table[2 * i + 1] = b;
                if (table == slots) {
                    size++;
                }
                return true;
            }
            if (sa == a && sb == b) {
                return false;
            }
        }
    }

    private void grow() {
        long[] old = slots;
        long[] bigger = new long[old.length * 2];
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != 0 || old[i + 1] != 0) {
                insertInto(bigger, old[i], old[i + 1]);
            }
        }
        slots = bigger;
    }

    private static void insertInto(long[] table, long a, long b) {
        int mask = table.length / 2 - 1;
        int i = (int) (a ^ (a >>> 32)) & mask;
        while (table[2 * i] != 0 || table[2 * i + 1] != 0) {
            i = (i + 1) & mask;
        }
        table[2 * i] = a;
        table[2 * i + 1] = b;
    }

    /** A keyed 64-bit hash of the string's chars (multiply-xorshift rounds, MurmurHash3's finaliser). */
    private static long hash(String s, long seed) {
        long h = seed ^ (s.length() * 0x9E3779B97F4A7C15L);
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
