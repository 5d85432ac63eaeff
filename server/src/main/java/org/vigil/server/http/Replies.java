package org.vigil.server.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.vigil.events.InvalidEventException;
import org.vigil.server.engine.Engine;
import org.vigil.server.history.History;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The shapes of answers every endpoint shares: JSON bodies, and errors as {"error", "field", "index"}. A reply to an
 * audited request waits for its audit entry ({@link ReplyAudit}).
 */
public final class Replies {
    private Replies() {
    }

    public static void json(RoutingContext ctx, int status, JsonObject body) {
        ReplyAudit.thenSend(ctx, status, () -> send(ctx, status, body), () -> {
            ctx.response().putHeader("Retry-After", "1");
            send(ctx, 503, new JsonObject().put("error", ReplyAudit.NOT_RECORDED));
        });
    }

    private static void send(RoutingContext ctx, int status, JsonObject body) {
        send(ctx.response(), status, body);
    }

    /** Sends {@code body} on a response no router answers (a request the HTTP decoder refused), unless ended. */
    public static void send(HttpServerResponse response, int status, JsonObject body) {
        if (response.ended()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(body.toBuffer());
    }

    public static void error(RoutingContext ctx, int status, String message) {
        json(ctx, status, new JsonObject().put("error", message));
    }

    public static void error(RoutingContext ctx, int status, String message, String field, int index) {
        json(ctx, status, errorBody(message, field, index));
    }

    /** The error shape: {@code field} when one is at fault (null: none), {@code index} in a batch (-1: none). */
    public static JsonObject errorBody(String message, String field, int index) {
        JsonObject body = new JsonObject().put("error", message);
        if (field != null) {
            body.put("field", field);
        }
        if (index >= 0) {
            body.put("index", index);
        }
        return body;
    }

    public static void invalid(RoutingContext ctx, int status, InvalidEventException e) {
        String message = e.field() == null ? e.getMessage() : e.field() + ": " + e.getMessage();
        error(ctx, status, message, e.field(), e.index());
    }

    /** The engine cannot take the request now (replaying, or its inbox is full): the sender should retry. */
    public static void unavailable(RoutingContext ctx, String reason) {
        ctx.response().putHeader("Retry-After", "1");
        error(ctx, 503, reason);
    }

    /**
     * Answers 200 with what the engine computed, encoded by {@code encode} on the request's event loop (never on the
     * engine thread); 503 if the engine cannot take it.
     */
    public static <T> void answer(RoutingContext ctx, CompletionStage<T> result, Function<T, JsonObject> encode) {
        Future.fromCompletionStage(result, ctx.vertx().getOrCreateContext()).onComplete(ar -> {
            if (ar.succeeded()) {
                json(ctx, 200, encode.apply(ar.result()));
            } else {
                fail(ctx, ar.cause());
            }
        });
    }

    /**
     * A failed engine or time-travel call: 503 when it was only busy or replaying, otherwise a fault for the failure
     * handler.
     */
    public static void fail(RoutingContext ctx, Throwable cause) {
        Throwable c = cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null
                ? cause.getCause() : cause;
        if (c instanceof Engine.Unavailable || c instanceof History.Busy) {
            unavailable(ctx, c.getMessage());
        } else if (c instanceof History.NoPast p) {
            invalid(ctx, 400, new InvalidEventException(p.field(), p.getMessage()));
        } else {
            ctx.fail(cause);
        }
    }
}
