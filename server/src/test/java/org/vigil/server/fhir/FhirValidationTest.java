package org.vigil.server.fhir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.TestServer;
import org.vigil.server.fhir.FhirHttp.Answer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.TestServer.EXEC;
import static org.vigil.server.TestServer.FEED;

/**
 * Every kind of resource the server emits, and every example in docs/fhir.md, passes HAPI's instance validator
 * against base R4 with no errors (R4Validator: the UK Core package cannot be fetched here). The documented export
 * is exactly what the server answers for the documented transaction.
 */
class FhirValidationTest {
    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
        assertEquals(200, FhirHttp.post(server.port(), "/fhir", FEED, FhirApiTest.FHIR, FhirDocs.example("transaction")).status());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static void valid(String what, String json) {
        List<String> errors = R4Validator.errors(json);
        assertTrue(errors.isEmpty(), () -> what + " is not valid R4:\n" + String.join("\n", errors) + "\n" + json);
    }

    @Test
    void everyExampleInTheDocsIsValidR4() {
        Map<String, String> examples = FhirDocs.examples();
        assertTrue(examples.keySet().containsAll(List.of("transaction", "panel", "export", "outcome")), examples::toString);
        examples.forEach((name, json) -> valid("docs/fhir.md example '" + name + "'", json));
    }

    @Test
    void theDocumentedExportIsWhatTheServerAnswersForTheDocumentedTransaction() {
        Answer a = FhirHttp.get(server.port(), "/fhir/Observation?patient=Patient/P-8F3A21&code=http://snomed.info/sct%7C1104051000000101", EXEC);
        assertEquals(200, a.status());
        String answered = a.json().encodePrettily().replace("127.0.0.1:" + server.port(), "127.0.0.1:8080");
        assertEquals(new JsonObject(FhirDocs.example("export")).encodePrettily(), answered,
                "docs/fhir.md 'export' must be the server's answer (copy it from this message)");
    }

    @Test
    void everyResourceTheServerEmitsIsValidR4() {
        int port = server.port();
        valid("the CapabilityStatement", FhirHttp.get(port, "/fhir/metadata", null).response().body());
        valid("a transaction-response", FhirHttp.post(port, "/fhir", FEED, FhirApiTest.FHIR,
                FhirDocs.example("transaction")).response().body());
        JsonObject scale2 = new JsonObject(FhirDocs.example("panel"));
        scale2.getJsonObject("subject").put("reference", "Patient/P-SCALE-2");
        scale2.getJsonArray("component").getJsonObject(1).put("extension", new JsonArray().add(new JsonObject()
                .put("url", News2Coding.SPO2_SCALE).put("valueInteger", 2)));
        Answer created = FhirHttp.post(port, "/fhir/Observation", FEED, FhirApiTest.FHIR, scale2.encode());
        assertEquals(201, created.status(), created::toString);
        valid("the OperationOutcome of a create", created.response().body());
        valid("a searchset with a Scale 2 NEWS2", FhirHttp.get(port, "/fhir/Observation?patient=P-SCALE-2", EXEC).response().body());
        valid("an empty searchset", FhirHttp.get(port, "/fhir/Observation?patient=P-NOBODY", EXEC).response().body());
        scale2.remove("effectiveDateTime");
        valid("a 422 OperationOutcome", FhirHttp.post(port, "/fhir/Observation", FEED, FhirApiTest.FHIR,
                scale2.encode()).response().body());
        valid("a 400 OperationOutcome", FhirHttp.post(port, "/fhir/Observation", FEED, FhirApiTest.FHIR, "{").response().body());
        valid("a 401 OperationOutcome", FhirHttp.get(port, "/fhir/Observation?patient=P-1", null).response().body());
        valid("a 404 OperationOutcome", FhirHttp.get(port, "/fhir/Patient/1", EXEC).response().body());
    }
}
