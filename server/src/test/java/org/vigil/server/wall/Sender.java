package org.vigil.server.wall;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Events as a ward's feeds send them, over HTTP to the browser tests' server, and the API reads the tests make.
 * Patient ids start with {@link #SECRET}, so a test can check that none reaches a page.
 */
final class Sender {
    static final String SECRET = "PATIENT-SECRET-";
    private static final AtomicLong IDS = new AtomicLong();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String base;
    private final String token;

    Sender(String base, String token) {
        this.base = base;
        this.token = token;
    }

    static JsonObject event(String type, String unit, Instant time) {
        return new JsonObject().put("id", "wall-test-" + IDS.incrementAndGet()).put("type", type)
                .put("time", time.toString()).put("unit", unit);
    }

    /** An event timed just now (a little in the past, so no clock skew makes it "future"). */
    static JsonObject event(String type, String unit) {
        return event(type, unit, Instant.now().minusMillis(200));
    }

    void admit(String unit, String patient, String bed, Instant at) {
        post(event("admission", unit, at).put("patient", SECRET + patient).put("bed", bed).put("age", 72));
    }

    void admit(String unit, String patient, String bed) {
        admit(unit, patient, bed, Instant.now().minusMillis(200));
    }

    /** NEWS2 11 (the RCP worked example): emergency response, a NEWS2_HIGH alert. */
    void highNews2(String unit, String patient, Instant at) {
        post(event("observation", unit, at).put("patient", SECRET + patient).put("respirationRate", 22).put("spo2", 94)
                .put("spo2Scale", 1).put("onOxygen", true).put("systolicBp", 105).put("pulse", 45)
                .put("consciousness", "C").put("temperature", 35.5));
    }

    void highNews2(String unit, String patient) {
        highNews2(unit, patient, Instant.now().minusMillis(200));
    }

    void normalObs(String unit, String patient) {
        post(event("observation", unit).put("patient", SECRET + patient).put("respirationRate", 16).put("spo2", 97)
                .put("spo2Scale", 1).put("onOxygen", false).put("systolicBp", 125).put("pulse", 72)
                .put("consciousness", "A").put("temperature", 37.0));
    }

    /** A risk assessment declared required and not done (due at once for a kind without a policy). */
    void assessmentDue(String unit, String patient, String kind, Instant at) {
        post(event("assessment", unit, at).put("patient", SECRET + patient).put("kind", kind).put("completed", false));
    }

    /**
     * Every other feed a ward has (staffing, flags, medicines, assessments, pulse), as on the reference dashboard;
     * patients {@code prefix}7 … {@code prefix}20 must be on the ward.
     */
    void livingWard(String ward, String prefix) {
        // the roster date of the shift on duty (in the small hours, yesterday's), as a rostering system sends it
        String today = get("/api/v1/wards/" + ward, token).getJsonObject("staffing").getJsonObject("currentShift")
                .getString("date");
        post(event("staffing", ward).put("date", today).put("shift", "DAY").put("registeredPlanned", 5)
                .put("registeredActual", 4).put("unregisteredPlanned", 9).put("unregisteredActual", 9));
        post(event("staffing", ward).put("date", today).put("shift", "NIGHT").put("registeredPlanned", 4)
                .put("registeredActual", 4).put("unregisteredPlanned", 7).put("unregisteredActual", 7));
        String[][] flags = {{"7", "INFECTION_ISOLATION"}, {"8", "SEPSIS"}, {"9", "AKI"}, {"10", "AKI"},
                {"11", "PRESSURE_ULCER"}, {"12", "MED_REC_OUTSTANDING"}, {"13", "MED_REC_OUTSTANDING"},
                {"14", "DISCHARGE_TODAY"}, {"15", "DISCHARGE_TODAY"}, {"16", "DISCHARGE_TODAY"}};
        for (String[] f : flags) {
            post(event("flag", ward).put("patient", SECRET + prefix + f[0]).put("flag", f[1]).put("active", true));
        }
        String due = Instant.now().minus(Duration.ofMinutes(90)).toString();
        post(event("doseScheduled", ward).put("doseId", ward + "-dose-1").put("patient", SECRET + prefix + "17")
                .put("medicine", "Co-careldopa 25/100").put("critical", true).put("medicineClass", "PARKINSONS").put("dueAt", due));
        post(event("doseOutcome", ward).put("doseId", ward + "-dose-1").put("patient", SECRET + prefix + "17")
                .put("outcome", "OMITTED").put("reason", "NOT_AVAILABLE"));
        post(event("doseScheduled", ward).put("doseId", ward + "-dose-2").put("patient", SECRET + prefix + "18")
                .put("medicine", "Paracetamol 1 g").put("critical", false).put("dueAt", due));
        post(event("doseOutcome", ward).put("doseId", ward + "-dose-2").put("patient", SECRET + prefix + "18")
                .put("outcome", "OMITTED").put("reason", "NO_REASON"));
        for (int i = 19; i <= 20; i++) {
            post(event("assessment", ward).put("patient", SECRET + prefix + i).put("kind", "ALCOHOL").put("completed", false));
        }
        for (int rating : new int[] {5, 5, 4}) {
            post(event("pulse", ward).put("rating", rating));
        }
    }

    void post(JsonObject event) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/events"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event.encode())));
        assertEquals(200, r.statusCode(), () -> "ingest refused " + event.encode() + ": " + r.body());
    }

    /** A POST with the sender's token and a JSON body; the raw answer. */
    HttpResponse<String> postJson(String path, JsonObject body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    }

    JsonObject get(String path, String readToken) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + readToken).GET());
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return HTTP.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
