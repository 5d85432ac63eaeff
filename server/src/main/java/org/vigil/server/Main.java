package org.vigil.server;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./vigil server}: start, run until SIGTERM/Ctrl-C, then close the journal cleanly. A server that cannot
 * start (its port taken, its data directory held by another server) says why and exits 1 at once, rather than
 * lingering half-started where a launcher's health check could mistake another server's answer for its own.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        ServerConfig config;
        try {
            config = ServerConfig.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        VigilServer server;
        try {
            server = VigilServer.start(config, Clock.systemUTC(), System.getenv("VIGIL_BOOTSTRAP_TOKEN"));
        } catch (Exception e) {
            System.err.println("vigil server: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "vigil-shutdown"));
        stopped.await();
    }
}
