package org.vigil.gateway.mllp;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.Version;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.util.idgenerator.IDGenerator;
import org.vigil.gateway.hl7.Hl7Rejection;
import org.vigil.gateway.hl7.Hl7Rejection.Where;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * HL7 acknowledgements, as HL7 v2.5.1 chapter 2 defines them (original mode §2.9.2, enhanced mode §2.9.3, table
 * 0008), and as documented in docs/gateway.md "Acknowledgements":
 * <ul>
 *   <li>original mode (MSH-15 and MSH-16 empty): AA once the server journaled the events; AE for an error in
 *       the message's content (ERR-3 100, 101 or 102: the sender corrects it before resending); AR for what
 *       Vigil does not take: a value not in its tables (103: an unmapped ward, an unknown code or unit — the same
 *       message is accepted once the code map has it, as issue 16 asks), a message type, event, processing id or
 *       version it does not take (200–203), or a problem on its side unrelated to the message (207: the sender
 *       resends it unchanged later);</li>
 *   <li>enhanced mode (MSH-15 or MSH-16 given): the accept acknowledgement only — CA once journaled (committed to
 *       safe storage), CR for 103 and 200–203, CE for everything else. Vigil sends no later application
 *       acknowledgement.</li>
 * </ul>
 * Every refusal carries ERR-2 (segment, occurrence, field, component), ERR-3 (the table 0357 code), ERR-4 (E) and
 * ERR-8 and MSA-3 (the reason in words).
 */
final class Acks {
    private static final DateTimeFormatter DTM = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");

    private Acks() {
    }

    static String accepted(Message msg) {
        return build(msg, enhanced(msg) ? AcknowledgmentCode.CA : AcknowledgmentCode.AA, null, null, null);
    }

    static String refused(Message msg, Hl7Rejection r) {
        return refused(msg, r.code(), r.where(), r.getMessage());
    }

    static String refused(Message msg, ErrorCode code, Where where, String text) {
        return build(msg, ackCode(code, enhanced(msg)), code, where, text);
    }

    /** The acknowledgement code a refusal with this table 0357 code gets, in either mode. */
    static AcknowledgmentCode ackCode(ErrorCode code, boolean enhanced) {
        boolean unsupported = code == ErrorCode.TABLE_VALUE_NOT_FOUND
                || code == ErrorCode.UNSUPPORTED_MESSAGE_TYPE || code == ErrorCode.UNSUPPORTED_EVENT_CODE
                || code == ErrorCode.UNSUPPORTED_PROCESSING_ID || code == ErrorCode.UNSUPPORTED_VERSION_ID;
        if (enhanced) {
            return unsupported ? AcknowledgmentCode.CR : AcknowledgmentCode.CE;
        }
        return unsupported || code == ErrorCode.APPLICATION_INTERNAL_ERROR ? AcknowledgmentCode.AR : AcknowledgmentCode.AE;
    }

    private static boolean enhanced(Message msg) {
        try {
            Terser t = new Terser(msg);
            return !blank(t.get("/MSH-15")) || !blank(t.get("/MSH-16"));
        } catch (HL7Exception e) {
            return false;
        }
    }

    private static String build(Message msg, AcknowledgmentCode ack, ErrorCode code, Where where, String text) {
        try {
            Message out = msg.generateACK(ack, null);
            Terser t = new Terser(out);
            // HAPI copies the sender's delimiters; the ACK always uses the standard ones (its MSH-1 and MSH-2 say
            // so), so it reads the same whatever odd escape character a sender declared (found by fuzzing)
            t.set("/MSH-1", "|");
            t.set("/MSH-2", "^~\\&");
            // answered in the sender's character set, saying so: HAPI does not copy MSH-18
            t.set("/MSH-18", new Terser(msg).get("/MSH-18"));
            if (code != null) {
                String clean = clean(text);
                t.set("/MSA-3", clean);
                if (where != null) {
                    t.set("/ERR-2-1", where.segment());
                    t.set("/ERR-2-2", Integer.toString(where.occurrence()));
                    if (where.field() > 0) {
                        t.set("/ERR-2-3", Integer.toString(where.field()));
                        if (where.component() > 0) {
                            t.set("/ERR-2-4", "1");
                            t.set("/ERR-2-5", Integer.toString(where.component()));
                        }
                    }
                }
                String version = t.get("/MSH-12");
                if (version != null && version.compareTo("2.5") < 0) {
                    // before 2.5, ERR-1 (ELD) is where a sender looks: segment^sequence^field^code
                    if (where != null) {
                        t.set("/ERR-1-1", where.segment());
                        t.set("/ERR-1-2", Integer.toString(where.occurrence()));
                        t.set("/ERR-1-3", Integer.toString(where.field()));
                    }
                    t.set("/ERR-1-4-1", Integer.toString(code.getCode()));
                    t.set("/ERR-1-4-2", code.getMessage());
                    t.set("/ERR-1-4-3", "HL70357");
                }
                t.set("/ERR-3-1", Integer.toString(code.getCode()));
                t.set("/ERR-3-2", code.getMessage());
                t.set("/ERR-3-3", "HL70357");
                t.set("/ERR-4", "E");
                t.set("/ERR-8", clean);
            }
            return out.encode();
        } catch (HL7Exception | IOException | RuntimeException e) {
            return raw(msg.getParser().getParserConfiguration().getIdGenerator(), null, ack,
                    code == null ? ErrorCode.APPLICATION_INTERNAL_ERROR : code, where, text);
        }
    }

    /**
     * An ACK built from the raw text's MSH, for a message HAPI could not parse (or did not read): the sender still
     * learns which message failed (MSA-2) and why (ERR), in the mode its raw MSH-15/16 ask for, as
     * {@link #ackCode} says (an enhanced-mode sender got AE and AR here: found by an independent audit).
     */
    static String raw(IDGenerator ids, String text, ErrorCode code, Where where, String error) {
        return raw(ids, text, ackCode(code, RawMsh.of(text).enhanced()), code, where, error);
    }

    /** {@code ids}: the generator HAPI's own ACKs take MSH-10 from ({@link AckControlIds}), so none repeats. */
    private static String raw(IDGenerator ids, String text, AcknowledgmentCode ack, ErrorCode code, Where where,
                              String error) {
        RawMsh msh = RawMsh.of(text);
        String control = clean(msh.field(10));
        // the sender's version when HAPI knows it; never echo back one Vigil does not take
        String version = Version.versionOf(msh.field(12)) != null ? msh.field(12) : MllpServer.VERSION;
        String now = ZonedDateTime.now().format(DTM);
        String clean = clean(error);
        String erl = where == null ? "" : where.segment() + "^" + where.occurrence() + (where.field() > 0 ? "^" + where.field() : "");
        return "MSH|^~\\&|VIGIL|VIGIL|" + clean(msh.field(3)) + "|" + clean(msh.field(4)) + "|" + now + "||ACK|" + controlId(ids)
                + "|P|" + version + "\rMSA|" + ack.name() + "|" + control + "|" + clean + "\rERR||" + erl + "|"
                + code.getCode() + "^" + code.getMessage() + "^HL70357|E||||" + clean + "\r";
    }

    private static String controlId(IDGenerator ids) {
        try {
            return ids.getID();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Free text in an ACK field: no delimiters, no line breaks, and short enough for a sender's log. */
    private static String clean(String s) {
        String c = s == null ? "" : s.replaceAll("[|^~\\\\&\r\n\u000b\u001c]", " ");
        return c.length() > 500 ? c.substring(0, 500) : c;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
