package org.vigil.clinical.news2;

import org.vigil.events.Consciousness;
import org.vigil.events.Vitals;

import java.util.Objects;

/**
 * NEWS2 scoring (Royal College of Physicians, National Early Warning Score 2, 2017; see reference/news2.md).
 *
 * <p>Each raw reading is first rounded half-up to the chart's precision (Vigil's rule; the RCP gives none): whole
 * numbers for respiration rate, SpO2, systolic BP and pulse, one decimal for temperature. "Half-up" is applied to the
 * value as written in decimal, i.e. exactly as {@code BigDecimal.valueOf(x).setScale(n, RoundingMode.HALF_UP)}
 * would (so 35.05, whose double is 35.04999…, rounds to 35.1), but with allocation-free arithmetic; see
 * {@link #roundToWhole} and {@link #roundToTenths}. Banding is then done on exact integers (whole units, or tenths of
 * a degree), so no floating-point comparison takes part in a band decision.
 *
 * <p>Readings that cannot be scored (NaN, infinite, negative, or an SpO2 scale other than 1 or 2) are rejected with
 * {@link IllegalArgumentException}: silently scoring them would risk under-scoring a deteriorating patient.
 */
public final class News2 {

    private News2() {
    }

    /** Scores one set of observations. */
    public static News2Score score(Vitals v) {
        Objects.requireNonNull(v, "vitals");
        int rr = respirationRate(roundToWhole(checked("respirationRate", v.respirationRate())));
        int spo2 = spo2(roundToWhole(checked("spo2", v.spo2())), v.spo2Scale(), v.onOxygen());
        int o2 = v.onOxygen() ? 2 : 0; // RCP NEWS2 2017, Chart 1: "air or oxygen" — oxygen 2, air 0, on either scale
        int sbp = systolicBp(roundToWhole(checked("systolicBp", v.systolicBp())));
        int pulse = pulse(roundToWhole(checked("pulse", v.pulse())));
        int acvpu = consciousness(Objects.requireNonNull(v.consciousness(), "consciousness"));
        int temp = temperature(roundToTenths(checked("temperature", v.temperature())));
        return News2Score.of(rr, spo2, o2, sbp, pulse, acvpu, temp);
    }

    // ---------------------------------------------------------------- Chart 1 bands (on rounded values)

    /** RCP NEWS2 2017, Chart 1: ≤8 → 3; 9–11 → 1; 12–20 → 0; 21–24 → 2; ≥25 → 3. */
    static int respirationRate(long rr) {
        if (rr <= 8) return 3;
        if (rr <= 11) return 1;
        if (rr <= 20) return 0;
        if (rr <= 24) return 2;
        return 3;
    }

    /**
     * RCP NEWS2 2017, Chart 1.
     * Scale 1: ≤91 → 3; 92–93 → 2; 94–95 → 1; ≥96 → 0 (oxygen does not change the SpO2 score).
     * Scale 2: ≤83 → 3; 84–85 → 2; 86–87 → 1; 88–92 → 0; ≥93 on air → 0;
     * 93–94 on oxygen → 1; 95–96 on oxygen → 2; ≥97 on oxygen → 3.
     */
    static int spo2(long spo2, int scale, boolean onOxygen) {
        if (scale == 1) {
            if (spo2 <= 91) return 3;
            if (spo2 <= 93) return 2;
            if (spo2 <= 95) return 1;
            return 0;
        }
        if (scale == 2) {
            if (spo2 <= 83) return 3;
            if (spo2 <= 85) return 2;
            if (spo2 <= 87) return 1;
            if (spo2 <= 92) return 0;
            if (!onOxygen) return 0; // ≥93 on air
            if (spo2 <= 94) return 1;
            if (spo2 <= 96) return 2;
            return 3;
        }
        throw new IllegalArgumentException("spo2Scale must be 1 or 2: " + scale);
    }

    /** RCP NEWS2 2017, Chart 1: ≤90 → 3; 91–100 → 2; 101–110 → 1; 111–219 → 0; ≥220 → 3. */
    static int systolicBp(long sbp) {
        if (sbp <= 90) return 3;
        if (sbp <= 100) return 2;
        if (sbp <= 110) return 1;
        if (sbp <= 219) return 0;
        return 3;
    }

    /** RCP NEWS2 2017, Chart 1: ≤40 → 3; 41–50 → 1; 51–90 → 0; 91–110 → 1; 111–130 → 2; ≥131 → 3. */
    static int pulse(long pulse) {
        if (pulse <= 40) return 3;
        if (pulse <= 50) return 1;
        if (pulse <= 90) return 0;
        if (pulse <= 110) return 1;
        if (pulse <= 130) return 2;
        return 3;
    }

    /** RCP NEWS2 2017, Chart 1: Alert → 0; new Confusion, V, P or U → 3 (long-standing confusion is recorded as A). */
    static int consciousness(Consciousness c) {
        return switch (c) {
            case A -> 0;
            case C, V, P, U -> 3;
        };
    }

    /**
     * RCP NEWS2 2017, Chart 1, in tenths of a degree: ≤35.0 → 3; 35.1–36.0 → 1; 36.1–38.0 → 0; 38.1–39.0 → 1;
     * ≥39.1 → 2 (temperature never scores 3 on the high side).
     */
    static int temperature(long tenths) {
        if (tenths <= 350) return 3;
        if (tenths <= 360) return 1;
        if (tenths <= 380) return 0;
        if (tenths <= 390) return 1;
        return 2;
    }

    // ---------------------------------------------------------------- rounding

    /**
     * Rounds a finite, non-negative reading half-up to a whole number.
     *
     * <p>Exact: {@link Math#round(double)} rounds the binary value to the nearest integer with ties towards positive
     * infinity, without the {@code floor(x + 0.5)} double-rounding error. For non-negative x that is HALF_UP. It also
     * agrees with rounding x's shortest decimal form: every n.5 (|n| &lt; 2^52) is exactly representable, so a double
     * other than n.5 and its decimal form always lie on the same side of n.5.
     */
    static long roundToWhole(double x) {
        return Math.round(x);
    }

    /**
     * Rounds a finite, non-negative reading half-up to one decimal place, returning the result in tenths
     * (35.05 → 351), exactly as {@code BigDecimal.valueOf(x).setScale(1, RoundingMode.HALF_UP)} does.
     *
     * <p>Why it is exact: the decimal form of x (its shortest round-tripping string) is at least k.k5 iff x is at least
     * the double nearest to k.k5 — that double's own decimal form is k.k5, and the decimal forms of distinct doubles
     * lie in disjoint rounding intervals, ordered like the doubles. The nearest double to the tie (10t + 5) / 100 is
     * obtained exactly, since IEEE division is correctly rounded and 10t + 5 is an exact double below 2^53.
     * {@code floor(x * 10)} can only err by being one too high (when x * 10 rounds up onto an integer m); then x lies
     * within an ulp below m / 10, the tie (m + 0.5) / 10 is above x and the answer m is still right.
     * Valid for 0 ≤ x &lt; 9e14.
     */
    static long roundToTenths(double x) {
        long t = (long) Math.floor(x * 10.0);
        double tie = (10 * t + 5) / 100.0;
        return x >= tie ? t + 1 : t;
    }

    private static double checked(String name, double x) {
        if (!(x >= 0) || x == Double.POSITIVE_INFINITY) { // rejects NaN too
            throw new IllegalArgumentException(name + " is not a valid reading: " + x);
        }
        return x;
    }
}
