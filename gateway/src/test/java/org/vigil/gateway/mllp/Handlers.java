package org.vigil.gateway.mllp;

import org.vigil.gateway.ServerClient;
import org.vigil.gateway.hl7.CodeMaps;
import org.vigil.gateway.hl7.Hl7Mapper;
import org.vigil.gateway.hl7.LocationMap;
import org.vigil.gateway.hl7.NhsNumber;
import org.vigil.gateway.hl7.PatientKey;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;

/** What the MLLP handler's tests build it from: ward W12 mapped, and a server that is never reached. */
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
}
