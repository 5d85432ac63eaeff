package org.vigil.server;

import org.vigil.organisation.cli.Cli;

/**
 * {@code ./vigil server} ({@link ServerCommand}): start, run until SIGTERM/Ctrl-C, then close the journal cleanly. A
 * server that cannot start (its port taken, its data directory held by another server) says why and exits 1 at
 * once, rather than lingering half-started where a launcher's health check could mistake another server's answer
 * for its own.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = Cli.execute(new ServerCommand(), args);
        if (code != 0) {
            System.exit(code); // (never on a clean stop: exit would wait for the shutdown hook that is running)
        }
    }
}
