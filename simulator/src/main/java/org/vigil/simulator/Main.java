package org.vigil.simulator;

import org.vigil.organisation.cli.Cli;

/** {@code ./vigil simulate}: reads the organisation, builds the simulation, and feeds (or loads) the server ({@link SimulateCommand}). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int status = Cli.execute(new SimulateCommand(), args);
        if (status != 0) {
            System.exit(status); // (never on Ctrl-C with a clean run: exit would wait for the shutdown hook)
        }
    }
}
