package org.vigil.gateway;

import org.vigil.server.CommandLine;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Everything the gateway is told at start-up, in one place ({@code ./vigil gateway --help} prints it). Secrets are
 * never options: the ingest token and the keystore password come from environment variables named here, and the
 * pseudonymisation secret from a file, so none of them shows in a process listing.
 *
 * @param locations     PV1-3 point of care → unit pairs ({@code W12=RVT-W12,...}); null when read from a file
 * @param locationsFile null when given inline
 * @param orgFile       null for the bundled demo organisation
 */
public record GatewayConfig(String host, int mllpPort, int httpsPort, String serverUrl, String tokenEnv,
                            Path hmacSecretFile, String locations, Path locationsFile, Path orgFile,
                            Path tlsKeystore, String tlsPasswordEnv, int rate, int maxBodyBytes, int maxMllpBytes,
                            int maxInFlight) {

    public static final String USAGE = """
            usage: vigil gateway --hmac-secret-file FILE --tls-keystore FILE.p12 (--locations SPEC | --locations-file FILE)
                                 [--mllp-port N] [--https-port N] [--host ADDR] [--server URL] [--org FILE]
                                 [--token-env VAR] [--tls-password-env VAR] [--rate N] [--max-body-bytes N]
                                 [--max-mllp-bytes N] [--max-in-flight N]
              --mllp-port         HL7 v2 over MLLP (default 2575)
              --https-port        HTTPS for tablets and feeds (default 8443)
              --host              address to bind (default 127.0.0.1)
              --server            the Vigil server (default http://127.0.0.1:8080)
              --token-env         environment variable holding the gateway's own ingest token, used for
                                  MLLP-derived events (default VIGIL_GATEWAY_TOKEN)
              --hmac-secret-file  NHS-number pseudonymisation secret (at least 16 bytes; keep it private)
              --locations         PV1-3 point of care to unit, e.g. W12=RVT-W12,AMU=BFW-AMU
              --locations-file    the same pairs, one per line or comma-separated
              --org               organisation file whose token hashes the edge checks (default: bundled demo)
              --tls-keystore      PKCS12 keystore with the server certificate and key
              --tls-password-env  environment variable holding the keystore password (default VIGIL_TLS_PASSWORD)
              --rate              requests a second per token at the HTTPS edge (default 20; bursts of twice that)
              --max-body-bytes    HTTPS request body limit (default 1048576)
              --max-mllp-bytes    HL7 message limit (default 1048576)
              --max-in-flight     forwards to the server at once before answering 503 (default 256)
            environment: VIGIL_BOOTSTRAP_TOKEN, if set, is accepted at the edge as the server accepts it""";

    public static GatewayConfig defaults() {
        return new GatewayConfig("127.0.0.1", 2575, 8443, "http://127.0.0.1:8080", "VIGIL_GATEWAY_TOKEN", null,
                null, null, null, null, "VIGIL_TLS_PASSWORD", 20, 1 << 20, 1 << 20, 256);
    }

    public static GatewayConfig parse(String[] args) {
        GatewayConfig d = defaults();
        String host = d.host;
        int mllpPort = d.mllpPort;
        int httpsPort = d.httpsPort;
        String serverUrl = d.serverUrl;
        String tokenEnv = d.tokenEnv;
        Path hmac = null;
        String locations = null;
        Path locationsFile = null;
        Path org = null;
        Path keystore = null;
        String passwordEnv = d.tlsPasswordEnv;
        int rate = d.rate;
        int maxBody = d.maxBodyBytes;
        int maxMllp = d.maxMllpBytes;
        int maxInFlight = d.maxInFlight;
        for (CommandLine.Option o : CommandLine.options(args, USAGE)) {
            String flag = o.flag();
            String v = o.value();
            switch (flag) {
                case "--mllp-port": mllpPort = CommandLine.integer(flag, v, 0, 65535); break;
                case "--https-port": httpsPort = CommandLine.integer(flag, v, 0, 65535); break;
                case "--host": host = v; break;
                case "--server": serverUrl = serverUrl(v); break;
                case "--token-env": tokenEnv = envName(flag, v); break;
                case "--hmac-secret-file": hmac = Path.of(v); break;
                case "--locations": locations = v; break;
                case "--locations-file": locationsFile = Path.of(v); break;
                case "--org": org = Path.of(v); break;
                case "--tls-keystore": keystore = Path.of(v); break;
                case "--tls-password-env": passwordEnv = envName(flag, v); break;
                case "--rate": rate = CommandLine.integer(flag, v, 1, 1_000_000); break;
                case "--max-body-bytes": maxBody = CommandLine.integer(flag, v, 1024, Integer.MAX_VALUE); break;
                case "--max-mllp-bytes": maxMllp = CommandLine.integer(flag, v, 1024, Integer.MAX_VALUE); break;
                case "--max-in-flight": maxInFlight = CommandLine.integer(flag, v, 1, 1_000_000); break;
                default: throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            }
        }
        if (hmac == null) {
            throw new IllegalArgumentException("--hmac-secret-file is required: NHS numbers are never forwarded "
                    + "unpseudonymised\n" + USAGE);
        }
        if (keystore == null) {
            throw new IllegalArgumentException("--tls-keystore is required: the edge serves HTTPS only\n" + USAGE);
        }
        if ((locations == null) == (locationsFile == null)) {
            throw new IllegalArgumentException("give exactly one of --locations or --locations-file\n" + USAGE);
        }
        return new GatewayConfig(host, mllpPort, httpsPort, serverUrl, tokenEnv, hmac, locations, locationsFile,
                org, keystore, passwordEnv, rate, maxBody, maxMllp, maxInFlight);
    }

    /** Bursts of twice the steady rate: a tablet syncing after a Wi-Fi gap is not punished. */
    public int burst() {
        return rate * 2;
    }

    private static String serverUrl(String v) {
        try {
            URI u = new URI(v);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new IllegalArgumentException("--server must be http(s)://host:port, not " + v);
            }
            return v;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--server is not a URL: " + v);
        }
    }

    private static String envName(String flag, String v) {
        if (!v.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException(flag + " takes an environment variable's name, not " + v);
        }
        return v;
    }
}
