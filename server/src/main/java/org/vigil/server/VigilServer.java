package org.vigil.server;

import io.micrometer.core.instrument.FunctionCounter;
import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpObjectDecoder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.PrometheusScrapingHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.events.EventParser;
import org.vigil.server.api.AlertsApi;
import org.vigil.server.api.AuditApi;
import org.vigil.server.api.AuditTrail;
import org.vigil.server.incident.IncidentApi;
import org.vigil.server.api.TimeTravel;
import org.vigil.server.api.HealthApi;
import org.vigil.server.wall.MetaApi;
import org.vigil.server.api.News2Endpoint;
import org.vigil.server.api.QueryApi;
import org.vigil.server.http.JsonBodies;
import org.vigil.server.http.Replies;
import org.vigil.server.http.UnexpectedFailures;
import org.vigil.server.http.UnmatchedRequests;
import org.vigil.server.http.Utf8Bodies;
import org.vigil.server.api.SpcEndpoint;
import org.vigil.server.api.SpcSeriesApi;
import org.vigil.server.cluster.ClusterNode;
import org.vigil.server.engine.Engine;
import org.vigil.server.rules.EngineState;
import org.vigil.server.kernel.RuleFailures;
import org.vigil.server.fhir.FhirIngest;
import org.vigil.server.fhir.FhirRoutes;
import org.vigil.server.ingest.IngestHandler;
import org.vigil.server.ingest.IngestMetrics;
import org.vigil.server.history.History;
import org.vigil.server.history.JournalStart;
import org.vigil.server.history.SnapshotOrigins;
import org.vigil.server.journal.AuditIndex;
import org.vigil.server.journal.DataDirectoryLock;
import org.vigil.server.journal.Journal;
import org.vigil.server.journal.JournalFollower;
import org.vigil.server.metrics.EngineMetrics;
import org.vigil.server.metrics.OperationsMetrics;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.server.rules.Rules;
import org.vigil.server.metrics.TokenMetrics;
import org.vigil.server.security.Access;
import org.vigil.server.security.Authenticator;
import org.vigil.server.security.BodyDeadline;
import org.vigil.server.security.HostHeader;
import org.vigil.server.security.PeerNodeAnswers;
import org.vigil.server.security.RequestHeadDeadline;
import org.vigil.server.security.SecurityHeaders;
import org.vigil.server.security.ServerTls;
import org.vigil.server.security.UndecodableRequests;
import org.vigil.organisation.tokens.Tokens;
import org.vigil.server.security.WebSocketOrigins;
import org.vigil.server.snapshots.SnapshotWriter;
import org.vigil.server.snapshots.Snapshots;
import org.vigil.server.wall.WallHub;
import org.vigil.server.wall.WallRoutes;
import org.vigil.server.wall.WallsAsAt;
import org.vigil.server.timeseries.InfluxConnection;
import org.vigil.server.timeseries.InfluxWriter;
import org.vigil.server.webhooks.WebhookEndpoint;
import org.vigil.server.webhooks.Webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The wiring diagram: organisation → journal → engine (replays, then takes commands) → HTTP routes. Used by
 * {@link Main} and, in-process, by the tests.
 */
