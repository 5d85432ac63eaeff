package org.vigil.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayConfigTest {
    static final String[] REQUIRED = {"--hmac-secret-file", "h.secret", "--tls-keystore", "k.p12", "--locations", "W12=RVT-W12"};

    @Test
    void defaultsAreTheDocumentedOnes() {
        GatewayConfig c = GatewayConfig.parse(REQUIRED);
        assertEquals(2575, c.mllpPort());
        assertEquals(8443, c.httpsPort());
        assertEquals("127.0.0.1", c.host());
        assertEquals("http://127.0.0.1:8080", c.serverUrl());
        assertEquals("VIGIL_GATEWAY_TOKEN", c.tokenEnv());
        assertEquals(20, c.rate());
        assertEquals(40, c.burst());
        assertEquals(1 << 20, c.maxBodyBytes());
        assertEquals(1 << 20, c.maxMllpBytes());
    }

    @Test
    void optionsOverrideDefaults() {
        String[] args = {"--hmac-secret-file", "h", "--tls-keystore", "k", "--locations-file", "l", "--mllp-port", "12575",
                "--https-port", "0", "--rate", "5", "--max-body-bytes", "4096", "--server", "http://127.0.0.1:9"};
        GatewayConfig c = GatewayConfig.parse(args);
        assertEquals(12575, c.mllpPort());
        assertEquals(0, c.httpsPort());
        assertEquals(10, c.burst());
        assertEquals(4096, c.maxBodyBytes());
        assertEquals(Path.of("l"), c.locationsFile());
    }

    @Test
    void noSecretNoKeystoreOrBadValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.parse(new String[]{"--tls-keystore", "k", "--locations", "A=B"}));
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.parse(new String[]{"--hmac-secret-file", "h", "--locations", "A=B"}));
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.parse(new String[]{"--hmac-secret-file", "h", "--tls-keystore", "k"}));
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.parse(new String[]{"--rate", "0"}));
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.parse(new String[]{"--server", "ftp://x"}));
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.parse(new String[]{"--token-env", "not a name"}));
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.parse(new String[]{"--bogus", "1"}));
    }

    @Test
    void theGatewayWillNotStartWithoutItsTokenOrWithAShortSecret(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("h.secret");
        Files.write(secret, new byte[8]);
        GatewayConfig c = GatewayConfig.parse(new String[]{"--hmac-secret-file", secret.toString(),
                "--tls-keystore", dir.resolve("k.p12").toString(), "--locations", "W12=RVT-W12"});
        IllegalArgumentException noToken = assertThrows(IllegalArgumentException.class,
                () -> Gateway.start(c, Map.of("VIGIL_TLS_PASSWORD", "x")));
        assertTrue(noToken.getMessage().contains("VIGIL_GATEWAY_TOKEN"));
        IllegalArgumentException shortSecret = assertThrows(IllegalArgumentException.class,
                () -> Gateway.start(c, Map.of("VIGIL_GATEWAY_TOKEN", "t", "VIGIL_TLS_PASSWORD", "x")));
        assertTrue(shortSecret.getMessage().contains("16"), shortSecret.getMessage());
    }
}
