package org.vigil.organisation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SHA-256 of what in an organisation file shapes the engine's state: its system, places, units and policies.
 * Tokens and webhooks decide who may ask and who is told, never what a rule computes, so they are left out, as are
 * comments, layout and the order of keys. A state snapshot is tied to this digest: once retention has deleted the
 * journal's first days a snapshot is the only state of the patients admitted before, and a token rotated or a webhook
 * endpoint added must not make it unusable (the server would refuse to start: found by an independent audit).
 */
public final class StateDigest {
    /** The top-level sections that never reach the engine's state. */
    private static final List<String> NOT_STATE = List.of("tokens", "webhooks");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private StateDigest() {
    }

    /** The digest of a file the loader has accepted (its text is YAML whose top level is a mapping). */
    public static byte[] of(byte[] organisationFile) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> root = new LinkedHashMap<>(YAML.readValue(organisationFile, Map.class));
            NOT_STATE.forEach(root::remove);
            return MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException("an organisation file the loader accepted is not YAML", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
