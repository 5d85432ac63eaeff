package org.vigil.gateway.edge;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.Gateway;
import org.vigil.gateway.GatewayCommand;
import org.vigil.gateway.GatewayConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ListenAddressesTest {
    /**
     * MLLP has no TLS and no authentication (docs/security.md), so it must be able to stay on the integration
     * engine's network while the HTTPS edge faces tablets: with one --host for both, opening the edge opened MLLP
     * to the same network (found by an independent audit). Two loopback addresses stand for the two networks.
     */
    @Test
    void mllpListensOnItsOwnAddressAndHttpsOnTheHost(@TempDir Path dir) throws Exception {
        Path secret = Files.write(dir.resolve("h.secret"), new byte[32]);
        GatewayConfig c = GatewayCommand.parse("--hmac-secret-file", secret.toString(),
                "--tls-keystore", EdgeFixture.keystore(dir).toString(), "--locations", "W12=RVT-W12",
                "--host", "127.0.0.1", "--mllp-host", "127.0.0.2", "--mllp-port", "0", "--https-port", "0");
        try (Gateway gateway = Gateway.start(c, Map.of("VIGIL_GATEWAY_TOKEN", "t", "VIGIL_TLS_PASSWORD", EdgeFixture.PASSWORD))) {
            connect("127.0.0.2", gateway.mllpPort());
            assertThrows(IOException.class, () -> connect("127.0.0.1", gateway.mllpPort()));
            connect("127.0.0.1", gateway.httpsPort());
            assertThrows(IOException.class, () -> connect("127.0.0.2", gateway.httpsPort()));
        }
    }

    /** Without --mllp-host, MLLP binds where --host says, as before the option existed. */
    @Test
    void withoutItMllpListensOnTheHost() {
        GatewayConfig c = GatewayCommand.parse("--hmac-secret-file", "h", "--tls-keystore", "k", "--locations", "W12=RVT-W12",
                "--host", "127.0.0.3");
        assertEquals("127.0.0.3", c.mllpHost());
    }

    private static void connect(String host, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2_000);
        }
    }
}
