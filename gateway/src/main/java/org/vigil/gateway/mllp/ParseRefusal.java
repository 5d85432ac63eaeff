package org.vigil.gateway.mllp;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import org.vigil.gateway.hl7.Hl7Rejection.Where;

/**
 * Why HAPI could not parse a message, in table 0357's terms, with the MSH field at fault when the raw header
 * shows it (HAPI's exceptions name no place): a header field missing or malformed is the sender's to fix (AE 101,
 * decision 0007), a version HAPI does not know is one Vigil does not take (AR 203 at MSH-12).
 */
record ParseRefusal(ErrorCode code, Where where) {
    static ParseRefusal of(String text, HL7Exception e) {
        RawMsh msh = RawMsh.of(text);
        if (msh.present()) {
            if (!msh.encodingCharactersValid()) {
                return new ParseRefusal(ErrorCode.REQUIRED_FIELD_MISSING, Where.field("MSH", 2));
            }
            if (msh.field(12).isBlank()) {
                return new ParseRefusal(ErrorCode.REQUIRED_FIELD_MISSING, Where.field("MSH", 12));
            }
            if (msh.field(9).replace(msh.field(2).charAt(0), ' ').isBlank()) {
                return new ParseRefusal(ErrorCode.REQUIRED_FIELD_MISSING, Where.field("MSH", 9));
            }
            if (e.getError() == ErrorCode.UNSUPPORTED_VERSION_ID) {
                return new ParseRefusal(ErrorCode.UNSUPPORTED_VERSION_ID, Where.field("MSH", 12));
            }
            if (e.getError() == ErrorCode.UNSUPPORTED_MESSAGE_TYPE || e.getError() == ErrorCode.UNSUPPORTED_EVENT_CODE) {
                return new ParseRefusal(e.getError(), Where.field("MSH", 9));
            }
        }
        boolean unclassified = e.getError() == null || e.getError() == ErrorCode.APPLICATION_INTERNAL_ERROR;
        return new ParseRefusal(unclassified ? ErrorCode.DATA_TYPE_ERROR : e.getError(), null);
    }
}
