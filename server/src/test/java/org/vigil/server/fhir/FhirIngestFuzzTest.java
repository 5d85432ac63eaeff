package org.vigil.server.fhir;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jazzer fuzz targets for the FHIR ingest parser. Whatever the bytes, the parser either yields observation sets
 * (each a complete event the EventParser accepted) or refuses with 400, 413 or 422 and a message: any other
 * exception would reach the client as a 500, and is a finding. In every {@code ./vigil test} run they replay the
 * committed corpus (src/test/resources/org/vigil/server/fhir/FhirIngestFuzzTestInputs/METHOD/, regression mode);
 * {@code ./vigil bench fuzz} fuzzes them time-boxed, and a crash it finds is saved there and replays from then on.
 */
class FhirIngestFuzzTest {
    private static final FhirIngest INGEST = FhirIngestTest.ingest();
    private static final Set<Integer> REFUSALS = Set.of(400, 413, 422);

    /** What {@code POST /fhir} gets. */
    @FuzzTest(maxDuration = "60s")
    void transaction(byte[] body) {
        check(() -> INGEST.transaction(body));
    }

    /** What {@code POST /fhir/Observation} gets. */
    @FuzzTest(maxDuration = "60s")
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
