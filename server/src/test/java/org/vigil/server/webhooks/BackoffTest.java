package org.vigil.server.webhooks;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exponential backoff with equal jitter: each wait within [ceiling / 2, ceiling], the ceiling doubling to the maximum. */
class BackoffTest {
    @Test
    void eachWaitIsBetweenHalfItsCeilingAndTheCeilingWhichDoublesUpToTheMaximum() {
        Backoff b = new Backoff(500, 60_000, new Random(7));
        long[] ceilings = {500, 1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000};
        for (int round = 0; round < 200; round++) {
            b.reset();
            for (long ceiling : ceilings) {
                long wait = b.next();
                assertTrue(wait >= ceiling / 2 && wait <= ceiling, wait + " not within [" + ceiling / 2 + ", " + ceiling + "]");
            }
        }
    }

    @Test
    void waitsAreJitteredNotInLockStep() {
        Backoff b = new Backoff(500, 60_000, new Random(11));
        Set<Long> firsts = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            b.reset();
            firsts.add(b.next());
        }
        assertTrue(firsts.size() > 10, "first waits: " + firsts);
    }

    @Test
    void theBoundsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 10, new Random()));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(100, 99, new Random()));
        Backoff b = new Backoff(1, 1, new Random(3));
        for (int i = 0; i < 20; i++) {
            assertTrue(b.next() <= 1);
        }
        assertEquals(true, new Backoff(10, 10, new Random(5)).next() >= 5);
    }
}
