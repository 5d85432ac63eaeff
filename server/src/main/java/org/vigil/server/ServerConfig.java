package org.vigil.server;

import org.vigil.server.engine.Engine;

import java.nio.file.Path;

/**
 * Everything the server is told at start-up, in one place ({@code ./vigil server --help} prints it).
 *
 * @param orgFile null for the bundled demo organisation
 */
public record ServerConfig(String host, int port, Path dataDir, Path orgFile, Engine.ClockMode clock,
                           int retentionDays, int maxBatchEvents, int maxBodyBytes, int engineInbox) {

    public static final String USAGE = """
            usage: vigil server [--port N] [--host ADDR] [--data DIR] [--org FILE] [--clock wall|event]
                                [--retention-days N] [--max-batch-events N] [--max-body-bytes N]
              --port              HTTP port (default 8080)
              --host              address to bind (default 127.0.0.1: the gateway is the public edge)
              --data              data directory; the journal lives in DIR/journal (default ./data)
              --org               organisation file (YAML; default: the bundled demo organisation)
              --clock             wall: live, time moves with the wall clock (default);
                                  event: only event times move the clock (replays, accelerated simulation)
              --retention-days    journal days kept (default 30)
              --max-batch-events  events per NDJSON request (default 10000)
              --max-body-bytes    request body limit (default 8388608 = 8 MiB)
            environment: VIGIL_BOOTSTRAP_TOKEN grants an operator token with every scope""";

    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 8080, Path.of("data"), null, Engine.ClockMode.WALL, 30, 10_000,
                8 * 1024 * 1024, 65_536);
    }

    public static ServerConfig parse(String[] args) {
        ServerConfig c = defaults();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
            }
            String v = args[++i];
            c = switch (flag) {
                case "--port" -> new ServerConfig(c.host, number(flag, v, 0, 65535), c.dataDir, c.orgFile, c.clock,
                        c.retentionDays, c.maxBatchEvents, c.maxBodyBytes, c.engineInbox);
                case "--host" -> new ServerConfig(v, c.port, c.dataDir, c.orgFile, c.clock, c.retentionDays,
                        c.maxBatchEvents, c.maxBodyBytes, c.engineInbox);
                case "--data" -> new ServerConfig(c.host, c.port, Path.of(v), c.orgFile, c.clock, c.retentionDays,
                        c.maxBatchEvents, c.maxBodyBytes, c.engineInbox);
                case "--org" -> new ServerConfig(c.host, c.port, c.dataDir, Path.of(v), c.clock, c.retentionDays,
                        c.maxBatchEvents, c.maxBodyBytes, c.engineInbox);
                case "--clock" -> new ServerConfig(c.host, c.port, c.dataDir, c.orgFile, clock(v), c.retentionDays,
                        c.maxBatchEvents, c.maxBodyBytes, c.engineInbox);
                case "--retention-days" -> new ServerConfig(c.host, c.port, c.dataDir, c.orgFile, c.clock,
                        number(flag, v, 1, 36500), c.maxBatchEvents, c.maxBodyBytes, c.engineInbox);
                case "--max-batch-events" -> new ServerConfig(c.host, c.port, c.dataDir, c.orgFile, c.clock,
                        c.retentionDays, number(flag, v, 1, 10_000_000), c.maxBodyBytes, c.engineInbox);
                case "--max-body-bytes" -> new ServerConfig(c.host, c.port, c.dataDir, c.orgFile, c.clock,
                        c.retentionDays, c.maxBatchEvents, number(flag, v, 1024, Integer.MAX_VALUE), c.engineInbox);
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            };
        }
        return c;
    }

    public Path journalDir() {
        return dataDir.resolve("journal");
    }

    private static Engine.ClockMode clock(String v) {
        return switch (v) {
            case "wall" -> Engine.ClockMode.WALL;
            case "event" -> Engine.ClockMode.EVENT;
            default -> throw new IllegalArgumentException("--clock must be wall or event, not " + v);
        };
    }

    private static int number(String flag, String v, int min, int max) {
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new IllegalArgumentException(flag + " must be from " + min + " to " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a number, not " + v);
        }
    }
}
