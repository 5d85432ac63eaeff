package org.vigil.simulator;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.vigil.events.Event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The realistic feed: real time ({@code --speed 1}: events stamped with now), accelerated ({@code --speed 60}:
 * simulated time runs 60× faster from a start in the past, for a server on {@code --clock event}) or as fast as
 * the server acknowledges ({@code --speed max}); before it, optionally, the history ({@link #seed}). Requests go
 * one at a time, so the server sees events in the order they happened.
 */
final class FeedRun {
    /** Simulated time advanced per step while filling a history batch (a few dozen events). */
    private static final long SEED_STEP_MILLIS = 10 * Simulation.MINUTE;

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

    /**
     * What {@link #seed} did: the events sent, and whether the history is whole — every one of them stored (the
     * server answered 200 for each) and the simulation run all the way to its end.
     */
    record Seeding(long sent, boolean whole) {
    }

    /**
     * Sends everything the simulation does up to {@code until}, as fast as the server acknowledges it: one request
     * in flight (the server sees events in time order, and acknowledges each batch only once it is journaled),
     * the next batch simulated and encoded while it is. Stops at the first batch not stored: the events after a
     * gap would build a history that never happened (and, with no server, every batch would wait out its retries).
     */
    Seeding seed(long until, SeedingProgress progress) throws InterruptedException {
        long sent = 0;
        boolean stored = true;
        List<Event> due = new ArrayList<>();
        Future<FeedClient.Reply> inFlight = null;
        List<Event> inFlightEvents = List.of();
        while (!stopped) {
            while (due.size() < batch && sim.now() < until) {
                sim.advanceTo(Math.min(until, sim.now() + SEED_STEP_MILLIS), due);
            }
            if (due.isEmpty()) {
                break;
            }
            List<Event> chunk = new ArrayList<>(due.subList(0, Math.min(batch, due.size())));
            due.subList(0, chunk.size()).clear();
            Buffer body = FeedClient.body(chunk);
            if (inFlight != null) {
                stored = settle(inFlightEvents, Await.result(inFlight));
                progress.update(inFlightEvents.get(inFlightEvents.size() - 1).time(), client.eventsAccepted.get());
                if (!stored) {
                    inFlight = null;
                    break;
                }
            }
            inFlight = client.send(body, chunk.size());
            inFlightEvents = chunk;
            sent += chunk.size();
        }
        if (inFlight != null) {
            stored = settle(inFlightEvents, Await.result(inFlight));
        }
        progress.done(sim.now(), client.eventsAccepted.get());
        return new Seeding(sent, stored && !stopped && sim.now() >= until);
    }

    /** Runs until the simulated end, simulated time starting now on the wall clock; returns the events sent. */
    long run() throws InterruptedException {
        return run(System.currentTimeMillis());
    }

    /**
     * Runs until the simulated end; returns the number of events sent. Simulated time runs at the speed from where
     * it stands, as from wall time {@code wallAnchor}: after a history, a real-time feed anchors at the simulation's
     * own time, so it first catches up with the time the history took and then stamps events with now.
     */
    long run(long wallAnchor) throws InterruptedException {
        long wallStart = wallAnchor;
        long simStart = sim.now();
        long sent = 0;
        long lastProgress = System.currentTimeMillis(), sentAtProgress = 0;
        List<Event> due = new ArrayList<>();
        while (!stopped && sim.now() < endMillis) {
            long wall = System.currentTimeMillis();
            long target = speed <= 0 ? Math.min(endMillis, sim.nextTime())
                    : Math.min(endMillis, simStart + (long) ((wall - wallStart) * speed));
            sim.advanceTo(target, due);
            for (int from = 0; from < due.size(); from += batch) {
                List<Event> chunk = due.subList(from, Math.min(due.size(), from + batch));
                settle(chunk, Await.result(client.send(chunk)));
                sent += chunk.size();
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

    /**
     * A batch refused for what is in it (a simulator bug) is resent event by event, so the log names the offenders
     * and the rest go in; one refused for its token would be refused again. Whether every event is stored.
     */
    private boolean settle(List<Event> events, FeedClient.Reply reply) throws InterruptedException {
        if (reply.ok()) {
            return true;
        }
        if (reply.status() < 400 || reply.status() >= 500 || reply.tokenRefused() || events.size() == 1) {
            return false;
        }
        boolean all = true;
        for (Event e : events) {
            all &= Await.result(client.send(List.of(e))).ok();
        }
        return all;
    }

    private void progress(long millis, long delta, long total) {
        System.err.printf("simulate: %s | sent %d (%.0f/s) | accepted %d | errors %d (4xx) %d (5xx/io)%n",
                Instant.ofEpochMilli(sim.now()), total, delta * 1000.0 / millis, client.eventsAccepted.get(),
                client.clientErrors.get(), client.serverErrors.get());
    }
}
