package org.vigil.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Admissions of new patients, and for every {@link #CONCERN_EVERY}th a Martha's rule concern (an alert at once,
 * escalating), sent through every node in turn, as a sender would: each event is sent until some
 * node acknowledges it (200), to the next node when one fails or is gone, always with the same event id, so a
 * node that appended it and died before answering makes the retry a duplicate the cluster must not apply again.
 * Keeps the acknowledged event ids per ward: what the cluster must hold, once each.
 */
final class AdmissionLoad implements AutoCloseable {
    static final int CONCERN_EVERY = 4;
    private static final int MAX_TRIES = 120;
    private static final Duration RETRY_AFTER = Duration.ofMillis(250);

    private final List<String> urls;
    private final List<String> wards;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong retries = new AtomicLong();
    /** Per acknowledged event: when its first send began and when it was acknowledged (System.nanoTime()). */
    private final List<long[]> sends = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> senders = new ArrayList<>();
    private final String run;
    private volatile Throwable failure;

    /** Starts {@code senders} threads, each sending one event at a time. */
    AdmissionLoad(String run, List<String> urls, List<String> wards, int senders) {
        this.run = run;
        this.urls = List.copyOf(urls);
        this.wards = List.copyOf(wards);
        for (int i = 0; i < senders; i++) {
            Thread t = new Thread(this::send, "admissions-" + run + "-" + i);
            this.senders.add(t);
            t.start();
        }
    }

    private void send() {
        try {
            while (running.get()) {
                int n = next.getAndIncrement();
                String ward = wards.get(n % wards.size());
                String id = run + "-" + n;
                String body = "{\"id\":\"" + id + "\",\"type\":\"admission\",\"time\":\"" + Instant.now()
                        + "\",\"unit\":\"" + ward + "\",\"patient\":\"P-" + id + "\",\"bed\":\"B" + n + "\",\"age\":70}";
                sendUntilAcknowledged(n, body);
                acknowledged.computeIfAbsent(ward, w -> ConcurrentHashMap.newKeySet()).add(id);
                if (n % CONCERN_EVERY == 0) {
                    String concern = "{\"id\":\"" + id + "-c\",\"type\":\"concern\",\"time\":\"" + Instant.now()
                            + "\",\"unit\":\"" + ward + "\",\"patient\":\"P-" + id + "\",\"raisedBy\":\"STAFF\"}";
                    sendUntilAcknowledged(n, concern);
                    acknowledged.get(ward).add(id + "-c");
                }
            }
        } catch (Throwable e) {
            failure = e;
        }
    }

    private void sendUntilAcknowledged(int n, String body) throws InterruptedException {
        long began = System.nanoTime();
        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
            String url = urls.get((n + attempt) % urls.size());
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/events"))
                        .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + TestCluster.TOKEN)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    sends.add(new long[] {began, System.nanoTime()});
                    return;
                }
                if (r.statusCode() != 503) {
                    throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
                }
            } catch (IOException unreachable) {
                // the node is gone (or going): the next one
            }
            retries.incrementAndGet();
            Thread.sleep(RETRY_AFTER.toMillis());
        }
        throw new IllegalStateException("no node acknowledged " + body + " in " + MAX_TRIES + " tries");
    }

    /** Each acknowledged send's first attempt and acknowledgement (System.nanoTime()), in no particular order. */
    List<long[]> sends() {
        synchronized (sends) {
            return List.copyOf(sends);
        }
    }

    /** Events acknowledged so far. */
    long acknowledgedCount() {
        return acknowledged.values().stream().mapToLong(Set::size).sum();
    }

    /** Sends that failed and were sent again (to another node). */
    long retries() {
        return retries.get();
    }

    /** Stops sending (each sender finishes its event first) and returns the acknowledged ids per ward. */
    Map<String, Set<String>> stop() throws InterruptedException {
        running.set(false);
        for (Thread t : senders) {
            t.join(Duration.ofMinutes(1).toMillis());
        }
        if (failure != null) {
            throw new AssertionError("the load failed", failure);
        }
        return acknowledged;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : senders) {
            t.join(Duration.ofMinutes(1).toMillis());
        }
    }
}
