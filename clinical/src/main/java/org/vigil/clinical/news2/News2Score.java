package org.vigil.clinical.news2;

import java.util.Objects;

/**
 * A NEWS2 result: the aggregate, its Chart 3 clinical risk, and the seven Chart 1 parameter scores.
 *
 * <p>The record is checked on construction: every parameter score must be one Chart 1 can produce (0–3; the
 * air/oxygen score is 0 or 2), {@code total} must equal their sum and {@code risk} must be the Chart 3 risk for
 * them. An inconsistent score is a bug, and in a patient-safety system it must fail loudly rather than under-alert.
 * Use {@link #of} to build one from parameter scores.
 */
public record News2Score(int total, ClinicalRisk risk, int respirationRate, int spo2, int onOxygen, int systolicBp,
                         int pulse, int consciousness, int temperature) {

    public News2Score {
        Objects.requireNonNull(risk, "risk");
        check("respirationRate", respirationRate);
        check("spo2", spo2);
        check("systolicBp", systolicBp);
        check("pulse", pulse);
        check("consciousness", consciousness);
        check("temperature", temperature);
        if (onOxygen != 0 && onOxygen != 2) { // RCP NEWS2 2017, Chart 1: air 0, oxygen 2
            throw new IllegalArgumentException("onOxygen score must be 0 or 2: " + onOxygen);
        }
        int sum = respirationRate + spo2 + onOxygen + systolicBp + pulse + consciousness + temperature;
        if (total != sum) {
            throw new IllegalArgumentException("total " + total + " != sum of parameter scores " + sum);
        }
        ClinicalRisk expected = ClinicalRisk.of(total, anyThree(respirationRate, spo2, onOxygen, systolicBp, pulse,
                consciousness, temperature));
        if (risk != expected) {
            throw new IllegalArgumentException("risk " + risk + " inconsistent with scores (expected " + expected + ")");
        }
    }

    /** Builds a score from the seven parameter scores, deriving the total and the Chart 3 risk. */
    public static News2Score of(int respirationRate, int spo2, int onOxygen, int systolicBp, int pulse,
                                int consciousness, int temperature) {
        int total = respirationRate + spo2 + onOxygen + systolicBp + pulse + consciousness + temperature;
        ClinicalRisk risk = ClinicalRisk.of(total, anyThree(respirationRate, spo2, onOxygen, systolicBp, pulse,
                consciousness, temperature));
        return new News2Score(total, risk, respirationRate, spo2, onOxygen, systolicBp, pulse, consciousness,
                temperature);
    }

    /**
     * The seven parameter scores in 14 bits, two each (respiration rate lowest, then SpO2, air/oxygen, systolic BP,
     * pulse, consciousness, temperature): a score kept compactly, e.g. in a patient's history or a state snapshot.
     */
    public int packed() {
        return respirationRate | spo2 << 2 | onOxygen << 4 | systolicBp << 6 | pulse << 8 | consciousness << 10
                | temperature << 12;
    }

    /** The score {@link #packed()} packed (bits above the 14th are ignored). */
    public static News2Score unpacked(int packed) {
        return of(packed & 3, (packed >> 2) & 3, (packed >> 4) & 3, (packed >> 6) & 3, (packed >> 8) & 3,
                (packed >> 10) & 3, (packed >> 12) & 3);
    }

    /** Whether any single parameter scored 3 (the Chart 3 "red score"). */
    public boolean hasSingleParameterOf3() {
        return anyThree(respirationRate, spo2, onOxygen, systolicBp, pulse, consciousness, temperature);
    }

    private static boolean anyThree(int rr, int spo2, int o2, int sbp, int pulse, int acvpu, int temp) {
        return rr == 3 || spo2 == 3 || o2 == 3 || sbp == 3 || pulse == 3 || acvpu == 3 || temp == 3;
    }

    private static void check(String name, int score) {
        if (score < 0 || score > 3) {
            throw new IllegalArgumentException(name + " score out of range 0-3: " + score);
        }
    }
}
