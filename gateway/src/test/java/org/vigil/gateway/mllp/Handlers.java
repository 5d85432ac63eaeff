package org.vigil.gateway.mllp;

import org.vigil.gateway.ServerClient;
import org.vigil.gateway.hl7.CodeMaps;
import org.vigil.gateway.hl7.Hl7Mapper;
import org.vigil.gateway.hl7.LocationMap;
import org.vigil.gateway.hl7.NhsNumber;
import org.vigil.gateway.hl7.PatientKey;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * What the MLLP handler's tests build it from: ward W12 mapped, and a server that is never reached; and messages the
 * mapper forwards, framed as a sender sends them.
 */
final class Handlers {
    private Handlers() {
    }

    static Hl7Mapper mapper() {
        return new Hl7Mapper(CodeMaps.withLocations(LocationMap.parse("W12=RVT-W12")),
                new NhsNumber("test-secret-of-32-bytes-at-least!".getBytes(StandardCharsets.UTF_8)),
                ZoneId.of("Europe/London"), PatientKey.NHS_ELSE_LOCAL);
    }

    /** A server at the discard port: the tests' messages are answered by the gateway alone, never forwarded. */
    static ServerClient unreachableServer() {
        return new ServerClient("http://127.0.0.1:9", "t", Duration.ofSeconds(1));
    }

    /** An admission to W12 three minutes ago, with its control id (MSH-10): mapped to an event and forwarded. */
    static String admission(String control) {
        String time = ZonedDateTime.now(ZoneId.of("Europe/London")).minusMinutes(3)
                .format(DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ"));
        return "MSH|^~\\&|EPIC|RVT|VIGIL|RVT|" + time + "||ADT^A01^ADT_A01|" + control + "|P|2.5.1\r"
                + "EVN|A01|" + time + "\r"
                + "PID|1||9434765919^^^NHS^NH||SMITH^JOHN||19460211|M\r"
                + "PV1|1|I|W12^^B1^RVT||||||||MED||||||||IP\r";
    }

    /** Messages framed for MLLP, one after the other: a sender pipelining them. */
    static byte[] frame(String... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String m : messages) {
            out.write(MllpFrameDecoder.START);
            out.writeBytes(m.getBytes(StandardCharsets.UTF_8));
            out.write(MllpFrameDecoder.END_1);
            out.write(MllpFrameDecoder.END_2);
        }
        return out.toByteArray();
    }
}
