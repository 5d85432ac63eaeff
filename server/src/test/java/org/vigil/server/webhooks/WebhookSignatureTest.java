package org.vigil.server.webhooks;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The signature is the one docs/webhooks.md documents: the example there (secret, timestamp and body) signs to
 * the value there, which Python's {@code hmac.new(secret, b"1763892900." + body, hashlib.sha256).hexdigest()} gives.
 */
class WebhookSignatureTest {
    static final byte[] SECRET = "whsec-docs-example-5f0c2e7a9b41d3c86e1f0a2b4c6d8e0f".getBytes(StandardCharsets.UTF_8);
    static final byte[] BODY = "{\"type\":\"alert.transition\",\"version\":1,\"idempotencyKey\":\"AL-17#2\"}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void theDocumentedExampleSignsToTheDocumentedValue() {
        assertEquals("v1=bd53fcc4634c42620fe2a050ffa5222ac73b8040ef5d0390a558cb02f74f4aa8",
                new WebhookSignature(SECRET).sign(1763892900L, BODY));
    }

    @Test
    void theTimestampIsSignedAndOneSignerSignsAgainAlike() {
        WebhookSignature s = new WebhookSignature(SECRET);
        String first = s.sign(1763892900L, BODY);
        assertEquals(first, s.sign(1763892900L, BODY));
        assertNotEquals(first, s.sign(1763892901L, BODY));
        assertNotEquals(first, new WebhookSignature("another-secret-of-enough-length-0123456789".getBytes(
                StandardCharsets.UTF_8)).sign(1763892900L, BODY));
    }
}
