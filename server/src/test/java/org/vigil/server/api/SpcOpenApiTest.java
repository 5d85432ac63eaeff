package org.vigil.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigil.server.TestServer;
import org.vigil.server.TestServer.Reply;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vigil.server.TestServer.BOOTSTRAP;
import static org.vigil.server.TestServer.JSON;

/**
 * {@code docs/openapi.yaml} is the contract of {@code POST /api/v1/spc}: it loads as a valid OpenAPI document
 * (vertx-openapi checks it against the OpenAPI schema), its request example gets exactly its response example, and
 * real answers, 200 and 400, validate against its schemas. Two gaps of vertx-openapi are bridged before it loads the
 * document: it cannot load a request body of {@code application/x-ndjson} (the ingest batch), so that one media type
 * is left out; and its validator ignores OpenAPI 3.0's {@code nullable}, so each {@code nullable: true} schema is
 * given as the JSON Schema it means, {@code anyOf: [the schema, {enum: [null]}]}.
 */
public class SpcOpenApiTest {
    public static final Path OPENAPI = Path.of("..", "docs", "openapi.yaml");
    static final String OPERATION = "spcChart";

    @TempDir
    static Path dir;
    static TestServer server;
    static Vertx vertx;
    static ResponseValidator validator;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir);
        vertx = Vertx.vertx();
        validator = validator(vertx);
    }

    /** A validator of answers against docs/openapi.yaml, with the two gaps of vertx-openapi bridged (above). */
    public static ResponseValidator validator(Vertx vertx) throws Exception {
        JsonObject contract = documented();
        contract.getJsonObject("paths").getJsonObject("/api/v1/events").getJsonObject("post")
                .getJsonObject("requestBody").getJsonObject("content").remove("application/x-ndjson");
        spellOutNullable(contract);
        return ResponseValidator.create(vertx, await(OpenAPIContract.from(vertx, contract)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (vertx != null) {
            await(vertx.close());
        }
    }

    public static <T> T await(Future<T> f) throws InterruptedException, ExecutionException, TimeoutException {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    public static JsonObject documented(String... path) throws IOException {
        Object node = new ObjectMapper(new YAMLFactory()).readValue(OPENAPI.toFile(), Map.class);
        for (String key : path) {
            node = ((Map<String, Object>) node).get(key);
        }
        return new JsonObject((Map<String, Object>) node);
    }

    /** Each {@code nullable: true} schema as the JSON Schema it means (vertx-openapi's validator ignores it). */
    public static void spellOutNullable(Object node) {
        if (node instanceof JsonObject o) {
            for (String key : List.copyOf(o.fieldNames())) {
                spellOutNullable(o.getValue(key));
            }
            if (Boolean.TRUE.equals(o.getValue("nullable"))) {
                o.remove("nullable");
                JsonObject schema = o.copy();
                o.clear();
                o.put("anyOf", new JsonArray().add(schema).add(new JsonObject().put("enum", new JsonArray().addNull())));
            }
        } else if (node instanceof JsonArray a) {
            a.forEach(SpcOpenApiTest::spellOutNullable);
        }
    }

    @Test
    void theRequestExampleGetsTheResponseExample() throws IOException {
        JsonObject request = documented("paths", "/api/v1/spc", "post", "requestBody", "content", "application/json",
                "example");
        JsonObject response = documented("paths", "/api/v1/spc", "post", "responses", "200", "content",
                "application/json", "example");
        Reply r = server.post("/api/v1/spc", BOOTSTRAP, JSON, request.encode());
        assertEquals(200, r.status(), r::toString);
        assertEquals(response, r.json());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"values\": [20, 24, 20, 26, 22, 16, 18, 16, 31, 28, 34, 26, 30, 19, 18], \"improvement\": \"UP\"}",
            "{\"values\": [20, 24, 20], \"improvement\": \"NEITHER\", \"target\": 3}",
            "{\"values\": [43, 41, 37, 36, 31, 23, 15, 13, 15, 18, 23, 27, 31, 36, 27, 19, 17, 27, 15, 22],"
                    + " \"improvement\": \"DOWN\", \"target\": 20, \"baselinePoints\": 14,"
                    + " \"rules\": {\"shiftPoints\": 7, \"trendPoints\": 7, \"minimumPoints\": 14}}",
            "{\"values\": [1, 2], \"dates\": [\"2026-01-01\", \"2026-01-01\"], \"improvement\": \"UP\"}",
            "{\"values\": [1, \"2\"], \"improvement\": \"UP\"}",
            "[]",
    })
    void answersValidateAgainstTheDocumentedSchemas(String body) throws Exception {
        Reply r = server.post("/api/v1/spc", BOOTSTRAP, JSON, body);
        // fails with a ValidatorException naming what does not match
        await(validator.validate(ValidatableResponse.create(r.status(), Buffer.buffer(r.body()), r.contentType()),
                OPERATION));
    }
}
