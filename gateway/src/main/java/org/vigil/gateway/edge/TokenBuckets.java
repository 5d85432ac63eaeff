package org.vigil.gateway.edge;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per bearer token: {@code rate} requests a second on average, bursts up to {@code burst}. Keys are
 * the SHA-256 of tokens that already authenticated, so the map is bounded by the organisation file.
 */
public final class TokenBuckets {
    private static final long NANOS = 1_000_000_000L;

    private final double perNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public TokenBuckets(int ratePerSecond, int burst, LongSupplier nanoTime) {
        if (ratePerSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("rate and burst must be at least 1");
        }
        this.perNano = ratePerSecond / (double) NANOS;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /** Takes one token: 0 when allowed, otherwise the nanoseconds until the next token is due. */
    public long take(String key) {
        return buckets.computeIfAbsent(key, k -> new Bucket(burst, nanoTime.getAsLong())).take(nanoTime.getAsLong());
    }

    private final class Bucket {
        private double tokens;
        private long last;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.last = now;
        }

        synchronized long take(long now) {
            tokens = Math.min(burst, tokens + (now - last) * perNano);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perNano));
        }
    }
}
