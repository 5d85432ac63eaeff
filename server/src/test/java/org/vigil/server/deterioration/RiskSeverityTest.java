package org.vigil.server.deterioration;

import org.vigil.server.TestJson;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.events.Consciousness;
import org.vigil.events.Vitals;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.alerts.RiskSeverity;
import org.vigil.server.alerts.Severity;
import org.vigil.clinical.news2.ClinicalRisk;
import org.vigil.server.rules.EngineState;
import org.vigil.organisation.OrganisationLoader;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.engine.Events.admission;
import static org.vigil.server.engine.Events.at;
import static org.vigil.server.engine.Events.high;
import static org.vigil.server.engine.Events.medium;
import static org.vigil.server.engine.Events.normal;
import static org.vigil.server.engine.Events.observation;
import static org.vigil.server.engine.Events.singleThree;
import static org.vigil.server.engine.Events.tick;

/**
 * The single red score is not LOW (RCP NEWS2 2017 Chart 3/4: a 3 in any one parameter calls for an urgent
 * ward-based response), and an overdue set carries at least its patient's clinical risk: one mapping,
 * {@link RiskSeverity}, used by every NEWS2 alert.
 */
class RiskSeverityTest {
    private static final String WARD = "RVT-W12";
    private static final long T0 = at("2026-11-23T10:00:00Z");
    private static final long MIN = 60_000L;

    private EngineState state;

    @BeforeEach
    void setUp() throws IOException {
        state = new EngineState(OrganisationLoader.demo());
        state.apply(admission(T0 - 10 * MIN, WARD, "p1", "B1", 70));
    }

    private List<Alert> active(AlertKind kind) {
        return state.alerts().find(a -> a.kind() == kind && a.state().active());
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"LOW, LOW", "LOW_MEDIUM, MEDIUM", "MEDIUM, MEDIUM", "HIGH, HIGH"})
    void chart3RiskToSeverity(ClinicalRisk risk, Severity severity) {
        assertEquals(severity, RiskSeverity.of(risk));
    }

    @Test
    void theBandAlertKindsDeclareTheSameSeverityAsTheMapping() {
        assertEquals(RiskSeverity.of(ClinicalRisk.LOW_MEDIUM), AlertKind.NEWS2_LOW_MEDIUM.defaultSeverity());
        assertEquals(RiskSeverity.of(ClinicalRisk.MEDIUM), AlertKind.NEWS2_MEDIUM.defaultSeverity());
        assertEquals(RiskSeverity.of(ClinicalRisk.HIGH), AlertKind.NEWS2_HIGH.defaultSeverity());
    }

    @ParameterizedTest(name = "{0} at least {1} → {2}")
    @CsvSource({"LOW, MEDIUM, MEDIUM", "MEDIUM, LOW, MEDIUM", "HIGH, MEDIUM, HIGH", "LOW, LOW, LOW", "MEDIUM, HIGH, HIGH"})
    void atLeastTakesTheMoreUrgent(Severity s, Severity floor, Severity expected) {
        assertEquals(expected, RiskSeverity.atLeast(s, floor));
    }

    @Test
    void aSingleRedScoreRaisesAMediumAlert() {
        state.apply(observation(T0, WARD, "p1", singleThree()));
        Alert a = active(AlertKind.NEWS2_LOW_MEDIUM).get(0);
        assertEquals(Severity.MEDIUM, a.severity(), "urgent ward-based response, not LOW");
        assertEquals(1, TestJson.unit(state, WARD).getInteger("news2LowMedium"));
    }

    /** Each band's overdue set at its Chart 4 interval, one millisecond either side, and its severity. */
    @ParameterizedTest(name = "{0}: overdue after {1} min at {2}")
    @CsvSource({"zero, 720, LOW", "low, 240, LOW", "singleThree, 60, MEDIUM", "medium, 60, MEDIUM", "high, 15, HIGH"})
    void anOverdueSetCarriesAtLeastItsPatientsRisk(String band, int minutes, Severity severity) {
        Vitals v = switch (band) {
            case "zero" -> normal();
            case "low" -> new Vitals(16, 95, 1, false, 125, 72, Consciousness.A, 37.0);
            case "singleThree" -> singleThree();
            case "medium" -> medium();
            default -> high();
        };
        state.apply(observation(T0, WARD, "p1", v));
        state.apply(tick(T0 + minutes * MIN));
        assertTrue(active(AlertKind.OBSERVATIONS_OVERDUE).isEmpty(), "due by the interval: in time at it");
        state.apply(tick(T0 + minutes * MIN + 1));
        Alert overdue = active(AlertKind.OBSERVATIONS_OVERDUE).get(0);
        assertEquals(severity, overdue.severity());
        JsonObject w = TestJson.unit(state, WARD);
        assertEquals(1, w.getInteger("observationsOverdue"));
    }
}