public final class VigilServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VigilServer.class);

    private final Vertx vertx;
    private final Journal journal;
    private final Engine engine;
    private final Router router;
    private final HttpServer http;
    private final HttpServer https;
    private final InfluxConnection influx;
    private final InfluxWriter influxWriter;
    private final Webhooks webhooks;
    private final History history;
    private final Snapshots snapshots;
    private final SnapshotWriter snapshotWriter;
    private final DataDirectoryLock lock;
    private final ClusterNode cluster;

    private VigilServer(DataDirectoryLock lock, Vertx vertx, Journal journal, Engine engine, Router router,
                        HttpServer http, HttpServer https, InfluxConnection influx, InfluxWriter influxWriter,
                        Webhooks webhooks, History history, Snapshots snapshots, SnapshotWriter snapshotWriter,
                        ClusterNode cluster) {
        this.lock = lock;
        this.cluster = cluster;
        this.history = history;
        this.vertx = vertx;
        this.router = router;
        this.journal = journal;
        this.engine = engine;
        this.http = http;
        this.https = https;
        this.influx = influx;
        this.influxWriter = influxWriter;
        this.webhooks = webhooks;
        this.snapshots = snapshots;
        this.snapshotWriter = snapshotWriter;
    }

    /**
     * Starts a server, with secrets (the keystore password) from the process environment, or fails at once and
     * leaves nothing running: another server on the same data directory, or an address it cannot listen on (plain
     * HTTP or HTTPS), is an {@link IllegalStateException} naming the cause, thrown only after everything this call
     * opened (threads, journal, listeners, lock) is closed again.
     */
    public static VigilServer start(ServerConfig config, Clock wallClock, String bootstrapToken) throws IOException {
        return start(config, wallClock, bootstrapToken, System.getenv(), rules -> { });
    }

    /** Starts with secrets read from {@code env} (the variable named by {@code --tls-password-env}). */
    public static VigilServer start(ServerConfig config, Clock wallClock, String bootstrapToken, Map<String, String> env)
            throws IOException {
        return start(config, wallClock, bootstrapToken, env, rules -> { });
    }

    /**
     * As {@link #start(ServerConfig, Clock, String)}, letting {@code site} add rules to the rule registry before any
     * state is built ({@link Rules#add}): a site's own rules, or a test's. The engine, the InfluxDB writer and every
     * webhook follower then run them alike.
     */
    public static VigilServer start(ServerConfig config, Clock wallClock, String bootstrapToken,
                                    Consumer<Rules> site) throws IOException {
        return start(config, wallClock, bootstrapToken, System.getenv(), site);
    }

    /** Starts with secrets read from {@code env} and {@code site}'s rules added to the registry. */
    public static VigilServer start(ServerConfig config, Clock wallClock, String bootstrapToken, Map<String, String> env,
                                    Consumer<Rules> site) throws IOException {
        ServerConfig.Edge edge = config.edge();
        // opened first: a wrong keystore password stops the server before anything else starts
        HttpServerOptions tls = edge.tlsKeystore() == null ? null
                : ServerTls.options(edge.tlsKeystore(), env.get(edge.tlsPasswordEnv()));
        Organisation org = config.orgFile() == null ? OrganisationLoader.demo() : OrganisationLoader.load(config.orgFile());
        // before anything is opened: a webhook whose secret or truststore is missing stops start-up
        List<WebhookEndpoint> endpoints = WebhookEndpoint.resolveAll(org, env::get);
        DataDirectoryLock lock = DataDirectoryLock.acquire(config.dataDir()); // before the journal is touched
        List<AutoCloseable> opened = new ArrayList<>();
        opened.add(lock);
        try {
            return start(config, org, tls, endpoints, site, lock, wallClock, bootstrapToken, opened);
        } catch (RuntimeException | IOException | Error e) {
            for (int i = opened.size() - 1; i >= 0; i--) {
                try {
                    opened.get(i).close();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    /**
     * Retention has deleted the journal's first days, so only a state snapshot holds the stays, alerts and alert ids
     * they began, and none can be used: replaying the journal left would serve, healthy, wards without the patients
     * admitted before the cut, then write snapshots of that state and prune the ones that could still be restored
     * (found by an independent audit: a token added to the organisation file made every snapshot unusable).
     */
    private static String noStateAfterRetentionCut(ServerConfig config, List<Snapshots.Skipped> skipped) {
        StringBuilder why = new StringBuilder();
        for (Snapshots.Skipped s : skipped) {
            why.append(why.length() == 0 ? "" : "; ").append(s.file()).append(": ").append(s.reason());
        }
        return "journal retention has deleted the first days of " + config.journalDir() + ", and no state snapshot in "
                + config.snapshotsDir() + " can be used (" + (why.length() == 0 ? "there is none" : why) + "): the"
                + " journal left would start without the patients admitted before the cut and their alerts. Put back"
                + " what the reasons name (a unit the organisation file no longer has; the file the snapshots were"
                + " written with), or restore the snapshots from a backup of the data directory, and start again"
                + " (docs/operations.md, \"Restart\")";
    }

    /** The wiring, once the checks that need nothing opened have passed; {@code opened} collects what to undo. */
    private static VigilServer start(ServerConfig config, Organisation org, HttpServerOptions tls,
                                     List<WebhookEndpoint> endpoints, Consumer<Rules> site,
                                     DataDirectoryLock lock, Clock wallClock, String bootstrapToken,
                                     List<AutoCloseable> opened) throws IOException {
        ServerConfig.Edge edge = config.edge();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        OperationsMetrics.withoutReRegisteredVertxGauges(registry);
        OperationsMetrics.withRequestHistograms(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MetricsOptions().setEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        opened.add(() -> await(vertx.close()));

        Journal journal = new Journal(config.journalDir());
        opened.add(journal);
        Rules rules = new Rules(org);
        site.accept(rules);
        // Restart = the newest usable state snapshot + the journal after it, through the same code path as live.
        Snapshots snapshots = new Snapshots(config.snapshotsDir(), rules, organisationFile(config), journal, wallClock,
                config.snapshots().keep(), config.cluster() == null);
        ClusterNode cluster = config.cluster() == null ? null : ClusterNode.join(config.cluster());
        if (cluster != null) {
            opened.add(cluster);
            cluster.startFromSnapshot(journal, snapshots); // a node with no data: the cluster's newest snapshot
        }
        Snapshots.Choice choice = snapshots.newestWithSkips();
        Optional<Snapshots.Restored> restored = choice.restored();
        if (restored.isEmpty() && journal.retentionCut()) {
            throw new IllegalStateException(noStateAfterRetentionCut(config, choice.skipped()));
        }
        List<String> followers = new ArrayList<>();
        if (config.influxUrl() != null) {
            followers.add(InfluxWriter.TAILER);
        }
        endpoints.forEach(e -> followers.add(e.tailerName()));
        int deleted = journal.applyRetention(config.retentionDays(), LocalDate.now(wallClock.withZone(ZoneOffset.UTC)),
                restored.map(Snapshots.Restored::journalIndex).orElse(0L), followers);
        if (deleted > 0) {
            snapshots.retireSeed(); // the journal's first days are gone: a snapshot of this node's own covers them
        }
        EngineState state = restored.map(Snapshots.Restored::state).orElseGet(rules::newState);
        if (restored.isPresent() && journal.firstCycle() >= 0) {
            state.forgetIdsBefore(journal.firstCycle()); // retention may just have deleted cycles
        }
        meterRuleFailures(registry, state);
        Engine engine = new Engine(state, journal, config.clock(), wallClock, config.engineInbox(),
                cluster == null ? null : cluster.log());
        restored.ifPresent(r -> engine.resumeAfter(r.journalIndex()));
        snapshots.seeded().ifPresent(s -> engine.logStartsAfter(s.logOffset()));
        Tokens tokens = new Tokens(org, bootstrapToken, wallClock);
        TokenMetrics.bind(registry, org, wallClock);
        Access access = new Access(org);
        WallHub walls = new WallHub(vertx, org, engine, tokens, access, wallClock); // listens before the engine starts
        Gauge.builder(OperationsMetrics.WEBSOCKET_CLIENTS, walls, WallHub::screens)
                .description("Wall screens connected over the WebSocket push").register(registry);
        engine.metrics(new EngineMetrics(registry));
        // Downstream of the journal like the InfluxDB writer: each endpoint its own thread, tailer and state. Set up
        // before the engine appends anything, so that a new endpoint starts exactly where this run starts.
        Webhooks webhooks = new Webhooks(journal, rules, snapshots::journalStart, endpoints, registry, wallClock);
        if (cluster != null) {
            webhooks.takeTurns(cluster.turns()); // one node delivers, the others stand by (docs/cluster.md)
        }
        SnapshotWriter snapshotWriter = new SnapshotWriter(journal, rules, snapshots, config.snapshots(), wallClock);
        if (cluster != null) {
            snapshotWriter.publishTo(cluster::publishSnapshot); // the owner's go to the cluster's snapshot topic
        }
        engine.start();
        opened.add(engine);
        if (cluster != null) {
            cluster.follow(engine); // after the journal's replay: the log from the record after its last
        }
        webhooks.start();
        opened.add(webhooks);
        snapshotWriter.start();
        opened.add(snapshotWriter);
        OperationsMetrics operations = new OperationsMetrics(registry, engine, org, config.journalDir());
        if (cluster != null) {
            meterCluster(registry, cluster, engine);
        }
        vertx.setPeriodic(5_000, id -> operations.refreshAlerts());

        // Downstream of the journal, never in ingest's way: its own thread, tailer and copy of the state.
        InfluxConnection influx = null;
        InfluxWriter influxWriter = null;
        if (config.influxUrl() != null) {
            influx = new InfluxConnection(config.influxUrl());
            opened.add(influx);
            influxWriter = new InfluxWriter(journal, rules, snapshots::journalStart, influx.client(), config.influxDb(),
                    registry, wallClock, operations::opsFigures, config.influxOpsSeconds() * 1000L);
            if (cluster != null) {
                influxWriter.takeTurns(cluster.turns());
            }
            influxWriter.start();
            opened.add(influxWriter);
        }

        EventParser parser = new EventParser(org::exists, wallClock, config.clock() == Engine.ClockMode.WALL,
                engine::clockMillis);
        IngestMetrics ingestMetrics = new IngestMetrics(registry);
        IngestHandler ingest = new IngestHandler(parser, org, engine, config.maxBatchEvents(), ingestMetrics, access);
        Authenticator auth = new Authenticator(tokens);

        // Time travel replays, from the nearest earlier state snapshot, into states of its own on its own workers,
        // never the engine thread: one per core at most, a short queue (beyond it 503), and a few recent states kept
        // for the questions of one review step.
        int cores = Runtime.getRuntime().availableProcessors();
        History history = new History(journal, new SnapshotOrigins(snapshots, new JournalStart(rules, journal)),
                Math.max(1, Math.min(2, cores - 1)), 16, 4);
        TimeTravel timeTravel = new TimeTravel(history, engine, wallClock,
                snapshots.seeded().map(Snapshots.Seed::eventTime).orElse(Long.MIN_VALUE));

        Router router = Router.router(vertx);
        RequestHeadDeadline heads = new RequestHeadDeadline(vertx, edge.headSeconds());
        router.route().handler(heads); // first: a head has arrived, whatever answers it
        router.route().handler(new SecurityHeaders());
        router.route().handler(new HostHeader());
        router.route().handler(new BodyDeadline(edge.idleSeconds())); // any method may carry a body
        List<JournalFollower> journalFollowers = new ArrayList<>(webhooks.followers());
        journalFollowers.add(snapshotWriter.follower());
        if (influxWriter != null) {
            journalFollowers.add(influxWriter.follower());
        }
        new HealthApi(engine, influxWriter == null ? null : influxWriter::status,
                endpoints.isEmpty() ? null : webhooks::status, state.ruleFailures(),
                cluster == null ? null : () -> cluster.status(engine), journalFollowers).mount(router);
        List<String> nodes = config.cluster() == null ? List.of() : config.cluster().nodeUrls();
        List<String> origins = new ArrayList<>(edge.allowedOrigins());
        origins.addAll(nodes); // a cluster's pages open each other's sockets when their own node is gone
        new WallRoutes(walls, new WebSocketOrigins(origins), nodes).mount(router);
        // Scraped over plain HTTP, which listens on loopback only when there is a public HTTPS listener: the metrics
        // name every token grant and count alerts per unit, which the public edge has no reason to tell anyone
        router.get("/metrics").handler(ctx -> {
            if (ctx.request().isSSL()) {
                Replies.error(ctx, 404, "no such endpoint: GET /metrics (scrape the plain HTTP listener on loopback)");
            } else {
                ctx.next();
            }
        }).handler(PrometheusScrapingHandler.create(registry));
        new MetaApi(org, nodes, config.clock()).mount(router); // before the token check: labels and thresholds, no data
        if (!nodes.isEmpty()) {
            router.route("/api/v1/alerts/*").handler(new PeerNodeAnswers(nodes)); // a page fallen back may answer
        }
        router.route("/api/*").handler(auth);
        router.post("/api/v1/events").handler(ingest.contentTypeCheck());
        router.post("/api/*").handler(new JsonBodies("/api/v1/events"));
        router.post("/api/*").handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
        router.post("/api/*").handler(new Utf8Bodies());
        router.post("/api/v1/events").handler(ingest);
        new News2Endpoint(org.policies().observations().frequency()).mount(router);
        new SpcEndpoint().mount(router);
        new SpcSeriesApi(org, engine, access, org.policies().spc().chartDays()).mount(router);
        AuditTrail audit = new AuditTrail(org, engine, access);
        audit.mount(router);
        new QueryApi(org, engine, access, timeTravel).mount(router);
        new AlertsApi(org, engine, access, timeTravel).mount(router);
        new AuditApi(org, access, new AuditIndex(journal)).mount(router);
        new IncidentApi(org, access, timeTravel).mount(router);
        new WallsAsAt(org, access, timeTravel).mount(router);
        FhirContext fhir = FhirContext.forR4Cached();
        new FhirRoutes(fhir, new FhirIngest(fhir, org, parser, config.maxBatchEvents()), org, engine, tokens,
                ingestMetrics, config.maxBodyBytes(), access).mount(router, audit.fhirSearch());
        router.route().last().handler(new UnmatchedRequests(router));
        // A path Vert.x cannot decode (a malformed percent-escape) fails before any route matches, so no failure
        // handler sees it: it was answered "Bad Request" as plain text, and logged as an unhandled ERROR with its
        // stack trace (found by an independent check). The documented error instead, naming the path.
        router.errorHandler(400, ctx -> Replies.error(ctx, 400, "path: not a valid URL path (a malformed %-escape?)",
                "path", -1));
        router.route().failureHandler(ctx -> {
            int status = ctx.statusCode();
            if (status == 413) {
                Replies.error(ctx, 413, "request body larger than " + config.maxBodyBytes() + " bytes");
            } else if (status >= 400 && status < 500) {
                Replies.error(ctx, status, "bad request");
            } else if (ctx.failure() instanceof HttpClosedException) {
                // the client went away mid-request (or idled out): nobody to answer, and not a fault of the server's
                LOG.debug("client closed the connection during {} {}", ctx.request().method(), ctx.request().path());
            } else if (brokenFraming(ctx.failure())) {
                // A body whose chunked framing cannot be decoded (a chunk size that is not hex): the client's fault,
                // not the server's. Vert.x closes the connection, so no answer can follow (found by an independent
                // check: it was logged as an unexpected ERROR with its stack trace).
                LOG.info("closed a connection whose {} {} body could not be decoded: {}", ctx.request().method(),
                        ctx.request().path(), ctx.failure().toString());
            } else {
                UnexpectedFailures.log(LOG, ctx);
                Replies.error(ctx, 500, "internal error");
            }
        });

        // With TLS, plain HTTP stays on loopback only (tests, scraping, the local gateway); browsers use HTTPS.
        String plainHost = tls == null ? config.host() : LOOPBACK;
        if (config.plainHttpBeyondLoopback()) {
            LOG.warn("plain HTTP on {} without TLS: tokens and clinical data cross the network unencrypted, and /health"
                    + " and /metrics answer anyone who reaches it, with no token. Give --tls-keystore, or bind another"
                    + " address than loopback only on a trusted network (docs/operations.md)", config.host());
        }
        HttpServer http = listen(vertx, new HttpServerOptions().setHost(plainHost).setPort(config.port()), router, -1,
                edge.idleSeconds(), heads);
        HttpServer https = null;
        if (tls != null) {
            https = listen(vertx, tls.setHost(config.host()).setPort(edge.httpsPort()), router, -2, edge.idleSeconds(),
                    heads);
            LOG.info("Vigil listening on https://{}:{}/", config.host(), https.actualPort());
        }
        if (config.clock() == Engine.ClockMode.EVENT) {
            LOG.warn("--clock event: only events move the engine clock, so an observation, dose or assessment falls"
                    + " overdue only when a later event arrives. For replays and simulations, never a live ward"
                    + " (docs/operations.md, Clocks); /health and every wall say so");
        }
        LOG.info("Vigil listening on http://{}:{}/ ({} units, clock {})", plainHost, http.actualPort(),
                org.units().size(), config.clock().name().toLowerCase());
        return new VigilServer(lock, vertx, journal, engine, router, http, https, influx, influxWriter, webhooks,
                history, snapshots, snapshotWriter, cluster);
    }

    /** The organisation file's bytes as loaded (the bundled demo's when none is given): snapshots name its digest. */
    private static byte[] organisationFile(ServerConfig config) throws IOException {
        if (config.orgFile() != null) {
            return Files.readAllBytes(config.orgFile());
        }
        try (InputStream in = OrganisationLoader.class.getResourceAsStream(OrganisationLoader.DEMO_RESOURCE)) {
            if (in == null) {
                throw new IOException("the demo organisation is not on the classpath");
            }
            return in.readAllBytes();
        }
    }

    /**
     * {@code vigil_rule_failures_total{rule}}: one counter per registered rule from the start (a zero is a fact
     * too), and for any other part that fails (a deadline of the alert book, say) from its first failure.
     */
    private static void meterRuleFailures(MeterRegistry registry, EngineState state) {
        RuleFailures failures = state.ruleFailures();
        Consumer<String> meter = rule -> FunctionCounter.builder("vigil.rule.failures", failures, f -> f.count(rule))
                .tag("rule", rule).description("Exceptions thrown by a rule; the engine isolates them and goes on")
                .register(registry);
        state.ruleNames().forEach(meter);
        failures.onNewRule(meter);
    }

    /**
     * {@code vigil_cluster_owner}, {@code vigil_cluster_log_lag_records} and the owner's snapshot publishing: what an
     * operator alarms on.
     */
    private static void meterCluster(MeterRegistry registry, ClusterNode cluster, Engine engine) {
        Gauge.builder("vigil.cluster.owner", cluster, c -> c.status(engine).owner() ? 1 : 0)
                .description("1 while this node owns the events partition (appends the ticks, delivers webhooks)")
                .register(registry);
        Gauge.builder("vigil.cluster.log.lag.records", cluster, c -> c.status(engine).lagRecords())
                .description("Records of the cluster's log this node has not read yet (-1: not known yet)")
                .register(registry);
        Gauge.builder("vigil.cluster.snapshot.published.offset", cluster, ClusterNode::snapshotPublished)
                .description("The log offset of the newest snapshot this node published to the cluster (-1: none)")
                .register(registry);
        FunctionCounter.builder("vigil.cluster.snapshot.publish.failures", cluster,
                        ClusterNode::snapshotPublishFailures)
                .description("Snapshots this node, as owner, failed to publish to the cluster's snapshot topic")
                .register(registry);
    }

    /** A failure raised by Netty's HTTP decoder while reading the body: the bytes on the wire, not the server. */
    private static boolean brokenFraming(Throwable failure) {
        for (StackTraceElement frame : failure.getStackTrace()) {
            if (frame.getClassName().equals(HttpObjectDecoder.class.getName())) {
                return true;
            }
        }
        return false;
    }

    private static final String LOOPBACK = "127.0.0.1";
    /**
     * Event loops serving HTTP and the wall sockets: one per core. Vert.x binds the port once and hands the
     * connections of servers listening on the same port round-robin to their event loops, so ingest, queries and
     * screen writes are spread instead of all queuing on one loop (BENCHMARKS.md, single-event latency).
     */
    static final int HTTP_EVENT_LOOPS = Math.max(2, Runtime.getRuntime().availableProcessors());

    /**
     * Listens on {@link #HTTP_EVENT_LOOPS} event loops sharing one port; returns the first server (its port). Port 0
     * (any free port, the tests') becomes one of Vert.x's shared random ports ({@code randomId}, negative, one per
     * listener: plain and TLS must not share): port 0 itself is never shared. A connection idle {@code idleSeconds}
     * either way is closed ({@link ServerConfig.Edge#idleSeconds}), and one whose request head is late
     * ({@link RequestHeadDeadline}). A request the HTTP decoder refuses is answered by {@link UndecodableRequests}.
     * Throws an {@link IllegalStateException} naming the address it could not take (vertx closes it).
     */
    private static HttpServer listen(Vertx vertx, HttpServerOptions options, Router router, int randomId,
                                     int idleSeconds, RequestHeadDeadline heads) {
        HttpServerOptions shared = new HttpServerOptions(options).setCompressionSupported(true)
                .setPort(options.getPort() == 0 ? randomId : options.getPort())
                .setIdleTimeout(idleSeconds).setIdleTimeoutUnit(TimeUnit.SECONDS)
                // Cleartext HTTP/2 off: with it, Vert.x builds a connection only once its first head is decoded, so
                // no head deadline could start before it; no client needs it (browsers use HTTP/2 over TLS only,
                // and the TLS listener offers HTTP/1.1 alone). The JDK's client's upgrade offer is then ignored.
                .setHttp2ClearTextEnabled(false);
        UndecodableRequests undecodable = new UndecodableRequests(shared);
        try {
            HttpServer first = null;
            for (int i = 0; i < HTTP_EVENT_LOOPS; i++) {
                HttpServer server = await(vertx.createHttpServer(shared).connectionHandler(heads::connected)
                        .invalidRequestHandler(undecodable).requestHandler(router).listen());
                first = first == null ? server : first;
            }
            return first;
        } catch (IllegalStateException e) {
            throw new IllegalStateException("cannot listen on " + options.getHost() + ":" + options.getPort() + ": "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), e.getCause());
        }
    }

    /** The plain HTTP port. */
    public int port() {
        return http.actualPort();
    }

    /** The HTTPS port, or -1 when no keystore was given. */
    public int httpsPort() {
        return https == null ? -1 : https.actualPort();
    }

    /** Every route (path pattern and methods): the security-header test requests each one. */
    public List<Route> routes() {
        return router.getRoutes();
    }

    public Engine engine() {
        return engine;
    }

    /**
     * The state snapshots: {@link Snapshots#nearestAtOrBefore} gives a past state (a new one, the caller's own) to
     * replay the journal forward from.
     */
    public Snapshots snapshots() {
        return snapshots;
    }

    /** The snapshot writer (a journal follower): what it last wrote. */
    public SnapshotWriter snapshotWriter() {
        return snapshotWriter;
    }

    public Journal journal() {
        return journal;
    }

    /** The InfluxDB writer, or null when none is configured. */
    public InfluxWriter influxWriter() {
        return influxWriter;
    }

    @Override
    public void close() {
        if (https != null) {
            await(https.close());
        }
        await(http.close());
        history.close();
        if (cluster != null) {
            cluster.close(); // the log's reader first: it hands records to the engine
        }
        engine.close();
        snapshotWriter.close();
        webhooks.close();
        if (influxWriter != null) {
            influxWriter.close();
            influx.close();
        }
        journal.close();
        await(vertx.close());
        lock.close();
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
