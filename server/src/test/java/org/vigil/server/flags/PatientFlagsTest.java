package org.vigil.server.flags;

import org.vigil.server.TestJson;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.PatientFlag;
import org.vigil.events.Payload;
import org.vigil.server.rules.EngineState;
import org.vigil.organisation.OrganisationLoader;

import java.io.IOException;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Patient flags on the ward wall: latest by event time, following the patient, cleared on discharge. */
class PatientFlagsTest {
    private static final String WARD = "RVT-W12";
    private static final String OTHER = "RVT-W14";
    private static final long T0 = at("2026-11-23T10:00:00Z");
    private static final long MIN = 60_000L;
    private static long ids;

    private EngineState state;

    @BeforeEach
    void setUp() throws IOException {
        state = new EngineState(OrganisationLoader.demo());
        state.apply(movement(EventType.ADMISSION, T0 - 60 * MIN, WARD, "p1", "B1"));
        state.apply(movement(EventType.ADMISSION, T0 - 60 * MIN, WARD, "p2", "B2"));
    }

    static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    static Event movement(EventType type, long time, String unit, String patient, String bed) {
        return new Event("f-" + ++ids, type, time, unit, new Payload.Movement(patient, bed, -1));
    }

    static Event flag(long time, String unit, String patient, PatientFlag flag, boolean active) {
        return new Event("f-" + ++ids, EventType.FLAG, time, unit, new Payload.Flag(patient, flag, active));
    }

    private int count(String unit, PatientFlag f) {
        return TestJson.unit(state, unit).getJsonObject("flags").getInteger(f.name());
    }

    @ParameterizedTest(name = "{0} → \"{1}\"")
    @CsvSource({
            "SEPSIS, sepsis",
            "AKI, aki",
            "PRESSURE_ULCER, pressureUlcers",
            "INFECTION_ISOLATION, infectionIsolation",
            "DISCHARGE_TODAY, dischargesExpectedToday",
            "MED_REC_OUTSTANDING, medRecOutstanding",
            "NON_VERIFIED_PRESCRIPTION, nonVerifiedPrescriptions",
    })
    void eachWallCountIsTheNumberOfPatientsFlagged(PatientFlag f, String key) {
        state.apply(flag(T0, WARD, "p1", f, true));
        state.apply(flag(T0, WARD, "p2", f, true));
        state.apply(flag(T0 + MIN, WARD, "p1", f, true)); // set again: still one patient
        JsonObject w = TestJson.unit(state, WARD);
        assertEquals(2, w.getInteger(key));
        assertEquals(2, w.getJsonObject("flags").getInteger(f.name()));
        for (PatientFlag other : PatientFlag.values()) {
            if (other != f) {
                assertEquals(0, w.getJsonObject("flags").getInteger(other.name()), other.name());
            }
        }
    }

    @Test
    void everyFlagIsOnTheWallEvenAtZero() {
        JsonObject flags = TestJson.unit(state, WARD).getJsonObject("flags");
        assertEquals(PatientFlag.values().length, flags.size());
        for (PatientFlag f : PatientFlag.values()) {
            assertEquals(0, flags.getInteger(f.name()), f.name());
        }
        assertEquals(0, TestJson.unit(state, WARD).getInteger("sepsis"));
    }

    @Test
    void theLatestEventByEventTimeWins() {
        state.apply(flag(T0, WARD, "p1", PatientFlag.SEPSIS, true));
        state.apply(flag(T0 + 60 * MIN, WARD, "p1", PatientFlag.SEPSIS, false));
        assertEquals(0, count(WARD, PatientFlag.SEPSIS));
        state.apply(flag(T0 + 30 * MIN, WARD, "p1", PatientFlag.SEPSIS, true)); // older, delivered late
        assertEquals(0, count(WARD, PatientFlag.SEPSIS));
        state.apply(flag(T0 + 90 * MIN, WARD, "p1", PatientFlag.SEPSIS, true));
        assertEquals(1, count(WARD, PatientFlag.SEPSIS));
        // per flag: clearing AKI does not clear sepsis
        state.apply(flag(T0 + 95 * MIN, WARD, "p1", PatientFlag.AKI, false));
        assertEquals(1, count(WARD, PatientFlag.SEPSIS));
    }

