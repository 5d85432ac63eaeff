package org.vigil.server.fhir;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.vigil.clinical.news2.ClinicalRisk;
import org.vigil.server.deterioration.News2History.ScoredSet;
import org.vigil.clinical.news2.News2Score;
import org.vigil.server.fhir.News2Coding.Parameter;
import org.vigil.organisation.tokens.Tokens;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The NEWS2 results Vigil computed, as FHIR R4 Observations (docs/fhir.md "Export"): code SNOMED CT
 * 1104051000000101 (RCP NEWS2 total score), the total as a {@code {score}} quantity, and one component per
 * parameter coded with its RCP sub-score concept (SpO2 Scale 1 or 2 as the set was scored), after the NHS NEWS2
 * FHIR specification. Built on an event loop from what the engine handed over; never on the engine thread.
 */
final class News2Observations {
    private News2Observations() {
    }

    /** A searchset Bundle of the patient's scored sets, newest first. */
    static Bundle searchset(String patient, List<ScoredSet> sets, String base, String selfUrl) {
        Bundle b = new Bundle();
        b.setType(Bundle.BundleType.SEARCHSET);
        b.setTotal(sets.size());
        b.addLink().setRelation("self").setUrl(selfUrl);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = sets.size() - 1; i >= 0; i--) {
            Observation o = observation(patient, sets.get(i), seen);
            b.addEntry().setFullUrl(base + "/Observation/" + o.getIdElement().getIdPart()).setResource(o)
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return b;
    }

    /**
     * One NEWS2 Observation. Its id is a digest of what it says (patient, time, ward, scores), so it is the same on
     * every query and after every replay; two identical sets at the same millisecond get -2, -3… in order.
     */
    static Observation observation(String patient, ScoredSet s, Map<String, Integer> seen) {
        News2Score score = s.score();
        String digest = Tokens.sha256(patient + "|" + s.time() + "|" + s.unit() + "|" + s.spo2Scale() + "|" + score)
                .substring(0, 32);
        int n = seen.merge(digest, 1, Integer::sum);
        Observation o = new Observation();
        o.setId("news2-" + digest + (n > 1 ? "-" + n : ""));
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.addCategory().addCoding().setSystem(News2Coding.OBSERVATION_CATEGORY).setCode("survey").setDisplay("Survey");
        o.setCode(new CodeableConcept().addCoding(new Coding(News2Coding.SNOMED, News2Coding.NEWS2_TOTAL,
                News2Coding.NEWS2_TOTAL_DISPLAY)).setText("NEWS2 total score"));
        o.setSubject(new Reference("Patient/" + patient));
        o.setEffective(new DateTimeType(Instant.ofEpochMilli(s.time()).toString())); // UTC, as every Vigil answer
        o.setValue(score(score.total()));
        o.addInterpretation().setText(risk(score.risk()));
        component(o, Parameter.RESPIRATION_RATE.scoreCode(), Parameter.RESPIRATION_RATE.scoreDisplay(), score.respirationRate());
        if (s.spo2Scale() == 2) {
            component(o, Parameter.SPO2_SCALE_2_SCORE, "Royal College of Physicians National Early Warning Score 2 - "
                    + Parameter.SPO2_SCALE_2_SCORE_DISPLAY, score.spo2());
        } else {
            component(o, Parameter.SPO2.scoreCode(), Parameter.SPO2.scoreDisplay(), score.spo2());
        }
        component(o, Parameter.AIR_OR_OXYGEN.scoreCode(), Parameter.AIR_OR_OXYGEN.scoreDisplay(), score.onOxygen());
        component(o, Parameter.SYSTOLIC_BP.scoreCode(), Parameter.SYSTOLIC_BP.scoreDisplay(), score.systolicBp());
        component(o, Parameter.PULSE.scoreCode(), Parameter.PULSE.scoreDisplay(), score.pulse());
        component(o, Parameter.CONSCIOUSNESS.scoreCode(), Parameter.CONSCIOUSNESS.scoreDisplay(), score.consciousness());
        component(o, Parameter.TEMPERATURE.scoreCode(), Parameter.TEMPERATURE.scoreDisplay(), score.temperature());
        return o;
    }

    private static void component(Observation o, String code, String display, int value) {
        o.addComponent().setCode(new CodeableConcept().addCoding(new Coding(News2Coding.SNOMED, code, display)))
                .setValue(score(value));
    }

    /** A score as the NHS NEWS2 FHIR specification writes it: UCUM {score}. */
    private static Quantity score(int value) {
        return new Quantity().setValue(value).setSystem(News2Coding.UCUM).setCode("{score}").setUnit("score");
    }

    /** RCP NEWS2 2017, Chart 3, in words (there is no standard code for the bands). */
    private static String risk(ClinicalRisk risk) {
        return switch (risk) {
            case LOW -> "low clinical risk (RCP NEWS2 Chart 3)";
            case LOW_MEDIUM -> "low-medium clinical risk: a score of 3 in a single parameter (RCP NEWS2 Chart 3)";
            case MEDIUM -> "medium clinical risk (RCP NEWS2 Chart 3)";
            case HIGH -> "high clinical risk (RCP NEWS2 Chart 3)";
        };
    }
}
