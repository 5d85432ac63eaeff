package org.vigil.gateway.hl7;

/**
 * OBX-11, the observation result status: HL7 v2.5.1 table 0085, with the table's meanings. A reading is scored
 * only when it stands as a result — final, a correction replacing a final one, or entered and not yet verified
 * (a reading taken and awaiting sign-off: scoring it errs towards an alert, not away from one).
 * Anything else is not a reading to score: posted as wrong (e.g. for the wrong patient), deleted, preliminary,
 * partial, pending, not obtained, not asked, an order detail, or a change of status with no result.
 */
enum ResultStatus {
    C("a correction replacing a final result", true),
    D("deletes the OBX record", false),
    F("final", true),
    I("specimen in lab, results pending", false),
    N("not asked", false),
    O("order detail description only, no result", false),
    P("preliminary", false),
    R("entered, not verified", true),
    S("partial", false),
    U("changed to final without retransmitting the results", false),
    W("posted originally as wrong, e.g. for the wrong patient", false),
    X("results cannot be obtained", false);

    private final String meaning;
    private final boolean scored;

    ResultStatus(String meaning, boolean scored) {
        this.meaning = meaning;
        this.scored = scored;
    }

    String meaning() {
        return meaning;
    }

    boolean scored() {
        return scored;
    }

    /** The status an OBX-11 value names, or null when it names none of table 0085. */
    static ResultStatus of(String code) {
        for (ResultStatus s : values()) {
            if (s.name().equals(code)) {
                return s;
            }
        }
        return null;
    }
}
