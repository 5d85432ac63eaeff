package org.vigil.simulator;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeedingProgressTest {
    static final long DAY = Simulation.DAY;

    @Test
    void aTerminalGetsABarWithDaysEventsRateAndTimeLeft() {
        SeedingProgress p = new SeedingProgress(System.err, true, 0, 90 * DAY);
        assertEquals("history [###############---------------]  50%  45.0/90.0 days  240,000 events  24,000 events/s  ETA 10 s",
                p.describe(45 * DAY, 240_000, 10, true));
    }

    @Test
    void aLogGetsPlainLines() {
        SeedingProgress p = new SeedingProgress(System.err, false, 0, 90 * DAY);
        assertEquals("history:  10% (9.0 of 90.0 days), 50000 events, 10000 events/s, about 45 s left",
                p.describe(9 * DAY, 50_000, 5, false));
        // nothing done yet: no rate, no estimate
        assertEquals("history:   0% (0.0 of 90.0 days), 0 events, 0 events/s, about ? s left", p.describe(0, 0, 0, false));
    }

    @Test
    void doneEndsTheBarWithANewLineAndALogWithOneMoreLine() {
        ByteArrayOutputStream bar = new ByteArrayOutputStream(), log = new ByteArrayOutputStream();
        new SeedingProgress(new PrintStream(bar, true, StandardCharsets.UTF_8), true, 0, DAY).done(DAY, 5000);
        new SeedingProgress(new PrintStream(log, true, StandardCharsets.UTF_8), false, 0, DAY).done(DAY, 5000);
        String b = bar.toString(StandardCharsets.UTF_8), l = log.toString(StandardCharsets.UTF_8);
        assertTrue(b.startsWith("\rhistory [##############################] 100%  1.0/1.0 days  5,000 events") && b.endsWith("\u001b[K" + System.lineSeparator()), b);
        assertTrue(l.startsWith("history: 100% (1.0 of 1.0 days), 5000 events") && l.endsWith(System.lineSeparator()) && !l.contains("\r"), l);
    }
}
