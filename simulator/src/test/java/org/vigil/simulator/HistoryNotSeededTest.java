package org.vigil.simulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.organisation.cli.Cli;
import org.vigil.server.ServerConfig;
import org.vigil.server.VigilServer;
import org.vigil.server.engine.Engine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "history seeded" is what ./vigil demo waits for before it says the demo is running: the simulator says it only
 * when every event of the history was stored, and otherwise stops, says so and exits 1 — with no server, or a
 * token the server refuses.
 */
class HistoryNotSeededTest {

    @Test
    @Timeout(120)
    void withNoServerTheHistoryIsNotSeededAndTheRunFails() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Run run = simulate("--history-days", "1", "--speed", "max", "--url", "http://127.0.0.1:" + port);
        assertEquals(1, run.code, run.err);
        assertFalse(run.err.contains("history seeded"), run.err);
        assertTrue(run.err.contains("history not seeded: 0 of 500 events sent were stored; not going live"), run.err);
        assertTrue(run.out.contains("0 accepted, 0 rejected (4xx), 1 failed (5xx/io)"), run.out);
    }

    @Test
    @Timeout(120)
    void withATokenTheServerRefusesTheHistoryIsNotSeededAndTheRunFails(@TempDir Path dir) throws Exception {
        try (VigilServer server = VigilServer.start(new ServerConfig("127.0.0.1", 0, dir, null, Engine.ClockMode.EVENT,
                30, 10_000, 8 * 1024 * 1024, 65_536), Clock.systemUTC(), "tok")) {
            Run run = simulate("--history-days", "1", "--speed", "max", "--token", "not-a-token",
                    "--url", "http://127.0.0.1:" + server.port());
            assertEquals(1, run.code, run.err);
            assertFalse(run.err.contains("history seeded"), run.err);
            assertTrue(run.err.contains("history not seeded: 0 of 500 events sent were stored"), run.err);
            assertTrue(run.err.contains("(401, check --token)"), run.err);
            assertTrue(run.out.contains("0 accepted, 1 rejected (4xx)"), run.out);
        }
    }

    private record Run(int code, String out, String err) {
    }

    /** Runs ./vigil simulate in this JVM, with its standard output and error captured. */
    private static Run simulate(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = Cli.execute(new SimulateCommand(), args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
