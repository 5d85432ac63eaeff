package org.vigil.server.webhooks;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.server.journal.Journal;
import org.vigil.server.journal.DeliveryTurn;
import org.vigil.server.journal.JournalFollower;
import org.vigil.server.rules.EngineState;
import org.vigil.server.rules.Rules;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every webhook endpoint of the organisation file, each delivered by its own {@link WebhookDelivery} (its own
 * thread, tailer and state), so that one failing receiver delays no other. docs/webhooks.md says what a
 * receiver gets and how to verify it.
 */
public final class Webhooks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);

    private final List<WebhookDelivery> deliveries = new ArrayList<>();

    /**
     * Sets up the deliveries; call before the engine starts. An endpoint new to this journal starts at its end:
     * it is told of what happens from now, not of every transition the journal still holds (which would page
     * people about alerts long answered).
     *
     * @param journalStart the state the journal's first record applies to ({@code Snapshots#journalStart}): each
     *                     delivery rebuilds its own state from it
     */
    public Webhooks(Journal journal, Rules rules, Supplier<EngineState> journalStart, List<WebhookEndpoint> endpoints,
                    MeterRegistry registry, Clock wallClock) {
        for (WebhookEndpoint e : endpoints) {
            if (JournalFollower.startAtEndIfNew(journal, e.tailerName())) {
                LOG.info("{} is new: delivering the transitions from now on, none from before", e);
            }
            if ("http".equals(e.url().getScheme()) && !isLoopback(e.url().getHost())) {
                LOG.warn("{} is plain http: signed but not encrypted; use https beyond this machine", e);
            }
            deliveries.add(new WebhookDelivery(journal, rules, journalStart, e, registry, wallClock));
        }
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("[::1]") || host.startsWith("127.");
    }

    /** Cluster mode, before {@link #start}: one node delivers, the others stand by ({@link DeliveryTurn}). */
    public void takeTurns(DeliveryTurn turn) {
        for (WebhookDelivery d : deliveries) {
            d.takeTurns(turn);
        }
    }

    public void start() {
        for (WebhookDelivery d : deliveries) {
            d.start();
        }
    }

    /** Each endpoint's journal follower, for /health (whether it has stopped). */
    public List<JournalFollower> followers() {
        List<JournalFollower> out = new ArrayList<>();
        for (WebhookDelivery d : deliveries) {
            out.add(d.follower());
        }
        return out;
    }

    /**
     * For /health: each endpoint's status and lag, and {@code status} "failing" when any endpoint's current
     * delivery is failing. It never fails the health check: ingest and the walls do not depend on a receiver.
     */
    public JsonObject status() {
        JsonArray endpoints = new JsonArray();
        boolean failing = false;
        for (WebhookDelivery d : deliveries) {
            endpoints.add(d.status());
            failing |= d.failing();
        }
        return new JsonObject().put("status", failing ? "failing" : "ok").put("endpoints", endpoints);
    }

    @Override
    public void close() {
        for (WebhookDelivery d : deliveries) {
            d.close();
        }
    }
}
