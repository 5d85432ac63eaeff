package org.vigil.clinical.news2;

import org.vigil.events.Consciousness;
import org.vigil.events.Vitals;

/** Observation sets with known NEWS2 results, shared by the clinical and server tests (the clinical test-jar). */
public final class TestVitals {
    private TestVitals() {
    }

    /** Healthy vitals (NEWS2 0) unless changed. */
    public static Vitals normal() {
        return new Vitals(16, 97, 1, false, 125, 72, Consciousness.A, 37.0);
    }

    /** NEWS2 total 5 (RR 21–24 → 2, SBP 101–110 → 1, pulse 91–110 → 1, temp 38.1–39 → 1), MEDIUM. */
    public static Vitals medium() {
        return new Vitals(22, 97, 1, false, 105, 100, Consciousness.A, 38.5);
    }

    /** NEWS2 total 3 from one parameter (new confusion), LOW_MEDIUM. */
    public static Vitals singleThree() {
        return new Vitals(16, 97, 1, false, 125, 72, Consciousness.C, 37.0);
    }

    /** NEWS2 11, HIGH (the RCP worked example). */
    public static Vitals high() {
        return new Vitals(22, 94, 1, true, 105, 45, Consciousness.C, 35.5);
    }
}
