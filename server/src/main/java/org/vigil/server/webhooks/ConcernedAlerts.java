package org.vigil.server.webhooks;

import org.vigil.organisation.Unit;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertTransition;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The alerts one webhook endpoint is concerned with, whose transitions it hears wherever their patients take them:
 * each alert its scope and filters admitted at some transition ({@link WebhookEndpoint#concerns}), and each alert
 * that took over the ladder of one of them. An alert moves with its patient; one that went to another trust's ward
 * was not heard of again by the first trust's endpoint, so its receiver kept the alert open for ever (found by an
 * independent check, HAZ-04 C15). An alert stays a concern until the hold-down after its resolution has passed:
 * within it the alert may re-open where it was resolved, or hand its ladder on to the alert of NEWS2's new band in
 * the same record. Followed from the journal's start, as the endpoint's state is: an endpoint added later is
 * concerned with the alerts its scope and filters admitted before it, and hears them from then on. Follower thread
 * only.
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

    /** Whether the endpoint is concerned with the alert, now on {@code unit}, at this transition; remembered if so. */
    boolean concerns(Unit unit, Alert alert, AlertTransition t) {
        if (!resolvedAt.containsKey(alert.id()) && !endpoint.concerns(unit, alert) && !tookOverOne(alert)) {
            return false;
        }
        if (t.type() == AlertTransition.Type.RESOLVED) {
            resolvedAt.put(alert.id(), t.at());
            resolutions.addLast(new Resolution(alert.id(), t.at()));
        } else {
            resolvedAt.put(alert.id(), ACTIVE);
        }
        return true;
    }

    private boolean tookOverOne(Alert alert) {
        for (Alert.TakenOver o : alert.takenOver()) {
            if (resolvedAt.containsKey(o.id())) {
                return true;
            }
        }
        return false;
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
