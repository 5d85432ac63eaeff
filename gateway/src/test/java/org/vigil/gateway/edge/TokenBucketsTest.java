package org.vigil.gateway.edge;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketsTest {
    @Test
    void aBurstThenTheSteadyRateEachTokenOnItsOwn() {
        AtomicLong now = new AtomicLong();
        TokenBuckets b = new TokenBuckets(10, 20, now::get);
        for (int i = 0; i < 20; i++) {
            assertEquals(0, b.take("a"));
        }
        long wait = b.take("a");
        assertTrue(wait > 0 && wait <= 100_000_000L, "one token every 100 ms, not " + wait);
        assertEquals(0, b.take("b"));
        now.addAndGet(100_000_000L);
        assertEquals(0, b.take("a"));
        assertTrue(b.take("a") > 0);
        now.addAndGet(60_000_000_000L);
        for (int i = 0; i < 20; i++) {
            assertEquals(0, b.take("a"), "refills to the burst, no further");
        }
        assertTrue(b.take("a") > 0);
    }
}
