package org.vigil.server.fhir;

import org.vigil.events.Consciousness;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every code the FHIR edge reads or writes, in one table (shared/reference/news2.md "Coding"; docs/fhir.md).
 * Readings: the FHIR R4 vital-signs LOINC codes, and the SNOMED CT codes UK Core uses for the same readings. ACVPU
 * and air/oxygen: the SNOMED CT codes of the NHS NEWS2 FHIR specification (CareConnect-ACVPU-1 and
 * CareConnect-InspiredOxygen-1 value sets), and the inhaled oxygen flow and concentration (FiO2) LOINC codes of the
 * US Core pulse-oximetry profile. Scores: the RCP NEWS2 total and sub-score SNOMED CT codes.
 */
public final class News2Coding {
    private News2Coding() {
    }

    public static final String LOINC = "http://loinc.org";
    public static final String SNOMED = "http://snomed.info/sct";
    public static final String UCUM = "http://unitsofmeasure.org";
    public static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    /**
     * Vigil's own naming URIs. {@code .example} is reserved (RFC 2606): these name things, they are never fetched,
     * and they cannot collide with anyone else's.
     */
    public static final String VIGIL = "https://vigil.example/fhir";
    /** Identifier system of the local pseudonymous patient id (the id every other Vigil feed uses). */
    public static final String PATIENT_ID = VIGIL + "/Id/patient";
    /** Identifier system of a Vigil unit (ward) id, as in the organisation file. */
    public static final String UNIT_ID = VIGIL + "/Id/unit";
    /** Identifier system of a bed on the ward. */
    public static final String BED_ID = VIGIL + "/Id/bed";
    /** Extension on the SpO2 reading: 2 when a clinician has prescribed SpO2 Scale 2 (RCP NEWS2 2017), else 1. */
    public static final String SPO2_SCALE = VIGIL + "/StructureDefinition/news2-spo2-scale";
    /** NHS numbers never reach the server: the gateway pseudonymises them (docs/gateway.md). */
    public static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";

    /** LOINC 85353-1: the vital signs panel; its components (when present) are readings. */
    public static final String VITAL_SIGNS_PANEL = "85353-1";
    /** LOINC 85354-9: the blood pressure panel; its systolic component is the reading. */
    public static final String BP_PANEL = "85354-9";
    /** SNOMED CT: Royal College of Physicians NEWS2 total score. */
    public static final String NEWS2_TOTAL = "1104051000000101";
    public static final String NEWS2_TOTAL_DISPLAY = "Royal College of Physicians National Early Warning Score 2 (NEWS2) total score";

    /** The seven NEWS2 parameters (RCP 2017 Chart 1), with the schema-v1 field and the sub-score SNOMED CT code. */
    public enum Parameter {
        RESPIRATION_RATE("respirationRate", "respiration rate", "1104301000000104", "respiration rate score"),
        SPO2("spo2", "oxygen saturation", "1104311000000102", "oxygen saturation scale 1 score"),
        AIR_OR_OXYGEN("onOxygen", "air or oxygen", "1104331000000105", "air or oxygen score"),
        SYSTOLIC_BP("systolicBp", "systolic blood pressure", "1104341000000101", "systolic blood pressure score"),
        PULSE("pulse", "pulse", "1104351000000103", "pulse score"),
        CONSCIOUSNESS("consciousness", "consciousness (ACVPU)", "1104361000000100", "consciousness score"),
        TEMPERATURE("temperature", "temperature", "1104371000000107", "temperature score");

        /** Sub-score of SpO2 on Scale 2 (a different SNOMED CT concept from Scale 1). */
        public static final String SPO2_SCALE_2_SCORE = "1104321000000108";
        public static final String SPO2_SCALE_2_SCORE_DISPLAY = "oxygen saturation scale 2 score";

        private final String field;
        private final String label;
        private final String scoreCode;
        private final String scoreDisplay;

        Parameter(String field, String label, String scoreCode, String scoreDisplay) {
            this.field = field;
            this.label = label;
            this.scoreCode = scoreCode;
            this.scoreDisplay = scoreDisplay;
        }

        /** The schema-v1 field of an observation event (docs/events.md). */
        public String field() {
            return field;
        }

        public String label() {
            return label;
        }

        public String scoreCode() {
            return scoreCode;
        }

        public String scoreDisplay() {
            return "Royal College of Physicians National Early Warning Score 2 - " + scoreDisplay;
        }
    }

    /** What a reading's value must be. */
    public enum Value { QUANTITY, CODED, NONE }

    /**
     * One code Vigil recognises on an Observation or a component: the parameter it gives (null for a code Vigil
     * knows and deliberately does not use), the value it must carry, the UCUM units accepted (the first is the one
     * NEWS2 and EventParser's ranges use), and for a code-only reading the value its code means.
     */
    public record Reading(Parameter parameter, Value value, List<String> units, String meaning, Object fixed) {
        Reading(Parameter parameter, Value value, List<String> units, String meaning) {
            this(parameter, value, units, meaning, null);
        }
    }

