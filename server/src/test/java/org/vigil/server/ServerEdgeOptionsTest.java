package org.vigil.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server's TLS and WebSocket-origin options: parsed in any order with the others, bad values named. */
class ServerEdgeOptionsTest {
    @Test
    void theDefaultsArePlainHttpAndSameOriginOnly() {
        ServerConfig.Edge e = ServerCommand.parse().edge();
        assertNull(e.tlsKeystore());
        assertEquals("VIGIL_TLS_PASSWORD", e.tlsPasswordEnv());
        assertEquals(8444, e.httpsPort());
        assertEquals(List.of(), e.allowedOrigins());
    }

    @Test
    void edgeOptionsMixWithTheOthersInAnyOrder() {
        ServerConfig c = ServerCommand.parse("--tls-keystore", "/etc/vigil/server.p12", "--port", "9090",
                "--https-port", "9443", "--allowed-origins", "https://Wall.Trust.example, http://127.0.0.1:8080",
                "--tls-password-env", "MY_P12_PASSWORD", "--retention-days", "7");
        assertEquals(9090, c.port());
        assertEquals(7, c.retentionDays());
        assertEquals(Path.of("/etc/vigil/server.p12"), c.edge().tlsKeystore());
        assertEquals(9443, c.edge().httpsPort());
        assertEquals("MY_P12_PASSWORD", c.edge().tlsPasswordEnv());
        assertEquals(List.of("https://wall.trust.example", "http://127.0.0.1:8080"), c.edge().allowedOrigins());
        String usage = new CommandLine(new ServerCommand()).getUsageMessage();
        assertTrue(usage.contains("--tls-keystore") && usage.contains("--allowed-origins"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://wall.example/path", "wall.example", "ftp://wall.example", "*"})
    void anOriginIsSchemeHostAndPortOnly(String origin) {
        ParameterException e = assertThrows(ParameterException.class,
                () -> ServerCommand.parse("--allowed-origins", origin));
        assertTrue(e.getMessage().startsWith("--allowed-origins"), e.getMessage());
    }

    @Test
    void theHttpsListenersOptionsWithoutAKeystoreAreRefusedNotIgnored() {
        for (String option : List.of("--https-port", "--tls-password-env")) {
            ParameterException e = assertThrows(ParameterException.class,
                    () -> ServerCommand.parse(option, option.equals("--https-port") ? "9443" : "MY_P12_PASSWORD"));
            assertEquals(option + " is for the HTTPS listener: give --tls-keystore too", e.getMessage());
        }
    }

    /** The start-up warning's condition, checked without binding anything beyond loopback. */
    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "192.0.2.10"})
    void plainHttpOnAnotherAddressThanLoopbackIsFlagged(String host) {
        assertTrue(ServerCommand.parse("--host", host).plainHttpBeyondLoopback(), host);
        assertFalse(ServerCommand.parse("--host", host, "--tls-keystore", "/etc/vigil/server.p12")
                .plainHttpBeyondLoopback(), host + " with TLS: plain HTTP stays on loopback");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "::1", "localhost"})
    void plainHttpOnLoopbackIsNot(String host) {
        assertFalse(ServerCommand.parse("--host", host).plainHttpBeyondLoopback(), host);
    }

    @Test
    void thePasswordIsNamedByAnEnvironmentVariableNeverGiven() {
        ParameterException e = assertThrows(ParameterException.class,
                () -> ServerCommand.parse("--tls-password-env", "s3cr3t!"));
        assertTrue(e.getMessage().contains("environment variable's name"), e.getMessage());
        assertThrows(ParameterException.class, () -> ServerCommand.parse("--https-port", "70000"));
    }
}
