package org.vigil.server;

import org.vigil.organisation.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.engine.Engine;
import picocli.CommandLine.ParameterException;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerCommandTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        ServerConfig c = ServerCommand.parse();
        assertEquals("127.0.0.1", c.host());
        assertEquals(8080, c.port());
        assertEquals(Path.of("data"), c.dataDir());
        assertNull(c.orgFile());
        assertEquals(Engine.ClockMode.WALL, c.clock());
        assertEquals(30, c.retentionDays());
        assertEquals(10_000, c.maxBatchEvents());
        assertEquals(8 * 1024 * 1024, c.maxBodyBytes());
        assertNull(c.influxUrl());
        assertEquals("vigil", c.influxDb());
        assertEquals(10, c.influxOpsSeconds());
        assertEquals(120, c.edge().idleSeconds());
    }

    @Test
    void optionsAreTyped() {
        ServerConfig c = ServerCommand.parse("--port", "9090", "--clock", "event", "--data", "/tmp/x",
                "--influx-url", "http://127.0.0.1:8086", "--influx-ops-seconds", "0");
        assertEquals(9090, c.port());
        assertEquals(Engine.ClockMode.EVENT, c.clock());
        assertEquals(Path.of("/tmp/x"), c.dataDir());
        assertEquals("http://127.0.0.1:8086", c.influxUrl());
        assertEquals(0, c.influxOpsSeconds());
    }

    @Test
    void badValuesAreRefusedNamingTheOption() {
        assertTrue(assertThrows(ParameterException.class, () -> ServerCommand.parse("--port", "eighty"))
                .getMessage().contains("--port"));
        assertTrue(assertThrows(ParameterException.class, () -> ServerCommand.parse("--port", "70000"))
                .getMessage().contains("--port must be from 0 to 65535"));
        assertTrue(assertThrows(ParameterException.class, () -> ServerCommand.parse("--clock", "sundial"))
                .getMessage().contains("--clock"));
        assertTrue(assertThrows(ParameterException.class, () -> ServerCommand.parse("--influx-url", "ftp://x"))
                .getMessage().contains("--influx-url"));
        assertTrue(assertThrows(ParameterException.class, () -> ServerCommand.parse("--influx-db", "a b"))
                .getMessage().contains("--influx-db"));
        assertTrue(assertThrows(ParameterException.class, () -> ServerCommand.parse("--port"))
                .getMessage().contains("--port"));
        // under three wall heartbeats (10 s each), a quiet wall's socket would be closed
        assertTrue(assertThrows(ParameterException.class, () -> ServerCommand.parse("--idle-timeout", "29"))
                .getMessage().contains("--idle-timeout must be from 30"));
    }

    @Test
    void clusterOptionsMakeANodeOfACluster(@TempDir Path dir) throws Exception {
        assertNull(ServerCommand.parse().cluster(), "a single node by default");
        Path tls = dir.resolve("kafka.properties");
        Files.writeString(tls, "security.protocol=SSL\nssl.truststore.location=/etc/vigil/kafka-ca.p12\n");
        ServerConfig c = ServerCommand.parse("--port", "9090", "--kafka", "10.0.0.1:9092,10.0.0.2:9092",
                "--kafka-properties", tls.toString());
        assertEquals("10.0.0.1:9092,10.0.0.2:9092", c.cluster().bootstrapServers());
        assertEquals("vigil-9090", c.cluster().nodeId());
        assertEquals("SSL", c.cluster().clientProperties().get("security.protocol"));
        assertEquals("ward-a", ServerCommand.parse("--kafka", "k:9092", "--node-id", "ward-a").cluster().nodeId());
        assertEquals(List.of("https://vigil-1.example.nhs.uk", "http://127.0.0.1:8081"), ServerCommand.parse("--kafka",
                "k:9092", "--node-urls", "https://Vigil-1.example.nhs.uk,http://127.0.0.1:8081").cluster().nodeUrls());
        assertTrue(assertThrows(ParameterException.class, () -> ServerCommand.parse("--kafka", "k:9092",
                "--node-urls", "vigil-1:8080")).getMessage().contains("--node-urls takes origins"));
        assertTrue(assertThrows(ParameterException.class, () -> ServerCommand.parse("--node-urls", "http://a:1"))
                .getMessage().contains("--node-urls is for a node of a cluster"));

        assertTrue(assertThrows(ParameterException.class, () -> ServerCommand.parse("--node-id", "n1"))
                .getMessage().contains("--node-id is for a node of a cluster: give --kafka too"));
        assertTrue(assertThrows(ParameterException.class, () -> ServerCommand.parse("--kafka", "no-port"))
                .getMessage().contains("--kafka takes brokers as host:port"));
        assertTrue(assertThrows(ParameterException.class, () -> ServerCommand.parse("--kafka", "k:9092",
                "--node-id", "a b")).getMessage().contains("--node-id must be"));
        Path acks = dir.resolve("acks.properties");
        Files.writeString(acks, "acks=1\n");
        assertTrue(assertThrows(ParameterException.class, () -> ServerCommand.parse("--kafka", "k:9092",
                "--kafka-properties", acks.toString())).getMessage().contains("may not set acks"));
        assertTrue(assertThrows(ParameterException.class, () -> ServerCommand.parse("--kafka", "k:9092",
                "--kafka-properties", dir.resolve("absent").toString())).getMessage()
                .contains("--kafka-properties " + dir.resolve("absent") + ": no such file or directory"));
    }

    @Test
    void helpExitsZeroAndAnUnknownOptionExitsTwoWithTheUsage() {
        Captured help = run("--help");
        assertEquals(0, help.code);
        assertTrue(help.out.startsWith("Usage: vigil server"), help.out);
        assertTrue(help.out.contains("VIGIL_BOOTSTRAP_TOKEN"), help.out);
        Captured bogus = run("--bogus", "1");
        assertEquals(2, bogus.code);
        assertTrue(bogus.err.contains("Unknown option") && bogus.err.contains("--bogus"), bogus.err);
        assertTrue(bogus.err.contains("Usage: vigil server"), bogus.err);
        Captured badPort = run("--port", "-1");
        assertEquals(2, badPort.code);
        assertTrue(badPort.err.contains("--port must be from 0 to 65535"), badPort.err);
    }

    record Captured(int code, String out, String err) {}

    /** Runs the command the way main does, capturing what it prints (help and errors never start a server). */
    static Captured run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Cli.execute(new ServerCommand(), args);
            return new Captured(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
