package org.vigil.gateway.hl7;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * NHS numbers never leave the gateway: each is checked (Modulus 11, NHS Data Dictionary) and replaced by a keyed
 * hash (HMAC-SHA256 with a secret from configuration), so Vigil sees a stable pseudonym it cannot reverse.
 */
public final class NhsNumber {
    private final SecretKeySpec key;

    public NhsNumber(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the pseudonymisation secret must be at least 16 bytes");
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /**
     * Modulus 11: weights 10 down to 2 over the first nine digits; check digit = 11 − (sum mod 11), 11 → 0, and
     * 10 means the number is invalid.
     */
    public static boolean valid(String digits) {
        if (digits == null || digits.length() != 10) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            if (i < 9) {
                sum += (c - '0') * (10 - i);
            }
        }
        int check = 11 - sum % 11;
        if (check == 11) {
            check = 0;
        }
        return check != 10 && check == digits.charAt(9) - '0';
    }

    /**
     * Whether the number is one digit ten times (0000000000, 9999999999…): every such number passes Modulus 11 (the
     * weights sum to 54 ≡ −1 mod 11, so the check digit is the digit itself), none is issued, and they are what
     * systems send for a patient whose NHS number is not known. Taken for one, two unknown patients are one.
     */
    public static boolean placeholder(String digits) {
        return digits != null && !digits.isEmpty() && digits.chars().allMatch(c -> c == digits.charAt(0));
    }

    /** NHS numbers are often written 943 476 5919; spaces and dashes are dropped before checking. */
    public static String normalise(String raw) {
        return raw == null ? null : raw.replace(" ", "").replace("-", "");
    }

    /** The pseudonymous patient id for an identifier, namespaced so an NHS number and a local MRN never collide. */
    public String pseudonym(String namespace, String identifier) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] h = mac.doFinal((namespace + '|' + identifier).getBytes(StandardCharsets.UTF_8));
            return namespace + '-' + HexFormat.of().formatHex(h, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }
}
