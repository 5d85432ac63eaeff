package org.vigil.server.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ids are kept per unit (the scope), hashed as "unit␟id" without building that string on the ingest path. */
class SeenIdsTest {

    @Test
    void anIdIsHeldForItsUnitOnly() {
        SeenIds ids = new SeenIds();
        assertTrue(ids.add("RVT-W12", "hl7:RVTPAS:MSG1", 20_000));
        assertFalse(ids.add("RVT-W12", "hl7:RVTPAS:MSG1", 20_000), "the same id for the same unit: a duplicate");
        assertTrue(ids.contains("RVT-W12", "hl7:RVTPAS:MSG1"));
        assertFalse(ids.contains("CH-OAKS", "hl7:RVTPAS:MSG1"), "another unit's event is another event");
        assertFalse(ids.contains("hl7:RVTPAS:MSG1"), "not a bare id");
        // the pair is hashed exactly as the joined string "RVT-W12␟id", so a unit and an id never run into each other
        assertTrue(ids.contains("RVT-W12\u001Fhl7:RVTPAS:MSG1"));
        assertFalse(ids.contains("RVT-W1", "2hl7:RVTPAS:MSG1"));
    }

    @Test
    void manyIdsAcrossUnitsAreAllHeldApart() {
        SeenIds ids = new SeenIds();
        for (int i = 0; i < 5_000; i++) {
            assertTrue(ids.add("W" + (i % 7), "id-" + i, 20_000));
        }
        for (int i = 0; i < 5_000; i++) {
            assertTrue(ids.contains("W" + (i % 7), "id-" + i));
            assertFalse(ids.contains("W" + ((i + 1) % 7), "id-" + i));
        }
    }
}
