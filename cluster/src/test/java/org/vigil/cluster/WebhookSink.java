package org.vigil.cluster;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A bleep system's webhook receiver on loopback: accepts every delivery (200) and keeps each one's
 * {@code Idempotency-Key} (the alert's id and the transition's sequence number), repeats included.
 */
final class WebhookSink implements AutoCloseable {
    private final HttpServer server;
    private final List<String> keys = new CopyOnWriteArrayList<>();

    WebhookSink() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/hook", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Every key received, in arrival order, repeats included. */
    List<String> keys() {
        return List.copyOf(keys);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
