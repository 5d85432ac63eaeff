package org.vigil.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.PrometheusScrapingHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.events.EventParser;
import org.vigil.server.api.AlertsApi;
import org.vigil.server.api.HealthApi;
import org.vigil.server.api.MetaApi;
import org.vigil.server.api.QueryApi;
import org.vigil.server.api.Replies;
import org.vigil.server.deterioration.MonitoringFrequency;
import org.vigil.server.deterioration.News2Endpoint;
import org.vigil.server.engine.Engine;
import org.vigil.server.engine.EngineState;
import org.vigil.server.ingest.IngestHandler;
import org.vigil.server.ingest.IngestMetrics;
import org.vigil.server.journal.DataDirectoryLock;
import org.vigil.server.journal.Journal;
import org.vigil.server.metrics.EngineMetrics;
import org.vigil.server.metrics.OperationsMetrics;
import org.vigil.server.org.Organisation;
import org.vigil.server.org.OrganisationLoader;
import org.vigil.server.org.Policies;
import org.vigil.server.security.Authenticator;
import org.vigil.server.security.Tokens;
import org.vigil.server.wall.WallHub;
import org.vigil.server.wall.WallRoutes;
import org.vigil.server.timeseries.InfluxConnection;
import org.vigil.server.timeseries.InfluxWriter;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The wiring diagram: organisation → journal → engine (replays, then takes commands) → HTTP routes. Used by
 * {@link Main} and, in-process, by the tests.
 */
public final class VigilServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VigilServer.class);

    private final Vertx vertx;
    private final Journal journal;
    private final Engine engine;
    private final HttpServer http;
    private final InfluxConnection influx;
    private final InfluxWriter influxWriter;
    private final DataDirectoryLock lock;

    private VigilServer(DataDirectoryLock lock, Vertx vertx, Journal journal, Engine engine, HttpServer http,
                        InfluxConnection influx, InfluxWriter influxWriter) {
        this.lock = lock;
        this.vertx = vertx;
        this.journal = journal;
        this.engine = engine;
        this.http = http;
        this.influx = influx;
        this.influxWriter = influxWriter;
    }

    /**
     * Starts a server, or fails at once and leaves nothing running: another server on the same data directory, or
     * an address it cannot listen on, is an {@link IllegalStateException} naming the cause, thrown only after
     * everything this call opened (threads, journal, lock) is closed again.
     */
    public static VigilServer start(ServerConfig config, Clock wallClock, String bootstrapToken) throws IOException {
        Organisation org = config.orgFile() == null ? OrganisationLoader.demo() : OrganisationLoader.load(config.orgFile());
        DataDirectoryLock lock = DataDirectoryLock.acquire(config.dataDir()); // before the journal is touched
        List<AutoCloseable> opened = new ArrayList<>();
        opened.add(lock);
        try {
            return start(config, org, lock, wallClock, bootstrapToken, opened);
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

    private static VigilServer start(ServerConfig config, Organisation org, DataDirectoryLock lock, Clock wallClock,
                                     String bootstrapToken, List<AutoCloseable> opened) throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        OperationsMetrics.withoutReRegisteredVertxGauges(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MetricsOptions().setEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        opened.add(() -> await(vertx.close()));

        Journal journal = new Journal(config.journalDir(), config.retentionDays());
        opened.add(journal);
        EngineState state = new EngineState(org);
        Engine engine = new Engine(state, journal, config.clock(), wallClock, config.engineInbox());
        Tokens tokens = new Tokens(org, bootstrapToken);
        WallHub walls = new WallHub(vertx, org, engine, state, tokens, wallClock); // listens before the engine starts
        Gauge.builder(OperationsMetrics.WEBSOCKET_CLIENTS, walls, WallHub::screens)
                .description("Wall screens connected over the WebSocket push").register(registry);
        engine.metrics(new EngineMetrics(registry));
        engine.start();
        opened.add(engine);
        OperationsMetrics operations = new OperationsMetrics(registry, engine, config.journalDir());
        vertx.setPeriodic(5_000, id -> operations.refreshAlerts());

        // Downstream of the journal, never in ingest's way: its own thread, tailer and copy of the state.
        InfluxConnection influx = null;
        InfluxWriter influxWriter = null;
        if (config.influxUrl() != null) {
            influx = new InfluxConnection(config.influxUrl());
            opened.add(influx);
            influxWriter = new InfluxWriter(journal, org, influx.client(), config.influxDb(), registry, wallClock,
                    operations::opsFigures, config.influxOpsSeconds() * 1000L);
            influxWriter.start();
            opened.add(influxWriter);
        }

        Policies.Observations obs = org.policies().observations();
        MonitoringFrequency frequency = new MonitoringFrequency(obs.zeroMinutes(), obs.lowMinutes(),
                obs.singleThreeMinutes(), obs.mediumMinutes(), obs.highMinutes());
        EventParser parser = new EventParser(org::exists, wallClock, config.clock() == Engine.ClockMode.WALL);
        IngestHandler ingest = new IngestHandler(parser, org, engine, config.maxBatchEvents(), new IngestMetrics(registry));
        Authenticator auth = new Authenticator(tokens);

        Router router = Router.router(vertx);
        new HealthApi(engine, influxWriter == null ? null : influxWriter::status).mount(router);
        new WallRoutes(walls).mount(router);
        router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
        new MetaApi().mount(router); // before the token check: labels and thresholds, no data
        router.route("/api/*").handler(auth);
        router.post("/api/v1/events").handler(ingest.contentTypeCheck());
        router.post("/api/*").handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
        router.post("/api/v1/events").handler(ingest);
        new News2Endpoint(frequency).mount(router);
        new QueryApi(org, engine).mount(router);
        new AlertsApi(org, engine).mount(router);
        router.route().last().handler(ctx -> Replies.error(ctx, 404, "no such endpoint: " + ctx.request().method() + " " + ctx.request().path()));
        router.route().failureHandler(ctx -> {
            int status = ctx.statusCode();
            if (status == 413) {
                Replies.error(ctx, 413, "request body larger than " + config.maxBodyBytes() + " bytes");
            } else if (status >= 400 && status < 500) {
                Replies.error(ctx, status, "bad request");
            } else {
                LOG.error("unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
                Replies.error(ctx, 500, "internal error");
            }
        });

        HttpServer http;
        try {
            http = await(vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port())
                    .setCompressionSupported(true)).requestHandler(router).listen());
        } catch (IllegalStateException e) {
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + ": "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), e.getCause());
        }
        LOG.info("Vigil listening on http://{}:{}/ ({} units, clock {})", config.host(), http.actualPort(),
                org.units().size(), config.clock().name().toLowerCase());
        return new VigilServer(lock, vertx, journal, engine, http, influx, influxWriter);
    }

    public int port() {
        return http.actualPort();
    }

    public Engine engine() {
        return engine;
    }

    /** The InfluxDB writer, or null when none is configured. */
    public InfluxWriter influxWriter() {
        return influxWriter;
    }

    @Override
    public void close() {
        await(http.close());
        engine.close();
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
