package org.vigil.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A drug chart for a simulated inpatient. The critical classes are the NPSA (RRR009, 2010) list: anti-infectives,
 * anticoagulants, insulin and Parkinson's medicines (plus antiepileptics, a common local addition); the
 * {@code medicineClass} names match the time-critical grace windows of the organisation file (PARKINSONS).
 */
final class Medicines {
    /** Rounds are 08:00, 12:00, 18:00 and 22:00 local; a medicine's rounds are a bit set over them. */
    static final int[] ROUND_HOURS = {8, 12, 18, 22};
    static final int R08 = 1, R12 = 2, R18 = 4, R22 = 8, QDS = 15;

    record Medicine(String name, boolean critical, String medicineClass, int rounds) {
        boolean dueAt(int round) {
            return (rounds & (1 << round)) != 0;
        }
    }

    private record Option(double share, Medicine medicine) {}

    private static final List<Option> ROUTINE = List.of(
            new Option(0.55, new Medicine("Paracetamol 1 g oral", false, null, QDS)),
            new Option(0.40, new Medicine("Omeprazole 20 mg oral", false, null, R08)),
            new Option(0.35, new Medicine("Atorvastatin 40 mg oral", false, null, R22)),
            new Option(0.25, new Medicine("Amlodipine 5 mg oral", false, null, R08)),
            new Option(0.20, new Medicine("Furosemide 40 mg oral", false, null, R08 | R12)),
            new Option(0.15, new Medicine("Ramipril 2.5 mg oral", false, null, R08)),
            new Option(0.15, new Medicine("Lactulose 10 ml oral", false, null, R08 | R18)),
            new Option(0.10, new Medicine("Sertraline 50 mg oral", false, null, R08)),
            new Option(0.10, new Medicine("Bisoprolol 2.5 mg oral", false, null, R08)));

    static final Medicine ENOXAPARIN = new Medicine("Enoxaparin 40 mg SC", true, "ANTICOAGULANT", R18);
    static final Medicine APIXABAN = new Medicine("Apixaban 5 mg oral", true, "ANTICOAGULANT", R08 | R18);
    static final Medicine CO_AMOXICLAV = new Medicine("Co-amoxiclav 625 mg oral", true, "ANTIMICROBIAL", R08 | R12 | R18);
    static final Medicine PIP_TAZ = new Medicine("Piperacillin/tazobactam 4.5 g IV", true, "ANTIMICROBIAL", R08 | R18 | R22);
    static final Medicine GLARGINE = new Medicine("Insulin glargine SC", true, "INSULIN", R22);
    static final Medicine ASPART = new Medicine("Insulin aspart SC", true, "INSULIN", R08 | R12 | R18);
    static final Medicine CO_CARELDOPA = new Medicine("Co-careldopa 25/100 oral", true, "PARKINSONS", QDS);
    static final Medicine LEVETIRACETAM = new Medicine("Levetiracetam 500 mg oral", true, "ANTIEPILEPTIC", R08 | R22);

    private Medicines() {
    }

    static List<Medicine> chart(SplittableRandom r, int age) {
        List<Medicine> chart = new ArrayList<>();
        for (Option o : ROUTINE) {
            if (r.nextDouble() < o.share) {
                chart.add(o.medicine);
            }
        }
        double x = r.nextDouble();
        if (x < 0.40) {
            chart.add(ENOXAPARIN); // VTE prophylaxis
        } else if (x < 0.50) {
            chart.add(APIXABAN);
        }
        if (r.nextDouble() < 0.25) {
            chart.add(CO_AMOXICLAV);
        }
        if (r.nextDouble() < 0.12) {
            chart.add(GLARGINE);
            chart.add(ASPART);
        }
        if (age >= 55 && r.nextDouble() < 0.04) {
            chart.add(CO_CARELDOPA);
        }
        if (r.nextDouble() < 0.02) {
            chart.add(LEVETIRACETAM);
        }
        return chart;
    }
}
