package org.vigil.server;

import org.vigil.organisation.cli.Cli;
import org.vigil.organisation.cli.FileProblem;
import org.vigil.server.engine.Engine;
import org.vigil.server.snapshots.Snapshots;
import org.vigil.organisation.tokens.Tokens;
import org.vigil.server.cluster.ClusterSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./vigil server}: every start-up option, typed, with its default ({@code --help} prints them). To add an
 * option, add a field here and a component to {@link ServerConfig}; {@link #config()} is the one place that
 * checks values and builds the configuration. Secrets are never options: the bootstrap token comes from the
 * environment.
 */
@Command(name = "vigil server", sortOptions = false, separator = " ",
        description = "Runs the Vigil server: ingest, engine, journal, walls, responder page, API and FHIR (binds loopback; the gateway, or --tls-keystore with --host, is the public edge).",
        footerHeading = "%nEnvironment:%n",
        footer = {"  " + Tokens.BOOTSTRAP_ENV + "  grants an operator token with every scope",
                "  " + ServerConfig.Edge.TLS_PASSWORD_ENV + "     the keystore password (see --tls-password-env)"})
public final class ServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    boolean help;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "address to bind (default ${DEFAULT-VALUE}: the gateway is the public edge)")
    String host;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data", description = "data directory; the journal lives in DIR/journal (default ./${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--org", paramLabel = "FILE", description = "organisation file (YAML; default: the bundled demo organisation)")
    Path org;

    @Option(names = "--clock", paramLabel = "wall|event", defaultValue = "wall",
            description = "wall: live, time moves with the wall clock (default); event: only event times move the clock (replays, accelerated simulation)")
    Engine.ClockMode clock;

    @Option(names = "--retention-days", paramLabel = "N", defaultValue = "30", description = "journal days kept (default ${DEFAULT-VALUE})")
    int retentionDays;

    @Option(names = "--snapshot-every-records", paramLabel = "N", defaultValue = "10000",
            description = "take a state snapshot after N journal records, more for a large state (default ${DEFAULT-VALUE}); see docs/operations.md")
    int snapshotEveryRecords;

    @Option(names = "--snapshot-bytes-per-record", paramLabel = "B",
            defaultValue = "" + Snapshots.Settings.REPLAY_BYTES_PER_RECORD,
            description = "and at least one record per B bytes of the last snapshot (default ${DEFAULT-VALUE}; 0: every N records exactly)")
    int snapshotBytesPerRecord;

    @Option(names = "--snapshot-every-minutes", paramLabel = "N", defaultValue = "60",
            description = "or, once caught up, after N minutes of event time (default ${DEFAULT-VALUE})")
    int snapshotEveryMinutes;

    @Option(names = "--snapshots-keep", paramLabel = "N", defaultValue = "3",
            description = "state snapshots kept in DATA/snapshots, newest first (default ${DEFAULT-VALUE})")
    int snapshotsKeep;

    @Option(names = "--max-batch-events", paramLabel = "N", defaultValue = "10000", description = "events per NDJSON request (default ${DEFAULT-VALUE})")
    int maxBatchEvents;

    @Option(names = "--max-body-bytes", paramLabel = "N", defaultValue = "8388608", description = "request body limit (default ${DEFAULT-VALUE} = 8 MiB)")
    int maxBodyBytes;

    @Option(names = "--influx-url", paramLabel = "URL",
            description = "InfluxDB 1.x to export the journal to, e.g. http://127.0.0.1:8086 (default: none, no writer); see docs/timeseries.md")
    String influxUrl;

    @Option(names = "--influx-db", paramLabel = "NAME", defaultValue = "vigil", description = "InfluxDB database (default ${DEFAULT-VALUE}; created with a 400-day retention policy)")
    String influxDb;

    @Option(names = "--influx-ops-seconds", paramLabel = "N", defaultValue = "10", description = "how often the vigil_ops sample is written (default ${DEFAULT-VALUE}; 0 = never)")
    int influxOpsSeconds;

    @Option(names = "--tls-keystore", paramLabel = "FILE.p12",
            description = "PKCS12 keystore (certificate and key): serve HTTPS (walls, API, FHIR, WSS) on --https-port at --host, with HSTS; plain HTTP then listens on 127.0.0.1 only")
    Path tlsKeystore;

    @Option(names = "--https-port", paramLabel = "N", defaultValue = "" + ServerConfig.Edge.HTTPS_PORT,
            description = "HTTPS port (default ${DEFAULT-VALUE}; 0 = any free port)")
    int httpsPort;

    @Option(names = "--tls-password-env", paramLabel = "VAR", defaultValue = ServerConfig.Edge.TLS_PASSWORD_ENV,
            description = "environment variable holding the keystore password (default ${DEFAULT-VALUE})")
    String tlsPasswordEnv;

    @Option(names = "--allowed-origins", paramLabel = "LIST",
            description = "other origins whose pages may open the wall WebSocket, comma-separated (default: none, same origin only); see docs/security.md")
    String allowedOrigins;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "" + ServerConfig.Edge.IDLE_SECONDS,
            description = "close a connection with nothing sent either way for this long, e.g. a request whose body stops short; a request's whole body must arrive within it too (default ${DEFAULT-VALUE}; at least 30, three wall heartbeats)")
    int idleTimeout;

    @Option(names = "--kafka", paramLabel = "HOST:PORT,…",
            description = "cluster mode: the Kafka brokers whose log this node shares (default: none, a single node on its own journal); see docs/cluster.md")
    String kafka;

    @Option(names = "--node-id", paramLabel = "NAME", description = "cluster mode: this node's name (default: vigil-PORT)")
    String nodeId;

    @Option(names = "--node-urls", paramLabel = "LIST",
            description = "cluster mode: every node's address as browsers reach it, comma-separated (e.g. https://vigil-1.trust.nhs.uk); a wall whose node goes away reconnects to the next (default: none, one address for all behind a load balancer)")
    String nodeUrls;

    @Option(names = "--kafka-properties", paramLabel = "FILE",
            description = "cluster mode: Kafka client settings for every client of this node, e.g. security.protocol=SSL and its truststore (docs/cluster.md)")
    Path kafkaProperties;

    /** The checked configuration; a bad value is a usage error naming its option. */
    public ServerConfig config() {
        ServerConfig c = new ServerConfig(host, Cli.within(spec, "--port", port, 0, 65535), data, org, clock,
                Cli.within(spec, "--retention-days", retentionDays, 1, 36500),
                Cli.within(spec, "--max-batch-events", maxBatchEvents, 1, 10_000_000),
                Cli.within(spec, "--max-body-bytes", maxBodyBytes, 1024, Integer.MAX_VALUE), ServerConfig.ENGINE_INBOX);
        if (!influxDb.matches("[A-Za-z0-9_]{1,64}")) {
            throw Cli.refuse(spec, "--influx-db must be letters, digits and _, not " + influxDb);
        }
        ServerConfig.Edge edge = new ServerConfig.Edge(tlsKeystore, Cli.envName(spec, "--tls-password-env", tlsPasswordEnv),
                Cli.within(spec, "--https-port", httpsPort, 0, 65535),
                allowedOrigins == null ? List.of() : origins("--allowed-origins", allowedOrigins),
                Cli.within(spec, "--idle-timeout", idleTimeout, 30, 86_400), ServerConfig.Edge.HEAD_SECONDS);
        httpsNeedsAKeystore();
        return c.withInflux(influxUrl == null ? null : Cli.httpUrl(spec, "--influx-url", influxUrl), influxDb,
                        Cli.within(spec, "--influx-ops-seconds", influxOpsSeconds, 0, 86_400))
                .withEdge(edge)
                .withSnapshots(new Snapshots.Settings(
                        Cli.within(spec, "--snapshot-every-records", snapshotEveryRecords, 1, Integer.MAX_VALUE),
                        Cli.within(spec, "--snapshot-every-minutes", snapshotEveryMinutes, 1, 10_080),
                        Cli.within(spec, "--snapshots-keep", snapshotsKeep, 1, 1000),
                        Cli.within(spec, "--snapshot-bytes-per-record", snapshotBytesPerRecord, 0, Integer.MAX_VALUE)))
                .withCluster(cluster());
    }

    /** The HTTPS listener's options without its keystore would be ignored: an operator would think HTTPS is on. */
    private void httpsNeedsAKeystore() {
        if (tlsKeystore != null) {
            return;
        }
        for (String option : List.of("--https-port", "--tls-password-env")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw Cli.refuse(spec, option + " is for the HTTPS listener: give --tls-keystore too");
            }
        }
    }

    /** Cluster mode's settings, or null without {@code --kafka}. */
    private ClusterSettings cluster() {
        if (kafka == null) {
            if (nodeId != null || kafkaProperties != null || nodeUrls != null) {
                throw Cli.refuse(spec, (nodeId != null ? "--node-id" : kafkaProperties != null ? "--kafka-properties"
                        : "--node-urls") + " is for a node of a cluster: give --kafka too");
            }
            return null;
        }
        if (!kafka.matches("[A-Za-z0-9.-]+:[0-9]{1,5}(,[A-Za-z0-9.-]+:[0-9]{1,5})*")) {
            throw Cli.refuse(spec, "--kafka takes brokers as host:port,host:port, not " + kafka);
        }
        String node = nodeId == null ? "vigil-" + port : nodeId;
        if (!node.matches("[A-Za-z0-9._-]{1,64}")) {
            throw Cli.refuse(spec, "--node-id must be letters, digits, '.', '_' and '-', not " + node);
        }
        return new ClusterSettings(kafka, node, kafkaProperties == null ? Map.of() : kafkaProperties(),
                nodeUrls == null ? List.of() : origins("--node-urls", nodeUrls));
    }

    /** The Kafka client properties file; a file that cannot be read, or that sets what Vigil sets, is refused. */
    private Map<String, String> kafkaProperties() {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(kafkaProperties)) {
            p.load(in);
        } catch (IOException e) {
            throw Cli.refuse(spec, FileProblem.describe("--kafka-properties", kafkaProperties, e));
        }
        Map<String, String> out = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (VIGIL_SETS.contains(key)) {
                throw Cli.refuse(spec, "--kafka-properties may not set " + key + ": Vigil sets it (docs/cluster.md)");
            }
            out.put(key, p.getProperty(key));
        }
        return out;
    }

    /** Kafka client settings Vigil's durability and identity depend on, never taken from the properties file. */
    private static final Set<String> VIGIL_SETS = Set.of("bootstrap.servers", "client.id", "acks", "enable.idempotence",
            "group.id", "enable.auto.commit", "isolation.level", "key.serializer", "value.serializer",
            "key.deserializer", "value.deserializer");

    /** Comma-separated origins, each exactly scheme://host[:port] (what browsers send), http or https. */
    private List<String> origins(String option, String v) {
        List<String> out = new ArrayList<>();
        for (String o : v.split(",")) {
            String origin = o.trim();
            if (!origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                throw Cli.refuse(spec, option + " takes origins like https://wall.example.nhs.uk"
                        + " or http://127.0.0.1:8080 (scheme, host and port only), not " + o);
            }
            out.add(origin.toLowerCase(Locale.ROOT));
        }
        return out;
    }

    /** Parses the arguments into a configuration (throws picocli's ParameterException naming the option). */
    public static ServerConfig parse(String... args) {
        return Cli.parse(new ServerCommand(), args).config();
    }

    @Override
    public Integer call() throws Exception {
        ServerConfig config = config();
        VigilServer server;
        try {
            server = VigilServer.start(config, Clock.systemUTC(), System.getenv(Tokens.BOOTSTRAP_ENV));
        } catch (Exception e) {
            // its port taken, its data directory held by another server, its keystore unreadable: say why and exit
            // 1 at once, never linger half-started where a launcher could take another server's answer for ours
            System.err.println("vigil server: cannot start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "vigil-shutdown"));
        stopped.await();
        return 0;
    }
}
