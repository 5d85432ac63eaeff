package org.vigil.gateway.hl7;

import ca.uhn.hl7v2.ErrorCode;

/**
 * Why a message cannot become Vigil events, in HL7's own terms: the table 0357 code (100 segment sequence, 101
 * required field missing, 102 data type, 103 table value not found, 200/201/202 unsupported message type, event
 * or processing id) and where (segment, its occurrence, field, component), so the ACK's ERR-2 points at it
 * and its text says it in words, e.g. "PV1-3.1: point of care 'W99' is not mapped to a unit".
 */
public final class Hl7Rejection extends Exception {
    private final ErrorCode code;
    private final Where where;
    private final String reason;

    public Hl7Rejection(ErrorCode code, Where where, String reason) {
        super(where + ": " + reason, null, false, false);
        this.code = code;
        this.where = where;
        this.reason = reason;
    }

    public ErrorCode code() {
        return code;
    }

    public Where where() {
        return where;
    }

    public String reason() {
        return reason;
    }

    /**
     * An HL7 error location (ERL): segment id, its occurrence in the message (1-based), field, component (0 =
     * the whole field or segment).
     */
    public record Where(String segment, int occurrence, int field, int component) {
        public static Where segment(String name) {
            return new Where(name, 1, 0, 0);
        }

        public static Where field(String segment, int field) {
            return new Where(segment, 1, field, 0);
        }

        public static Where field(String segment, int occurrence, int field, int component) {
            return new Where(segment, occurrence, field, component);
        }

        @Override
        public String toString() {
            String seg = occurrence > 1 || segment.equals("OBX") || segment.equals("RXA") ? segment + "(" + occurrence + ")" : segment;
            return field == 0 ? seg : seg + "-" + field + (component > 0 ? "." + component : "");
        }
    }
}
