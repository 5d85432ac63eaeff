package org.vigil.server.security;

import org.vigil.server.org.Organisation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Bearer tokens. Only SHA-256 hashes are stored (in the organisation file), so a leaked file grants nothing;
 * the operator's bootstrap token comes from the environment and is never written down.
 */
public final class Tokens {
    public static final String BOOTSTRAP_ENV = "VIGIL_BOOTSTRAP_TOKEN";

    private final Map<String, Principal> byHash = new HashMap<>();

    public Tokens(Organisation org, String bootstrapToken) {
        for (Organisation.TokenGrant grant : org.tokens()) {
            byHash.put(grant.sha256(), new Principal(grant.name(), grant.scopes()));
        }
        if (bootstrapToken != null && !bootstrapToken.isBlank()) {
            byHash.put(sha256(bootstrapToken), new Principal("bootstrap", List.of(Principal.ADMIN)));
        }
    }

    /** The principal for an {@code Authorization} header value, or null when absent or unknown. */
    public Principal authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : byHash.get(sha256(token));
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
