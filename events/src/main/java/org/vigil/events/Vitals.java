package org.vigil.events;

/**
 * One set of NEWS2 observations as recorded (raw values, before rounding to chart precision).
 *
 * @param spo2Scale 1 or 2 (Scale 2 only for hypercapnic respiratory failure, by clinical decision)
 */
public record Vitals(double respirationRate, double spo2, int spo2Scale, boolean onOxygen, double systolicBp,
                     double pulse, Consciousness consciousness, double temperature) {
}
