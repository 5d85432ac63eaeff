package org.vigil.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.vigil.organisation.Unit;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertView;
import org.vigil.server.api.ApiJson;
import org.vigil.server.engine.UnitSnapshot;
import org.vigil.server.rules.EngineState;

import java.util.ArrayList;
import java.util.List;

/**
 * The API's JSON of a state's units and alerts, for tests that read figures by their API names: the typed
 * snapshot, encoded by the REST encoder ({@link ApiJson}) exactly as {@code GET /api/v1/wards/:id} answers.
 */
public final class TestJson {
    private TestJson() {
    }

    /** The unit's snapshot as the API shows it, or null for a unit the organisation does not have. */
    public static JsonObject unit(EngineState state, String unit) {
        UnitSnapshot s = UnitSnapshot.of(state, unit, 0);
        return s == null ? null : ApiJson.unit(s);
    }

    /** Every unit, as {@code GET /api/v1/overview} answers an all-seeing token. */
    public static JsonObject overview(EngineState state) {
        List<UnitSnapshot> units = new ArrayList<>();
        for (Unit u : state.organisation().units()) {
            units.add(UnitSnapshot.of(state, u.id(), 0));
        }
        return ApiJson.overview(state.organisation().systemId(), units);
    }

    /** The home's residents as its tablet reads them ({@code GET /api/v1/carehomes/:id/residents}). */
    public static JsonArray residents(EngineState state, String home) {
        return ApiJson.residents(home, state.careHomes().residents(home)).getJsonArray("residents");
    }

    /** The alert as the walls show it (no history). */
    public static JsonObject alert(Alert a) {
        return alert(a, false);
    }

    /** The alert as the API shows it; {@code withHistory} adds every transition. */
    public static JsonObject alert(Alert a, boolean withHistory) {
        return ApiJson.alert(AlertView.of(a, withHistory), withHistory);
    }
}
