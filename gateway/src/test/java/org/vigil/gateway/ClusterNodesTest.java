package org.vigil.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.edge.Upstream;
import org.vigil.gateway.hl7.CodeMaps;
import org.vigil.gateway.hl7.LocationMap;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vigil.gateway.GatewayHarness.ackCode;
import static org.vigil.gateway.GatewayHarness.admitA01;
import static org.vigil.gateway.GatewayHarness.control;
import static org.vigil.gateway.GatewayHarness.frame;

/**
 * The gateway in front of a cluster ({@code --server URL,URL,…}): with the first node dead, an HL7 admission is still
 * stored through the next and answered {@code AA}, and the HTTPS edge's forwards reach it too. The real gateway,
 * server and sockets; the dead node is a port nothing listens on.
 */
class ClusterNodesTest {
    @TempDir
    static Path dir;
    static GatewayHarness gw;
    static String dead;

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dead = "http://127.0.0.1:" + s.getLocalPort(); // closed again: connections are refused
        }
        gw = new GatewayHarness(dir, CodeMaps.withLocations(LocationMap.parse("W12=RVT-W12")), List.of(dead));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void anAdmissionIsStoredThroughTheNextNodeWhenTheFirstIsDeadAndAnsweredAa() throws Exception {
        int before = gw.ward("RVT-W12").getInteger("patients");
        String[] patients = {"9434765919", "4010232137", "4505577104"};
        for (int i = 0; i < patients.length; i++) { // the first meets the dead node; the next go straight to the live one
            String[] acks = gw.exchange(frame(admitA01(control(), patients[i], "W12", "B2" + i)), 1);
            assertEquals("AA", ackCode(acks[0]), acks[0]);
        }
        assertEquals(before + patients.length, gw.ward("RVT-W12").getInteger("patients"));
    }

    @Test
    void theEdgesForwardsReachTheNextNodeWhenTheFirstIsDead() throws Exception {
        Upstream upstream = new Upstream(new ServerNodes(List.of(dead, "http://127.0.0.1:" + gw.server.port())),
                Duration.ofSeconds(5));
        Upstream.Answer a = upstream.forward("GET", "/api/v1/wards/RVT-W12", "Bearer " + GatewayHarness.TOKEN, null,
                null).get(30, TimeUnit.SECONDS);
        assertEquals(200, a.status(), () -> new String(a.body()));
    }
}
