package org.vigil.server.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One endpoint's HTTP client: a signed JSON POST per attempt, on the delivery thread (the JDK's client, used
 * synchronously: the thread has nothing else to do until the receiver answers or the timeout passes). Redirects
 * are not followed — a moved receiver is a configuration to correct, not a place to send alerts unasked.
 */
final class WebhookClient {
    static final String USER_AGENT = "Vigil-Webhooks/" + WebhookBody.VERSION;
    private static final int EXCERPT_BYTES = 200;

    /**
     * One attempt's outcome.
     *
     * @param status  the HTTP status, or 0 when there was none
     * @param failure null when delivered (2xx), else what went wrong ("HTTP 503", "no answer within 10 s"), for
     *                logs and /health
     * @param reason  null when delivered, else the metric's reason: 3xx, 4xx, 5xx, timeout or connection
     * @param answer  the start of a refusing receiver's answer, on one line (empty if none): for the log only, as
     *                /health answers anyone without a token and a receiver's text may quote what it was sent
     */
    record Attempt(int status, String failure, String reason, String answer) {
        boolean delivered() {
            return failure == null;
        }
    }

    private final URI url;
    private final Duration timeout;
    private final HttpClient http;

    WebhookClient(WebhookEndpoint endpoint) {
        this.url = endpoint.url();
        this.timeout = endpoint.timeout();
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
        if (endpoint.tls() != null) {
            b.sslContext(endpoint.tls());
        }
        this.http = b.build();
    }

    /** Posts one delivery; every way it can fail is an {@link Attempt}, never an exception, but an interrupt. */
    Attempt post(byte[] body, String idempotencyKey, long timestampSeconds, String signature)
            throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("Idempotency-Key", idempotencyKey)
                .header("Vigil-Timestamp", Long.toString(timestampSeconds))
                .header("Vigil-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            int status = r.statusCode();
            String excerpt = excerpt(r.body());
            if (status >= 200 && status < 300) {
                return new Attempt(status, null, null, "");
            }
            return new Attempt(status, "HTTP " + status, status / 100 + "xx", excerpt);
        } catch (HttpConnectTimeoutException e) {
            return new Attempt(0, "could not connect within " + timeout.toSeconds() + " s", "timeout", "");
        } catch (HttpTimeoutException e) {
            return new Attempt(0, "no answer within " + timeout.toSeconds() + " s", "timeout", "");
        } catch (IOException e) {
            return new Attempt(0, "connection failed: " + e, "connection", "");
        }
    }

    /** The start of the receiver's answer (why it refused, usually), on one line; the rest is not read. */
    private static String excerpt(InputStream body) throws IOException {
        try (body) {
            String s = new String(body.readNBytes(EXCERPT_BYTES), StandardCharsets.UTF_8);
            return s.replaceAll("\\p{Cntrl}+", " ").strip();
        }
    }
}
