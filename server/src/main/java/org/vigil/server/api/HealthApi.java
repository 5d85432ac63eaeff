package org.vigil.server.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.vigil.server.engine.Engine;

/** {@code GET /health}: 503 while the journal replays (a load balancer keeps traffic away), then 200. No token. */
public final class HealthApi {
    private final Engine engine;

    public HealthApi(Engine engine) {
        this.engine = engine;
    }

    public void mount(Router router) {
        router.get("/health").handler(ctx -> {
            boolean ready = engine.ready();
            Replies.json(ctx, ready ? 200 : 503, new JsonObject()
                    .put("status", ready ? "ok" : "replaying")
                    .put("replayedEvents", engine.replayedEvents())
                    .put("replayedRecords", ready ? engine.replayedRecords() : null)
                    .put("replayMillis", ready ? engine.replayMillis() : null));
        });
    }
}
