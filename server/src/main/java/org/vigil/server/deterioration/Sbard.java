package org.vigil.server.deterioration;

import org.vigil.events.SoftSign;
import org.vigil.events.Vitals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The SBARD summary (Situation, Background, Assessment, Recommendation, Decision) a carer reads out when calling
 * a GP, NHS 111 or 999. It names the home, never the resident: the tablet adds the resident's label, which stays
 * on the device.
 */
public final class Sbard {
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm", Locale.UK);
    private static final DateTimeFormatter DAY_HH_MM = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.UK);

    private Sbard() {
    }

    public static String text(String home, ZoneId zone, long takenAt, Vitals vitals, News2Score score,
                              List<SoftSign> softSigns, Integer baseline, long baselineAt,
                              Restore2Escalation.Advice advice, long repeatDueAt) {
        StringBuilder s = new StringBuilder(512);
        s.append("S — Situation: I am calling from ").append(home).append(" about a resident");
        if (score != null) {
            s.append(" whose NEWS2 is ").append(score.total()).append(" (").append(risk(score)).append(" clinical risk)");
        }
        if (!softSigns.isEmpty()) {
            s.append(score == null ? " showing soft signs of deterioration: " : ", with soft signs: ").append(signs(softSigns));
        }
        s.append(".\n");
        s.append("B — Background: ");
        if (baseline != null) {
            s.append("their usual (baseline) NEWS2 is ").append(baseline).append(", recorded ")
                    .append(DAY_HH_MM.format(Instant.ofEpochMilli(baselineAt).atZone(zone))).append(".\n");
        } else {
            s.append("no baseline NEWS2 is recorded for them.\n");
        }
        s.append("A — Assessment: ");
        if (vitals == null) {
            s.append("observations not yet taken.\n");
        } else {
            s.append("at ").append(HH_MM.format(Instant.ofEpochMilli(takenAt).atZone(zone)))
                    .append(": respiration rate ").append(num(vitals.respirationRate())).append("/min, SpO2 ")
                    .append(num(vitals.spo2())).append("% (scale ").append(vitals.spo2Scale()).append(") ")
                    .append(vitals.onOxygen() ? "on oxygen" : "on air").append(", systolic BP ")
                    .append(num(vitals.systolicBp())).append(" mmHg, pulse ").append(num(vitals.pulse()))
                    .append("/min, ").append(acvpu(vitals)).append(", temperature ")
                    .append(String.format(Locale.UK, "%.1f", vitals.temperature())).append(" °C.\n");
        }
        s.append("R — Recommendation: ").append(advice.text()).append('\n');
        s.append("D — Decision: agree the plan with the clinician and record it; repeat observations by ")
                .append(HH_MM.format(Instant.ofEpochMilli(repeatDueAt).atZone(zone))).append('.');
        return s.toString();
    }

    private static String risk(News2Score score) {
        return score.risk().name().toLowerCase(Locale.UK).replace('_', '-');
    }

    private static String signs(List<SoftSign> softSigns) {
        StringBuilder b = new StringBuilder();
        for (SoftSign sign : softSigns) {
            b.append(b.length() == 0 ? "" : ", ").append(sign.name().toLowerCase(Locale.UK).replace('_', ' '));
        }
        return b.toString();
    }

    private static String acvpu(Vitals v) {
        return switch (v.consciousness()) {
            case A -> "alert";
            case C -> "new confusion";
            case V -> "responds to voice only";
            case P -> "responds to pain only";
            case U -> "unresponsive";
        };
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
