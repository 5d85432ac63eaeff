package org.vigil.server.security;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.server.EdgeServer;
import org.vigil.server.TestServer;
import org.vigil.server.timeseries.Scenario;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The access policy of docs/security.md (§ Access policy), read from that file and asserted against the running
 * server cell by cell: every endpoint and WebSocket view (the columns) for every kind of token (the rows: ingest,
 * read, ack and respond at a ward, trust, place, the system and a care home; expired, not yet valid, unknown,
 * missing). Each row has a token of its own and an alert of its own, so its cells run in the table's order
 * independently of the other rows. Nothing here is mocked: the real server, journal, engine and sockets.
 */
class AuthorizationMatrixTest {
    private static final Path POLICY = Path.of("..", "docs", "security.md");
    private static final Pattern TABLE = Pattern.compile("<!-- access-policy -->\\n(.*?)\\n<!-- /access-policy -->",
            Pattern.DOTALL);
    private static final String WARD = "RVT-W12";
    private static final String HOME = "CH-OAKS";
    private static final String FHIR_PATIENT = "mx-fhir";
    private static final Instant NOW = TestServer.NOW;
    /** The instant the historical columns ask about: after the seed, not in the future. */
    private static final Instant AT = NOW.minusSeconds(1);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final AtomicInteger IDS = new AtomicInteger();

