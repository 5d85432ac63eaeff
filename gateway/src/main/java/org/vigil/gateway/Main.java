package org.vigil.gateway;

import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/** {@code ./vigil gateway}: start both listeners, run until SIGTERM/Ctrl-C. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Gateway gateway;
        try {
            GatewayConfig config = GatewayConfig.parse(args);
            gateway = Gateway.start(config, System.getenv());
            LoggerFactory.getLogger(Main.class).info("gateway up: MLLP {}:{}, HTTPS {}:{}, forwarding to {}",
                    config.host(), gateway.mllpPort(), config.host(), gateway.httpsPort(), config.serverUrl());
        } catch (IllegalArgumentException | java.io.IOException | java.security.GeneralSecurityException e) {
            // a wrong keystore password, a missing file or a bad organisation file: say which, no stack trace
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "vigil-gateway-shutdown"));
        stopped.await();
    }
}
