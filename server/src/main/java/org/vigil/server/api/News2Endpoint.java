package org.vigil.server.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.vigil.clinical.news2.MonitoringFrequency;
import org.vigil.clinical.news2.News2;
import org.vigil.events.EventParser;
import org.vigil.events.InvalidEventException;
import org.vigil.events.Vitals;
import org.vigil.server.http.Replies;

/**
 * {@code POST /api/v1/news2}: pure scoring for instant feedback on tablets. Stores nothing and needs no engine,
 * so it answers on the event loop. Any valid token may call it.
 */
public final class News2Endpoint {
    private final MonitoringFrequency frequency;

    public News2Endpoint(MonitoringFrequency frequency) {
        this.frequency = frequency;
    }

    public void mount(Router router) {
        router.post("/api/v1/news2").handler(this::score);
    }

    private void score(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            Replies.error(ctx, 400, "empty body", null, -1);
            return;
        }
        Vitals vitals;
        try {
            vitals = EventParser.parseVitals(body.getBytes());
        } catch (InvalidEventException e) {
            Replies.invalid(ctx, 400, e);
            return;
        }
        Replies.json(ctx, 200, ApiJson.news2(News2.score(vitals), frequency));
    }
}
