package org.vigil.organisation.tokens;

import org.vigil.organisation.Organisation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Bearer tokens. Only SHA-256 hashes are stored (in the organisation file), so a leaked file grants nothing;
 * the operator's bootstrap token comes from the environment and is never written down. A grant may have a
 * validity window ({@code notBefore}/{@code notAfter}); several grants with one name are a rotation, each hash
 * valid in its own window. Thread-safe: immutable after construction.
 */
public final class Tokens {
    public static final String BOOTSTRAP_ENV = "VIGIL_BOOTSTRAP_TOKEN";

    /** Why a presented token was not accepted. */
    public enum Refusal {
        MISSING("missing bearer token"),
        UNKNOWN("unknown bearer token"),
        NOT_YET_VALID("token not yet valid"),
        EXPIRED("token expired");

        private final String message;

        Refusal(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    /** The outcome of presenting a token: the principal, or the refusal (exactly one is non-null). */
    public record Check(Principal principal, Refusal refusal) {
        public boolean accepted() {
            return principal != null;
        }
    }

    private final Map<String, Principal> byHash = new HashMap<>();
    private final Clock clock;

    /** Windows are judged on the system clock. */
    public Tokens(Organisation org, String bootstrapToken) {
        this(org, bootstrapToken, Clock.systemUTC());
    }

    /** Windows are judged on {@code clock} (the server's wall clock). */
    public Tokens(Organisation org, String bootstrapToken, Clock clock) {
        this.clock = clock;
        for (Organisation.TokenGrant grant : org.tokens()) {
            byHash.put(grant.sha256(), new Principal(grant.name(), grant.scopes(),
                    grant.notBefore() == null ? Long.MIN_VALUE : grant.notBefore().toEpochMilli(),
                    grant.notAfter() == null ? Long.MAX_VALUE : grant.notAfter().toEpochMilli()));
        }
        if (bootstrapToken != null && !bootstrapToken.isBlank()) {
            byHash.put(sha256(bootstrapToken), new Principal("bootstrap", List.of(Principal.ADMIN)));
        }
    }

    /** The principal for an {@code Authorization} header value, or null when absent, unknown or out of its window. */
    public Principal authenticate(String authorization) {
        return check(authorization).principal();
    }

    /** The principal for an {@code Authorization} header value now, or why it is refused. */
    public Check check(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Check(null, Refusal.MISSING);
        }
        String token = authorization.substring(7).trim();
        if (token.isEmpty()) {
            return new Check(null, Refusal.MISSING);
        }
        Principal p = byHash.get(sha256(token));
        if (p == null) {
            return new Check(null, Refusal.UNKNOWN);
        }
        long now = clock.millis();
        if (p.validAt(now)) {
            return new Check(p, null);
        }
        return new Check(null, now < p.notBefore() ? Refusal.NOT_YET_VALID : Refusal.EXPIRED);
    }

    /** The current wall-clock time these tokens are judged by (epoch ms). */
    public long now() {
        return clock.millis();
    }

    public static String sha256(String token) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
