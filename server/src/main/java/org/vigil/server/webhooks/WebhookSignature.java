package org.vigil.server.webhooks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The signature of a delivery (docs/webhooks.md § Verifying a delivery): HMAC-SHA256, keyed with the endpoint's
 * secret (its UTF-8 bytes), over the timestamp in decimal seconds, a full stop, and the body's bytes exactly as
 * sent; written {@code v1=} and 64 lower-case hex digits. Signing the timestamp with the body lets a receiver
 * refuse an old delivery replayed by someone who recorded it, as Stripe's scheme does. Delivery thread only
 * (a {@link Mac} is not thread-safe).
 */
final class WebhookSignature {
    static final String ALGORITHM = "HmacSHA256";
    static final String VERSION = "v1";

    private final Mac mac;

    WebhookSignature(byte[] secret) {
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }

    /** {@code v1=<hex of HMAC-SHA256(secret, timestamp + "." + body)>}. */
    String sign(long timestampSeconds, byte[] body) {
        mac.update(Long.toString(timestampSeconds).getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) '.');
        return VERSION + "=" + HexFormat.of().formatHex(mac.doFinal(body));
    }
}
