package org.vigil.server.timeseries;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Realistic wire events (schema v1) for the demo organisation, and the HTTP calls the tests make with them:
 * a morning on three wards (admissions, staffing, assessments, observations drifting into NEWS2 5 and 7, a
 * concern, a discharge) and two care homes (RESTORE2 baselines, soft signs, deteriorating residents).
 */
public final class Scenario {
    public static final String[] WARDS = {"BFW-AMU", "BFW-W3", "RVT-W12"};
    public static final String[] HOMES = {"CH-BAYV", "CH-OAKS"};

    private final List<Timed> events = new ArrayList<>();
    private long seq;

    private record Timed(long time, String json) {}

    /** Three hours of event time from {@code start}, in time order. */
    public static List<String> morning(Instant start) {
        Scenario s = new Scenario();
        long t0 = start.toEpochMilli();
        String date = start.toString().substring(0, 10);
        for (String w : WARDS) {
            s.add(t0 + 1000, w, "staffing", "\"date\":\"" + date + "\",\"shift\":\"DAY\",\"registeredPlanned\":6,"
                    + "\"registeredActual\":" + (w.equals("BFW-W3") ? 4 : 6) + ",\"unregisteredPlanned\":4,\"unregisteredActual\":3");
            for (int p = 1; p <= 6; p++) {
                String patient = w + "-P" + p;
                s.add(t0 + 2000 + p * 100L, w, "admission", "\"patient\":\"" + patient + "\",\"bed\":\"B" + p + "\",\"age\":" + (60 + p * 4));
                if (p % 2 == 0) {
                    s.add(t0 + 600_000 + p * 100L, w, "assessment", "\"patient\":\"" + patient + "\",\"kind\":\"VTE\",\"completed\":true");
                }
            }
            for (int round = 0; round < 12; round++) {
                long t = t0 + 5 * 60_000 + round * 15 * 60_000L;
                for (int p = 1; p <= 6; p++) {
                    String vitals = p == 2 && round >= 4 ? MEDIUM : p == 3 && round >= 8 ? HIGH : NORMAL;
                    s.add(t + p * 1000L, w, "observation", "\"patient\":\"" + w + "-P" + p + "\"," + vitals);
                }
            }
            s.add(t0 + 100 * 60_000, w, "concern", "\"patient\":\"" + w + "-P5\",\"raisedBy\":\"FAMILY\"");
            s.add(t0 + 150 * 60_000, w, "discharge", "\"patient\":\"" + w + "-P6\"");
            // P2, at medium risk since round 4, goes home: its alerts resolve (the sets on time raise none to resolve)
            s.add(t0 + 175 * 60_000, w, "discharge", "\"patient\":\"" + w + "-P2\"");
        }
        for (String h : HOMES) {
            for (int r = 1; r <= 4; r++) {
                String resident = h + "-R" + r;
                s.add(t0 + 3000 + r * 100L, h, "restore2", "\"resident\":\"" + resident + "\",\"softSigns\":[],\"baseline\":true," + NORMAL);
                for (int round = 1; round <= 5; round++) {
                    long t = t0 + round * 30 * 60_000L + r * 1000L;
                    if (r == 2) {
                        s.add(t, h, "restore2", "\"resident\":\"" + resident + "\",\"softSigns\":[\"SHORTNESS_OF_BREATH\"]");
                    } else if (r == 3) {
                        s.add(t, h, "restore2", "\"resident\":\"" + resident + "\",\"softSigns\":[]," + MEDIUM);
                    } else if (r == 4 && round >= 3) {
                        s.add(t, h, "restore2", "\"resident\":\"" + resident + "\",\"softSigns\":[\"WITHDRAWN_OR_DISTRESSED\"]," + HIGH);
                    } else {
                        s.add(t, h, "restore2", "\"resident\":\"" + resident + "\",\"softSigns\":[]," + NORMAL);
                    }
                }
            }
        }
        return s.lines();
    }

    /**
     * {@code n} observations on one ward, one a minute (at 100 ms past each minute from {@code start}), after
     * admitting 5 patients; {@code firstId} continues an earlier call's minutes and ids.
     */
    public static List<String> busyWard(String ward, Instant start, int n, int firstId) {
        Scenario s = new Scenario();
        s.seq = firstId == 0 ? 0 : firstId + 5;
        long t0 = start.toEpochMilli();
        if (firstId == 0) {
            for (int p = 1; p <= 5; p++) {
                s.add(t0 + p, ward, "admission", "\"patient\":\"" + ward + "-Q" + p + "\",\"bed\":\"C" + p + "\",\"age\":70");
            }
        }
        for (int i = 0; i < n; i++) {
            s.add(t0 + 100 + (firstId + i) * 60_000L, ward, "observation",
                    "\"patient\":\"" + ward + "-Q" + (1 + i % 5) + "\"," + (i % 7 == 0 ? MEDIUM : NORMAL));
        }
        return s.lines();
    }

    public static final String NORMAL = "\"respirationRate\":16,\"spo2\":97,\"onOxygen\":false,\"systolicBp\":125,\"pulse\":72,\"consciousness\":\"A\",\"temperature\":37.0";
    public static final String MEDIUM = "\"respirationRate\":22,\"spo2\":97,\"onOxygen\":false,\"systolicBp\":105,\"pulse\":100,\"consciousness\":\"A\",\"temperature\":38.5";
    public static final String HIGH = "\"respirationRate\":22,\"spo2\":94,\"onOxygen\":true,\"systolicBp\":105,\"pulse\":45,\"consciousness\":\"C\",\"temperature\":35.5";

    private void add(long time, String unit, String type, String body) {
        String json = "{\"id\":\"sc-" + unit + "-" + (seq++) + "\",\"type\":\"" + type + "\",\"time\":\""
                + Instant.ofEpochMilli(time) + "\",\"unit\":\"" + unit + "\"," + body + "}";
        events.add(new Timed(time, json));
    }

    private List<String> lines() {
        events.sort(Comparator.comparingLong(Timed::time));
        List<String> out = new ArrayList<>();
        for (Timed t : events) {
            out.add(t.json());
        }
        return out;
    }

    // ---- HTTP against a running server ----

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Posts the events as NDJSON batches of up to 500; fails unless every batch is accepted. */
    public static void post(int port, String token, List<String> lines) throws IOException, InterruptedException {
        for (int i = 0; i < lines.size(); i += 500) {
            String body = String.join("\n", lines.subList(i, Math.min(lines.size(), i + 500))) + "\n";
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("ingest answered " + r.statusCode() + ": " + r.body());
            }
        }
    }

    public static JsonObject get(int port, String token, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        return new JsonObject().put("status", r.statusCode()).put("body", r.body());
    }

    /** Acknowledges every active alert on the unit through the API (as a nurse at the wall would). */
    public static int acknowledgeAll(int port, String token, String unit) throws IOException, InterruptedException {
        JsonObject list = new JsonObject(get(port, token, "/api/v1/alerts?unit=" + unit).getString("body"));
        int n = 0;
        for (Object o : list.getJsonArray("alerts")) {
            JsonObject a = (JsonObject) o;
            if (!a.getString("state").equals("RESOLVED") && !a.getString("state").equals("ACKNOWLEDGED")) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                + "/api/v1/alerts/" + a.getString("id") + "/ack"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"by\":\"nurse in charge\",\"note\":\"reviewed\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new AssertionError("ack answered " + r.statusCode() + ": " + r.body());
                }
                n++;
            }
        }
        return n;
    }

    /** Polls until the condition holds, or fails after {@code seconds}. */
    public static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
    }

    private Scenario() {
    }
}
