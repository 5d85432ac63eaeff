package org.vigil.simulator;

import org.junit.jupiter.api.Test;
import org.vigil.organisation.cli.Cli;
import picocli.CommandLine.ParameterException;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulateCommandTest {
    @Test
    void feedModeDefaults() {
        SimulatorConfig c = SimulateCommand.parse();
        assertEquals("http://127.0.0.1:8080", c.url());
        assertEquals("demo-feed", c.token());
        assertEquals(1, c.speed());
        assertEquals(500, c.batch());
        assertEquals(-1, c.hours());
        assertFalse(c.loadMode());
    }

    @Test
    void loadModeNeedsADurationAndBatchesOfAHundred() {
        SimulatorConfig c = SimulateCommand.parse("--rate", "500", "--duration", "2", "--speed", "max",
                "--start", "2026-11-01T08:00:00Z");
        assertTrue(c.loadMode());
        assertEquals(100, c.batch());
        assertEquals(0, c.speed());
        assertEquals(Instant.parse("2026-11-01T08:00:00Z"), c.start());
        assertTrue(assertThrows(ParameterException.class, () -> SimulateCommand.parse("--rate", "500"))
                .getMessage().contains("--rate needs --duration"));
    }

    @Test
    void historyDaysDefaultToNoneAndRefuseAStartOrLoadMode() {
        assertEquals(0, SimulateCommand.parse().historyDays());
        assertEquals(90, SimulateCommand.parse("--history-days", "90").historyDays());
        assertTrue(assertThrows(ParameterException.class, () -> SimulateCommand.parse("--history-days", "-1"))
                .getMessage().contains("--history-days"));
        assertTrue(assertThrows(ParameterException.class, () -> SimulateCommand.parse("--history-days", "401"))
                .getMessage().contains("--history-days"));
        assertTrue(assertThrows(ParameterException.class, () -> SimulateCommand.parse("--history-days", "3",
                "--start", "2026-11-01T08:00:00Z")).getMessage().contains("--start"));
        assertTrue(assertThrows(ParameterException.class, () -> SimulateCommand.parse("--history-days", "3",
                "--rate", "500", "--duration", "2")).getMessage().contains("load mode"));
    }

    @Test
    void refusesOtherHostsAndBadValuesNamingTheOption() {
        assertTrue(assertThrows(ParameterException.class, () -> SimulateCommand.parse("--url", "http://example.org"))
                .getMessage().contains("loopback"));
        assertTrue(assertThrows(ParameterException.class, () -> SimulateCommand.parse("--speed", "fast"))
                .getMessage().contains("--speed"));
        assertTrue(assertThrows(ParameterException.class, () -> SimulateCommand.parse("--omission-rate", "2"))
                .getMessage().contains("--omission-rate"));
        assertTrue(assertThrows(ParameterException.class, () -> SimulateCommand.parse("--start", "yesterday"))
                .getMessage().contains("--start"));
    }

    @Test
    void helpExitsZeroAndAnUnknownOptionExitsTwoWithTheUsage() {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            assertEquals(0, Cli.execute(new SimulateCommand(), "--help"));
            assertEquals(2, Cli.execute(new SimulateCommand(), "--bogus"));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertTrue(o.toString(StandardCharsets.UTF_8).startsWith("Usage: vigil simulate"));
        assertTrue(e.toString(StandardCharsets.UTF_8).contains("Unknown option: '--bogus'"));
        assertTrue(e.toString(StandardCharsets.UTF_8).contains("Usage: vigil simulate"));
    }
}
