package org.vigil.fuzz;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.Parser;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.vigil.events.Event;
import org.vigil.events.EventJson;
import org.vigil.events.EventParser;
import org.vigil.events.InvalidEventException;
import org.vigil.gateway.hl7.CodeMaps;
import org.vigil.gateway.hl7.Hl7Mapper;
import org.vigil.gateway.hl7.Hl7Rejection;
import org.vigil.gateway.hl7.LocationMap;
import org.vigil.gateway.hl7.NhsNumber;
import org.vigil.gateway.hl7.PatientKey;
import org.vigil.gateway.mllp.MllpServer;
import org.vigil.organisation.Organisation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;

/**
 * The HL7 v2 mapper (gateway/hl7) behind HAPI's parser, as the MLLP handler runs them: a parsed message becomes
 * events or an {@link Hl7Rejection} (an AE/AR with its table 0357 code) — never another exception — and every
 * event it makes is one the server's schema reads (or refuses with a field, which the gateway answers AE).
 */
class Hl7MapperFuzzTest {
    private static final Parser PARSER = MllpServer.hapiContext().getPipeParser();
    private static final Hl7Mapper MAPPER = new Hl7Mapper(
            CodeMaps.withLocations(LocationMap.parse("W12=RVT-W12,WD21=RVT-W21,AMU=BFW-AMU")),
            new NhsNumber("fuzz-secret-of-at-least-16-bytes".getBytes(StandardCharsets.UTF_8)), ZoneId.of("Europe/London"), PatientKey.NHS_ELSE_LOCAL);
    private static final Organisation ORG = EventParserFuzzTest.demo();
    private static final EventParser EVENTS = new EventParser(ORG::exists, Clock.systemUTC(), false);

    @FuzzTest
    void hl7Message(byte[] data) {
        Message msg;
        try {
            msg = PARSER.parse(new String(data, StandardCharsets.UTF_8).replace('\n', '\r'));
        } catch (HL7Exception | RuntimeException documented) {
            return; // HAPI could not parse it: the handler answers AE 102 with the raw MSH's control id
        }
        try {
            for (Event e : MAPPER.map(msg).events()) {
                EVENTS.parse(EventJson.write(e).getBytes(StandardCharsets.UTF_8));
            }
        } catch (Hl7Rejection | InvalidEventException documented) {
            // AE/AR with ERR-2 and ERR-3; or the server's 400, answered AE 102
        }
    }
}
