package org.vigil.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ward's wall screen as the page opens it (the WebSocket, auth as the first message, docs/walls.md): remembers
 * when its last whole message arrived, so a test can ask whether the wall went on updating.
 */
final class WallListener implements WebSocket.Listener, AutoCloseable {
    private final AtomicLong messages = new AtomicLong();
    private final CompletableFuture<Void> first = new CompletableFuture<>();
    private volatile long lastAtNanos;
    private WebSocket socket;

    static WallListener open(String httpUrl, String ward, Duration within) throws Exception {
        WallListener w = new WallListener();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        w.socket = client.newWebSocketBuilder().buildAsync(URI.create(httpUrl.replace("http", "ws") + "/ws/wall"), w)
                .get(within.toMillis(), TimeUnit.MILLISECONDS);
        w.socket.sendText("{\"type\":\"auth\",\"token\":\"" + TestCluster.TOKEN + "\",\"view\":\"ward\",\"id\":\"" + ward
                + "\"}", true).get(within.toMillis(), TimeUnit.MILLISECONDS);
        w.first.get(within.toMillis(), TimeUnit.MILLISECONDS); // the ward's snapshot
        return w;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (last) {
            lastAtNanos = System.nanoTime();
            messages.incrementAndGet();
            first.complete(null);
        }
        webSocket.request(1);
        return null;
    }

    /** Waits, at most {@code within}, for a message that arrived after {@code nanos}; its arrival time, or -1. */
    long messageAfter(long nanos, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            long at = lastAtNanos;
            if (at > nanos) {
                return at;
            }
            Thread.sleep(20);
        }
        return -1;
    }

    long messages() {
        return messages.get();
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
    }
}
