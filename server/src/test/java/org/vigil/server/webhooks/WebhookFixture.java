package org.vigil.server.webhooks;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.vigil.server.ServerConfig;
import org.vigil.server.TestServer;
import org.vigil.server.VigilServer;
import org.vigil.server.snapshots.Snapshots;
import org.vigil.server.engine.Engine;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.server.timeseries.Scenario;
import org.vigil.server.webhooks.WebhookReceiver.Delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the webhook tests share: the demo organisation file with webhook entries, a real server on event time
 * (only the feed moves its clock, so escalations happen where the feed puts them), the ground truth — every
 * alert's history from the alerts API — and the delivery properties every test asserts.
 */
final class WebhookFixture {
    static final String TOKEN = TestServer.BOOTSTRAP;
    /** The endpoints' shared secret in these tests (at least 32 characters, as start-up requires). */
    static final String SECRET = "whsec-test-0f3c9a1b7e5d2c4a8b6e0d1f3a5c7e9b";

    private WebhookFixture() {
    }

    /** The bundled demo organisation, with these endpoint entries (from {@link #endpoint}) as its webhooks. */
    static Path orgFile(Path dir, String... endpoints) throws IOException {
        String demo;
        try (InputStream in = OrganisationLoader.class.getResourceAsStream(OrganisationLoader.DEMO_RESOURCE)) {
            demo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Files.createDirectories(dir);
        Path file = dir.resolve("organisation-" + System.nanoTime() + ".yaml");
        Files.writeString(file, demo + "\nwebhooks:\n" + String.join("", endpoints));
        return file;
    }

    /** The secret in a file, with the newline an editor adds (not part of the secret). */
    static Path secretFile(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("webhook.secret");
        Files.writeString(file, SECRET + "\n");
        return file;
    }

    /**
     * One endpoint entry with quick retries (10 ms doubling to 200 ms), so a test's outages pass quickly; {@code more}
     * are further keys of the entry, one a line. The timeout is the longest allowed (a receiver answers well
     * within it even on a loaded machine, so only a receiver told to hang times out); see {@link #hanging}.
     */
    static String endpoint(String name, String url, String covers, String secret, String... more) {
        return entry(name, url, covers, secret, 120, more);
    }

    /** As {@link #endpoint}, with a timeout of 3 s: for a receiver that will be told to hang. */
    static String hanging(String name, String url, String covers, String secret, String... more) {
        return entry(name, url, covers, secret, 3, more);
    }

    private static String entry(String name, String url, String covers, String secret, int timeoutSeconds,
                                String... more) {
        StringBuilder b = new StringBuilder()
                .append("  - name: ").append(name).append('\n')
                .append("    url: ").append(url).append('\n')
                .append("    covers: ").append(covers).append('\n')
                .append("    secret: ").append(secret).append('\n')
                .append("    timeoutSeconds: ").append(timeoutSeconds).append('\n')
                .append("    retry: { initialMillis: 10, maxMillis: 200 }\n");
        for (String m : more) {
            b.append("    ").append(m).append('\n');
        }
        return b.toString();
    }

    static VigilServer start(Path data, Path org) throws Exception {
        return start(data, org, Snapshots.Settings.DEFAULT);
    }

    /** As {@link #start(Path, Path)}, writing snapshots as often as these settings say. */
    static VigilServer start(Path data, Path org, Snapshots.Settings snapshots) throws Exception {
        VigilServer s = VigilServer.start(new ServerConfig("127.0.0.1", 0, data, org, Engine.ClockMode.EVENT, 30,
                10_000, 8 << 20, 65_536).withSnapshots(snapshots), Clock.systemUTC(), TOKEN);
        Scenario.await("engine ready", 60, () -> s.engine().ready());
        return s;
    }

    /** Waits until, as /health says, each named endpoint has every journal record delivered and committed. */
    static void awaitDelivered(int port, String... endpoints) throws InterruptedException {
        for (String e : endpoints) {
            Scenario.await("webhook '" + e + "' to catch up", 120,
                    () -> endpoints(health(port)).get(e).getLong("lagRecords") == 0);
        }
    }

    /** Every alert the API knows (active, or resolved today), with its history: id → alert, by id. */
    static Map<String, JsonObject> alerts(int port) {
        TestServer.Reply r = TestServer.send(port, "GET", "/api/v1/alerts?state=all", TOKEN, null, null);
        assertEquals(200, r.status(), r::toString);
        Map<String, JsonObject> out = new TreeMap<>();
        for (Object o : r.json().getJsonArray("alerts")) {
            JsonObject a = (JsonObject) o;
            out.put(a.getString("id"), a);
        }
        return out;
    }

    /**
     * The transitions an endpoint should get, per alert in order: those of alerts the predicate admits, given the
     * alert and the transition with {@code worst}, the episode's worst severity up to that transition, put in.
     */
    static Map<String, List<JsonObject>> expected(Map<String, JsonObject> alerts,
                                                  BiPredicate<JsonObject, JsonObject> wanted) {
        Map<String, List<JsonObject>> out = new LinkedHashMap<>();
        for (JsonObject a : alerts.values()) {
            String worst = "LOW";
            for (Object o : a.getJsonArray("history")) {
                JsonObject t = (JsonObject) o;
                if (t.getString("severity") != null) {
                    worst = worse(worst, t.getString("severity"));
                }
                JsonObject seen = t.copy().put("worst", worst);
                if (wanted.test(a, seen)) {
                    out.computeIfAbsent(a.getString("id"), k -> new ArrayList<>()).add(t);
                }
            }
        }
        return out;
    }

    private static String worse(String a, String b) {
        List<String> order = List.of("HIGH", "MEDIUM", "LOW");
        return order.indexOf(a) <= order.indexOf(b) ? a : b;
    }

    static Set<String> keys(Map<String, List<JsonObject>> expected) {
        Set<String> out = new LinkedHashSet<>();
        expected.forEach((id, ts) -> ts.forEach(t -> out.add(id + "#" + t.getInteger("seq"))));
        return out;
    }

    /**
     * At least once, in order: every expected transition was accepted (2xx) at least once and nothing else was;
     * for each alert, the transitions arrived (every attempt, accepted or not) in the order of its history, a
     * transition possibly repeated but never one after a later one; each body's transition is the history's.
     */
    static void assertEveryTransitionInOrder(String endpoint, List<Delivery> received,
                                             Map<String, List<JsonObject>> expected) {
        Set<String> accepted = new LinkedHashSet<>();
        Map<String, Integer> lastSeq = new HashMap<>();
        Map<String, JsonObject> byKey = new HashMap<>();
        expected.forEach((id, ts) -> ts.forEach(t -> byKey.put(id + "#" + t.getInteger("seq"), t)));
        for (Delivery d : received) {
            int before = lastSeq.getOrDefault(d.alertId(), 0);
            assertTrue(d.seq() >= before, () -> endpoint + ": " + d.key() + " arrived after #" + before
                    + " of the same alert");
            lastSeq.put(d.alertId(), d.seq());
            JsonObject truth = byKey.get(d.key());
            assertTrue(truth != null, () -> endpoint + " was sent " + d.key() + ", which it should not get: " + d.text());
            assertEquals(truth, d.json().getJsonObject("transition"), () -> endpoint + ": " + d.key());
            if (d.accepted()) {
                accepted.add(d.key());
            }
        }
        assertEquals(keys(expected), accepted, endpoint + ": the transitions accepted");
        for (Map.Entry<String, List<JsonObject>> e : expected.entrySet()) {
            List<Integer> order = new ArrayList<>();
            for (Delivery d : received) {
                if (d.accepted() && d.alertId().equals(e.getKey()) && !order.contains(d.seq())) {
                    order.add(d.seq());
                }
            }
            assertEquals(e.getValue().stream().map(t -> t.getInteger("seq")).toList(), order,
                    endpoint + ": the order of " + e.getKey() + "'s transitions");
        }
    }

    /** A Prometheus sample's value, e.g. {@code vigil_webhook_delivered_total{endpoint="rvt"}}; 0 when absent. */
    static double metric(int port, String name, String labels) {
        String text = TestServer.send(port, "GET", "/metrics", null, null, null).body();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") && labelsMatch(line.substring(name.length(), line.lastIndexOf(' ')), labels)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Whether every {@code key="value"} of {@code wanted} (comma separated) is among the sample's labels. */
    private static boolean labelsMatch(String labels, String wanted) {
        for (String w : wanted.split(",")) {
            if (!labels.contains(w)) {
                return false;
            }
        }
        return true;
    }

    /** /health, asserting it answers 200: a webhook never fails it. */
    static JsonObject health(int port) {
        TestServer.Reply r = TestServer.send(port, "GET", "/health", null, null, null);
        assertEquals(200, r.status(), "a webhook never fails /health: " + r);
        return r.json();
    }

    /** /health's {@code webhooks.endpoints}, by name. */
    static Map<String, JsonObject> endpoints(JsonObject health) {
        Map<String, JsonObject> out = new HashMap<>();
        JsonArray endpoints = health.getJsonObject("webhooks").getJsonArray("endpoints");
        for (int i = 0; i < endpoints.size(); i++) {
            out.put(endpoints.getJsonObject(i).getString("name"), endpoints.getJsonObject(i));
        }
        return out;
    }
}
