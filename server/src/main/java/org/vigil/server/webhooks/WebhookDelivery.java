package org.vigil.server.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.events.Event;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertTransition;
import org.vigil.server.rules.EngineState;
import org.vigil.server.rules.Rules;
import org.vigil.server.journal.Journal;
import org.vigil.server.journal.DeliveryTurn;
import org.vigil.server.journal.JournalFollower;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.Unit;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Delivers one endpoint's alert transitions: a {@link JournalFollower} named {@code webhook:NAME} on its own
 * thread, with its own {@link EngineState} fed the journal, whose alert book tells it every transition exactly
 * as the engine's told the engine (same order, same {@code seq}). Never on the engine thread; an endpoint that
 * fails delays only itself.
 *
 * <p>In order and at least once: transitions go strictly in journal order, one at a time; each is retried (with
 * {@link Backoff}) until the receiver answers 2xx — whatever else it answers, 4xx included, or however it fails
 * — and the tailer's position is committed only once every transition of the record that made them was
 * accepted. A crash re-derives the transitions of the records after the committed one, so a receiver may get
 * the last record's again (same idempotency keys), never lose one. A batch of records ends at the first record
 * that makes a delivery, so the commit follows it at once.
 */
final class WebhookDelivery implements JournalFollower.Consumer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDelivery.class);
    /** Records without a delivery for this endpoint are committed together, up to this many. */
    private static final int MAX_RECORDS_PER_BATCH = 10_000;

    /** A transition to deliver: its idempotency key and its body, encoded when it was made. */
    private record Pending(String key, byte[] body) {
    }

    private final WebhookEndpoint endpoint;
    private final Organisation org;
    private final Supplier<EngineState> start;
    /** Follower thread only: this endpoint's own state, built from {@link #start} when the follower starts. */
    private EngineState state;
    /** Follower thread only: the alerts this endpoint was told of, whose resolution it hears wherever they are. */
    private final ConcernedAlerts concerned;
    private final JournalFollower follower;
    private final WebhookClient client;
    private final WebhookSignature signature;
    private final Backoff backoff;
    private final Clock wallClock;
    private final MeterRegistry registry;
    private final Counter delivered;
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();
    private final Timer requests;
    /** Follower thread only: what the batch's last record made, and whether records are being rebuilt from. */
    private final List<Pending> pending = new ArrayList<>();
    private boolean rebuilding;

    private volatile boolean failing;
    private volatile String lastFailure;
    private volatile long lastFailureAt;
    private volatile long failedAttempts;
    private volatile long deliveredUpTo;

    /**
     * @param start the state the journal's first record applies to ({@code Snapshots#journalStart}): built on the
     *              follower's own thread as it starts, never in start-up's way (a seed is decoded once per follower)
     */
    WebhookDelivery(Journal journal, Rules rules, Supplier<EngineState> start, WebhookEndpoint endpoint,
                    MeterRegistry registry, Clock wallClock) {
        this.endpoint = endpoint;
        this.org = rules.organisation();
        this.concerned = new ConcernedAlerts(endpoint, org.policies().escalation().holdDownMinutes());
        this.start = start;
        this.follower = new JournalFollower(journal, endpoint.tailerName(), "vigil-webhook-" + endpoint.name(),
                MAX_RECORDS_PER_BATCH, wallClock, this);
        this.client = new WebhookClient(endpoint);
        this.signature = new WebhookSignature(endpoint.secret());
        this.backoff = new Backoff(endpoint.retryInitialMillis(), endpoint.retryMaxMillis(), new Random());
        this.wallClock = wallClock;
        this.registry = registry;
        String name = endpoint.name();
        this.delivered = Counter.builder("vigil.webhook.delivered").tag("endpoint", name)
                .description("Alert transitions the endpoint accepted (2xx)").register(registry);
        this.requests = Timer.builder("vigil.webhook.request").tag("endpoint", name)
                .description("Delivery attempts, until the receiver answered or the attempt failed").register(registry);
        Gauge.builder("vigil.webhook.lag.records", follower, JournalFollower::lagRecords).tag("endpoint", name)
                .description("Journal records not yet delivered to the endpoint").register(registry);
        Gauge.builder("vigil.webhook.lag", follower, JournalFollower::lagSeconds).tag("endpoint", name)
                .baseUnit("seconds").description("How long the endpoint's delivery has been behind the journal")
                .register(registry);
        Gauge.builder("vigil.webhook.failing", this, d -> d.failing ? 1 : 0).tag("endpoint", name)
                .description("1 while the endpoint's current delivery is failing and being retried").register(registry);
    }

    void takeTurns(DeliveryTurn turn) {
        follower.takeTurns(turn);
    }

    void start() {
        follower.start();
    }

    String name() {
        return endpoint.name();
    }

    /** Failing to deliver, or stopped for good (its follower's thread is gone: nothing more will be delivered). */
    boolean failing() {
        return failing || follower.stoppedBy() != null;
    }

    JournalFollower follower() {
        return follower;
    }

    /** For /health: whether the endpoint takes deliveries, and how far behind the journal it is. */
    JsonObject status() {
        long lag = follower.lagRecords();
        String status = follower.stoppedBy() != null ? "stopped" : !follower.rebuilt() ? "starting"
                : failing ? "failing" : lag == 0 ? "ok" : "delivering";
        JsonObject j = new JsonObject()
                .put("name", endpoint.name())
                .put("status", status)
                .put("lagRecords", lag)
                .put("lagSeconds", follower.lagSeconds())
                .put("delivered", (long) delivered.count())
                .put("failedAttempts", failedAttempts)
                .put("deliveredUpTo", deliveredUpTo == 0 ? null : Instant.ofEpochMilli(deliveredUpTo).toString());
        if (lastFailure != null) {
            j.put("lastFailure", lastFailure).put("lastFailureAt", Instant.ofEpochMilli(lastFailureAt).toString());
        }
        return j;
    }

    // ------------------------------------------------------------------ the journal follower's consumer

    /**
     * Told by the private alert book, during {@link #apply}: a transition this endpoint is told of is encoded now
     * ({@link ConcernedAlerts#tells}: in scope what it asks for, out of it the resolution of an alert it was told
     * of). Followed while rebuilding too, so a restart knows what it was told while the journal reaches back.
     */
    private void transition(Alert alert, AlertTransition t) {
        Unit unit = org.unit(alert.unit());
        if (concerned.tells(unit, alert, t) && !rebuilding) {
            pending.add(new Pending(WebhookBody.key(alert, t), WebhookBody.encode(org.systemId(), unit, alert, t)));
        }
    }

    /** Builds this endpoint's state, on the follower's thread; the journal is then rebuilt into it from its start. */
    @Override
    public long restoredIndex() {
        state = start.get();
        concerned.clear();
        concerned.startFrom(state.alerts().find(a -> true), org::unit);
        state.alerts().onTransition(this::transition);
        return 0;
    }

    @Override
    public boolean apply(Event e, long index, boolean rebuilding) {
        this.rebuilding = rebuilding;
        state.apply(e);
        if (state.clock().started()) {
            concerned.forgetSettled(state.clock().now());
        }
        return !pending.isEmpty();
    }

    @Override
    public boolean deliver() {
        for (Pending p : pending) {
            if (!deliverUntilAccepted(p)) {
                return false;
            }
        }
        pending.clear();
        return true;
    }

    /** Cluster mode: another node delivered the batch's transitions. */
    @Override
    public void discard() {
        pending.clear();
    }

    @Override
    public void committed() {
        deliveredUpTo = state.clock().started() ? state.clock().now() : 0;
    }

    /** Tries until the receiver answers 2xx; false only when the server is closing. */
    private boolean deliverUntilAccepted(Pending p) {
        backoff.reset();
        while (follower.running()) {
            long timestamp = wallClock.millis() / 1000;
            WebhookClient.Attempt a;
            long t0 = System.nanoTime();
            try {
                a = client.post(p.body(), p.key(), timestamp, signature.sign(timestamp, p.body()));
            } catch (InterruptedException closing) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                requests.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            }
            if (a.delivered()) {
                delivered.increment();
                failing = false;
                return true;
            }
            failing = true;
            failedAttempts++;
            lastFailure = a.failure();
            lastFailureAt = wallClock.millis();
            failures.computeIfAbsent(a.reason(), r -> Counter.builder("vigil.webhook.attempts.failed")
                    .tag("endpoint", endpoint.name()).tag("reason", r)
                    .description("Delivery attempts that failed and will be retried").register(registry)).increment();
            long wait = backoff.next();
            if (a.status() >= 400 && a.status() < 500 && a.status() != 408 && a.status() != 429) {
                // Not dropped (docs/webhooks.md): the receiver refuses this delivery; everything after it waits.
                LOG.error("{} refused {} ({}{}); retrying in {} ms — every later transition waits for it; "
                        + "check the receiver and the secret", endpoint, p.key(), a.failure(), said(a), wait);
            } else {
                LOG.warn("{}: {} not delivered ({}{}); retrying in {} ms", endpoint, p.key(), a.failure(), said(a),
                        wait);
            }
            if (!follower.sleep(wait)) {
                return false;
            }
        }
        return false;
    }

    @Override
    public void close() {
        follower.close();
    }

    /** The receiver's own words, for the log. */
    private static String said(WebhookClient.Attempt a) {
        return a.answer().isEmpty() ? "" : ": the receiver said \"" + a.answer() + "\"";
    }
}
