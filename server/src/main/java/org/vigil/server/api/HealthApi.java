package org.vigil.server.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.vigil.server.engine.Engine;

import java.util.function.Supplier;

/**
 * {@code GET /health}: 503 while the journal replays (a load balancer keeps traffic away), then 200. No token.
 * With an InfluxDB writer, {@code influx} reports whether InfluxDB answers and how far behind the journal the
 * writer is; it never turns the answer into a failure, since ingest does not depend on InfluxDB. {@code pid} is the
 * server's process id.
 */
public final class HealthApi {
    /** Which process answers: a launcher checks it is its own server, not another one already on the port. */
    private static final long PID = ProcessHandle.current().pid();

    private final Engine engine;
    private final Supplier<JsonObject> influx;

    public HealthApi(Engine engine) {
        this(engine, null);
    }

    /** @param influx the writer's status, or null when there is no writer */
    public HealthApi(Engine engine, Supplier<JsonObject> influx) {
        this.engine = engine;
        this.influx = influx;
    }

    public void mount(Router router) {
        router.get("/health").handler(ctx -> {
            boolean ready = engine.ready();
            JsonObject body = new JsonObject()
                    .put("status", ready ? "ok" : "replaying")
                    .put("replayedEvents", engine.replayedEvents())
                    .put("replayedRecords", ready ? engine.replayedRecords() : null)
                    .put("replayMillis", ready ? engine.replayMillis() : null)
                    .put("pid", PID);
            if (influx != null) {
                body.put("influx", influx.get());
            }
            Replies.json(ctx, ready ? 200 : 503, body);
        });
    }
}
