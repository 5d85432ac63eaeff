package org.vigil.fuzz;

import ca.uhn.fhir.context.FhirContext;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.vigil.events.EventParser;
import org.vigil.server.fhir.FhirIngest;
import org.vigil.server.fhir.FhirRejection;
import org.vigil.organisation.Organisation;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jazzer fuzz targets for the FHIR ingest parser (server/fhir). Whatever the bytes, the parser either yields
 * observation sets (each a complete event the EventParser accepted) or refuses with 400, 413 or 422 and a message:
 * any other exception would reach the client as a 500, and is a finding. In every {@code ./vigil test} run they
 * replay the committed corpus (FhirIngestFuzzTestInputs/METHOD/, regression mode, without Jazzer's hooks: see
 * fuzz/pom.xml); {@code ./vigil bench fuzz} fuzzes them time-boxed, and a crash it finds is saved there and
 * replays from then on.
 */
class FhirIngestFuzzTest {
    private static final Organisation ORG = EventParserFuzzTest.demo();
    /** The corpus's readings are of 10 March 2026 (docs/fhir.md's examples); the parser refuses future times. */
    private static final FhirIngest INGEST = new FhirIngest(FhirContext.forR4Cached(), ORG, new EventParser(ORG::exists,
            Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneOffset.UTC), true), 50);
    private static final Set<Integer> REFUSALS = Set.of(400, 413, 422);

    /** What {@code POST /fhir} gets. */
    @FuzzTest
    void transaction(byte[] body) {
        check(() -> INGEST.transaction(body));
    }

    /** What {@code POST /fhir/Observation} gets. */
    @FuzzTest
    void observation(byte[] body) {
        check(() -> INGEST.observation(body));
    }

    private interface Read {
        FhirIngest.Accepted read() throws FhirRejection;
    }

    private static void check(Read read) {
        try {
            FhirIngest.Accepted accepted = read.read();
            assertFalse(accepted.sets().isEmpty(), "accepted with nothing to store");
        } catch (FhirRejection r) {
            assertTrue(REFUSALS.contains(r.status()), () -> "refused with " + r.status());
            assertTrue(r.getMessage() != null && !r.getMessage().isBlank(), "a refusal says why");
        }
    }
}
