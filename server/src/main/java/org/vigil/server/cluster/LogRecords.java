package org.vigil.server.cluster;

import net.openhft.chronicle.bytes.Bytes;
import org.vigil.events.Event;
import org.vigil.server.journal.JournalCodec;

/**
 * A record of the cluster's log is the journal's binary record of the event: one codec for both logs, so a node's
 * journal holds exactly what the cluster's log held, and a record the journal cannot read is refused alike.
 */
final class LogRecords {
    private LogRecords() {
    }

    static byte[] encode(Event e) {
        Bytes<byte[]> bytes = Bytes.allocateElasticOnHeap(128);
        try {
            JournalCodec.write(e, bytes);
            return bytes.toByteArray();
        } finally {
            bytes.releaseLast();
        }
    }

    static Event decode(byte[] value) {
        Bytes<byte[]> bytes = Bytes.wrapForRead(value);
        try {
            return JournalCodec.read(bytes);
        } finally {
            bytes.releaseLast();
        }
    }
}
