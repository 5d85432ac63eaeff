package org.vigil.server;

import org.vigil.server.engine.Engine;

import java.nio.file.Path;

/**
 * Everything the server is told at start-up, in one place ({@code ./vigil server --help} prints it).
 *
 * @param orgFile null for the bundled demo organisation
 */
public record ServerConfig(String host, int port, Path dataDir, Path orgFile, Engine.ClockMode clock,
                           int retentionDays, int maxBatchEvents, int maxBodyBytes, int engineInbox,
                           String influxUrl, String influxDb, int influxOpsSeconds) {

    /** Without InfluxDB (the writer is optional: nothing else depends on it). */
    public ServerConfig(String host, int port, Path dataDir, Path orgFile, Engine.ClockMode clock,
                        int retentionDays, int maxBatchEvents, int maxBodyBytes, int engineInbox) {
        this(host, port, dataDir, orgFile, clock, retentionDays, maxBatchEvents, maxBodyBytes, engineInbox,
                null, "vigil", 10);
    }

    /** The same configuration, writing to InfluxDB at {@code url} (e.g. http://127.0.0.1:8086), database {@code db}. */
    public ServerConfig withInflux(String url, String db, int opsSeconds) {
        return new ServerConfig(host, port, dataDir, orgFile, clock, retentionDays, maxBatchEvents, maxBodyBytes,
                engineInbox, url, db, opsSeconds);
    }

    public static final String USAGE = """
            usage: vigil server [--port N] [--host ADDR] [--data DIR] [--org FILE] [--clock wall|event]
                                [--retention-days N] [--max-batch-events N] [--max-body-bytes N]
                                [--influx-url URL] [--influx-db NAME] [--influx-ops-seconds N]
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
            environment: VIGIL_BOOTSTRAP_TOKEN grants an operator token with every scope""";

    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 8080, Path.of("data"), null, Engine.ClockMode.WALL, 30, 10_000,
                8 * 1024 * 1024, 65_536);
    }

    public static ServerConfig parse(String[] args) {
        ServerConfig c = defaults();
        for (CommandLine.Option o : CommandLine.options(args, USAGE)) {
            String flag = o.flag();
            String v = o.value();
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
        return c;
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
