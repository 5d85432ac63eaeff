package org.vigil.simulator;

import org.vigil.events.Event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The realistic feed: real time ({@code --speed 1}: events stamped with now), accelerated ({@code --speed 60}:
 * simulated time runs 60× faster from a start in the past, for a server on {@code --clock event}) or as fast as
 * the server acknowledges ({@code --speed max}). Requests go one at a time, so the server sees events in the
 * order they happened.
 */
final class FeedRun {
    private final Simulation sim;
    private final FeedClient client;
    private final double speed;
    private final long endMillis;
    private final int batch;
    private volatile boolean stopped;

    /** @param speed simulated seconds per wall second; 0 for as fast as possible */
    FeedRun(Simulation sim, FeedClient client, double speed, long endMillis, int batch) {
        this.sim = sim;
        this.client = client;
        this.speed = speed;
        this.endMillis = endMillis;
        this.batch = batch;
    }

    void stop() {
        stopped = true;
    }

    /** Runs until the simulated end; returns the number of events sent. */
    long run() throws InterruptedException {
        long wallStart = System.currentTimeMillis();
        long simStart = sim.now();
        long sent = 0;
        long lastProgress = wallStart, sentAtProgress = 0;
        List<Event> due = new ArrayList<>();
        while (!stopped && sim.now() < endMillis) {
            long wall = System.currentTimeMillis();
            long target = speed <= 0 ? Math.min(endMillis, sim.nextTime())
                    : Math.min(endMillis, simStart + (long) ((wall - wallStart) * speed));
            sim.advanceTo(target, due);
            for (int from = 0; from < due.size(); from += batch) {
                List<Event> chunk = due.subList(from, Math.min(due.size(), from + batch));
                FeedClient.Reply r = Await.result(client.send(chunk));
                sent += chunk.size();
                if (r.status() >= 400 && r.status() < 500 && chunk.size() > 1) {
                    // find the offending events, keep the rest
                    for (Event e : chunk) {
                        Await.result(client.send(List.of(e)));
                    }
                }
            }
            due.clear();
            long now = System.currentTimeMillis();
            if (now - lastProgress >= 1000) {
                progress(now - lastProgress, sent - sentAtProgress, sent);
                lastProgress = now;
                sentAtProgress = sent;
            }
            if (speed > 0) {
                Thread.sleep(speed <= 1 ? 250 : 50);
            }
        }
        progress(Math.max(1, System.currentTimeMillis() - lastProgress), sent - sentAtProgress, sent);
        return sent;
    }

    private void progress(long millis, long delta, long total) {
        System.err.printf("simulate: %s | sent %d (%.0f/s) | accepted %d | errors %d (4xx) %d (5xx/io)%n",
                Instant.ofEpochMilli(sim.now()), total, delta * 1000.0 / millis, client.eventsAccepted.get(),
                client.clientErrors.get(), client.serverErrors.get());
    }
}
