package org.vigil.server.webhooks;

import org.vigil.organisation.Unit;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertState;
import org.vigil.server.alerts.AlertTransition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The alerts one webhook endpoint was told of, so that it hears of their resolution wherever their patients take
 * them. An alert moves with its patient; one that went to another trust's ward was not heard of again by the first
 * trust's endpoint, so its receiver kept the alert open for ever (found by an independent check, HAZ-04 C15). Out of
 * the endpoint's scope only the resolution is delivered: the climbing, the answers and their free text are the
 * other unit's business, and paging the first trust's staff for them was wrong (found by a review). An alert stays
 * remembered until the hold-down after its resolution has passed, within which it may re-open in scope. Followed
 * from the journal's start, as the endpoint's state is, and taken from the state it starts from when that is a
 * snapshot ({@link #startFrom}). Follower thread only.
 */
final class ConcernedAlerts {
    /** The resolution time of an alert not resolved. */
    private static final long ACTIVE = Long.MAX_VALUE;

    private final WebhookEndpoint endpoint;
    private final long holdDownMillis;
    /** Alert id → when it was resolved, or {@link #ACTIVE}. */
    private final Map<String, Long> resolvedAt = new HashMap<>();
    /** The resolutions in the order they came, which is their time's: the first to be forgotten is at the head. */
    private final ArrayDeque<Resolution> resolutions = new ArrayDeque<>();

    private record Resolution(String alert, long at) {}

    ConcernedAlerts(WebhookEndpoint endpoint, int holdDownMinutes) {
        this.endpoint = endpoint;
        this.holdDownMillis = holdDownMinutes * 60_000L;
    }

    /**
     * Whether the endpoint is told of this transition of the alert, now on {@code unit}: every one it asks for in its
     * scope ({@link WebhookEndpoint#wants}), and out of it the resolution of an alert it was told of.
     */
    boolean tells(Unit unit, Alert alert, AlertTransition t) {
        boolean inScope = endpoint.concerns(unit, alert);
        boolean known = resolvedAt.containsKey(alert.id());
        if (!inScope && !known) {
            return false;
        }
        boolean resolved = t.type() == AlertTransition.Type.RESOLVED;
        if (resolved) {
            resolvedAt.put(alert.id(), t.at());
            resolutions.addLast(new Resolution(alert.id(), t.at()));
        } else if (inScope) {
            resolvedAt.put(alert.id(), ACTIVE);
        }
        return inScope ? endpoint.wants(unit, alert, t) : resolved && endpoint.asksFor(t.type());
    }

    /**
     * The alerts of the state the journal's first record applies to, when that is a snapshot (a cluster node seeded
     * from the cluster's newest snapshot): the transitions before it cannot be followed, so an alert is taken as told
     * when the endpoint is concerned with it where it is now or where it was raised. Without this, a node that took
     * delivery over never told an endpoint of the resolution of an alert that had left its scope before the seed
     * (found by a review; HAZ-04 C15). An alert that passed through the scope between those two units before the seed
     * is not known: followed from the journal's start, it would be.
     */
    void startFrom(Collection<Alert> alerts, Function<String, Unit> units) {
        List<Alert> resolvedInTimeOrder = new ArrayList<>();
        for (Alert a : alerts) {
            if (endpoint.concerns(units.apply(a.unit()), a) || endpoint.concerns(units.apply(a.raisedOn()), a)) {
                if (a.state() == AlertState.RESOLVED) {
                    resolvedInTimeOrder.add(a);
                } else {
                    resolvedAt.put(a.id(), ACTIVE);
                }
            }
        }
        resolvedInTimeOrder.sort(Comparator.comparingLong(Alert::resolvedAt));
        for (Alert a : resolvedInTimeOrder) {
            resolvedAt.put(a.id(), a.resolvedAt());
            resolutions.addLast(new Resolution(a.id(), a.resolvedAt()));
        }
    }

    /** Forgets the alerts resolved more than the hold-down before {@code now} and not re-opened since. */
    void forgetSettled(long now) {
        while (!resolutions.isEmpty() && now - resolutions.peekFirst().at() > holdDownMillis) {
            Resolution r = resolutions.pollFirst();
            resolvedAt.remove(r.alert(), r.at());
        }
    }

    void clear() {
        resolvedAt.clear();
        resolutions.clear();
    }
}
