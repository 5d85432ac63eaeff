package org.vigil.server;

import org.vigil.server.engine.Engine;

import java.nio.file.Path;

/**
 * Everything the server is told at start-up, in one place (built by {@link ServerCommand}; {@code ./vigil server
 * --help} prints it).
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

    /** Commands the engine may queue before ingest answers 503 (not an option: sized for bursts, see Engine). */
    public static final int ENGINE_INBOX = 65_536;

    public Path journalDir() {
        return dataDir.resolve("journal");
    }
}
