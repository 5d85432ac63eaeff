package org.vigil.server.api;

import org.vigil.server.http.Replies;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.vigil.clinical.spc.ProcessLimits;
import org.vigil.clinical.spc.SpcPoint;
import org.vigil.clinical.spc.SpecialCauseRule;
import org.vigil.clinical.spc.XmrChart;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * {@code POST /api/v1/spc}: the XmR chart of the values sent, to the Making Data Count rules ({@code docs/spc.md}).
 * The one place JSON meets SPC. Stores nothing and needs no engine, so it computes on the event loop (the request is
 * capped at {@link SpcRequest#MAX_VALUES} values); a big body is read on a worker first. Any valid token may call it.
 *
 * <p>Numbers are answered as computed, not rounded: each line is the double nearest its exact decimal value.
 */
public final class SpcEndpoint {
    /**
     * Bodies above this are read on a worker thread, as ingest's are: the body limit is the API's (8 MiB), and
     * decoding and checking that much held an event loop for seconds (found by an HTTP audit). A chart's values
     * are far fewer bytes.
     */
    private static final int PARSE_INLINE_LIMIT = 64 * 1024;

    public void mount(Router router) {
        router.post("/api/v1/spc").handler(this::chart);
    }

    private void chart(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        Future<SpcRequest> parsed;
        if (body == null || body.length() <= PARSE_INLINE_LIMIT) {
            try {
                parsed = Future.succeededFuture(SpcRequest.parse(body));
            } catch (SpcRequest.Invalid e) {
                parsed = Future.failedFuture(e);
            }
        } else {
            parsed = ctx.vertx().executeBlocking(() -> SpcRequest.parse(body), false);
        }
        parsed.onComplete(ar -> {
            if (ar.succeeded()) {
                SpcRequest request = ar.result();
                Replies.json(ctx, 200, toJson(XmrChart.of(request.values(), request.settings()), request.dates()));
            } else if (ar.cause() instanceof SpcRequest.Invalid e) {
                Replies.error(ctx, 400, e.getMessage(), e.field(), e.index());
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    static JsonObject toJson(XmrChart chart, List<LocalDate> dates) {
        ProcessLimits latest = chart.limits();
        JsonArray points = new JsonArray();
        for (int i = 0; i < chart.points().size(); i++) {
            SpcPoint p = chart.points().get(i);
            JsonObject point = new JsonObject().put("value", p.value());
            if (dates != null) {
                point.put("date", dates.get(i).toString());
            }
            points.add(point
                    .put("mean", p.mean())
                    .put("upperProcessLimit", line(p.limits(), ProcessLimits::upperProcessLimit))
                    .put("lowerProcessLimit", line(p.limits(), ProcessLimits::lowerProcessLimit))
                    .put("specialCause", p.specialCause() == null ? null : p.specialCause().name())
                    .put("rules", names(p.rules()))
                    .put("conflictingRules", names(p.conflictingRules())));
        }
        return new JsonObject()
                .put("mean", chart.mean())
                .put("movingRangeMean", line(latest, ProcessLimits::movingRangeMean))
                .put("upperProcessLimit", line(latest, ProcessLimits::upperProcessLimit))
                .put("lowerProcessLimit", line(latest, ProcessLimits::lowerProcessLimit))
                .put("upperTwoSigma", line(latest, ProcessLimits::upperTwoSigma))
                .put("lowerTwoSigma", line(latest, ProcessLimits::lowerTwoSigma))
                .put("points", points)
                .put("variationIcon", chart.variationIcon() == null ? null : chart.variationIcon().name())
                .put("assuranceIcon", chart.assuranceIcon() == null ? null : chart.assuranceIcon().name());
    }

    /** A line's value, or null when the chart has too few points for lines. */
    private static Double line(ProcessLimits limits, ToDoubleFunction<ProcessLimits> which) {
        return limits == null ? null : which.applyAsDouble(limits);
    }

    private static JsonArray names(Set<SpecialCauseRule> rules) {
        JsonArray names = new JsonArray();
        for (SpecialCauseRule r : rules) {
            names.add(r.name());
        }
        return names;
    }
}
