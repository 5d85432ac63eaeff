package org.vigil.gateway.mllp;

import org.junit.jupiter.api.Test;
import org.vigil.gateway.ServerClient;
import org.vigil.gateway.hl7.Hl7Mapper;

import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MllpServerTest {
    /**
     * The parsing pool is the gateway's own: closing the listener ends its threads, so a gateway stopped and started
     * again in one process (tests, an embedding application) does not pile them up. Asked of this listener's pool:
     * looking for threads by name JVM-wide also found those of any other gateway the test run had open.
     */
    @Test
    void closingTheListenerEndsItsParsingThreads() throws Exception {
        Hl7Mapper mapper = Handlers.mapper();
        // never called: an unparseable message is answered by the gateway alone
        ServerClient server = Handlers.unreachableServer();
        MllpServer mllp = new MllpServer("127.0.0.1", 0, null, 64 * 1024, mapper, server);
        try (Socket s = new Socket("127.0.0.1", mllp.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {MllpFrameDecoder.START, 'X', MllpFrameDecoder.END_1, MllpFrameDecoder.END_2});
            out.flush();
            assertEquals(MllpFrameDecoder.START, s.getInputStream().read(), "answered, on a parsing thread");
            assertFalse(mllp.parsingEnded(Duration.ZERO), "the pool runs while the listener is open");
        } finally {
            mllp.close();
        }
        assertTrue(mllp.parsingEnded(Duration.ofSeconds(10)), "parsing threads still running after the listener closed");
    }
}
