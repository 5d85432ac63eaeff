package org.vigil.gateway.mllp;

import org.junit.jupiter.api.Test;
import org.vigil.gateway.ServerClient;
import org.vigil.gateway.hl7.Hl7Mapper;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MllpServerTest {
    /**
     * The parsing pool is the gateway's own: closing the listener ends its threads, so a gateway stopped and started
     * again in one process (tests, an embedding application) does not pile them up.
     */
    @Test
    void closingTheListenerEndsItsParsingThreads() throws Exception {
        Hl7Mapper mapper = Handlers.mapper();
        // never called: an unparseable message is answered by the gateway alone
        ServerClient server = Handlers.unreachableServer();
        try (MllpServer mllp = new MllpServer("127.0.0.1", 0, null, 64 * 1024, mapper, server);
             Socket s = new Socket("127.0.0.1", mllp.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {MllpFrameDecoder.START, 'X', MllpFrameDecoder.END_1, MllpFrameDecoder.END_2});
            out.flush();
            InputStream in = s.getInputStream();
            assertEquals(MllpFrameDecoder.START, in.read(), "answered, on a parsing thread");
            assertTrue(parsingThreads().size() > 0, "the pool's threads are named for it");
        }
        for (Thread t : parsingThreads()) {
            t.join(10_000);
            assertFalse(t.isAlive(), t.getName() + " still running after the listener closed");
        }
    }

    private static List<Thread> parsingThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("mllp-parsing-")).toList();
    }
}
