package org.vigil.server.webhooks;

import java.util.Random;

/**
 * How long to wait before the next attempt at a delivery: exponential (the ceiling doubles from the initial
 * wait up to the maximum) with "equal jitter" — a random wait between half the ceiling and the ceiling — so that
 * after a receiver's outage the endpoints' retries do not arrive in lock step, yet each wait still grows (AWS
 * Architecture Blog, M. Brooker, "Exponential Backoff And Jitter", 2015). Never gives up: a delivery is retried
 * until it is accepted. Delivery thread only.
 */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private final Random random;
    private long ceiling;

    Backoff(long initialMillis, long maxMillis, Random random) {
        if (initialMillis < 1 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("backoff needs 1 ≤ initial ≤ max, not " + initialMillis + ", " + maxMillis);
        }
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.random = random;
        this.ceiling = initialMillis;
    }

    /** The wait before the next attempt, in [ceiling / 2, ceiling]; the ceiling then doubles, up to the maximum. */
    long next() {
        long c = ceiling;
        ceiling = Math.min(maxMillis, ceiling * 2);
        long half = c / 2;
        return half + random.nextLong(c - half + 1);
    }

    /** After a delivery is accepted: the next failure waits the initial time again. */
    void reset() {
        ceiling = initialMillis;
    }
}
