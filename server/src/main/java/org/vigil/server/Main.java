package org.vigil.server;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/** {@code ./vigil server}: start, run until SIGTERM/Ctrl-C, then close the journal cleanly. */
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
        VigilServer server = VigilServer.start(config, Clock.systemUTC(), System.getenv("VIGIL_BOOTSTRAP_TOKEN"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "vigil-shutdown"));
        stopped.await();
    }
}
