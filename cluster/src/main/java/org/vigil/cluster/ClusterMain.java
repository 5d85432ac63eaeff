package org.vigil.cluster;

import org.vigil.organisation.cli.Cli;

/**
 * {@code ./vigil cluster} ({@link ClusterCommand}): Kafka brokers and Vigil nodes on this machine until Ctrl-C.
 * Exits 1 at once, saying why, if any part cannot start; 2 for a usage error.
 */
public final class ClusterMain {
    private ClusterMain() {
    }

    public static void main(String[] args) {
        // the Kafka clients log their configuration, and every refused connection while brokers start: the terminal shows ours
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        int code = Cli.execute(new ClusterCommand(), args);
        if (code != 0) {
            System.exit(code); // (never on a clean stop: exit would wait for the shutdown hook that is running)
        }
    }
}
