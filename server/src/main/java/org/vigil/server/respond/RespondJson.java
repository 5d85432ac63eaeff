package org.vigil.server.respond;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.vigil.server.api.ApiJson;

/**
 * The responder's phone's list as JSON ({@code {type: "respond", role, alerts: [alert + unitName], rulesFailing}}):
 * each alert in the API's form (one encoder of an alert for every surface) with its unit's name. Any thread.
 */
public final class RespondJson {
    private RespondJson() {
    }

    public static JsonObject list(ResponderList list) {
        JsonArray alerts = new JsonArray();
        for (ResponderList.Item item : list.alerts()) {
            alerts.add(ApiJson.alert(item.alert(), false).put("unitName", item.unitName()));
        }
        return new JsonObject().put("type", "respond").put("role", list.role()).put("alerts", alerts)
                .put("rulesFailing", new JsonArray(list.rulesFailing()));
    }
}
