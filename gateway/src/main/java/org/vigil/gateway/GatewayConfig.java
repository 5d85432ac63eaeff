package org.vigil.gateway;

import org.vigil.gateway.hl7.PatientKey;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything the gateway is told at start-up, in one place (built by {@link GatewayCommand}; {@code ./vigil
 * gateway --help} prints it). Secrets are never options: the ingest token and the keystore password come from
 * environment variables named here, and the pseudonymisation secret from a file, so none of them shows in a
 * process listing.
 *
 * @param host     the address the HTTPS edge binds
 * @param mllpHost the address the MLLP listener binds (by default {@code host})
 * @param mllpTls  MLLP over TLS, with {@code tlsKeystore}'s certificate
 * @param mllpClientCa PEM certificates of the authorities that sign MLLP senders' certificates (mutual TLS); null:
 *                 no sender certificate is asked for
 * @param serverUrls the Vigil server, or a cluster's nodes (any takes ingest; one that cannot be reached is passed
 *                   over for the next)
 * @param locations PV1-3 point of care → unit pairs ({@code W12=RVT-W12,...}) with the default code maps; null when
 *                  the code-maps file gives them
 * @param codeMaps  the code-maps file (YAML, docs/gateway.md "Code maps"); null when {@code locations} is given
 * @param orgFile   null for the bundled demo organisation
 * @param patientKey which PID-3 identifier a patient is known by (docs/gateway.md "Patient identity")
 */
public record GatewayConfig(String host, String mllpHost, int mllpPort, boolean mllpTls, Path mllpClientCa, int httpsPort, List<String> serverUrls, String tokenEnv,
                            Path hmacSecretFile, String locations, Path codeMaps, Path orgFile,
                            Path tlsKeystore, String tlsPasswordEnv, int rate, int maxBodyBytes, int maxMllpBytes,
                            int maxInFlight, PatientKey patientKey) {

    /** Bursts of twice the steady rate: a tablet syncing after a Wi-Fi gap is not punished. */
    public int burst() {
        return rate * 2;
    }
}
