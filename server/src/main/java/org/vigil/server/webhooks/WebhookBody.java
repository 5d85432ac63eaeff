package org.vigil.server.webhooks;

import io.vertx.core.json.JsonObject;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertTransition;
import org.vigil.server.alerts.AlertView;
import org.vigil.server.api.ApiJson;
import org.vigil.organisation.CareHome;
import org.vigil.organisation.Unit;
import org.vigil.organisation.Ward;

import java.nio.charset.StandardCharsets;

/**
 * The JSON body of a delivery (docs/webhooks.md; schema {@code AlertWebhook} in docs/openapi.yaml): one transition,
 * the alert as it stands just after it, and the unit it is on. The alert and the transition are written by the
 * same encoder as the alerts API ({@link ApiJson#alert}, {@link ApiJson#transition}), so a receiver reads
 * the same fields as an API client. The alert names the bed, never the patient: no name, no NHS number, and no
 * pseudonymous patient id either — a bleep or phone system sends someone to a ward and bed, and an identifier it
 * cannot use would only link records across systems. Encoded at once, on the delivery thread, because the alert
 * changes with the next transition.
 */
final class WebhookBody {
    static final String TYPE = "alert.transition";
    static final int VERSION = 1;

    private WebhookBody() {
    }

    /** The idempotency key of a transition: stable across retries, restarts and replays. */
    static String key(Alert alert, AlertTransition t) {
        return alert.id() + "#" + t.seq();
    }

    static byte[] encode(String system, Unit unit, Alert alert, AlertTransition t) {
        JsonObject u = new JsonObject().put("id", unit.id()).put("name", unit.name()).put("kind", unit.kind());
        if (unit instanceof Ward w) {
            u.put("trust", w.trust()).put("place", w.place());
        } else if (unit instanceof CareHome h) {
            u.put("place", h.place());
        }
        return new JsonObject()
                .put("type", TYPE)
                .put("version", VERSION)
                .put("idempotencyKey", key(alert, t))
                .put("system", system)
                .put("unit", u)
                .put("transition", ApiJson.transition(t))
                .put("alert", ApiJson.alert(AlertView.of(alert, false), false))
                .encode().getBytes(StandardCharsets.UTF_8);
    }
}
