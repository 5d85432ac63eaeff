package org.vigil.clinical.restore2;

import org.vigil.events.SoftSign;
import org.vigil.events.Vitals;

import org.vigil.clinical.news2.News2Score;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SBARD summary (Situation, Background, Assessment, Recommendation, Decision) a carer reads out when calling
 * a GP, NHS 111 or 999. It names the home, never the resident: the tablet adds the resident's label, which stays
 * on the device.
 *
 * <p>The Recommendation is said <em>to</em> the service being called, so it says what the caller is doing and
 * asking for ("I am calling 999 because …; I request an emergency ambulance"), never an instruction meant for the
 * carer ("Call 999" read to the 999 call handler). It is followed by what to do while waiting, by level: stay
 * with the resident, repeat the observations at the level's interval, have the medicines list and any DNACPR or
 * ReSPECT form ready for whoever comes.
 */
public final class Sbard {
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm", Locale.UK);
    private static final DateTimeFormatter DAY_HH_MM = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.UK);

    private Sbard() {
    }

    private static String situation(String home) {
        return "S — Situation: I am calling from " + home + " about a resident";
    }

    /**
     * The same SBARD read from another home: a resident moved between homes takes their latest submission with them,
     * and the carer calling gives the home they are in, not the one they left (found by a review: the new home's
     * tablet said "calling from" the old one). The rest of the text (times, readings, advice) is the submission's.
     */
    public static String calledFrom(String text, String from, String to) {
        String was = situation(from);
        return text.startsWith(was) ? situation(to) + text.substring(was.length()) : text;
    }

    public static String text(String home, ZoneId zone, long takenAt, Vitals vitals, News2Score score,
                              List<SoftSign> softSigns, Integer baseline, long baselineAt,
                              Restore2Escalation.Advice advice, long repeatDueAt) {
        StringBuilder s = new StringBuilder(768);
        s.append(situation(home));
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
        String repeatBy = HH_MM.format(Instant.ofEpochMilli(repeatDueAt).atZone(zone));
        s.append("R — Recommendation: ").append(recommendation(advice, score, softSigns, baseline)).append('\n');
        String waiting = whileWaiting(advice, repeatBy);
        if (waiting != null) {
            s.append("While waiting: ").append(waiting).append('\n');
        }
        s.append("D — Decision: agree the plan with ").append(service(advice)).append(", record it and who agreed it; ")
                .append("repeat observations by ").append(repeatBy).append('.');
        return s.toString();
    }

    /** Who the caller is speaking to at this level. */
    private static String service(Restore2Escalation.Advice advice) {
        return switch (advice.level()) {
            case ROUTINE, INFORM_SENIOR -> "the senior carer or nurse";
            case GP_REVIEW -> "the GP";
            case URGENT -> "the GP or NHS 111";
            case EMERGENCY -> "the 999 call handler";
        };
    }

    /** "I am calling … because …; I request …", addressed to the service called. */
    static String recommendation(Restore2Escalation.Advice advice, News2Score score, List<SoftSign> softSigns,
                                 Integer baseline) {
        String because = because(advice, score, softSigns, baseline);
        return switch (advice.level()) {
            case ROUTINE -> "I am not asking for a review now: " + because + "; routine care and observations continue.";
            case INFORM_SENIOR -> "I am telling you, the senior on shift, because " + because
                    + "; I request that you see the resident now and decide whether they need a GP review.";
            case GP_REVIEW -> advice.singleRedScore()
                    ? "I am calling the GP (NHS 111 out of hours) because " + because
                            + "; I request an urgent review of the resident now, and your advice on whether they need to go to hospital."
                    : "I am calling the GP because " + because
                            + "; I request an urgent GP review of the resident within 2 hours, since their NEWS2 "
                            + (advice.aboveBaseline() ? "has risen above their usual." : "stays at 3 or more.");
            case URGENT -> "I am calling the GP urgently (NHS 111 out of hours) because " + because
                    + "; I request an urgent clinical assessment of the resident now, and your advice on whether they should go to hospital.";
            case EMERGENCY -> "I am calling 999 because " + because + "; I request an emergency ambulance.";
        };
    }

    private static String because(Restore2Escalation.Advice advice, News2Score score, List<SoftSign> softSigns,
                                  Integer baseline) {
        List<String> why = new ArrayList<>();
        if (score == null) {
            why.add("they show soft signs of deterioration (" + signs(softSigns) + ") and have no observations yet");
        } else {
            if (advice.singleRedScore()) {
                why.add("one observation scores 3, a red score (" + redScores(score) + ")");
            }
            why.add("their NEWS2 is " + score.total() + " (" + risk(score) + " clinical risk)");
            if (advice.aboveBaseline() && baseline != null) {
                why.add((score.total() - baseline) + " above their usual " + baseline);
            }
            if (!softSigns.isEmpty()) {
                why.add("with soft signs (" + signs(softSigns) + ")");
            }
        }
        return String.join(", ", why);
    }

    /** What to do until the clinician or crew is there: by level, with the repeat interval. */
    static String whileWaiting(Restore2Escalation.Advice advice, String repeatBy) {
        int every = advice.repeatMinutes();
        return switch (advice.level()) {
            case ROUTINE -> null;
            case INFORM_SENIOR -> "stay with the resident if they are distressed; take or repeat a full set of "
                    + "observations by " + repeatBy + ".";
            case GP_REVIEW -> "stay with the resident or check on them often; repeat observations by " + repeatBy
                    + " (every " + every + " minutes); call NHS 111, or 999 if NEWS2 reaches 7, if they get worse; "
                    + "have their medicines list ready.";
            case URGENT -> "stay with the resident; repeat observations every " + every + " minutes (next by "
                    + repeatBy + "); have their medicines list, any DNACPR or ReSPECT form and their care plan ready; "
                    + "call 999 if NEWS2 reaches 7 or they get worse.";
            case EMERGENCY -> "stay with the resident; repeat observations every " + every + " minutes until the "
                    + "ambulance crew arrives (next by " + repeatBy + "); have their medicines list, any DNACPR or "
                    + "ReSPECT form and this record ready for the crew; send someone to meet them at the door.";
        };
    }

    /** The parameters scoring 3, in words. */
    private static String redScores(News2Score s) {
        List<String> red = new ArrayList<>();
        if (s.respirationRate() == 3) {
            red.add("respiration rate");
        }
        if (s.spo2() == 3) {
            red.add("oxygen saturation");
        }
        if (s.systolicBp() == 3) {
            red.add("systolic blood pressure");
        }
        if (s.pulse() == 3) {
            red.add("pulse");
        }
        if (s.consciousness() == 3) {
            red.add("new confusion or reduced consciousness");
        }
        if (s.temperature() == 3) {
            red.add("temperature");
        }
        return String.join(", ", red);
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