    /** A panel (LOINC 85353-1 vital signs, 85354-9 blood pressure): no value of its own, readings as components. */
    public static final Reading PANEL = new Reading(null, Value.NONE, List.of(), "a panel");
    /** LOINC 3151-8, in L/min: no flow is air, any flow oxygen (its range is EventParser's oxygen flow). */
    public static final Reading OXYGEN_FLOW = new Reading(Parameter.AIR_OR_OXYGEN, Value.QUANTITY, List.of("L/min"),
            "inhaled oxygen flow rate");
    /**
     * LOINC 3150-0, FiO2: room air's concentration is air, anything more oxygen (its range is EventParser's FiO2, in
     * %). In UCUM {@code %}, or {@code 1} for a fraction, as the HL7 gateway takes it (docs/gateway.md).
     */
    public static final Reading FIO2 = new Reading(Parameter.AIR_OR_OXYGEN, Value.QUANTITY, List.of("%", "1"),
            "inhaled oxygen concentration");

    private static final Map<String, Reading> READINGS = new HashMap<>();
    /** SNOMED CT ACVPU findings (NHS NEWS2 FHIR, CareConnect-ACVPU-1): "acute confusion" is NEWS2's new confusion. */
    private static final Map<String, Consciousness> ACVPU = Map.of(
            "248234008", Consciousness.A,   // Mentally alert
            "130987000", Consciousness.C,   // Acute confusion
            "300202002", Consciousness.V,   // Responds to voice
            "450847001", Consciousness.P,   // Responds to pain
            "422768004", Consciousness.U);  // Unresponsive

    static {
        Reading rr = new Reading(Parameter.RESPIRATION_RATE, Value.QUANTITY, List.of("/min"), "respiratory rate");
        put(LOINC, "9279-1", rr);
        put(SNOMED, "86290005", rr);
        Reading spo2 = new Reading(Parameter.SPO2, Value.QUANTITY, List.of("%"), "oxygen saturation");
        put(LOINC, "59408-5", spo2);   // SpO2 by pulse oximetry
        put(LOINC, "2708-6", spo2);    // oxygen saturation in arterial blood
        put(SNOMED, "103228002", spo2);
        Reading sbp = new Reading(Parameter.SYSTOLIC_BP, Value.QUANTITY, List.of("mm[Hg]"), "systolic blood pressure");
        put(LOINC, "8480-6", sbp);
        put(SNOMED, "72313002", sbp);
        Reading pulse = new Reading(Parameter.PULSE, Value.QUANTITY, List.of("/min"), "heart rate");
        put(LOINC, "8867-4", pulse);
        put(SNOMED, "78564009", pulse);
        Reading temp = new Reading(Parameter.TEMPERATURE, Value.QUANTITY, List.of("Cel", "[degF]"), "body temperature");
        put(LOINC, "8310-5", temp);
        put(SNOMED, "276885007", temp);
        // the US Core pulse-oximetry profile's two components of the SpO2 reading, or Observations of their own
        put(LOINC, "3151-8", OXYGEN_FLOW);
        put(LOINC, "3150-0", FIO2);
        put(SNOMED, "371825009", new Reading(Parameter.AIR_OR_OXYGEN, Value.NONE, List.of(), "patient on oxygen", true));
        put(SNOMED, "722742002", new Reading(Parameter.AIR_OR_OXYGEN, Value.NONE, List.of(), "breathing room air", false));
        put(SNOMED, "1104441000000107", new Reading(Parameter.CONSCIOUSNESS, Value.CODED, List.of(), "ACVPU"));
        put(LOINC, VITAL_SIGNS_PANEL, PANEL);
        put(LOINC, BP_PANEL, PANEL);
        // Known, not used: NEWS2 takes the systolic pressure only; a sender's own NEWS2 arithmetic is not taken,
        // Vigil scores the readings itself (so NHS NEWS2 FHIR bundles, which carry a score, are accepted).
        put(LOINC, "8462-4", new Reading(null, Value.QUANTITY, List.of(), "diastolic blood pressure"));
        put(SNOMED, NEWS2_TOTAL, new Reading(null, Value.QUANTITY, List.of(), "a NEWS2 score"));
        for (Parameter p : Parameter.values()) {
            put(SNOMED, p.scoreCode(), new Reading(null, Value.QUANTITY, List.of(), "a NEWS2 sub-score"));
        }
        put(SNOMED, Parameter.SPO2_SCALE_2_SCORE, new Reading(null, Value.QUANTITY, List.of(), "a NEWS2 sub-score"));
    }

    private static void put(String system, String code, Reading r) {
        READINGS.put(system + "|" + code, r);
    }

    /** The reading a coding stands for, or null when Vigil does not know it. */
    public static Reading reading(String system, String code) {
        return READINGS.get(system + "|" + code);
    }

    /** The ACVPU level of a SNOMED CT finding, or null. */
    public static Consciousness acvpu(String snomedCode) {
        return ACVPU.get(snomedCode);
    }
}
