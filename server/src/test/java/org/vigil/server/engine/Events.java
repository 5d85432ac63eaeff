package org.vigil.server.engine;

import org.vigil.events.Consciousness;
import org.vigil.events.Event;
import org.vigil.events.EventType;
import org.vigil.events.Payload;
import org.vigil.events.Vitals;
import org.vigil.clinical.news2.TestVitals;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Builds events for rule tests, with unique ids. */
public final class Events {
    private static final AtomicLong IDS = new AtomicLong();

    private Events() {
    }

    public static long at(String isoInstant) {
        return Instant.parse(isoInstant).toEpochMilli();
    }

    public static Event event(EventType type, long time, String unit, Payload payload) {
        return new Event("t-" + IDS.incrementAndGet(), type, time, unit, payload);
    }

    public static Event admission(long time, String unit, String patient, String bed, int age) {
        return event(EventType.ADMISSION, time, unit, new Payload.Movement(patient, bed, age));
    }

    public static Event transfer(long time, String unit, String patient, String bed) {
        return event(EventType.TRANSFER, time, unit, new Payload.Movement(patient, bed, -1));
    }

    public static Event discharge(long time, String unit, String patient) {
        return event(EventType.DISCHARGE, time, unit, new Payload.Movement(patient, null, -1));
    }

    public static Event tick(long time) {
        return new Event(null, EventType.TICK, time, null, Payload.Tick.INSTANCE);
    }

    /** Healthy vitals (NEWS2 0) unless changed. */
    public static Vitals normal() {
        return TestVitals.normal();
    }

    /** NEWS2 total 5, MEDIUM. */
    public static Vitals medium() {
        return TestVitals.medium();
    }

    /** NEWS2 total 3 from one parameter (new confusion), LOW_MEDIUM. */
    public static Vitals singleThree() {
        return TestVitals.singleThree();
    }

    /** NEWS2 11, HIGH (the RCP worked example). */
    public static Vitals high() {
        return TestVitals.high();
    }

    public static Event observation(long time, String unit, String patient, Vitals v) {
        return event(EventType.OBSERVATION, time, unit, new Payload.Observation(patient, v));
    }
}
