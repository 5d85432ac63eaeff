package org.vigil.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.vigil.organisation.Organisation;

import java.time.Clock;

/**
 * {@code vigil_token_expiry_seconds{name, sha256_prefix}} per grant of the organisation file: negative once
 * expired, +Inf when it never expires, so {@code max by (name)} is how long a rotated token still works.
 */
public final class TokenMetrics {
    /** Seconds until each grant's notAfter, per name and hash prefix (+Inf for grants that never expire). */
    public static final String EXPIRY_GAUGE = "vigil.token.expiry.seconds";

    private TokenMetrics() {
    }

    /** Registers one gauge per grant, read on {@code clock} (the clock the tokens' windows are judged by). */
    public static void bind(MeterRegistry registry, Organisation org, Clock clock) {
        for (Organisation.TokenGrant grant : org.tokens()) {
            Gauge.builder(EXPIRY_GAUGE, () -> grant.notAfter() == null ? Double.POSITIVE_INFINITY
                            : (grant.notAfter().toEpochMilli() - clock.millis()) / 1000.0)
                    .tag("name", grant.name())
                    // 32 bits of the hash tell a rotation's two grants apart and reveal nothing of the token
                    .tag("sha256_prefix", grant.sha256().substring(0, 8))
                    .description("Seconds until the token grant expires (negative: expired; +Inf: no expiry)")
                    .baseUnit("seconds")
                    .register(registry);
        }
    }
}
