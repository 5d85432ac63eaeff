package org.vigil.server;

import org.vigil.server.cluster.ClusterSettings;
import org.vigil.server.engine.Engine;
import org.vigil.server.snapshots.Snapshots;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything the server is told at start-up, in one place (built by {@link ServerCommand}; {@code ./vigil server
 * --help} prints it).
 *
 * @param orgFile null for the bundled demo organisation
 * @param edge      TLS and WebSocket origins
 * @param snapshots when state snapshots are taken and how many are kept (docs/operations.md)
 * @param cluster   null on a single node; else the Kafka brokers whose log this node shares (docs/cluster.md)
 */
public record ServerConfig(String host, int port, Path dataDir, Path orgFile, Engine.ClockMode clock,
                           int retentionDays, int maxBatchEvents, int maxBodyBytes, int engineInbox,
                           String influxUrl, String influxDb, int influxOpsSeconds, Edge edge,
                           Snapshots.Settings snapshots, ClusterSettings cluster) {

    /** With the default snapshot settings. */
    public ServerConfig(String host, int port, Path dataDir, Path orgFile, Engine.ClockMode clock,
                        int retentionDays, int maxBatchEvents, int maxBodyBytes, int engineInbox,
                        String influxUrl, String influxDb, int influxOpsSeconds, Edge edge) {
        this(host, port, dataDir, orgFile, clock, retentionDays, maxBatchEvents, maxBodyBytes, engineInbox,
                influxUrl, influxDb, influxOpsSeconds, edge, Snapshots.Settings.DEFAULT, null);
    }

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
                engineInbox, url, db, opsSeconds, edge, snapshots, cluster);
    }

    /** The same configuration with other TLS and origin settings. */
    public ServerConfig withEdge(Edge edge) {
        return new ServerConfig(host, port, dataDir, orgFile, clock, retentionDays, maxBatchEvents, maxBodyBytes,
                engineInbox, influxUrl, influxDb, influxOpsSeconds, edge, snapshots, cluster);
    }

    /** The same configuration with other snapshot settings. */
    public ServerConfig withSnapshots(Snapshots.Settings settings) {
        return new ServerConfig(host, port, dataDir, orgFile, clock, retentionDays, maxBatchEvents, maxBodyBytes,
                engineInbox, influxUrl, influxDb, influxOpsSeconds, edge, settings, cluster);
    }

    /** The same configuration as a node of a cluster (null: a single node). */
    public ServerConfig withCluster(ClusterSettings settings) {
        return new ServerConfig(host, port, dataDir, orgFile, clock, retentionDays, maxBatchEvents, maxBodyBytes,
                engineInbox, influxUrl, influxDb, influxOpsSeconds, edge, snapshots, settings);
    }

    /**
     * The server's edge to browsers: HTTPS from a PKCS12 keystore (the same kind the gateway uses; its password from
     * the environment variable {@code tlsPasswordEnv}, never an option), and which other origins may open the wall
     * WebSocket (same-origin only when empty).
     *
     * @param tlsKeystore    null: no HTTPS listener
     * @param httpsPort      the HTTPS listener's port (0: any free port)
     * @param allowedOrigins exact origins ({@code https://host[:port]}) besides the server's own
     * @param idleSeconds    a connection with nothing sent either way for this long is closed: a client that stops
     *                       half way through a request (a body shorter than its Content-Length) no longer holds it
     *                       open for ever. A wall's socket is never idle that long: it gets a heartbeat every 10 s.
     * @param headSeconds    a request's line and headers must have arrived within this long of the connection
     *                       opening, or of the previous response ending ({@code RequestHeadDeadline}); not an
     *                       option: a client sends its head at once, so only a slow-header attack needs longer
     */
    public record Edge(Path tlsKeystore, String tlsPasswordEnv, int httpsPort, List<String> allowedOrigins,
                       int idleSeconds, int headSeconds) {
        public static final int HTTPS_PORT = 8444;
        public static final String TLS_PASSWORD_ENV = "VIGIL_TLS_PASSWORD";
        /** As the gateway's HTTPS edge times out a silent client (its ReadTimeoutHandler). */
        public static final int IDLE_SECONDS = 120;
        /**
         * Apache httpd's mod_reqtimeout default for a request's head ({@code RequestReadTimeout header=20-40}); nginx's
         * {@code client_header_timeout} is 60 s. A head is one packet or a few: on a poor mobile link, seconds.
         */
        public static final int HEAD_SECONDS = 20;
        public static final Edge DEFAULT = new Edge(null, TLS_PASSWORD_ENV, HTTPS_PORT, List.of(), IDLE_SECONDS,
                HEAD_SECONDS);

        public Edge {
            allowedOrigins = List.copyOf(allowedOrigins);
        }

        public Edge withTls(Path keystore, int port) {
            return new Edge(keystore, tlsPasswordEnv, port, allowedOrigins, idleSeconds, headSeconds);
        }

        public Edge withAllowedOrigins(List<String> origins) {
            return new Edge(tlsKeystore, tlsPasswordEnv, httpsPort, origins, idleSeconds, headSeconds);
        }

        public Edge withIdleSeconds(int seconds) {
            return new Edge(tlsKeystore, tlsPasswordEnv, httpsPort, allowedOrigins, seconds, headSeconds);
        }

        public Edge withHeadSeconds(int seconds) {
            return new Edge(tlsKeystore, tlsPasswordEnv, httpsPort, allowedOrigins, idleSeconds, seconds);
        }
    }

    /**
     * Whether plain HTTP listens beyond this machine: an address other than loopback, and no TLS. Allowed on a
     * trusted network (docs/operations.md), but tokens and clinical data then cross it unencrypted and
     * {@code /health} and {@code /metrics} answer anyone without a token, so the server warns at start. A name
     * that does not resolve counts as beyond: the server could not bind it anyway.
     */
    public boolean plainHttpBeyondLoopback() {
        if (edge.tlsKeystore() != null) {
            return false;
        }
        try {
            return !InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return true;
        }
    }

    /** Commands the engine may queue before ingest answers 503 (not an option: sized for bursts, see Engine). */
    public static final int ENGINE_INBOX = 65_536;

    public Path journalDir() {
        return dataDir.resolve("journal");
    }

    public Path snapshotsDir() {
        return dataDir.resolve("snapshots");
    }
}
