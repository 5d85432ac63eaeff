package org.vigil.simulator;

import org.vigil.events.Consciousness;
import org.vigil.events.Vitals;

import java.util.SplittableRandom;

/**
 * A person's vital signs: a personal baseline (some people's "normal" already scores, e.g. COPD on Scale 2, or
 * a resting tachycardia), measurement noise, and an optional episode of deterioration that ramps up over hours,
 * plateaus and recovers. The shapes follow the physiology NEWS2 was built on (RCP 2017): sepsis raises
 * temperature, pulse and respiration and lowers blood pressure; respiratory illness lowers SpO2 (and brings
 * oxygen); delirium brings new confusion.
 */
final class Physiology {
    enum Kind { SEPSIS, RESPIRATORY, CARDIAC, DELIRIUM }

    /** One episode of deterioration: severity 0 before onset, rising linearly to {@code peak}, then recovering. */
    record Episode(Kind kind, long onset, long rampMillis, long plateauMillis, long recoveryMillis, double peak,
                   boolean hypothermic, boolean bradycardic) {
        double severity(long t) {
            if (t < onset) {
                return 0;
            }
            long dt = t - onset;
            if (dt < rampMillis) {
                return peak * dt / rampMillis;
            }
            dt -= rampMillis;
            if (dt < plateauMillis) {
                return peak;
            }
            dt -= plateauMillis;
            return dt < recoveryMillis ? peak * (1 - (double) dt / recoveryMillis) : 0;
        }

        long end() {
            return onset + rampMillis + plateauMillis + recoveryMillis;
        }
    }

    final double rr, spo2, sbp, pulse, temp;
    final int spo2Scale;
    final boolean chronicOxygen;
    Episode episode;
    private boolean onOxygen;

    Physiology(double rr, double spo2, int spo2Scale, boolean chronicOxygen, double sbp, double pulse, double temp) {
        this.rr = rr;
        this.spo2 = spo2;
        this.spo2Scale = spo2Scale;
        this.chronicOxygen = chronicOxygen;
        this.sbp = sbp;
        this.pulse = pulse;
        this.temp = temp;
        this.onOxygen = chronicOxygen;
    }

    /** A baseline for someone of this age; {@code copdShare} of them have hypercapnic failure (Scale 2, target 88–92 %). */
    static Physiology baseline(SplittableRandom r, int age, double copdShare) {
        boolean copd = r.nextDouble() < copdShare;
        double rr = copd ? 16 + r.nextDouble() * 4 : 13 + r.nextDouble() * 5;
        double spo2 = copd ? 88 + r.nextDouble() * 4 : (r.nextDouble() < 0.12 ? 94 + r.nextDouble() * 2 : 96 + r.nextDouble() * 3);
        double sbp = 105 + Math.min(age, 90) * 0.45 + r.nextGaussian() * 14;
        double pulse = r.nextDouble() < 0.08 ? 92 + r.nextDouble() * 12 : 62 + r.nextDouble() * 26;
        double temp = 36.3 + r.nextDouble() * 0.9;
        boolean chronicO2 = copd && r.nextDouble() < 0.15;
        return new Physiology(rr, spo2, copd ? 2 : 1, chronicO2, clamp(sbp, 95, 185), pulse, temp);
    }

    double severity(long t) {
        return episode == null ? 0 : episode.severity(t);
    }

