package org.vigil.gateway.edge;

import org.vigil.gateway.ServerNodes;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Forwards an edge request to the server with the caller's own Authorization header (the server checks the
 * per-unit scopes). A connection failure is retried once, on the next of a cluster's nodes when there are several
 * ({@link ServerNodes}): event ids are idempotency keys, NEWS2 scoring and the residents query change nothing, so a
 * repeat is safe. A timeout is not retried (the server may still be working on it); the caller gets 503 and
 * retries itself.
 */
public final class Upstream {
    /** What the server answered; status 0 when it could not be reached. */
    public record Answer(int status, String contentType, String retryAfter, byte[] body) {
    }

    private final HttpClient http;
    private final ServerNodes nodes;
    private final Duration timeout;

    public Upstream(String serverUrl, Duration timeout) {
        this(ServerNodes.of(serverUrl), timeout);
    }

    public Upstream(ServerNodes nodes, Duration timeout) {
        this.nodes = nodes;
        this.timeout = timeout;
        // HTTP/1.1: the server listens on plain HTTP on loopback; no h2c upgrade dance per connection.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    public CompletableFuture<Answer> forward(String method, String pathAndQuery, String authorization,
                                             String contentType, byte[] body) {
        ServerNodes.Route route = nodes.route();
        return send(request(route.base(0), method, pathAndQuery, authorization, contentType, body)).handle((r, e) -> {
            if (e == null) {
                return CompletableFuture.completedFuture(r);
            }
            if (!retryable(e)) {
                return CompletableFuture.<Answer>failedFuture(e);
            }
            int next = nodes.size() > 1 ? 1 : 0; // one node alone: the same again
            return send(request(route.base(next), method, pathAndQuery, authorization, contentType, body))
                    .thenApply(a -> {
                        route.answered(next);
                        return a;
                    });
        }).thenCompose(f -> f).exceptionally(e -> new Answer(0, null, null, null));
    }

    private HttpRequest request(String base, String method, String pathAndQuery, String authorization,
                                String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(timeout).header("Authorization", authorization);
        if ("POST".equals(method)) {
            b.header("Content-Type", contentType == null ? "application/json" : contentType)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            b.GET();
        }
        return b.build();
    }

    private CompletableFuture<Answer> send(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(r -> new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null),
                        r.headers().firstValue("Retry-After").orElse(null), r.body()));
    }

    private static boolean retryable(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof HttpConnectTimeoutException) {
            return true;
        }
        // a request timeout means the server may have it: not a connection failure
        return cause instanceof IOException && !(cause instanceof HttpTimeoutException);
    }
}
