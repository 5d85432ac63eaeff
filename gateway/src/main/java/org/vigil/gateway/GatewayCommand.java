package org.vigil.gateway;

import org.slf4j.LoggerFactory;
import org.vigil.gateway.hl7.PatientKey;
import org.vigil.organisation.cli.Cli;
import org.vigil.organisation.tokens.Tokens;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./vigil gateway}: every start-up option, typed, with its default ({@code --help} prints them);
 * {@link #config()} checks values and builds the {@link GatewayConfig}.
 */
@Command(name = "vigil gateway", sortOptions = false, separator = " ",
        description = "Runs the public edge: HL7 v2 over MLLP and HTTPS for tablets and feeds, forwarding to a Vigil server (docs/gateway.md).",
        footerHeading = "%nEnvironment:%n",
        footer = {"  VIGIL_GATEWAY_TOKEN    the gateway's own ingest token (the variable --token-env names)",
                "  VIGIL_TLS_PASSWORD     the keystore password (the variable --tls-password-env names)",
                "  " + Tokens.BOOTSTRAP_ENV + "  if set, accepted at the edge as the server accepts it"})
public final class GatewayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    boolean help;

    @Option(names = "--hmac-secret-file", paramLabel = "FILE", required = true,
            description = "NHS-number pseudonymisation secret (at least 16 bytes; keep it private)")
    Path hmacSecretFile;

    @Option(names = "--tls-keystore", paramLabel = "FILE.p12", required = true, description = "PKCS12 keystore with the server certificate and key")
    Path tlsKeystore;

    /** Exactly one: where PV1-3 points of care (and, in the file, the sender's codes) come from. */
    @ArgGroup(exclusive = true, multiplicity = "1")
    Mapping mapping;

    static final class Mapping {
        @Option(names = "--locations", paramLabel = "SPEC", required = true,
                description = "PV1-3 point of care to unit, e.g. W12=RVT-W12,AMU=BFW-AMU, with the default code maps")
        String locations;

        @Option(names = "--code-maps", paramLabel = "FILE", required = true,
                description = "code maps per sender (YAML): locations, OBX-3 codes, consciousness, oxygen, units (docs/gateway.md, \"Code maps\")")
        Path codeMaps;
    }

    @Option(names = "--patient-key", paramLabel = "KEY", defaultValue = "nhs-else-local",
            description = "which PID-3 identifier a patient is known by: nhs-else-local, local (the hospital number) or nhs; every feed must send it (default ${DEFAULT-VALUE}; docs/gateway.md \"Patient identity\")")
    String patientKey;

    @Option(names = "--mllp-port", paramLabel = "N", defaultValue = "2575", description = "HL7 v2 over MLLP (default ${DEFAULT-VALUE})")
    int mllpPort;

    @Option(names = "--https-port", paramLabel = "N", defaultValue = "8443", description = "HTTPS for tablets and feeds (default ${DEFAULT-VALUE})")
    int httpsPort;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1", description = "address to bind (default ${DEFAULT-VALUE})")
    String host;

    /**
     * MLLP is plain TCP and takes whatever reaches it (docs/security.md): with one address for both listeners, an
     * edge opened to tablets opened MLLP to the same network.
     */
    @Option(names = "--mllp-host", paramLabel = "ADDR",
            description = "address the MLLP listener binds (default: --host's); keep it on the integration engine's network")
    String mllpHost;

    @Option(names = "--mllp-tls", description = "MLLP over TLS, with --tls-keystore's certificate (default: plain TCP)")
    boolean mllpTls;

    /** HL7 v2 carries no credential: a sender's certificate is the only way to know which engine is talking. */
    @Option(names = "--mllp-client-ca", paramLabel = "FILE.pem",
            description = "certificates (PEM) of the authorities that sign the senders' client certificates: MLLP over mutual TLS, and a sender without such a certificate is not served (implies --mllp-tls)")
    Path mllpClientCa;

    @Option(names = "--server", paramLabel = "URL[,URL…]", defaultValue = "http://127.0.0.1:8080",
            description = "the Vigil server, or a cluster's nodes comma-separated: one that cannot be reached is passed over for the next (default ${DEFAULT-VALUE})")
    String server;

    @Option(names = "--org", paramLabel = "FILE", description = "organisation file whose token hashes the edge checks (default: the bundled demo)")
    Path org;

    @Option(names = "--token-env", paramLabel = "VAR", defaultValue = "VIGIL_GATEWAY_TOKEN",
            description = "environment variable holding the gateway's own ingest token, used for MLLP-derived events (default ${DEFAULT-VALUE})")
    String tokenEnv;

    @Option(names = "--tls-password-env", paramLabel = "VAR", defaultValue = "VIGIL_TLS_PASSWORD",
            description = "environment variable holding the keystore password (default ${DEFAULT-VALUE})")
    String tlsPasswordEnv;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "20", description = "requests a second per token at the HTTPS edge (default ${DEFAULT-VALUE}; bursts of twice that)")
    int rate;

    @Option(names = "--max-body-bytes", paramLabel = "N", defaultValue = "1048576", description = "HTTPS request body limit (default ${DEFAULT-VALUE})")
    int maxBodyBytes;

    @Option(names = "--max-mllp-bytes", paramLabel = "N", defaultValue = "1048576", description = "HL7 message limit (default ${DEFAULT-VALUE}; longer messages, and messages past the parse limits, get AE 102)")
    int maxMllpBytes;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "256", description = "forwards to the server at once before answering 503 (default ${DEFAULT-VALUE})")
    int maxInFlight;

    /** The checked configuration; a bad value is a usage error naming its option. */
    public GatewayConfig config() {
        return new GatewayConfig(host, mllpHost == null ? host : mllpHost, Cli.within(spec, "--mllp-port", mllpPort, 0, 65535),
                mllpTls || mllpClientCa != null, mllpClientCa,
                Cli.within(spec, "--https-port", httpsPort, 0, 65535), servers(),
                Cli.envName(spec, "--token-env", tokenEnv), hmacSecretFile, mapping.locations, mapping.codeMaps, org,
                tlsKeystore, Cli.envName(spec, "--tls-password-env", tlsPasswordEnv),
                Cli.within(spec, "--rate", rate, 1, 1_000_000),
                Cli.within(spec, "--max-body-bytes", maxBodyBytes, 1024, Integer.MAX_VALUE),
                Cli.within(spec, "--max-mllp-bytes", maxMllpBytes, 1024, Integer.MAX_VALUE),
                Cli.within(spec, "--max-in-flight", maxInFlight, 1, 1_000_000), patientKey());
    }

    private PatientKey patientKey() {
        PatientKey key = PatientKey.ofOption(patientKey);
        if (key == null) {
            throw Cli.refuse(spec, "--patient-key: '" + patientKey + "' is not one of " + PatientKey.options());
        }
        return key;
    }

    /** Each of {@code --server}'s URLs, checked. */
    private List<String> servers() {
        List<String> out = new ArrayList<>();
        for (String url : server.split(",", -1)) {
            out.add(Cli.httpUrl(spec, "--server", url.trim()));
        }
        return out;
    }

    public static GatewayConfig parse(String... args) {
        return Cli.parse(new GatewayCommand(), args).config();
    }

    @Override
    public Integer call() throws Exception {
        GatewayConfig config = config();
        Gateway gateway;
        try {
            gateway = Gateway.start(config, System.getenv());
        } catch (IllegalArgumentException | IOException | GeneralSecurityException e) {
            // a wrong keystore password, a missing file or a bad code-maps file: say which, no stack trace
            System.err.println(e.getMessage());
            return 2;
        }
        LoggerFactory.getLogger(GatewayCommand.class).info("gateway up: MLLP {}:{} ({}), HTTPS {}:{}, forwarding to {}",
                config.mllpHost(), gateway.mllpPort(), config.mllpClientCa() != null ? "mutual TLS"
                        : config.mllpTls() ? "TLS" : "plain TCP", config.host(), gateway.httpsPort(), String.join(",", config.serverUrls()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "vigil-gateway-shutdown"));
        stopped.await();
        return 0;
    }
}
