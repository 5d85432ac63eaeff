package org.vigil.server;

import org.vigil.server.engine.Engine;
import org.vigil.server.security.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./vigil server}: every start-up option, typed, with its default ({@code --help} prints them). To add an
 * option, add a field here and a component to {@link ServerConfig}; {@link #config()} is the one place that
 * checks values and builds the configuration. Secrets are never options: the bootstrap token comes from the
 * environment.
 */
@Command(name = "vigil server", sortOptions = false, separator = " ",
        description = "Runs the Vigil server: ingest, engine, journal, walls and API (binds loopback; the gateway is the public edge).",
        footerHeading = "%nEnvironment:%n",
        footer = "  " + Tokens.BOOTSTRAP_ENV + "  grants an operator token with every scope")
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

    /** The checked configuration; a bad value is a usage error naming its option. */
    public ServerConfig config() {
        ServerConfig c = new ServerConfig(host, Cli.within(spec, "--port", port, 0, 65535), data, org, clock,
                Cli.within(spec, "--retention-days", retentionDays, 1, 36500),
                Cli.within(spec, "--max-batch-events", maxBatchEvents, 1, 10_000_000),
                Cli.within(spec, "--max-body-bytes", maxBodyBytes, 1024, Integer.MAX_VALUE), ServerConfig.ENGINE_INBOX);
        if (!influxDb.matches("[A-Za-z0-9_]{1,64}")) {
            throw Cli.refuse(spec, "--influx-db must be letters, digits and _, not " + influxDb);
        }
        return c.withInflux(influxUrl == null ? null : Cli.httpUrl(spec, "--influx-url", influxUrl), influxDb,
                Cli.within(spec, "--influx-ops-seconds", influxOpsSeconds, 0, 86_400));
    }

    /** Parses the arguments into a configuration (throws picocli's ParameterException naming the option). */
    public static ServerConfig parse(String... args) {
        return Cli.parse(new ServerCommand(), args).config();
    }

    @Override
    public Integer call() throws Exception {
        ServerConfig config = config();
        VigilServer server = VigilServer.start(config, Clock.systemUTC(), System.getenv(Tokens.BOOTSTRAP_ENV));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "vigil-shutdown"));
        stopped.await();
        return 0;
    }
}