    @Test
    void flagsFollowATransferredPatient() {
        state.apply(flag(T0, WARD, "p1", PatientFlag.INFECTION_ISOLATION, true));
        state.apply(movement(EventType.TRANSFER, T0 + 10 * MIN, OTHER, "p1", "S4"));
        assertEquals(0, count(WARD, PatientFlag.INFECTION_ISOLATION));
        assertEquals(1, count(OTHER, PatientFlag.INFECTION_ISOLATION));
        // a flag sent with the old ward's id counts where the patient is
        state.apply(flag(T0 + 20 * MIN, WARD, "p1", PatientFlag.AKI, true));
        assertEquals(0, count(WARD, PatientFlag.AKI));
        assertEquals(1, count(OTHER, PatientFlag.AKI));
    }

    @Test
    void dischargeClearsThePatientsFlags() {
        state.apply(flag(T0, WARD, "p1", PatientFlag.PRESSURE_ULCER, true));
        state.apply(flag(T0, WARD, "p1", PatientFlag.SEPSIS, true));
        state.apply(movement(EventType.DISCHARGE, T0 + 10 * MIN, WARD, "p1", null));
        assertEquals(0, count(WARD, PatientFlag.PRESSURE_ULCER));
        assertEquals(0, count(WARD, PatientFlag.SEPSIS));
        // readmitted later: a new stay starts without the old stay's flags
        state.apply(movement(EventType.ADMISSION, T0 + 120 * MIN, WARD, "p1", "B1"));
        assertEquals(0, count(WARD, PatientFlag.SEPSIS));
    }

    @Test
    void aFlagThatOvertakesTheAdmissionCountsFromTheAdmission() {
        state.apply(flag(T0, WARD, "p9", PatientFlag.SEPSIS, true));
        assertEquals(0, count(WARD, PatientFlag.SEPSIS), "not on the census: not a patient on this ward yet");
        state.apply(movement(EventType.ADMISSION, T0 - 5 * MIN, WARD, "p9", "B9")); // admitted before, told after
        assertEquals(1, count(WARD, PatientFlag.SEPSIS));
    }

    @Test
    void aHeldFlagLapsesWhenNoAdmissionComesWithinADay() {
        state.apply(flag(T0, WARD, "p9", PatientFlag.SEPSIS, true));
        state.apply(new Event(null, EventType.TICK, T0 + 24 * 60 * MIN, null, Payload.Tick.INSTANCE));
        state.apply(movement(EventType.ADMISSION, T0 + 24 * 60 * MIN + MIN, WARD, "p9", "B9"));
        assertEquals(0, count(WARD, PatientFlag.SEPSIS));
    }

    @Test
    void dischargeTodayCountsOnlyOnTheDayItWasSet() {
        state.apply(flag(T0, WARD, "p1", PatientFlag.DISCHARGE_TODAY, true));
        assertEquals(1, TestJson.unit(state, WARD).getInteger("dischargesExpectedToday"));
        state.apply(new Event(null, EventType.TICK, at("2026-11-24T00:00:00Z"), null, Payload.Tick.INSTANCE));
        assertEquals(0, TestJson.unit(state, WARD).getInteger("dischargesExpectedToday"), "yesterday's plan, not today's");
        state.apply(flag(at("2026-11-24T08:00:00Z"), WARD, "p1", PatientFlag.DISCHARGE_TODAY, true));
        assertEquals(1, TestJson.unit(state, WARD).getInteger("dischargesExpectedToday"));
        // a long-standing clinical flag is not day-bound
        state.apply(flag(T0, WARD, "p2", PatientFlag.AKI, true));
        assertEquals(1, TestJson.unit(state, WARD).getInteger("aki"));
    }
}
