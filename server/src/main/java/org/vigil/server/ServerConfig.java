package org.vigil.server;

import org.vigil.server.engine.Engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Everything the server is told at start-up, in one place ({@code ./vigil server --help} prints it).
 *
 * @param orgFile null for the bundled demo organisation
 * @param edge    TLS and WebSocket origins
 */
public record ServerConfig(String host, int port, Path dataDir, Path orgFile, Engine.ClockMode clock,
                           int retentionDays, int maxBatchEvents, int maxBodyBytes, int engineInbox,
                           String influxUrl, String influxDb, int influxOpsSeconds, Edge edge) {

    /** Without InfluxDB (the writer is optional: nothing else depends on it). */
    public ServerConfig(String host, int port, Path dataDir, Path orgFile, Engine.ClockMode clock,
                        int retentionDays, int maxBatchEvents, int maxBodyBytes, int engineInbox) {
        this(host, port, dataDir, orgFile, clock, retentionDays, maxBatchEvents, maxBodyBytes, engineInbox,
                null, "vigil", 10);
    }

    /** Plain HTTP only, same-origin WebSockets only. */
    public ServerConfig(String host, int port, Path dataDir, Path orgFile, Engine.ClockMode clock,
                        int retentionDays, int maxBatchEvents, int maxBodyBytes, int engineInbox,
                        String influxUrl, String influxDb, int influxOpsSeconds) {
        this(host, port, dataDir, orgFile, clock, retentionDays, maxBatchEvents, maxBodyBytes, engineInbox,
                influxUrl, influxDb, influxOpsSeconds, Edge.DEFAULT);
    }

    /** The same configuration, writing to InfluxDB at {@code url} (e.g. http://127.0.0.1:8086), database {@code db}. */
    public ServerConfig withInflux(String url, String db, int opsSeconds) {
        return new ServerConfig(host, port, dataDir, orgFile, clock, retentionDays, maxBatchEvents, maxBodyBytes,
                engineInbox, url, db, opsSeconds, edge);
    }

    /** The same configuration with other TLS and origin settings. */
    public ServerConfig withEdge(Edge edge) {
        return new ServerConfig(host, port, dataDir, orgFile, clock, retentionDays, maxBatchEvents, maxBodyBytes,
                engineInbox, influxUrl, influxDb, influxOpsSeconds, edge);
    }

    /**
     * The server's edge to browsers: HTTPS from a PKCS12 keystore (the same kind the gateway uses; its password from
     * the environment variable {@code tlsPasswordEnv}, never an option), and which other origins may open the wall
     * WebSocket (same-origin only when empty).
     *
     * @param tlsKeystore    null: no HTTPS listener
     * @param httpsPort      the HTTPS listener's port (0: any free port)
     * @param allowedOrigins exact origins ({@code https://host[:port]}) besides the server's own
     */
    public record Edge(Path tlsKeystore, String tlsPasswordEnv, int httpsPort, List<String> allowedOrigins) {
        public static final Edge DEFAULT = new Edge(null, "VIGIL_TLS_PASSWORD", 8444, List.of());
        static final Set<String> FLAGS = Set.of("--tls-keystore", "--tls-password-env", "--https-port",
                "--allowed-origins");

        public Edge {
            allowedOrigins = List.copyOf(allowedOrigins);
        }

        public Edge withTls(Path keystore, int port) {
            return new Edge(keystore, tlsPasswordEnv, port, allowedOrigins);
        }

        public Edge withAllowedOrigins(List<String> origins) {
            return new Edge(tlsKeystore, tlsPasswordEnv, httpsPort, origins);
        }

        Edge with(String flag, String v) {
            return switch (flag) {
                case "--tls-keystore" -> new Edge(Path.of(v), tlsPasswordEnv, httpsPort, allowedOrigins);
                case "--tls-password-env" -> new Edge(tlsKeystore, envName(flag, v), httpsPort, allowedOrigins);
                case "--https-port" -> new Edge(tlsKeystore, tlsPasswordEnv, CommandLine.integer(flag, v, 0, 65535),
                        allowedOrigins);
                case "--allowed-origins" -> new Edge(tlsKeystore, tlsPasswordEnv, httpsPort, origins(v));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            };
        }

        private static String envName(String flag, String v) {
            if (!v.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException(flag + " takes an environment variable's name, not " + v);
            }
            return v;
        }

        /** Comma-separated origins, each exactly scheme://host[:port] (what browsers send), http or https. */
        private static List<String> origins(String v) {
            List<String> out = new ArrayList<>();
            for (String o : v.split(",")) {
                String origin = o.trim();
                if (!origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                    throw new IllegalArgumentException("--allowed-origins takes origins like https://wall.example.nhs.uk"
                            + " or http://127.0.0.1:8080 (scheme, host and port only), not " + o);
                }
                out.add(origin.toLowerCase(java.util.Locale.ROOT));
            }
            return out;
        }
    }

    public static final String USAGE = """
            usage: vigil server [--port N] [--host ADDR] [--data DIR] [--org FILE] [--clock wall|event]
                                [--retention-days N] [--max-batch-events N] [--max-body-bytes N]
                                [--influx-url URL] [--influx-db NAME] [--influx-ops-seconds N]
                                [--tls-keystore FILE.p12] [--https-port N] [--tls-password-env VAR]
                                [--allowed-origins LIST]
              --port              HTTP port (default 8080)
              --host              address to bind (default 127.0.0.1: the gateway is the public edge)
              --data              data directory; the journal lives in DIR/journal (default ./data)
              --org               organisation file (YAML; default: the bundled demo organisation)
              --clock             wall: live, time moves with the wall clock (default);
                                  event: only event times move the clock (replays, accelerated simulation)
              --retention-days    journal days kept (default 30)
              --max-batch-events  events per NDJSON request (default 10000)
              --max-body-bytes    request body limit (default 8388608 = 8 MiB)
              --influx-url        InfluxDB 1.x to export the journal to, e.g. http://127.0.0.1:8086
                                  (default: none, no writer); see docs/timeseries.md
              --influx-db         InfluxDB database (default vigil; created with a 400-day retention policy)
              --influx-ops-seconds  how often the vigil_ops sample is written (default 10; 0 = never)
              --tls-keystore      PKCS12 keystore (certificate and key): serve HTTPS (walls, API, FHIR, WSS) on
                                  --https-port at --host, with HSTS; plain HTTP then listens on 127.0.0.1 only
              --https-port        HTTPS port (default 8444)
              --tls-password-env  environment variable holding the keystore password (default VIGIL_TLS_PASSWORD)
              --allowed-origins   other origins whose pages may open the wall WebSocket, comma-separated
                                  (default: none, same origin only); see docs/security.md
            environment: VIGIL_BOOTSTRAP_TOKEN grants an operator token with every scope;
                         VIGIL_TLS_PASSWORD (or --tls-password-env) the keystore password""";

    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 8080, Path.of("data"), null, Engine.ClockMode.WALL, 30, 10_000,
                8 * 1024 * 1024, 65_536);
    }

    public static ServerConfig parse(String[] args) {
        ServerConfig c = defaults();
        Edge edge = Edge.DEFAULT;
        for (CommandLine.Option o : CommandLine.options(args, USAGE)) {
            String flag = o.flag();
            String v = o.value();
            if (Edge.FLAGS.contains(flag)) {
                edge = edge.with(flag, v);
                continue;
            }
            c = switch (flag) {
                case "--port" -> new ServerConfig(c.host, CommandLine.integer(flag, v, 0, 65535), c.dataDir, c.orgFile, c.clock,
                        c.retentionDays, c.maxBatchEvents, c.maxBodyBytes, c.engineInbox, c.influxUrl, c.influxDb, c.influxOpsSeconds);
                case "--host" -> new ServerConfig(v, c.port, c.dataDir, c.orgFile, c.clock, c.retentionDays,
                        c.maxBatchEvents, c.maxBodyBytes, c.engineInbox, c.influxUrl, c.influxDb, c.influxOpsSeconds);
                case "--data" -> new ServerConfig(c.host, c.port, Path.of(v), c.orgFile, c.clock, c.retentionDays,
                        c.maxBatchEvents, c.maxBodyBytes, c.engineInbox, c.influxUrl, c.influxDb, c.influxOpsSeconds);
                case "--org" -> new ServerConfig(c.host, c.port, c.dataDir, Path.of(v), c.clock, c.retentionDays,
                        c.maxBatchEvents, c.maxBodyBytes, c.engineInbox, c.influxUrl, c.influxDb, c.influxOpsSeconds);
                case "--clock" -> new ServerConfig(c.host, c.port, c.dataDir, c.orgFile, clock(v), c.retentionDays,
                        c.maxBatchEvents, c.maxBodyBytes, c.engineInbox, c.influxUrl, c.influxDb, c.influxOpsSeconds);
                case "--retention-days" -> new ServerConfig(c.host, c.port, c.dataDir, c.orgFile, c.clock,
                        CommandLine.integer(flag, v, 1, 36500), c.maxBatchEvents, c.maxBodyBytes, c.engineInbox, c.influxUrl, c.influxDb, c.influxOpsSeconds);
                case "--max-batch-events" -> new ServerConfig(c.host, c.port, c.dataDir, c.orgFile, c.clock,
                        c.retentionDays, CommandLine.integer(flag, v, 1, 10_000_000), c.maxBodyBytes, c.engineInbox, c.influxUrl, c.influxDb, c.influxOpsSeconds);
                case "--max-body-bytes" -> new ServerConfig(c.host, c.port, c.dataDir, c.orgFile, c.clock,
                        c.retentionDays, c.maxBatchEvents, CommandLine.integer(flag, v, 1024, Integer.MAX_VALUE), c.engineInbox, c.influxUrl, c.influxDb, c.influxOpsSeconds);
                case "--influx-url" -> c.withInflux(influxUrl(v), c.influxDb, c.influxOpsSeconds);
                case "--influx-db" -> c.withInflux(c.influxUrl, influxDbName(v), c.influxOpsSeconds);
                case "--influx-ops-seconds" -> c.withInflux(c.influxUrl, c.influxDb, CommandLine.integer(flag, v, 0, 86_400));
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            };
        }
        return c.withEdge(edge);
    }

    public Path journalDir() {
        return dataDir.resolve("journal");
    }

    private static String influxUrl(String v) {
        try {
            java.net.URI u = new java.net.URI(v);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new IllegalArgumentException("--influx-url must be http(s)://host:port, not " + v);
            }
            return v;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("--influx-url is not a URL: " + v);
        }
    }

    private static String influxDbName(String v) {
        if (!v.matches("[A-Za-z0-9_]{1,64}")) {
            throw new IllegalArgumentException("--influx-db must be letters, digits and _, not " + v);
        }
        return v;
    }

    private static Engine.ClockMode clock(String v) {
        return switch (v) {
            case "wall" -> Engine.ClockMode.WALL;
            case "event" -> Engine.ClockMode.EVENT;
            default -> throw new IllegalArgumentException("--clock must be wall or event, not " + v);
        };
    }
}
