package org.vigil.gateway.hl7;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Which PID-3 identifier a patient is known by ({@code --patient-key}; docs/gateway.md "Patient identity"). Every
 * message about a patient must give the same key, or Vigil holds two patients: with the NHS number preferred, a
 * PAS sending the hospital number and the NHS number and an e-obs system sending the hospital number alone made
 * the admitted patient and the observed one two records — the admitted one overdue, the observed one on no bed
 * (found by an independent audit). A trust chooses the identifier every one of its feeds sends.
 */
public enum PatientKey {
    /** The NHS number when the message gives one, else the first local identifier: the default. */
    NHS_ELSE_LOCAL("nhs-else-local"),
    /** Always the first local identifier (the hospital number), whether or not an NHS number is given. */
    LOCAL("local"),
    /** Always the NHS number: a message without one is refused. */
    NHS("nhs");

    private final String option;

    PatientKey(String option) {
        this.option = option;
    }

    /** As {@code --patient-key} spells it. */
    public String option() {
        return option;
    }

    /** Every key as {@code --patient-key} spells it, for a refusal to list. */
    public static String options() {
        return Arrays.stream(values()).map(PatientKey::option).collect(Collectors.joining(", "));
    }

    /** The key {@code --patient-key} names, or null. */
    public static PatientKey ofOption(String option) {
        for (PatientKey k : values()) {
            if (k.option.equals(option)) {
                return k;
            }
        }
        return null;
    }
}
