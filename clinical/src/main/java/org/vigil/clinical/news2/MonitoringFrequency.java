package org.vigil.clinical.news2;

/**
 * Minimum observation frequency for a NEWS2 result (RCP NEWS2 2017, Chart 4), with the minutes set by local policy.
 *
 * <p>Chart 4: NEWS 0 → minimum 12-hourly; 1–4 → minimum 4–6-hourly (NOT 12-hourly, a known error in some public
 * code); a 3 in any single parameter → minimum hourly; 5–6 → minimum hourly; ≥7 → continuous monitoring.
 * An interval of 0 minutes means continuous.
 */
public final class MonitoringFrequency {

    private final int zeroMinutes;
    private final int lowMinutes;
    private final int singleThreeMinutes;
    private final int mediumMinutes;
    private final int highMinutes;

    /**
     * @param zeroMinutes        interval for NEWS 0 (default 720, 12-hourly)
     * @param lowMinutes         interval for NEWS 1–4 with no single 3 (default 240; policy may set up to 360)
     * @param singleThreeMinutes interval for a 3 in any single parameter with aggregate below 5 (default 60)
     * @param mediumMinutes      interval for NEWS 5–6 (default 60)
     * @param highMinutes        interval for NEWS ≥7 (default 0, continuous)
     */
    public MonitoringFrequency(int zeroMinutes, int lowMinutes, int singleThreeMinutes, int mediumMinutes,
                               int highMinutes) {
        this.zeroMinutes = nonNegative("zeroMinutes", zeroMinutes);
        this.lowMinutes = nonNegative("lowMinutes", lowMinutes);
        this.singleThreeMinutes = nonNegative("singleThreeMinutes", singleThreeMinutes);
        this.mediumMinutes = nonNegative("mediumMinutes", mediumMinutes);
        this.highMinutes = nonNegative("highMinutes", highMinutes);
    }

    /** The Vigil defaults from RCP NEWS2 2017, Chart 4: 720, 240, 60, 60, 0 (continuous). */
    public static MonitoringFrequency defaults() {
        return new MonitoringFrequency(720, 240, 60, 60, 0);
    }

    /** Minimum minutes until the next set of observations is due; 0 means continuous monitoring. */
    public int intervalMinutes(News2Score s) {
        if (s.total() == 0) {
            return zeroMinutes;
        }
        return switch (s.risk()) {
            case HIGH -> highMinutes;
            case MEDIUM -> mediumMinutes;
            case LOW_MEDIUM -> singleThreeMinutes;
            case LOW -> lowMinutes; // NEWS 1–4: 4–6-hourly, not 12-hourly
        };
    }

    public int zeroMinutes() {
        return zeroMinutes;
    }

    public int lowMinutes() {
        return lowMinutes;
    }

    public int singleThreeMinutes() {
        return singleThreeMinutes;
    }

    public int mediumMinutes() {
        return mediumMinutes;
    }

    public int highMinutes() {
        return highMinutes;
    }

    @Override
    public String toString() {
        return "MonitoringFrequency[zero=" + zeroMinutes + ", low=" + lowMinutes + ", singleThree="
                + singleThreeMinutes + ", medium=" + mediumMinutes + ", high=" + highMinutes + "]";
    }

    private static int nonNegative(String name, int minutes) {
        if (minutes < 0) {
            throw new IllegalArgumentException(name + " must be >= 0: " + minutes);
        }
        return minutes;
    }
}
