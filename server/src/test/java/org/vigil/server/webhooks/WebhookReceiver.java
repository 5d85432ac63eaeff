package org.vigil.server.webhooks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PfxOptions;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A receiver on loopback, as a bleep or phone system would run one: it records every delivery that reaches it
 * (headers and body, whatever it then answers) and answers as it is told — 2xx, 500, 400, 429, never (past the
 * client's timeout), or by closing the connection — following a plan request by request, then a standing mode.
 */
final class WebhookReceiver implements AutoCloseable {
    /** How the receiver answers a request. */
    enum Mode {
        OK(200), FAIL_500(500), REJECT_400(400), TOO_MANY_429(429), HANG(0), CLOSE(0);

        final int status;

        Mode(int status) {
            this.status = status;
        }
    }

    /** One request as it arrived, and how it was answered. */
    record Delivery(int n, String key, String timestamp, String signature, String userAgent, String contentType,
                    byte[] body, Mode answer) {
        JsonObject json() {
            return new JsonObject(new String(body, StandardCharsets.UTF_8));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        boolean accepted() {
            return answer == Mode.OK;
        }

        String alertId() {
            return key.substring(0, key.indexOf('#'));
        }

        int seq() {
            return Integer.parseInt(key.substring(key.indexOf('#') + 1));
        }

        /**
         * The check docs/webhooks.md tells receivers to make, written from the docs rather than from Vigil's code:
         * {@code v1=} and the hex HMAC-SHA256 of "timestamp.body" under the secret, compared in constant time.
         */
        boolean signedWith(String secret) throws Exception {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            byte[] expected = mac.doFinal(body);
            if (signature == null || !signature.startsWith("v1=")) {
                return false;
            }
            return MessageDigest.isEqual(HexFormat.of().parseHex(signature.substring(3)), expected);
        }
    }

    private final HttpServer server;
    private final String scheme;
    private final List<Delivery> deliveries = new ArrayList<>();
    private final Deque<Mode> plan = new ArrayDeque<>();
    private Mode otherwise = Mode.OK;

    private WebhookReceiver(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
    }

    /** A receiver on a free loopback port; with {@code tls}, https with that PKCS12 key and certificate. */
    static WebhookReceiver start(Vertx vertx, PfxOptions tls) throws Exception {
        HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(0);
        if (tls != null) {
            options.setSsl(true).setKeyCertOptions(tls);
        }
        HttpServer server = vertx.createHttpServer(options);
        WebhookReceiver r = new WebhookReceiver(server, tls == null ? "http" : "https");
        server.requestHandler(r::handle);
        await(server.listen());
        return r;
    }

    private void handle(HttpServerRequest req) {
        req.body().onSuccess(body -> {
            Mode mode;
            synchronized (this) {
                mode = plan.isEmpty() ? otherwise : plan.poll();
                deliveries.add(new Delivery(deliveries.size() + 1, req.getHeader("Idempotency-Key"),
                        req.getHeader("Vigil-Timestamp"), req.getHeader("Vigil-Signature"),
                        req.getHeader("User-Agent"), req.getHeader("Content-Type"), body.getBytes(), mode));
            }
            switch (mode) {
                case HANG -> {
                    // never answered: the client's timeout passes, and it tries again
                }
                case CLOSE -> req.connection().close();
                default -> req.response().setStatusCode(mode.status).end(mode == Mode.OK ? "" : "not now");
            }
        });
    }

    int port() {
        return server.actualPort();
    }

    String url() {
        return scheme + "://127.0.0.1:" + port() + "/vigil/alerts";
    }

    /** Answers the next requests so, one mode each, then the standing mode. */
    synchronized void plan(Mode... modes) {
        plan.addAll(List.of(modes));
    }

    /** The standing mode, once the plan is used up. */
    synchronized void otherwise(Mode mode) {
        this.otherwise = mode;
    }

    /** Every request received so far, in arrival order. */
    synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** The requests answered 2xx, in arrival order. */
    synchronized List<Delivery> accepted() {
        return deliveries.stream().filter(Delivery::accepted).toList();
    }

    synchronized long answered(Mode mode) {
        return deliveries.stream().filter(d -> d.answer() == mode).count();
    }

    @Override
    public void close() throws Exception {
        await(server.close());
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
