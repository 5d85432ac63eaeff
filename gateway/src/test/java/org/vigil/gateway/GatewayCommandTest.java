package org.vigil.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.hl7.PatientKey;
import org.vigil.organisation.cli.Cli;
import picocli.CommandLine.ParameterException;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayCommandTest {
    static final String[] REQUIRED = {"--hmac-secret-file", "h.secret", "--tls-keystore", "k.p12", "--locations", "W12=RVT-W12"};

    @Test
    void defaultsAreTheDocumentedOnes() {
        GatewayConfig c = GatewayCommand.parse(REQUIRED);
        assertEquals(2575, c.mllpPort());
        assertEquals(8443, c.httpsPort());
        assertEquals("127.0.0.1", c.host());
        assertEquals(java.util.List.of("http://127.0.0.1:8080"), c.serverUrls());
        assertEquals("VIGIL_GATEWAY_TOKEN", c.tokenEnv());
        assertEquals("VIGIL_TLS_PASSWORD", c.tlsPasswordEnv());
        assertEquals(20, c.rate());
        assertEquals(40, c.burst());
        assertEquals(1 << 20, c.maxBodyBytes());
        assertEquals(1 << 20, c.maxMllpBytes());
        assertEquals(256, c.maxInFlight());
        assertEquals("W12=RVT-W12", c.locations());
        assertNull(c.codeMaps());
        assertEquals(PatientKey.NHS_ELSE_LOCAL, c.patientKey());
    }

    @Test
    void optionsOverrideDefaults() {
        GatewayConfig c = GatewayCommand.parse("--hmac-secret-file", "h", "--tls-keystore", "k", "--code-maps", "maps.yaml",
                "--mllp-port", "12575", "--https-port", "0", "--rate", "5", "--max-body-bytes", "4096",
                "--server", "http://127.0.0.1:9", "--patient-key", "local");
        assertEquals(PatientKey.LOCAL, c.patientKey());
        assertEquals(12575, c.mllpPort());
        assertEquals(0, c.httpsPort());
        assertEquals(10, c.burst());
        assertEquals(4096, c.maxBodyBytes());
        assertEquals(Path.of("maps.yaml"), c.codeMaps());
        assertNull(c.locations());
    }

    @Test
    void noSecretNoKeystoreNoMappingOrBadValuesAreRefusedNamingTheOption() {
        assertRefused("--hmac-secret-file", "--tls-keystore", "k", "--locations", "A=B");
        assertRefused("--tls-keystore", "--hmac-secret-file", "h", "--locations", "A=B");
        assertRefused("--locations", "--hmac-secret-file", "h", "--tls-keystore", "k");
        assertRefused("mutually exclusive", "--hmac-secret-file", "h", "--tls-keystore", "k", "--locations", "A=B",
                "--code-maps", "m.yaml");
        assertRefused("--rate", with("--rate", "0"));
        assertRefused("--server", with("--server", "ftp://x"));
        assertRefused("--token-env", with("--token-env", "not a name"));
        assertRefused("--bogus", with("--bogus", "1"));
        assertRefused("--patient-key", with("--patient-key", "mrn"));
    }

    @Test
    void helpExitsZeroAndAnUnknownOptionExitsTwoWithTheUsage() {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            assertEquals(0, Cli.execute(new GatewayCommand(), "--help"));
            assertEquals(2, Cli.execute(new GatewayCommand(), with("--bogus", "1")));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String help = o.toString(StandardCharsets.UTF_8);
        assertTrue(help.startsWith("Usage: vigil gateway"), help);
        assertTrue(help.contains("--code-maps") && help.contains("VIGIL_TLS_PASSWORD"), help);
        assertTrue(e.toString(StandardCharsets.UTF_8).contains("Usage: vigil gateway"));
    }

    @Test
    void theGatewayWillNotStartWithoutItsTokenOrWithAShortSecret(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("h.secret");
        Files.write(secret, new byte[8]);
        GatewayConfig c = GatewayCommand.parse("--hmac-secret-file", secret.toString(),
                "--tls-keystore", dir.resolve("k.p12").toString(), "--locations", "W12=RVT-W12");
        IllegalArgumentException noToken = assertThrows(IllegalArgumentException.class,
                () -> Gateway.start(c, Map.of("VIGIL_TLS_PASSWORD", "x")));
        assertTrue(noToken.getMessage().contains("VIGIL_GATEWAY_TOKEN"));
        IllegalArgumentException shortSecret = assertThrows(IllegalArgumentException.class,
                () -> Gateway.start(c, Map.of("VIGIL_GATEWAY_TOKEN", "t", "VIGIL_TLS_PASSWORD", "x")));
        assertTrue(shortSecret.getMessage().contains("16"), shortSecret.getMessage());
    }

    @Test
    void aSecretOrKeystoreThatCannotBeReadIsNamedWithWhy(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("VIGIL_GATEWAY_TOKEN", "t", "VIGIL_TLS_PASSWORD", "x");
        Path keystore = dir.resolve("k.p12");
        GatewayConfig directory = GatewayCommand.parse("--hmac-secret-file", dir.toString(),
                "--tls-keystore", keystore.toString(), "--locations", "W12=RVT-W12");
        assertEquals("--hmac-secret-file " + dir + ": is a directory",
                assertThrows(IllegalArgumentException.class, () -> Gateway.start(directory, env)).getMessage());
        Path secret = Files.write(dir.resolve("h.secret"), new byte[32]);
        GatewayConfig absent = GatewayCommand.parse("--hmac-secret-file", secret.toString(),
                "--tls-keystore", keystore.toString(), "--locations", "W12=RVT-W12");
        assertEquals("--tls-keystore " + keystore + ": no such file or directory",
                assertThrows(java.io.IOException.class, () -> Gateway.start(absent, env)).getMessage());
    }

    @Test
    void aMistakeInTheCodeMapsStopsTheStartNamingTheEntry(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("h.secret");
        Files.write(secret, new byte[32]);
        Path maps = dir.resolve("maps.yaml");
        Files.writeString(maps, "locations: {W12: RVT-W12}\nobservations: [{system: LN, code: X, parameter: rr}]\n");
        GatewayConfig c = GatewayCommand.parse("--hmac-secret-file", secret.toString(),
                "--tls-keystore", dir.resolve("k.p12").toString(), "--code-maps", maps.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gateway.start(c, Map.of("VIGIL_GATEWAY_TOKEN", "t", "VIGIL_TLS_PASSWORD", "x")));
        assertTrue(e.getMessage().contains("maps.yaml: observations[0].parameter: 'rr'"), e.getMessage());
    }

    private static String[] with(String... more) {
        String[] all = new String[REQUIRED.length + more.length];
        System.arraycopy(REQUIRED, 0, all, 0, REQUIRED.length);
        System.arraycopy(more, 0, all, REQUIRED.length, more.length);
        return all;
    }

    private static void assertRefused(String named, String... args) {
        String message = assertThrows(ParameterException.class, () -> GatewayCommand.parse(args)).getMessage();
        assertTrue(message.contains(named), message);
    }
}
