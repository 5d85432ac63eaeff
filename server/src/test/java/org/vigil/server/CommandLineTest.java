package org.vigil.server;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineTest {
    @Test
    void optionsComeInPairsAndHelpIsTheUsage() {
        assertEquals(List.of(new CommandLine.Option("--port", "9090"), new CommandLine.Option("--clock", "event")),
                CommandLine.options(new String[] {"--port", "9090", "--clock", "event"}, "usage"));
        assertEquals("usage", assertThrows(IllegalArgumentException.class,
                () -> CommandLine.options(new String[] {"--help"}, "usage")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> CommandLine.options(new String[] {"--port"}, "usage")).getMessage().startsWith("--port needs a value"));
    }

    @Test
    void numbersAreCheckedAgainstTheirRangeNamingTheFlag() {
        assertEquals(8080, CommandLine.integer("--port", "8080", 0, 65535));
        assertEquals("--port must be from 0 to 65535",
                assertThrows(IllegalArgumentException.class, () -> CommandLine.integer("--port", "70000", 0, 65535)).getMessage());
        assertEquals("--port must be a whole number, not 80.5",
                assertThrows(IllegalArgumentException.class, () -> CommandLine.integer("--port", "80.5", 0, 65535)).getMessage());
        assertEquals(0.25, CommandLine.decimal("--rate", "0.25", 0, 1));
        assertThrows(IllegalArgumentException.class, () -> CommandLine.decimal("--rate", "NaN", 0, 1));
        assertEquals(-5L, CommandLine.integer("--seed", "-5", Long.MIN_VALUE, Long.MAX_VALUE));
    }

    @Test
    void theServerRefusesABadPortNamingIt() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.parse(new String[] {"--port", "eighty"})).getMessage().contains("--port"));
        assertEquals(9090, ServerConfig.parse(new String[] {"--port", "9090"}).port());
    }
}
