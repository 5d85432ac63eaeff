package org.vigil.server.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.vigil.server.engine.Engine;

import java.util.function.Supplier;

/**
 * {@code GET /health}: 503 while the journal replays (a load balancer keeps traffic away), then 200. No token.
 * With an InfluxDB writer, {@code influx} reports whether InfluxDB answers and how far behind the journal the
 * writer is; with webhook endpoints, {@code webhooks} reports each one's status and lag. Neither turns the answer
 * into a failure, since ingest does not depend on InfluxDB or on a receiver: they say so instead.
 */
public final class HealthApi {
    private final Engine engine;
    private final Supplier<JsonObject> influx;
    private final Supplier<JsonObject> webhooks;

    public HealthApi(Engine engine) {
        this(engine, null, null);
    }

    /**
     * @param influx   the writer's status, or null when there is no writer
     * @param webhooks the webhook endpoints' status, or null when there is none
     */
    public HealthApi(Engine engine, Supplier<JsonObject> influx, Supplier<JsonObject> webhooks) {
        this.engine = engine;
        this.influx = influx;
        this.webhooks = webhooks;
    }

    public void mount(Router router) {
        router.get("/health").handler(ctx -> {
            boolean ready = engine.ready();
            JsonObject body = new JsonObject()
                    .put("status", ready ? "ok" : "replaying")
                    .put("replayedEvents", engine.replayedEvents())
                    .put("replayedRecords", ready ? engine.replayedRecords() : null)
                    .put("replayMillis", ready ? engine.replayMillis() : null);
            if (influx != null) {
                body.put("influx", influx.get());
            }
            if (webhooks != null) {
                body.put("webhooks", webhooks.get());
            }
            Replies.json(ctx, ready ? 200 : 503, body);
        });
    }
}
