package org.vigil.simulator;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.vigil.events.Event;
import org.vigil.events.EventJson;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts events to {@code POST /api/v1/events} with a bearer token: one event as application/json, several as an
 * application/x-ndjson batch. A 5xx or a lost connection is retried (safe: event ids are idempotency keys); a
 * 4xx is never retried — it means the simulator produced something the server rejects, so its body is logged.
 */
final class FeedClient {
    record Reply(int status, String body) {
        boolean ok() {
            return status == 200;
        }

        /** Refused for the token, not for the events: sending them again, or one by one, is refused alike. */
        boolean tokenRefused() {
            return status == 401 || status == 403;
        }
    }

    private static final int RETRIES = 3;

    private final Vertx vertx;
    private final HttpClient http;
    private final String endpoint;
    private final String authorization;
    final AtomicLong eventsAccepted = new AtomicLong();
    final AtomicLong clientErrors = new AtomicLong();
    final AtomicLong serverErrors = new AtomicLong();

    FeedClient(Vertx vertx, String baseUrl, String token, int connections) {
        this.vertx = vertx;
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000)
                .setIdleTimeout(30), new PoolOptions().setHttp1MaxSize(connections));
        this.endpoint = baseUrl.replaceAll("/+$", "") + "/api/v1/events";
        this.authorization = "Bearer " + token;
    }

    static String ndjson(List<Event> events) {
        StringBuilder sb = new StringBuilder(events.size() * 220);
        for (Event e : events) {
            sb.append(EventJson.write(e)).append('\n');
        }
        return sb.toString();
    }

    /** The request body for the events: one JSON object, or NDJSON for several. */
    static Buffer body(List<Event> events) {
        return Buffer.buffer(events.size() > 1 ? ndjson(events) : EventJson.write(events.get(0)));
    }

    /** Sends the events as one all-or-nothing request; completes with the final reply (after retries). */
    Future<Reply> send(List<Event> events) {
        return send(body(events), events.size());
    }

    /** Sends a body made by {@link #body} of {@code count} events (encoded ahead, off the event loop). */
    Future<Reply> send(Buffer body, int count) {
        Promise<Reply> done = Promise.promise();
        attempt(body, count > 1, count, 0, done);
        return done.future();
    }

    private void attempt(Buffer body, boolean batch, int count, int tried, Promise<Reply> done) {
        http.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(endpoint)
                        .putHeader("Authorization", authorization)
                        .putHeader("Content-Type", batch ? "application/x-ndjson" : "application/json"))
                .compose(req -> req.send(body).compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), b.toString()))))
                .onComplete(ar -> {
                    Reply r = ar.succeeded() ? ar.result() : new Reply(-1, String.valueOf(ar.cause()));
                    if (r.ok()) {
                        eventsAccepted.addAndGet(count);
                        done.complete(r);
                    } else if (r.status >= 400 && r.status < 500) {
                        clientErrors.incrementAndGet();
                        System.err.println("simulate: the server rejected a request (" + r.status
                                + (r.tokenRefused() ? ", check --token" : ", a simulator bug") + "): " + r.body);
                        done.complete(r);
                    } else if (tried + 1 < RETRIES) {
                        vertx.setTimer(200L << tried, t -> attempt(body, batch, count, tried + 1, done));
                    } else {
                        serverErrors.incrementAndGet();
                        System.err.println("simulate: request failed after " + RETRIES + " tries (" + r.status + "): " + r.body);
                        done.complete(r);
                    }
                });
    }

    Future<Void> close() {
        return http.close();
    }
}