    @TempDir
    static Path dir;
    static EdgeServer edge;
    static Vertx vertx;
    static List<String> columns;
    /** Row label → the table's cells, in column order. */
    static Map<String, List<String>> rows;
    /** Row label → its plain token (null: no Authorization at all). */
    static final Map<String, String> tokens = new LinkedHashMap<>();
    /** Row label → the id of its own alert on the ward. */
    static final Map<String, String> alerts = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        readPolicy();
        StringBuilder grants = new StringBuilder();
        int i = 0;
        for (String row : rows.keySet()) {
            String token = "matrix-token-" + i++;
            tokens.put(row, row.equals("missing") ? null : token);
            if (row.equals("missing") || row.equals("unknown")) {
                continue;
            }
            String scope = row.contains("(") ? row.substring(row.indexOf('(') + 1, row.indexOf(')')) : row;
            Instant notBefore = row.startsWith("not yet valid") ? NOW.plusSeconds(60) : null;
            Instant notAfter = row.startsWith("expired") ? NOW.minusSeconds(1) : null;
            grants.append(TokensTest.grant("matrix " + row, token, notBefore, notAfter, "\"" + scope + "\""));
        }
        edge = EdgeServer.start(dir, NOW, grants.toString(), false, List.of());
        vertx = Vertx.vertx();
        seed();
    }

    @AfterAll
    static void stop() {
        if (vertx != null) {
            vertx.close();
        }
        if (edge != null) {
            edge.close();
        }
    }

    private static void readPolicy() throws IOException {
        Matcher m = TABLE.matcher(Files.readString(POLICY));
        assertTrue(m.find(), "docs/security.md has no access-policy table");
        List<String> lines = m.group(1).lines().toList();
        columns = cells(lines.get(0)).subList(1, cells(lines.get(0)).size());
        rows = new LinkedHashMap<>();
        for (String line : lines.subList(2, lines.size())) {
            List<String> c = cells(line);
            assertEquals(columns.size() + 1, c.size(), "a cell for every column: " + line);
            rows.put(c.get(0), c.subList(1, c.size()));
        }
    }

    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        for (String c : line.trim().replaceAll("^\\||\\|$", "").split("\\|")) {
            out.add(c.trim());
        }
        return out;
    }

    /** Each row's own patient with NEWS2 ≥ 7 on the ward (its own alert), a patient with one set, a resident. */
    private static void seed() throws Exception {
        long t = NOW.toEpochMilli() - 60_000;
        List<String> events = new ArrayList<>();
        int bed = 1;
        for (String row : rows.keySet()) {
            String patient = "mx-" + bed;
            events.add(event("admission", t, WARD, "\"patient\":\"" + patient + "\",\"bed\":\"M" + bed + "\",\"age\":70"));
            events.add(event("observation", t + 1, WARD, "\"patient\":\"" + patient + "\"," + Scenario.HIGH));
            bed++;
        }
        events.add(event("admission", t, WARD, "\"patient\":\"" + FHIR_PATIENT + "\",\"bed\":\"F1\",\"age\":70"));
        events.add(event("observation", t + 2, WARD, "\"patient\":\"" + FHIR_PATIENT + "\"," + Scenario.NORMAL));
        events.add(event("restore2", t + 3, HOME, "\"resident\":\"mx-resident\",\"softSigns\":[],\"baseline\":true,"
                + Scenario.NORMAL));
        assertEquals(200, send("POST", "/api/v1/events", TestServer.BOOTSTRAP, "application/x-ndjson",
                String.join("\n", events)).status);
        JsonArray all = new JsonObject(send("GET", "/api/v1/alerts?unit=" + WARD, TestServer.BOOTSTRAP, null, null).body)
                .getJsonArray("alerts");
        bed = 1;
        for (String row : rows.keySet()) {
            String mine = "M" + bed++;
            for (Object o : all) {
                JsonObject a = (JsonObject) o;
                if (mine.equals(a.getString("bed")) && "NEWS2_HIGH".equals(a.getString("kind"))) {
                    alerts.put(row, a.getString("id"));
                }
            }
            assertNotNull(alerts.get(row), "an alert for " + row);
        }
    }

    private static String event(String type, long time, String unit, String body) {
        return "{\"id\":\"mx-" + IDS.incrementAndGet() + "\",\"type\":\"" + type + "\",\"time\":\""
                + Instant.ofEpochMilli(time) + "\",\"unit\":\"" + unit + "\"," + body + "}";
    }

    @TestFactory
    Stream<DynamicContainer> everyCellOfTheAccessPolicyHolds() {
        return rows.entrySet().stream().map(row -> DynamicContainer.dynamicContainer(row.getKey(),
                columnTests(row.getKey(), row.getValue())));
    }

    private static Stream<DynamicTest> columnTests(String row, List<String> expected) {
        List<DynamicTest> tests = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            String column = columns.get(c);
            String cell = expected.get(c);
            tests.add(DynamicTest.dynamicTest(column + " → " + cell,
                    () -> assertEquals(cell, outcome(column, row), column + " for " + row)));
        }
        return tests.stream();
    }

    /** What the server answers the row's token at the column: a status (with a count where listed) or a close. */
    private static String outcome(String column, String row) throws Exception {
        String token = tokens.get(row);
        String alert = "/api/v1/alerts/" + alerts.get(row);
        return switch (column) {
            case "events" -> status(send("POST", "/api/v1/events", token, "application/json",
                    event("observation", NOW.toEpochMilli() - 30_000, WARD,
                            "\"patient\":\"mx-feed\"," + Scenario.NORMAL)));
            case "news2" -> status(send("POST", "/api/v1/news2", token, "application/json",
                    "{" + Scenario.NORMAL + "}"));
            case "spc" -> status(send("POST", "/api/v1/spc", token, "application/json",
                    "{\"values\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15],\"improvement\":\"UP\"}"));
            case "ward" -> status(send("GET", "/api/v1/wards/" + WARD, token, null, null));
            case "spc-ward" -> status(send("GET", "/api/v1/spc/" + WARD + "/reliabilityPulseMean", token, null, null));
            case "spc-trust" -> status(send("GET", "/api/v1/spc/trust:RVT", token, null, null));
            case "overview" -> counted(send("GET", "/api/v1/overview", token, null, null), "units");
            case "alerts" -> status(send("GET", "/api/v1/alerts?unit=" + WARD, token, null, null));
            case "alert" -> status(send("GET", alert, token, null, null));
            case "ack" -> status(send("POST", alert + "/ack", token, "application/json", "{\"by\":\"MX\"}"));
            case "undo" -> status(send("POST", alert + "/ack/undo", token, "application/json", "{}"));
            case "accept" -> status(send("POST", alert + "/accept", token, "application/json", "{\"by\":\"Dr MX\"}"));
            case "decline" -> status(send("POST", alert + "/decline", token, "application/json",
                    "{\"by\":\"Dr MX\",\"reason\":\"NOT_FOR_MY_TEAM\"}"));
            case "not-escalating" -> status(send("POST", alert + "/not-escalating", token, "application/json",
                    "{\"by\":\"Dr MX\",\"reason\":\"plan agreed with the family\"}"));
            case "carehome" -> status(send("GET", "/api/v1/carehomes/" + HOME, token, null, null));
            case "residents" -> status(send("GET", "/api/v1/carehomes/" + HOME + "/residents", token, null, null));
            case "fhir-observation" -> status(send("POST", "/fhir/Observation", token, "application/fhir+json",
                    fhir("panel")));
            case "fhir-search" -> counted(send("GET", "/fhir/Observation?patient=Patient/" + FHIR_PATIENT, token,
                    null, null), "entry");
            case "fhir-bundle" -> status(send("POST", "/fhir", token, "application/fhir+json", fhir("transaction")));
            case "fhir-metadata" -> status(send("GET", "/fhir/metadata", token, null, null));
            case "health" -> status(send("GET", "/health", token, null, null));
            case "metrics" -> status(send("GET", "/metrics", token, null, null));
            case "meta" -> status(send("GET", "/api/v1/meta", token, null, null));
            case "ws-ward" -> socket(token, "ward", WARD);
            case "ws-trust" -> socket(token, "trust", "RVT");
            case "ws-system" -> socket(token, "system", "");
            case "ws-carehomes" -> socket(token, "carehomes", "");
            case "ws-respond" -> socket(token, "respond", "");
            case "ward-at" -> status(send("GET", "/api/v1/wards/" + WARD + "?at=" + AT, token, null, null));
            case "walls-trust-at" -> status(send("GET", "/api/v1/walls/trust/RVT?at=" + AT, token, null, null));
            case "walls-system-at" -> status(send("GET", "/api/v1/walls/system?at=" + AT, token, null, null));
            case "audit" -> status(send("GET", "/api/v1/audit?unit=" + WARD, token, null, null));
            case "incident" -> status(send("GET", "/api/v1/incidents/" + WARD + "/mx-1?from=" + NOW.minusSeconds(3600)
                    + "&to=" + AT, token, null, null));
            default -> throw new AssertionError("no such column in the matrix: " + column);
        };
    }

    /** A documented FHIR example, about a fresh patient (so no cell's set is another's duplicate). */
    private static String fhir(String example) {
        String patient = "Patient/mx-fhir-" + IDS.incrementAndGet();
        JsonObject o = new JsonObject(org.vigil.server.fhir.FhirDocs.example(example));
        if (o.containsKey("entry")) {
            for (Object e : o.getJsonArray("entry")) {
                ((JsonObject) e).getJsonObject("resource").getJsonObject("subject").put("reference", patient);
            }
        } else {
            o.getJsonObject("subject").put("reference", patient);
        }
        return o.encode();
    }

    private record Answer(int status, String body) {}

    private static Answer send(String method, String path, String token, String type, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.server.port() + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (type != null) {
            b.header("Content-Type", type);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    private static String status(Answer a) {
        return Integer.toString(a.status);
    }

    /** "200:n", n the length of the answer's list; other statuses alone. */
    private static String counted(Answer a, String list) {
        if (a.status != 200) {
            return status(a);
        }
        JsonArray items = new JsonObject(a.body).getJsonArray(list);
        return "200:" + (items == null ? 0 : items.size());
    }

    /** Opens the wall socket and authenticates: "open" on the hello, else the close code. */
    private static String socket(String token, String view, String id) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient();
        WebSocket ws = client.connect(edge.server.port(), "127.0.0.1", "/ws/wall").toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        CompletableFuture<String> outcome = new CompletableFuture<>();
        ws.textMessageHandler(t -> {
            if ("hello".equals(new JsonObject(t).getString("type"))) {
                outcome.complete("open");
            }
        });
        ws.closeHandler(v -> outcome.complete(String.valueOf(ws.closeStatusCode())));
        JsonObject auth = new JsonObject().put("type", "auth").put("view", view).put("id", id);
        if (token != null) {
            auth.put("token", token);
        }
        ws.writeTextMessage(auth.encode());
        try {
            return outcome.get(10, TimeUnit.SECONDS);
        } finally {
            if (!ws.isClosed()) {
                ws.close();
            }
            client.close();
        }
    }

    /**
     * An auth message whose view or id is null, or not a string, is refused and the socket closed (found by an
     * independent check: {@code "id": null} threw in the hub, and the socket stayed open without an answer).
     */
    @Test
    void anAuthMessageWithANullViewOrIdIsRefusedAndClosed() throws Exception {
        assertEquals("open", socket(TestServer.BOOTSTRAP, "ward", WARD), "the control");
        assertEquals("1008", socket(TestServer.BOOTSTRAP, "ward", null));
        assertEquals("1008", socket(TestServer.BOOTSTRAP, null, WARD));
    }

    /**
     * A refusal naming a long id is still a close the page can read (found by an HTTP audit: the reason quoted an id
     * of 200 characters whole, a close frame of 230 bytes, beyond the 125 RFC 6455 §5.5 allows a control frame, so
     * a browser saw a protocol error, 1002 or 1006, instead of the refusal).
     */
    @Test
    void aRefusalNamingALongIdIsAValidClose() throws Exception {
        assertEquals("1008", socket(TestServer.BOOTSTRAP, "ward", "X".repeat(200)));
        assertEquals("1008", socket(TestServer.BOOTSTRAP, "trust", "é".repeat(100)));
        assertEquals("1008", socket(TestServer.BOOTSTRAP, "respond", "Y".repeat(200)));
    }

    /** No role is held at the system level, so the row "respond at the system" cannot exist: the loader says so. */
    @Test
    void noRoleIsHeldAtTheSystemLevel() throws IOException {
        String demo;
        try (var in = OrganisationLoader.class.getResourceAsStream(OrganisationLoader.DEMO_RESOURCE)) {
            demo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String yaml = demo.stripTrailing() + "\n"
                + TokensTest.grant("system responder", "x", null, null, "\"respond:role:outreach:system\"");
        IOException refused = assertThrows(IOException.class, () -> OrganisationLoader.load(
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "organisation.yaml"));
        assertTrue(refused.getMessage().contains("respond:role:outreach:system")
                || refused.getMessage().contains("no trust 'system'"), refused.getMessage());
    }

    /**
     * Every endpoint the server routes is a column of the policy: a new endpoint cannot ship without its row of
     * answers written down and checked.
     */
    @Test
    void everyEndpointIsAColumnOfThePolicy() {
        Set<String> routed = new TreeSet<>();
        for (Route r : edge.server.routes()) {
            String path = r.getPath();
            if (path == null || !r.isExactPath() || r.methods() == null || r.methods().isEmpty()
                    || path.startsWith("/wall") || path.startsWith("/carehome/") || path.equals("/respond")
                    || path.startsWith("/report/")
                    || path.equals("/ws/wall") || path.equals("/favicon.ico")) {
                continue; // pages and their assets carry no data; the socket's views are the ws- columns
            }
            for (var m : r.methods()) {
                routed.add(m.name() + " " + path);
            }
        }
        Set<String> covered = Set.of("POST /api/v1/events", "POST /api/v1/news2", "POST /api/v1/spc",
                "GET /api/v1/wards/:id", "GET /api/v1/overview", "GET /api/v1/alerts", "GET /api/v1/alerts/:id",
                "POST /api/v1/alerts/:id/ack", "POST /api/v1/alerts/:id/ack/undo", "POST /api/v1/alerts/:id/accept",
                "POST /api/v1/alerts/:id/decline", "POST /api/v1/alerts/:id/not-escalating",
                "GET /api/v1/carehomes/:id", "GET /api/v1/carehomes/:id/residents", "POST /fhir/Observation",
                "GET /fhir/Observation", "POST /fhir", "POST /fhir/", "GET /fhir/metadata", "GET /health",
                "GET /metrics", "GET /api/v1/meta", "GET /api/v1/walls/trust/:id", "GET /api/v1/walls/system",
                "GET /api/v1/audit", "GET /api/v1/incidents/:unit/:patient", "GET /api/v1/spc/:unit/:metric",
                "GET /api/v1/spc/:unit");
        Set<String> uncovered = new TreeSet<>(routed);
        uncovered.removeAll(covered);
        assertTrue(uncovered.isEmpty(), "endpoints without a column in docs/security.md § Access policy: " + uncovered);
        assertFalse(routed.isEmpty());
        assertEquals(rows.size(), tokens.size());
    }
}
