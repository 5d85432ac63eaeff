package org.vigil.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How far the history's seeding has got, for the person waiting for the demo: on a terminal a bar redrawn in place
 * (percentage, simulated days done, events acknowledged, events per second, time left); otherwise (a log file, a
 * pipe) a plain line every second (the demo launcher shows the latest as its progress line). Main thread only.
 */
final class SeedingProgress {
    private static final int BAR_WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L, LINE_NANOS = 1_000_000_000L;
    private static final double DAY = Simulation.DAY;

    private final PrintStream out;
    private final boolean terminal;
    private final long fromMillis, toMillis;
    private final long startNanos = System.nanoTime();
    private long shownNanos = startNanos;

    /** Progress of simulated time from {@code fromMillis} to {@code toMillis}. */
    SeedingProgress(PrintStream out, boolean terminal, long fromMillis, long toMillis) {
        this.out = out;
        this.terminal = terminal;
        this.fromMillis = fromMillis;
        this.toMillis = toMillis;
    }

    /** Whether this process's standard error is a terminal (Linux: /proc tells; elsewhere: whether there is a console). */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }

    /** The seeding has reached simulated time {@code simMillis} with {@code events} acknowledged; shown when due. */
    void update(long simMillis, long events) {
        long now = System.nanoTime();
        if (now - shownNanos >= (terminal ? REDRAW_NANOS : LINE_NANOS)) {
            shownNanos = now;
            show(simMillis, events, now);
        }
    }

    /** The seeding is over: the last state, on its own line. */
    void done(long simMillis, long events) {
        show(simMillis, events, System.nanoTime());
        if (terminal) {
            out.println();
        }
        out.flush();
    }

    private void show(long simMillis, long events, long now) {
        String text = describe(simMillis, events, (now - startNanos) / 1e9, terminal);
        if (terminal) {
            out.print("\r" + text + "\u001b[K"); // erase what a longer previous line left
        } else {
            out.println(text);
        }
        out.flush();
    }

    /** One progress report; {@code bar} draws it as a bar (for a terminal). */
    String describe(long simMillis, long events, double seconds, boolean bar) {
        double fraction = toMillis <= fromMillis ? 1 : Math.max(0, Math.min(1, (double) (simMillis - fromMillis) / (toMillis - fromMillis)));
        double days = (Math.min(simMillis, toMillis) - fromMillis) / DAY, totalDays = (toMillis - fromMillis) / DAY;
        long rate = seconds > 0 ? Math.round(events / seconds) : 0;
        String left = fraction <= 0 ? "?" : Long.toString(Math.round(seconds * (1 - fraction) / fraction));
        if (!bar) {
            return String.format(Locale.ROOT, "history: %3.0f%% (%.1f of %.1f days), %d events, %d events/s, about %s s left",
                    100 * fraction, days, totalDays, events, rate, left);
        }
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        return String.format(Locale.ROOT, "history [%s%s] %3.0f%%  %.1f/%.1f days  %,d events  %,d events/s  ETA %s s",
                "#".repeat(filled), "-".repeat(BAR_WIDTH - filled), 100 * fraction, days, totalDays, events, rate, left);
    }
}
