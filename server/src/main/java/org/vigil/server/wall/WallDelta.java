package org.vigil.server.wall;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What changed between the frame a screen holds and the unit's latest, as one message (docs/walls.md):
 * <pre>{type: "delta", unit, from, version,
 *  figures: {name: value…},   // every top-level field whose value changed or appeared (whole, not patched deeper)
 *  gone: [name…],             // fields that disappeared (only when some did)
 *  alerts: {added: [alert…], changed: [alert…], removed: [id…], order: [id…]}}  // only when an alert changed</pre>
 * {@code order} is the alert list's order after the change (the server's wall order), so a page never sorts and no
 * rule about order is written twice. A tile has no {@code alerts} list: its escalated alerts are a figure.
 * Stateless; any thread.
 *
 * @param message       the delta message
 * @param alertsChanged whether it carries an alert transition (raised, escalated, answered, resolved, or a change
 *                      to the escalated alerts of a tile): such a delta is never held back by the figures' rate limit
 */
record WallDelta(JsonObject message, boolean alertsChanged) {
    private static final String ALERTS = "alerts";
    /** A tile's escalated alerts: they name beds, so a change to them is an alert transition for the tile. */
    private static final String ESCALATED = "escalatedAlerts";

    /** The delta from {@code held} to {@code latest}, or null when nothing a screen shows differs. */
    static WallDelta between(WallFrame held, WallFrame latest) {
        JsonObject before = held.body();
        JsonObject after = latest.body();
        JsonObject figures = new JsonObject();
        JsonArray gone = null;
        for (Map.Entry<String, Object> e : after) {
            String name = e.getKey();
            if (!name.equals(ALERTS) && (!before.containsKey(name)
                    || !Objects.equals(before.getValue(name), e.getValue()))) {
                figures.put(name, e.getValue());
            }
        }
        for (String name : before.fieldNames()) {
            if (!after.containsKey(name)) {
                if (gone == null) {
                    gone = new JsonArray();
                }
                gone.add(name);
            }
        }
        JsonObject alerts = alerts(before.getJsonArray(ALERTS), after.getJsonArray(ALERTS));
        if (figures.isEmpty() && gone == null && alerts == null) {
            return null;
        }
        JsonObject m = new JsonObject().put("type", "delta").put("unit", latest.unit()).put("from", held.version())
                .put("version", latest.version()).put("figures", figures);
        if (gone != null) {
            m.put("gone", gone);
        }
        if (alerts != null) {
            m.put(ALERTS, alerts);
        }
        return new WallDelta(m, alerts != null || figures.containsKey(ESCALATED));
    }

    /** The alert transitions between two lists (each alert an object with an {@code id}), or null for none. */
    private static JsonObject alerts(JsonArray before, JsonArray after) {
        if (Objects.equals(before, after)) {
            return null;
        }
        Map<String, JsonObject> held = new LinkedHashMap<>();
        if (before != null) {
            for (int i = 0; i < before.size(); i++) {
                JsonObject a = before.getJsonObject(i);
                held.put(a.getString("id"), a);
            }
        }
        JsonArray added = new JsonArray();
        JsonArray changed = new JsonArray();
        JsonArray order = new JsonArray();
        if (after != null) {
            for (int i = 0; i < after.size(); i++) {
                JsonObject a = after.getJsonObject(i);
                String id = a.getString("id");
                JsonObject old = held.remove(id);
                if (old == null) {
                    added.add(a);
                } else if (!old.equals(a)) {
                    changed.add(a);
                }
                order.add(id);
            }
        }
        return new JsonObject().put("added", added).put("changed", changed)
                .put("removed", new JsonArray(new ArrayList<>(held.keySet()))).put("order", order);
    }
}
