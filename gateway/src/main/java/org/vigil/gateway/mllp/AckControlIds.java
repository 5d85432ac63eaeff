package org.vigil.gateway.mllp;

import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;

/**
 * MSH-10 (message control id) of the gateway's ACKs, unique across restarts: a receiving engine may file ACKs by
 * control id. HAPI's {@link InMemoryIDGenerator} counts from 0 at every start, so a restarted gateway answered with
 * the ids it had used before (found by an independent audit). This one counts from the start's wall-clock time in
 * milliseconds × 1000: a run would need over 1000 ACKs a millisecond, on average, to reach the next start's first
 * id. The ids are 16 digits until the year 2286, within MSH-10's 20 characters (ST, HL7 v2.5.1 §2.14.9.10).
 * Nothing is kept on disk (HAPI's file-backed generators write into the working directory). A clock set back
 * across a restart could repeat ids of the run before, as far back as it was set.
 */
final class AckControlIds extends InMemoryIDGenerator {
    AckControlIds() {
        set(System.currentTimeMillis() * 1000);
    }
}
