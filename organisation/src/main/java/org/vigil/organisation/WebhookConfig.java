package org.vigil.organisation;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A webhook endpoint as the organisation file describes it (docs/organisation.md § Webhooks), its form checked
 * when the file is read. The secret and the truststore are only named here (never in the file itself); the
 * webhooks edge reads them, and checks the alert kinds, severity and transition names, at start-up.
 *
 * @param where       the entry's place in the file, for messages: {@code FILE: webhooks[0]}
 * @param name        lower case, digits and dashes; names the journal tailer {@code webhook:NAME}
 * @param covers      scope targets: {@code ward:ID}, {@code home:ID}, {@code trust:ID}, {@code place:ID} or
 *                    {@code system}, each naming a unit, trust or place of the file
 * @param kinds       alert kind names; empty: every kind
 * @param minSeverity a severity name, or null: every severity
 * @param transitions transition type names; empty: every type
 * @param truststore  for an https URL, a PKCS12 truststore instead of the JVM's default trust; null: the default
 */
public record WebhookConfig(String where, String name, URI url, List<String> covers, List<String> kinds,
                            String minSeverity, List<String> transitions, Secret secret, Truststore truststore,
                            int timeoutSeconds, int retryInitialMillis, int retryMaxMillis) {

    /** Where a secret is read from at start-up: an environment variable or a file, exactly one. */
    public record Secret(String env, Path file) {
    }

    /** A PKCS12 truststore, and where its password is read from (null: a store without a password). */
    public record Truststore(Path file, Secret password) {
    }
}
