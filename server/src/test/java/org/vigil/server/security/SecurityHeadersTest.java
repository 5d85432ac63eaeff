package org.vigil.server.security;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.EdgeServer;
import org.vigil.server.TestServer;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every answer the server gives carries the security headers: every route the router has (read from the router,
 * so a route added later is covered without editing this test), with and without a token, over HTTP and HTTPS,
 * plus the 404 and failure answers. Pages get their own CSP (own scripts and styles only, no framing); everything
 * else a CSP that allows nothing. HSTS only over HTTPS (RFC 6797 §7.2: never over plain HTTP).
 */
class SecurityHeadersTest {
    @TempDir
    static Path dir;
    static EdgeServer edge;
    static HttpClient plain;
    static HttpClient tls;

    @BeforeAll
    static void start() throws Exception {
        edge = EdgeServer.start(dir, TestServer.NOW, "", true, List.of());
        plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        tls = HttpClient.newBuilder().sslContext(edge.trustingTheDevCertificate()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        if (edge != null) {
            edge.close();
        }
    }

    /** One request per route and method: path parameters filled with a real unit, wildcards with a real file. */
    static List<String[]> requests() {
        Set<String[]> out = new LinkedHashSet<>();
        for (Route r : edge.server.routes()) {
            String path = r.getPath();
            if (path == null) {
                continue; // the catch-all and failure routes: covered by the 404 and 413 requests below
            }
            // a prefix route ("/fhir/*") reports its path as "/fhir/"; a folder of static files ("/wall/assets/",
            // "/common/") is asked for a real file in it
            String concrete = staticFile(path);
            if (concrete == null) {
                concrete = (path.endsWith("/") && path.length() > 1 ? path + "anything" : path).replaceAll(":[a-zA-Z]+", "RVT-W12");
            }
            Set<HttpMethod> methods = r.methods() == null || r.methods().isEmpty() ? Set.of(HttpMethod.GET) : r.methods();
            for (HttpMethod m : methods) {
                out.add(new String[]{m.name(), concrete});
            }
        }
        out.add(new String[]{"GET", "/no/such/page"});
        out.add(new String[]{"POST", "/api/v1/events"});
        return new ArrayList<>(out);
    }

    /** For a route serving the folder webroot{path}: the path of its first file; otherwise null. */
    static String staticFile(String path) {
        URL folder = SecurityHeadersTest.class.getResource("/webroot" + path);
        if (!path.endsWith("/") || folder == null || !"file".equals(folder.getProtocol())) {
            return null;
        }
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            return files.filter(Files::isRegularFile).map(f -> path + f.getFileName()).sorted().findFirst().orElse(null);
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> send(HttpClient client, String scheme, int port, String method, String path, String token)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        if (method.equals("POST") || method.equals("PUT")) {
            b.method(method, HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json");
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void check(HttpResponse<String> r, boolean overTls, String what) {
        String where = what + " → " + r.statusCode() + " " + r.headers().map();
        assertTrue(r.statusCode() < 500, where);
        assertEquals("nosniff", header(r, "X-Content-Type-Options"), where);
        assertEquals("DENY", header(r, "X-Frame-Options"), where);
        assertEquals("no-referrer", header(r, "Referrer-Policy"), where);
        String csp = header(r, "Content-Security-Policy");
        assertTrue(csp != null && csp.contains("frame-ancestors 'none'") && csp.contains("base-uri 'none'"), where);
        String type = header(r, "Content-Type");
        if (type != null && type.startsWith("text/html")) {
            assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe"), where);
            assertEquals("no-cache", header(r, "Cache-Control"), where);
        } else if (type != null && (type.startsWith("application/json") || type.startsWith("application/fhir+json"))) {
            assertEquals(SecurityHeaders.DEFAULT_CSP, csp, where);
            assertEquals("no-store", header(r, "Cache-Control"), where);
        }
        assertEquals(overTls ? SecurityHeaders.HSTS : null, header(r, "Strict-Transport-Security"), where);
        // no version banners, no cross-origin reads (no CORS at all), and a declared type for every body
        assertEquals(null, header(r, "Server"), where);
        assertEquals(null, header(r, "X-Powered-By"), where);
        assertEquals(null, header(r, "Access-Control-Allow-Origin"), where);
        assertEquals(null, header(r, "Set-Cookie"), where); // no ambient credentials: nothing for CSRF to ride on
        assertTrue(r.body().isEmpty() || type != null, where);
    }

    static String header(HttpResponse<String> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    @Test
    void everyRouteAnswersWithTheSecurityHeadersOverHttpAndHttps() throws Exception {
        List<String[]> requests = requests();
        assertTrue(requests.size() > 20, "the router's routes were read: " + requests.size());
        Set<String> asked = new LinkedHashSet<>();
        requests.forEach(req -> asked.add(req[0] + " " + req[1]));
        for (String route : List.of("GET /respond", "GET /respond/assets/respond.css", "GET /carehome/RVT-W12",
                "GET /carehome/assets/carehome.css", "GET /common/favicon.svg", "GET /favicon.ico", "GET /api/v1/meta",
                "POST /api/v1/spc", "GET /fhir/metadata", "POST /fhir", "POST /fhir/Observation", "GET /fhir/Observation",
                "POST /api/v1/alerts/RVT-W12/ack", "POST /api/v1/alerts/RVT-W12/ack/undo",
                "POST /api/v1/alerts/RVT-W12/accept", "POST /api/v1/alerts/RVT-W12/decline",
                "POST /api/v1/alerts/RVT-W12/not-escalating")) {
            assertTrue(asked.contains(route), route + " is among the routes checked: " + asked);
        }
        for (String[] req : requests) {
            for (String token : new String[]{TestServer.BOOTSTRAP, null}) {
                String what = req[0] + " " + req[1] + (token == null ? " without a token" : "");
                check(send(plain, "http", edge.port(), req[0], req[1], token), false, "http " + what);
                check(send(tls, "https", edge.httpsPort(), req[0], req[1], token), true, "https " + what);
            }
        }
    }

    @Test
    void directoriesAreNotListedAndPathsCannotLeaveTheAssets() throws Exception {
        for (String path : new String[]{"/wall/assets/", "/wall/assets/../../demo-organisation.yaml",
                "/wall/assets/%2e%2e/%2e%2e/demo-organisation.yaml", "/wall/assets/..%2f..%2fdemo-organisation.yaml",
                "/wall/assets/%2e%2e%2f%2e%2e%2fvigil-jvm.flags"}) {
            HttpResponse<String> r = send(plain, "http", edge.port(), "GET", path, null);
            assertTrue(r.statusCode() == 404 || r.statusCode() == 400, path + " → " + r.statusCode());
            assertTrue(!r.body().contains("sha256") && !r.body().contains("wall.css"), path + " leaked: " + r.body());
        }
        // the tablet's, the responder page's and the shared folders the same way ("/carehome/assets/" itself is
        // the tablet page of a home called "assets": a page, not a listing)
        for (String folder : new String[]{"/respond/assets/", "/common/"}) {
            HttpResponse<String> r = send(plain, "http", edge.port(), "GET", folder, null);
            assertTrue(r.statusCode() == 404 || r.statusCode() == 400, folder + " → " + r.statusCode());
            assertTrue(!r.body().contains(".css") && !r.body().contains(".js"), folder + " listed: " + r.body());
        }
        for (String folder : new String[]{"/carehome/assets/", "/respond/assets/", "/common/"}) {
            for (String path : new String[]{folder + "../../demo-organisation.yaml",
                    folder + "%2e%2e/%2e%2e/demo-organisation.yaml", folder + "..%2f..%2fvigil-jvm.flags"}) {
                HttpResponse<String> r = send(plain, "http", edge.port(), "GET", path, null);
                assertTrue(r.statusCode() == 404 || r.statusCode() == 400, path + " → " + r.statusCode());
                assertTrue(!r.body().contains("sha256") && !r.body().contains("add-opens"), path + " leaked: " + r.body());
            }
        }
    }

    @Test
    void aBodyOverTheLimitIsAnsweredWithTheHeadersToo() throws Exception {
        HttpResponse<String> r = tls.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + edge.httpsPort() + "/api/v1/events"))
                .header("Authorization", "Bearer " + TestServer.BOOTSTRAP).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(9 << 20))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, r.statusCode());
        check(r, true, "413");
    }
}
