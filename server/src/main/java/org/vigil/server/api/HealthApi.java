package org.vigil.server.api;

import org.vigil.server.http.Replies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.vigil.server.cluster.ClusterNode;
import org.vigil.server.engine.Engine;
import org.vigil.server.journal.JournalFollower;
import org.vigil.server.kernel.RuleFailures;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code GET /health}: 503 while the journal replays (a load balancer keeps traffic away), then 200. No token.
 * With an InfluxDB writer, {@code influx} reports whether InfluxDB answers and how far behind the journal the
 * writer is; with webhook endpoints, {@code webhooks} reports each one's status and lag. Neither turns the answer
 * into a failure, since ingest does not depend on InfluxDB or on a receiver: they say so instead.
 *
 * <p>A rule that has thrown makes the status {@code "degraded"}, still 200 (the engine goes on and ingest is
 * safe; the rule's figures are what cannot be trusted), with {@code failingRules}: each rule's name, failure
 * count, the event time of its last failure and what it was handling. Never the exception's message, which
 * may quote a patient's id: {@code /health} needs no token. {@code pid} is the server's process id; {@code clock}
 * is {@code "wall"} or {@code "event"}, on which nothing falls overdue between events (a replay or simulation: a
 * monitor can refuse it for a live organisation). In cluster
 * mode, {@code cluster} names the node, whether it owns the events partition, the log's offset it has applied,
 * how many records of the log it has yet to read and, for a node that started with no data, the log offset of the
 * cluster's snapshot it started from ({@code startedFromSnapshot}, else null); a node that has stopped reading the
 * log says why in {@code notFollowing}, and one whose last append to the log failed (too few brokers: no event,
 * answer or audited read can be taken) says so in {@code notAppending} until one succeeds; either is
 * {@code "degraded"}. A journal follower (state snapshots, the InfluxDB writer, a webhook endpoint) whose thread
 * stopped on an error is named in {@code followersStopped} with the error's class, and the node is
 * {@code "degraded"}: nothing more is snapshotted, written or delivered by it. An engine thread held for longer than
 * {@link Engine#STALLED_AFTER_MILLIS} (a rule that never returns) is {@code "stalled"}, 503, with
 * {@code stalledSeconds}: nothing is applied or escalated meanwhile, so a load balancer takes the node out. An engine
 * thread stopped for good by an error is {@code "stalled"} at once, with the error in {@code engineStopped}.
 */
public final class HealthApi {
    /** Which process answers: a launcher checks it is its own server, not another one already on the port. */
    private static final long PID = ProcessHandle.current().pid();

    private final Engine engine;
    private final Supplier<JsonObject> influx;
    private final Supplier<JsonObject> webhooks;
    private final RuleFailures failures;
    private final Supplier<ClusterNode.Status> cluster;
    private final List<JournalFollower> followers;

    /**
     * @param influx   the writer's status, or null when there is no writer
     * @param webhooks the webhook endpoints' status, or null when there is none
     * @param failures the engine's rule failures
     * @param cluster   this node's part in the cluster, or null on a single node
     * @param followers the journal's followers (state snapshots, the InfluxDB writer, each webhook endpoint)
     */
    public HealthApi(Engine engine, Supplier<JsonObject> influx, Supplier<JsonObject> webhooks, RuleFailures failures,
                     Supplier<ClusterNode.Status> cluster, List<JournalFollower> followers) {
        this.engine = engine;
        this.followers = List.copyOf(followers);
        this.cluster = cluster;
        this.influx = influx;
        this.webhooks = webhooks;
        this.failures = failures;
    }

    public void mount(Router router) {
        router.get("/health").handler(ctx -> {
            boolean ready = engine.ready();
            List<RuleFailures.Failure> failing = failures.failures();
            ClusterNode.Status c = cluster == null ? null : cluster.get();
            boolean behind = c != null && c.notFollowing() != null; // its screens would show a past that has stopped
            boolean stuck = c != null && c.notAppending() != null; // the cluster's log takes no events, answers or reads
            JsonObject stoppedFollowers = new JsonObject();
            for (JournalFollower f : followers) {
                if (f.stoppedBy() != null) {
                    stoppedFollowers.put(f.name(), f.stoppedBy());
                }
            }
            long stalled = engine.stalledMillis();
            String stopped = engine.stoppedBy();
            JsonObject body = new JsonObject()
                    .put("status", stopped != null ? "stalled" : !ready ? "replaying" : stalled > 0 ? "stalled"
                            : failing.isEmpty() && !behind && !stuck && stoppedFollowers.isEmpty() ? "ok" : "degraded")
                    .put("replayedEvents", engine.replayedEvents())
                    .put("snapshotIndex", engine.resumedAfter())
                    .put("replayedRecords", ready ? engine.replayedRecords() : null)
                    .put("replayMillis", ready ? engine.replayMillis() : null)
                    .put("pid", PID)
                    .put("clock", engine.clockMode().name().toLowerCase(Locale.ROOT));
            if (!failing.isEmpty()) {
                JsonArray rules = new JsonArray();
                for (RuleFailures.Failure f : failing) {
                    rules.add(new JsonObject().put("rule", f.rule()).put("failures", f.count())
                            .put("lastFailureAt", Instant.ofEpochMilli(f.lastAt()).toString()).put("during", f.during()));
                }
                body.put("failingRules", rules);
            }
            if (!stoppedFollowers.isEmpty()) {
                body.put("followersStopped", stoppedFollowers);
            }
            if (influx != null) {
                body.put("influx", influx.get());
            }
            if (webhooks != null) {
                body.put("webhooks", webhooks.get());
            }
            if (c != null) {
                body.put("cluster", new JsonObject().put("node", c.node()).put("owner", c.owner())
                        .put("logOffset", c.logOffset()).put("lagRecords", c.lagRecords())
                        .put("startedFromSnapshot", c.startedFromSnapshot() < 0 ? null : c.startedFromSnapshot())
                        .put("notFollowing", c.notFollowing()).put("notAppending", c.notAppending()));
            }
            if (stalled > 0) {
                body.put("stalledSeconds", stalled / 1000);
            }
            if (stopped != null) {
                body.put("engineStopped", stopped);
            }
            Replies.json(ctx, ready && stalled == 0 ? 200 : 503, body);
        });
    }
}
