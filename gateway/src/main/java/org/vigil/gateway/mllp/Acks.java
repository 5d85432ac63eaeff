package org.vigil.gateway.mllp;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;

import java.io.IOException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** HL7 application acknowledgements: from the parsed message when there is one, from its raw MSH otherwise. */
final class Acks {
    private static final DateTimeFormatter DTM = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");

    private Acks() {
    }

    static String of(Message msg, AcknowledgmentCode code, String error) {
        try {
            Message ack = msg.generateACK(code, error == null ? null : new HL7Exception(error));
            return ack.encode();
        } catch (HL7Exception | IOException e) {
            return raw(null, code, error == null ? e.getMessage() : error);
        }
    }

    /**
     * An ACK built from the raw text's MSH, for a message HAPI could not parse: the sender still learns which
     * message failed (MSA-2) and why (ERR).
     */
    static String raw(String text, AcknowledgmentCode code, String error) {
        String[] msh = new String[0];
        if (text != null) {
            String first = text.split("[\r\n]", 2)[0];
            if (first.startsWith("MSH") && first.length() > 4) {
                msh = first.split(java.util.regex.Pattern.quote(String.valueOf(first.charAt(3))), -1);
            }
        }
        String control = field(msh, 9);
        String version = field(msh, 11).isEmpty() ? "2.5.1" : field(msh, 11);
        String now = ZonedDateTime.now().format(DTM);
        String clean = error == null ? "" : error.replaceAll("[|^~\\\\&\r\n]", " ");
        return "MSH|^~\\&|VIGIL|VIGIL|" + field(msh, 2) + "|" + field(msh, 3) + "|" + now + "||ACK|" + "ACK" + now + "|P|"
                + version + "\rMSA|" + code.name() + "|" + control + "\rERR|||" + (code == AcknowledgmentCode.AR ? "207" : "207")
                + "|E||||" + clean + "\r";
    }

    private static String field(String[] msh, int i) {
        return i < msh.length ? msh[i] : "";
    }
}