    /** One set of observations taken at {@code t}. */
    Vitals observe(SplittableRandom r, long t) {
        double s = severity(t);
        double vRr = rr + r.nextGaussian() * 1.2;
        double vSpo2 = spo2 + r.nextGaussian() * 0.8;
        double vSbp = sbp + r.nextGaussian() * 7;
        double vPulse = pulse + r.nextGaussian() * 5;
        double vTemp = temp + r.nextGaussian() * 0.2;
        Consciousness acvpu = Consciousness.A;
        if (s > 0 && episode != null) {
            switch (episode.kind()) {
                case SEPSIS:
                    vTemp += episode.hypothermic() ? -1.6 * s : 2.3 * s;
                    vPulse += 38 * s;
                    vRr += 9 * s;
                    vSbp -= 38 * s;
                    vSpo2 -= 3 * s;
                    if (s > 1.1 && r.nextDouble() < 0.5) {
                        acvpu = Consciousness.C;
                    }
                    break;
                case RESPIRATORY:
                    vRr += 12 * s;
                    vSpo2 -= 9 * s;
                    vPulse += 20 * s;
                    vTemp += 0.9 * s;
                    break;
                case CARDIAC:
                    vPulse += episode.bradycardic() ? -32 * s : 45 * s;
                    vSbp -= 40 * s;
                    vRr += 6 * s;
                    vSpo2 -= 3 * s;
                    break;
                case DELIRIUM:
                    if (s > 0.55) {
                        acvpu = s > 1.35 ? Consciousness.V : Consciousness.C;
                    }
                    vRr += 4 * s;
                    vPulse += 12 * s;
                    vTemp += 0.5 * s;
                    break;
                default:
                    throw new IllegalStateException();
            }
        }
        // Nurses start oxygen when saturation falls below target in someone unwell, or well below it in someone who
        // is not (a single reading a point under target is rechecked first), and stop it once the episode has passed.
        double target = spo2Scale == 2 ? 88 : 94;
        if (!onOxygen && vSpo2 < target && (s > 0.1 || vSpo2 < target - 2)) {
            onOxygen = true;
        } else if (onOxygen && !chronicOxygen && s < 0.2) {
            onOxygen = false;
        }
        if (onOxygen) {
            vSpo2 = Math.max(vSpo2, spo2Scale == 2 ? 88 + r.nextDouble() * 4 : 92 + r.nextDouble() * 4 - 2 * s);
        }
        return new Vitals(round(clamp(vRr, 6, 45)), round(clamp(vSpo2, 75, 100)), spo2Scale, onOxygen,
                round(clamp(vSbp, 60, 240)), round(clamp(vPulse, 30, 180)), acvpu, round1(clamp(vTemp, 33.5, 41.5)));
    }

    /** A random episode starting at {@code onset}; a few are severe. */
    static Episode episode(SplittableRandom r, long onset, Kind kind) {
        double peak = r.nextDouble() < 0.2 ? 1.0 + r.nextDouble() * 0.6 : 0.35 + r.nextDouble() * 0.65;
        long hour = 3_600_000L;
        return new Episode(kind, onset, (long) ((3 + r.nextDouble() * 15) * hour), (long) ((2 + r.nextDouble() * 10) * hour),
                (long) ((12 + r.nextDouble() * 36) * hour), peak, r.nextDouble() < 0.15, r.nextDouble() < 0.2);
    }

    /**
     * An episode that reaches NEWS2 5 or more at its peak, {@code rampMillis} after onset: sepsis, a respiratory or a
     * cardiac illness at a severity that scores 5 or more for most baselines (respiratory illness brings oxygen, so
     * it needs less). (Delirium alone often does not reach 5: new confusion scores 3.)
     */
    static Episode serious(SplittableRandom r, long onset, long rampMillis) {
        double x = r.nextDouble();
        Kind kind = x < 0.45 ? Kind.SEPSIS : x < 0.85 ? Kind.RESPIRATORY : Kind.CARDIAC;
        double peak = kind == Kind.RESPIRATORY ? 0.5 + r.nextDouble() * 0.2 : 0.75 + r.nextDouble() * 0.15;
        long hour = 3_600_000L;
        return new Episode(kind, onset, rampMillis, (long) ((2 + r.nextDouble() * 6) * hour),
                (long) ((12 + r.nextDouble() * 24) * hour), peak, r.nextDouble() < 0.15, r.nextDouble() < 0.2);
    }

    /** A mild episode (severity at most 0.35): NEWS2 rises by a few points at most and comes back without treatment. */
    static Episode mild(SplittableRandom r, long onset) {
        long hour = 3_600_000L;
        return new Episode(kind(r), onset, (long) ((3 + r.nextDouble() * 9) * hour), (long) ((2 + r.nextDouble() * 8) * hour),
                (long) ((6 + r.nextDouble() * 18) * hour), 0.15 + r.nextDouble() * 0.2, r.nextDouble() < 0.15,
                r.nextDouble() < 0.2);
    }

    static Kind kind(SplittableRandom r) {
        double x = r.nextDouble();
        return x < 0.35 ? Kind.SEPSIS : x < 0.7 ? Kind.RESPIRATORY : x < 0.85 ? Kind.CARDIAC : Kind.DELIRIUM;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static double round(double v) {
        return Math.round(v);
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
