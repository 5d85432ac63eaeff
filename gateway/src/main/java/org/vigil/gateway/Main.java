package org.vigil.gateway;

import org.vigil.organisation.cli.Cli;

/** {@code ./vigil gateway}: start both listeners, run until SIGTERM/Ctrl-C ({@link GatewayCommand}). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = Cli.execute(new GatewayCommand(), args);
        if (code != 0) {
            System.exit(code); // (never on a clean stop: exit would wait for the shutdown hook that is running)
        }
    }
}
