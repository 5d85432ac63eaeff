package org.vigil.server.security;

import org.vigil.organisation.tokens.Action;
import org.vigil.organisation.tokens.Principal;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.server.MutableClock;
import org.vigil.server.metrics.TokenMetrics;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.organisation.tokens.Tokens;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Token validity windows at their boundaries (valid from notBefore inclusive to notAfter exclusive, RFC 7519
 * §4.1.4–4.1.5), rotation (two grants of one name valid together while their windows overlap), the expiry
 * gauge, and the organisation file's rules for them.
 */
class TokensTest {
    static final Instant FROM = Instant.parse("2026-12-01T00:00:00Z");
    static final Instant UNTIL = Instant.parse("2027-03-01T00:00:00Z");
    static final Instant OVERLAP_START = Instant.parse("2027-02-15T00:00:00Z");
    static final Instant NEW_UNTIL = Instant.parse("2027-06-01T00:00:00Z");

    static Organisation org(String tokens) throws IOException {
        String yaml = "system: { id: S, name: System }\n"
                + "places: [ { id: P, name: Place, trusts: [ { id: T, name: Trust, wards: [ { id: W1, name: Ward, beds: 4 } ] } ] } ]\n"
                + "tokens:\n" + tokens;
        return OrganisationLoader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    static String grant(String name, String token, Instant notBefore, Instant notAfter, String scopes) {
        return "  - { name: \"" + name + "\", sha256: " + Tokens.sha256(token)
                + (notBefore == null ? "" : ", notBefore: \"" + notBefore + "\"")
                + (notAfter == null ? "" : ", notAfter: \"" + notAfter + "\"")
                + ", scopes: [ " + scopes + " ] }\n";
    }

    /** The ward wall's old token (until UNTIL) and its replacement (from OVERLAP_START), one name, same scopes. */
    static Organisation rotation() throws IOException {
        return org(grant("ward wall W1", "old-secret", FROM, UNTIL, "\"read:ward:W1\"")
                + grant("ward wall W1", "new-secret", OVERLAP_START, NEW_UNTIL, "\"read:ward:W1\"")
                + grant("forever", "forever-secret", null, null, "\"read:system\""));
    }

    static Tokens.Check at(Instant now, String token) throws IOException {
        return new Tokens(rotation(), null, new MutableClock(now)).check("Bearer " + token);
    }

    @ParameterizedTest(name = "{0} at {1} → {2}")
    @CsvSource({
            "old-secret, 2026-11-30T23:59:59.999Z, NOT_YET_VALID",   // one ms before notBefore
            "old-secret, 2026-12-01T00:00:00Z, ",                    // at notBefore: valid
            "old-secret, 2027-02-28T23:59:59.999Z, ",                // one ms before notAfter: valid
            "old-secret, 2027-03-01T00:00:00Z, EXPIRED",             // at notAfter: expired
            "new-secret, 2027-02-14T23:59:59.999Z, NOT_YET_VALID",
            "new-secret, 2027-02-15T00:00:00Z, ",
            "new-secret, 2027-05-31T23:59:59.999Z, ",
            "new-secret, 2027-06-01T00:00:00Z, EXPIRED",
            "forever-secret, 1970-01-01T00:00:00Z, ",
            "no-such-secret, 2027-01-01T00:00:00Z, UNKNOWN",
    })
    void aTokenIsValidFromNotBeforeUntilJustBeforeNotAfter(String token, Instant now, Tokens.Refusal refusal) throws IOException {
        Tokens.Check c = at(now, token);
        assertEquals(refusal, c.refusal());
        assertEquals(refusal == null, c.accepted());
    }

    @Test
    void duringARotationBothTokensWorkWithTheSameNameAndScopes() throws IOException {
        Instant mid = Instant.parse("2027-02-20T12:00:00Z");
        Principal old = at(mid, "old-secret").principal();
        Principal replacement = at(mid, "new-secret").principal();
        assertEquals("ward wall W1", old.name());
        assertEquals(old.name(), replacement.name());
        Organisation org = rotation();
        assertTrue(old.can(Action.READ, org.unit("W1")) && replacement.can(Action.READ, org.unit("W1")));
        assertEquals(UNTIL.toEpochMilli(), old.notAfter());
        assertEquals(Long.MAX_VALUE, at(mid, "forever-secret").principal().notAfter());
        assertNull(at(Instant.parse("2027-03-01T00:00:00Z"), "old-secret").principal());
    }

    @Test
    void missingAndMalformedHeadersAreMissing() throws IOException {
        Tokens t = new Tokens(rotation(), null, new MutableClock(FROM));
        assertEquals(Tokens.Refusal.MISSING, t.check(null).refusal());
        assertEquals(Tokens.Refusal.MISSING, t.check("Basic abc").refusal());
        assertEquals(Tokens.Refusal.MISSING, t.check("Bearer   ").refusal());
    }

    @Test
    void expiryIsAGaugePerGrantInSecondsNegativeOnceExpired() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2027-02-28T00:00:00Z"));
        Organisation org = rotation();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        TokenMetrics.bind(registry, org, clock);
        String old = "vigil_token_expiry_seconds{name=\"ward wall W1\",sha256_prefix=\"" + Tokens.sha256("old-secret").substring(0, 8) + "\"} ";
        String scrape = registry.scrape();
        assertTrue(scrape.contains(old + "86400.0"), scrape);
        assertTrue(scrape.contains("vigil_token_expiry_seconds{name=\"forever\",sha256_prefix=\""
                + Tokens.sha256("forever-secret").substring(0, 8) + "\"} +Inf"), scrape);
        clock.set(Instant.parse("2027-03-01T00:00:10Z"));
        assertTrue(registry.scrape().contains(old + "-10.0"), registry::scrape);
    }

    static Stream<Arguments> badGrants() {
        String x = Tokens.sha256("x");
        return Stream.of(
                Arguments.of("  - { name: a, sha256: " + x + ", notBefore: \"2027-01-01T00:00:00Z\", notAfter: \"2026-01-01T00:00:00Z\", scopes: [] }\n",
                        "tokens[0].notAfter: must be later than notBefore"),
                Arguments.of("  - { name: a, sha256: " + x + ", notAfter: \"2027-01-01T00:00:00\", scopes: [] }\n",
                        "tokens[0].notAfter: must be an instant with its offset"),
                Arguments.of("  - { name: a, sha256: " + x + ", notBefore: tomorrow, scopes: [] }\n",
                        "tokens[0].notBefore: must be an instant with its offset"),
                Arguments.of("  - { name: a, sha256: " + x + ", scopes: [ \"read:system\" ] }\n"
                        + "  - { name: b, sha256: " + x + ", scopes: [ \"admin\" ] }\n",
                        "tokens[1].sha256: the same token hash is already granted at tokens[0]"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badGrants")
    void theOrganisationFileRefusesBadWindowsAndRepeats(String tokens, String error) {
        IOException e = assertThrows(IOException.class, () -> org(tokens));
        assertTrue(e.getMessage().contains(error), e.getMessage());
    }

    @Test
    void grantsSharingANameMustGrantTheSameScopes() {
        IOException e = assertThrows(IOException.class, () -> org(grant("wall", "one", null, null, "\"read:ward:W1\"")
                + grant("wall", "two", null, null, "\"read:system\"")));
        assertTrue(e.getMessage().contains("tokens[1].scopes: another grant named 'wall' has other scopes"), e.getMessage());
    }
}
