package org.vigil.server.wall;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A test's model of a wall page's side of the push protocol (docs/walls.md), written from the document, not from
 * the page's code: it holds each unit with its version, applies a delta only to the version it names as
 * {@code from}, and turns it into the unit whole, as the page's {@code Units} does, so a test can assert on what a
 * screen shows. A delta whose {@code from} is not the version held is a protocol failure here (on one socket
 * nothing is lost), never silently repaired.
 */
public final class ScreenModel {
    private final boolean ward;
    private final Map<String, Long> versions = new HashMap<>();
    private final Map<String, JsonObject> units = new HashMap<>();

    /** @param view the view the screen authenticated for (ward, trust, system, carehomes) */
    public ScreenModel(String view) {
        this.ward = view.equals("ward");
    }

    /** The message as the page renders it: a delta becomes {@code {type: ward|tile, version, unit}}. */
    public synchronized String take(String frame) {
        JsonObject m = new JsonObject(frame);
        switch (m.getString("type")) {
            case "ward", "tile" -> keep(m.getJsonObject("unit"), m.getLong("version"));
            case "overview" -> {
                JsonArray tiles = m.getJsonArray("units");
                for (int i = 0; i < tiles.size(); i++) {
                    JsonObject t = tiles.getJsonObject(i);
                    keep(t, m.getJsonObject("versions").getLong(t.getString("id")));
                }
            }
            case "delta" -> {
                String id = m.getString("unit");
                Long held = versions.get(id);
                if (held == null || held.longValue() != m.getLong("from")) {
                    throw new AssertionError("delta from " + m.getLong("from") + " but the screen holds " + held
                            + " of " + id + ": " + frame);
                }
                JsonObject u = apply(units.get(id), m);
                keep(u, m.getLong("version"));
                return new JsonObject().put("type", ward ? "ward" : "tile").put("version", m.getLong("version"))
                        .put("unit", u).encode();
            }
            default -> {
            }
        }
        return frame;
    }

    /** The version held of a unit, or null. */
    public synchronized Long version(String unit) {
        return versions.get(unit);
    }

    private void keep(JsonObject unit, long version) {
        versions.put(unit.getString("id"), version);
        units.put(unit.getString("id"), unit);
    }

    private static JsonObject apply(JsonObject unit, JsonObject d) {
        JsonObject u = unit.copy();
        d.getJsonObject("figures").forEach(e -> u.put(e.getKey(), e.getValue()));
        JsonArray gone = d.getJsonArray("gone", new JsonArray());
        gone.forEach(k -> u.remove((String) k));
        JsonObject alerts = d.getJsonObject("alerts");
        if (alerts != null) {
            Map<String, Object> byId = new LinkedHashMap<>();
            u.getJsonArray("alerts").forEach(a -> byId.put(((JsonObject) a).getString("id"), a));
            alerts.getJsonArray("removed").forEach(byId::remove);
            alerts.getJsonArray("added").forEach(a -> byId.put(((JsonObject) a).getString("id"), a));
            alerts.getJsonArray("changed").forEach(a -> byId.put(((JsonObject) a).getString("id"), a));
            JsonArray ordered = new JsonArray();
            alerts.getJsonArray("order").forEach(id -> ordered.add(byId.get((String) id)));
            u.put("alerts", ordered);
        }
        return u;
    }
}
