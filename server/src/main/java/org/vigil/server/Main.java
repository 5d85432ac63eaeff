package org.vigil.server;

import org.vigil.organisation.cli.Cli;

/** {@code ./vigil server}: start, run until SIGTERM/Ctrl-C, then close the journal cleanly ({@link ServerCommand}). */
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
