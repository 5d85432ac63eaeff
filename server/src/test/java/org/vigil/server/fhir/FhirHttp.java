package org.vigil.server.fhir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Raw FHIR JSON over real HTTP, as {@code curl} sends it: no FHIR library on the client side. */
final class FhirHttp {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private FhirHttp() {
    }

    /** An answer with its headers and body. */
    record Answer(int status, HttpResponse<String> response) {
        JsonObject json() {
            return new JsonObject(response.body());
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        /** The OperationOutcome's first issue. */
        JsonObject issue() {
            JsonObject oo = json();
            if (!"OperationOutcome".equals(oo.getString("resourceType"))) {
                throw new AssertionError("expected an OperationOutcome: " + response.body());
            }
            return oo.getJsonArray("issue").getJsonObject(0);
        }

        List<String> expressions() {
            JsonArray e = issue().getJsonArray("expression", new JsonArray());
            List<String> out = new ArrayList<>();
            for (int i = 0; i < e.size(); i++) {
                out.add(e.getString(i));
            }
            return out;
        }

        @Override
        public String toString() {
            return status + " " + response.body();
        }
    }

    static Answer post(int port, String path, String token, String contentType, String body) {
        return send(port, "POST", path, token, contentType, body);
    }

    static Answer get(int port, String path, String token) {
        return send(port, "GET", path, token, null, null);
    }

    static Answer send(int port, String method, String path, String token, String contentType, String body) {
        return send(port, method, path, token, contentType, body, null);
    }

    static Answer send(int port, String method, String path, String token, String contentType, String body,
                       String accept) {
        return send(port, method, path, token, contentType, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body), accept);
    }

    /** A body of raw bytes, which need not be UTF-8. */
    static Answer post(int port, String path, String token, String contentType, byte[] body) {
        return send(port, "POST", path, token, contentType, HttpRequest.BodyPublishers.ofByteArray(body), null);
    }

    private static Answer send(int port, String method, String path, String token, String contentType,
                               HttpRequest.BodyPublisher body, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
