package org.vigil.simulator;

import java.nio.file.Path;
import java.time.Instant;

/** Everything {@code ./vigil simulate} is told, in one place (built by {@link SimulateCommand}). */
record SimulatorConfig(Path orgFile, long seed, String url, String token, double speed, Instant start,
                       double hours, double omissionRate, int batch, double rate, double durationSeconds,
                       double warmupSeconds, int concurrency, String wsUrl, String wsToken, Path report,
                       long maxEvents, int historyDays) {

    boolean loadMode() {
        return rate > 0;
    }
}
