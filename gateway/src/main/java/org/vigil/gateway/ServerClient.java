package org.vigil.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.vigil.events.Event;
import org.vigil.events.EventJson;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Forwards events to the server's ingest API as one all-or-nothing NDJSON request. The result says plainly
 * whether the server stored them: only then may the sender be told so. With a cluster's nodes, a node that cannot
 * be reached or answers 503 (restarting, replaying, its log unavailable) is passed over for the next: the events'
 * ids make a repeat a duplicate, so sending again elsewhere is safe.
 */
public final class ServerClient {
    /**
     * What the server answered: 200 means journaled. Anything else means not stored, unless {@code maybeStored}:
     * the request was sent and no answer of the server's came back (no answer in time, the connection lost, a
     * proxy's 502 or 504), so the server may have journaled it and answered too late.
     */
    public record Result(int status, String body, boolean maybeStored) {
        public boolean stored() {
            return status == 200;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    // HTTP/1.1 as the edge's Upstream does: the server speaks it, and an h2c upgrade attempt would only add a round trip
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final ServerNodes nodes;
    private final String token;
    private final Duration timeout;

    public ServerClient(String serverUrl, String token, Duration timeout) {
        this(ServerNodes.of(serverUrl), token, timeout);
    }

    public ServerClient(ServerNodes nodes, String token, Duration timeout) {
        this.nodes = nodes;
        this.token = token;
        this.timeout = timeout;
    }

    /** The field a server refusal names ({@code {"error", "field", "index"}}), or null. */
    public static String field(String body) {
        return text(body, "field");
    }

    /** The reason a server refusal gives, or the body itself when it is not the server's JSON. */
    public static String error(String body) {
        String e = text(body, "error");
        return e != null ? e : body == null ? "" : body;
    }

    /** A string member of the server's JSON answer, or null (absent, not a string, or not the server's JSON). */
    private static String text(String body, String name) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode member = JSON.readTree(body).get(name);
            return member != null && member.isTextual() ? member.asText() : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null; // a proxy's HTML page or plain text: not the server's JSON
        }
    }

    public CompletableFuture<Result> send(List<Event> events) {
        StringBuilder body = new StringBuilder(events.size() * 256);
        for (Event e : events) {
            body.append(EventJson.write(e)).append('\n');
        }
        return send(body.toString(), nodes.route(), 0, false);
    }

    /**
     * A request that failed without an answer. One that never connected (refused, or not connected in time) never
     * reached the server; any other failure (no answer in time, the connection lost) came after it was sent, and
     * the server may have journaled it (an audit found such a message told "not stored"). What failed is named
     * (ConnectException, HttpTimeoutException…) for the sender's interface team: the future wraps it in a
     * CompletionException, whose name said nothing (found by an independent audit).
     */
    private static Result failed(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        boolean unsent = cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException;
        return new Result(503, (unsent ? "server unreachable: " : "no answer: ") + cause.getClass().getSimpleName(),
                !unsent);
    }

    private CompletableFuture<Result> send(String ndjson, ServerNodes.Route route, int attempt, boolean maybeStored) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(route.base(attempt) + "/api/v1/events"))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Result(r.statusCode(), r.body(), r.statusCode() == 502 || r.statusCode() == 504))
                .exceptionally(ServerClient::failed)
                .thenCompose(r -> {
                    // a node passed over after it may have stored the events leaves them maybe stored, whatever the next says
                    boolean maybe = maybeStored || r.maybeStored();
                    if (r.status() == 503 && attempt + 1 < nodes.size()) {
                        return send(ndjson, route, attempt + 1, maybe);
                    }
                    if (r.status() != 503) {
                        route.answered(attempt);
                    }
                    return CompletableFuture.completedFuture(r.stored() ? r : new Result(r.status(), r.body(), maybe));
                });
    }
}
