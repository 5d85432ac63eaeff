package org.vigil.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.organisation.OrganisationLoader;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WebSocket latency path of load mode. The subject is the harness, so this test stands up a stand-in wall: it
 * acknowledges every request and, 20 ms after a Martha's rule concern, pushes an alert naming the bed — which is
 * what the real wall's alert delta carries. Garbage is collected all through the run, as under load, and the run
 * outlasts the 30 s Vert.x gives a client it finds unreferenced to shut down: a collection once shut the harness's
 * WebSocket client down that way, and the probes of a run's last 20 s went unmatched.
 */
class LoadRunWebSocketTest {
    private static final long PUSH_DELAY_MS = 20;

    @Test
    void probesAreMatchedOnTheWallPushAndTimed(@TempDir Path dir) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            List<ServerWebSocket> walls = new CopyOnWriteArrayList<>();
            Map<String, String> bedOf = new ConcurrentHashMap<>();
            AtomicInteger authorised = new AtomicInteger();
            HttpServer wall = vertx.createHttpServer()
                    .webSocketHandler(ws -> {
                        if ("Bearer demo-exec".equals(ws.headers().get("Authorization"))) {
                            authorised.incrementAndGet();
                        }
                        walls.add(ws);
                    })
                    .requestHandler(req -> req.body().onSuccess(body -> {
                        int n = 0;
                        for (String line : body.toString().split("\n")) {
                            if (line.isBlank()) {
                                continue;
                            }
                            n++;
                            JsonObject e = new JsonObject(line);
                            if (e.getString("type").equals("admission")) {
                                bedOf.put(e.getString("patient"), e.getString("bed"));
                            } else if (e.getString("type").equals("concern")) {
                                String push = new JsonObject().put("type", "alert").put("alert", new JsonObject()
                                        .put("kind", "PATIENT_CONCERN").put("unit", e.getString("unit"))
                                        .put("bed", bedOf.get(e.getString("patient")))).encode();
                                vertx.setTimer(PUSH_DELAY_MS, t -> walls.forEach(ws -> ws.writeTextMessage(push)));
                            }
                        }
                        req.response().putHeader("Content-Type", "application/json")
                                .end(new JsonObject().put("accepted", n).put("duplicates", 0).encode());
                    }))
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
            int port = wall.actualPort();
            Path report = dir.resolve("ws.json");
            SimulatorConfig config = SimulateCommand.parse("--url", "http://127.0.0.1:" + port,
                    "--rate", "100", "--duration", "34", "--warmup", "0.5", "--report", report.toString(),
                    "--ws-url", "ws://127.0.0.1:" + port + "/wall/{unit}");
            Thread collector = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    System.gc();
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "collector");
            collector.start();
            try {
                assertEquals(0, new LoadRun(OrganisationLoader.demo(), config, vertx).run());
            } finally {
                collector.interrupt();
                collector.join(10_000);
            }

            assertEquals(10, authorised.get(), "one authorised subscription per ward");
            JsonNode r = new ObjectMapper().readTree(report.toFile());
            JsonNode push = r.get("pushLatencyMs");
            assertEquals("ingest→push", r.get("latencyMs").get("measured").asText());
            assertTrue(push.get("count").asInt() >= 300, r.toString());
            assertEquals(0, r.get("probesUnmatched").asInt(), r.toString());
            assertTrue(push.get("p50").asDouble() >= PUSH_DELAY_MS && push.get("p50").asDouble() < 1000, r.toString());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }
}
