package org.vigil.server.bench.probe;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The probe's wall screen: one JDK {@link WebSocket} on {@code /ws/wall}, subscribed to one ward's view the way
 * the ward page does (auth as the first message, docs/walls.md), on an {@link HttpClient} of its own so that
 * reading a busy ward's pushes never shares a selector thread with the probe's POSTs.
 *
 * <p>It waits for one bed at a time: {@link #expect} arms a watch before the probe's admission, {@link Watch#sent}
 * marks the concern's send, and the first whole message naming the bed after that completes the watch with its
 * arrival time. A message naming the bed before the concern was sent is counted as an early mention (an
 * admission shows no bed on the wall, so a non-zero count would make the figure meaningless).
 *
 * <p>It also keeps what a screen pays for the pushes: each message's size in UTF-8 bytes and how many messages
 * and bytes arrive in each second of the measured window — the backlog a client must read through before it
 * reaches the message it waits for.
 *
 * <p>Listener callbacks run one at a time on the client's executor; the counters are safe to read from the
 * probe thread.
 */
final class WallWatch implements WebSocket.Listener, AutoCloseable {
    /** One bed being waited for. */
    static final class Watch {
        private final String quotedBed;
        private volatile long concernSentNanos;
        private final CompletableFuture<Long> seen = new CompletableFuture<>();

        private Watch(String bed) {
            this.quotedBed = '"' + bed + '"';
        }

        /** The concern is about to be sent at {@code nanos}: from now on a message naming the bed matches. */
        void sent(long nanos) {
            concernSentNanos = nanos;
        }

        /** System.nanoTime() when the first message naming the bed after {@link #sent} had fully arrived, or -1. */
        long await(Duration timeout) throws InterruptedException {
            try {
                return seen.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return -1;
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private static final long SECOND = 1_000_000_000L;

    private final HttpClient client;
    private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final Recorder messageBytes = new Recorder(3);
    private final AtomicLong messagesInWindow = new AtomicLong();
    private final AtomicLong earlyMentions = new AtomicLong();
    private volatile Watch watch;
    private volatile long windowStartNanos = Long.MAX_VALUE;
    private volatile long windowEndNanos = Long.MAX_VALUE;
    private volatile AtomicLongArray messagesPerSecond = new AtomicLongArray(0);
    private volatile AtomicLongArray bytesPerSecond = new AtomicLongArray(0);
    private volatile String closedBecause;
    private WebSocket socket;

    private WallWatch() {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Connects, authenticates for {@code ward}'s view and returns once the ward's full snapshot has arrived. */
    static WallWatch open(URI ws, String token, String ward, Duration within) throws Exception {
        WallWatch w = new WallWatch();
        w.socket = w.client.newWebSocketBuilder().connectTimeout(within).buildAsync(ws, w)
                .get(within.toMillis(), TimeUnit.MILLISECONDS);
        w.socket.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\",\"view\":\"ward\",\"id\":\"" + ward + "\"}", true)
                .get(within.toMillis(), TimeUnit.MILLISECONDS);
        try {
            w.subscribed.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            w.close();
            throw new IllegalStateException("no ward snapshot from " + ws + " within " + within
                    + (w.closedBecause == null ? "" : ": " + w.closedBecause));
        }
        return w;
    }

    /** Counts messages per second from {@code startNanos} for {@code seconds} (rounded up). */
    void window(long startNanos, long endNanos) {
        int seconds = (int) ((endNanos - startNanos + SECOND - 1) / SECOND);
        messagesPerSecond = new AtomicLongArray(seconds);
        bytesPerSecond = new AtomicLongArray(seconds);
        messageBytes.reset();
        windowEndNanos = endNanos;
        windowStartNanos = startNanos;
    }

    /** Arms a watch for {@code bed}, replacing any earlier one. */
    Watch expect(String bed) {
        Watch w = new Watch(bed);
        watch = w;
        return w;
    }

    String closedBecause() {
        return closedBecause;
    }

    long earlyMentions() {
        return earlyMentions.get();
    }

    long messagesInWindow() {
        return messagesInWindow.get();
    }

    /** Sizes of the messages that arrived in the window, in bytes. */
    Histogram messageBytes() {
        return messageBytes.getIntervalHistogram();
    }

    long[] messagesPerSecond() {
        return toArray(messagesPerSecond);
    }

    long[] bytesPerSecond() {
        return toArray(bytesPerSecond);
    }

    private static long[] toArray(AtomicLongArray a) {
        long[] out = new long[a.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i);
        }
        return out;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            long now = System.nanoTime();
            String message = partial.toString();
            partial.setLength(0);
            received(message, now);
        }
        webSocket.request(1);
        return null;
    }

    private void received(String message, long now) {
        if (!subscribed.isDone() && message.startsWith("{\"type\":\"ward\"")) {
            subscribed.complete(null);
        }
        if (now >= windowStartNanos && now < windowEndNanos) {
            int bytes = utf8Length(message);
            messageBytes.recordValue(bytes);
            messagesInWindow.incrementAndGet();
            int second = (int) ((now - windowStartNanos) / SECOND);
            AtomicLongArray count = messagesPerSecond;
            if (second < count.length()) {
                count.incrementAndGet(second);
                bytesPerSecond.addAndGet(second, bytes);
            }
        }
        Watch w = watch;
        if (w != null && !w.seen.isDone() && message.contains(w.quotedBed)) {
            if (w.concernSentNanos == 0) {
                earlyMentions.incrementAndGet();
            } else {
                w.seen.complete(now);
            }
        }
    }

    private static int utf8Length(String s) {
        int n = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                n += c < 0x800 ? 1 : Character.isSurrogate(c) ? 1 : 2; // a surrogate pair is 4 bytes for 2 chars
            }
        }
        return n;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closedBecause = statusCode + " " + reason;
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closedBecause = String.valueOf(error);
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "probe done");
        }
        if (socket != null) {
            socket.abort();
        }
    }
}
