package org.vigil.server.wall;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.vigil.server.VigilServer;
import org.vigil.server.engine.Engine;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pages' side of the deltas, in a real browser (Debian's chromium) against the real server: the ward wall
 * applies deltas to the unit it holds; a delta whose {@code from} is not the version held (one is dropped before the
 * page sees it) makes the page ask for a resync and show the right state again; a page too busy to read gets
 * coalesced deltas and catches up without reconnecting. The page's WebSocket is wrapped before any page script runs
 * (a DevTools "script on new document"), only to record frame types and to drop one delta on request; the page's
 * own code and the server are untouched.
 */
class WallDeltaBrowserTest {
    private static final String ADMIN = "bootstrap-token";
    private static final String EXEC_TOKEN = "demo-exec";
    private static final AtomicLong IDS = new AtomicLong();
    /** Records what the page's socket receives and sends; drops the next delta when told to. */
    private static final String SOCKET_WRAPPER = """
            (function () {
              const Native = window.WebSocket;
              window.__received = []; window.__sent = []; window.__dropNextDelta = false;
              function Wrapped(url, protocols) {
                const ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
                const send = ws.send.bind(ws);
                ws.send = function (data) { window.__sent.push(String(data)); send(data); };
                let handler = null;
                Object.defineProperty(ws, 'onmessage', {set: function (h) { handler = h; }, get: function () { return handler; }});
                ws.addEventListener('message', function (ev) {
                  const type = JSON.parse(ev.data).type;
                  if (type === 'delta' && window.__dropNextDelta) { window.__dropNextDelta = false; window.__received.push('dropped'); return; }
                  window.__received.push(type);
                  if (handler) handler.call(ws, ev);
                });
                return ws;
              }
              Wrapped.prototype = Native.prototype;
              Wrapped.CONNECTING = 0; Wrapped.OPEN = 1; Wrapped.CLOSING = 2; Wrapped.CLOSED = 3;
              window.WebSocket = Wrapped;
            })();
            """;

    @TempDir
    static Path data;
    static VigilServer server;
    static ChromeDriver driver;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String base;

    @BeforeAll
    static void start() throws IOException {
        server = BrowserSupport.server(data, Engine.ClockMode.WALL, ADMIN);
        base = "http://127.0.0.1:" + server.port();
        driver = BrowserSupport.chromium(1920, 1080);
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", SOCKET_WRAPPER));
    }

    @AfterAll
    static void stop() {
        BrowserSupport.close(driver, server);
    }

    private static void admit(String unit, String bed) {
        JsonObject e = new JsonObject().put("id", "delta-test-" + IDS.incrementAndGet()).put("type", "admission")
                .put("time", Instant.now().minusMillis(200).toString()).put("unit", unit)
                .put("patient", "P-DELTA-" + IDS.get()).put("bed", bed).put("age", 70);
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/events"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(e.encode())));
        assertEquals(200, r.statusCode(), r.body());
    }

    private static int patients(String ward) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/wards/" + ward))
                .header("Authorization", "Bearer " + ADMIN).GET());
        return new JsonObject(r.body()).getInteger("patients");
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return HTTP.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private static void openWard(String ward) {
        driver.get(base + "/wall/assets/wall.css");
        js("sessionStorage.clear()");
        driver.get(base + "/wall/ward/" + ward + "#token=" + EXEC_TOKEN);
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> "ward".equals(js(
                "return window.__received.find(t => t === 'ward') || null")));
    }

    private static void waitForPatients(String expected) {
        new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(10)).until(d -> expected.equals(js(
                "const e = document.querySelector('#tile-patients .value'); return e ? e.textContent : null;")));
    }

    @SuppressWarnings("unchecked")
    private static List<String> received() {
        return (List<String>) js("return window.__received.slice()");
    }

    @SuppressWarnings("unchecked")
    private static List<String> sent() {
        return (List<String>) js("return window.__sent.slice()");
    }

    @Test
    void theWardWallAppliesDeltasToTheWardItHolds() {
        String ward = "RVT-W23";
        admit(ward, "A1");
        openWard(ward);
        waitForPatients("1");
        admit(ward, "A2");
        waitForPatients("2");
        admit(ward, "A3");
        waitForPatients("3");
        List<String> types = received();
        assertEquals(1, types.stream().filter("ward"::equals).count(), "one snapshot, then deltas: " + types);
        assertTrue(types.contains("delta"), "the changes came as deltas: " + types);
        assertTrue(sent().stream().noneMatch(m -> m.contains("resync")), "no gap, no resync: " + sent());
    }

    @Test
    void aVersionGapMakesThePageResyncAndShowTheRightWard() {
        String ward = "RVT-W25";
        admit(ward, "G0"); // a census feed that has delivered shows a number
        openWard(ward);
        waitForPatients("1");
        js("window.__dropNextDelta = true");
        admit(ward, "G1"); // its delta is lost before the page sees it
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> received().contains("dropped"));
        admit(ward, "G2"); // its delta starts from a version the page never had
        waitForPatients(String.valueOf(patients(ward)));
        assertEquals("3", String.valueOf(patients(ward)));
        List<String> asked = sent().stream().filter(m -> m.contains("resync")).toList();
        assertEquals(List.of(new JsonObject().put("type", "resync").put("unit", ward).encode()), asked);
        assertEquals(2, received().stream().filter("ward"::equals).count(), "the resync answered with the ward whole");
    }

    @Test
    void aPageTooBusyToReadGetsCoalescedStateAndDoesNotReconnect() {
        String ward = "RVT-W21";
        admit(ward, "C0");
        openWard(ward);
        waitForPatients("1");
        // the page's only thread is busy for 3 s: what the server pushes meanwhile waits in the browser
        js("setTimeout(function () { const end = Date.now() + 3000; while (Date.now() < end) { } }, 0)");
        int events = 60;
        for (int i = 1; i <= events; i++) {
            admit(ward, "C" + i);
        }
        waitForPatients(String.valueOf(events + 1));
        List<String> types = received();
        assertEquals(1, types.stream().filter("ward"::equals).count(), "no reconnect, no resync: " + types);
        long deltas = types.stream().filter("delta"::equals).count();
        assertTrue(deltas < events, "coalesced: " + deltas + " deltas for " + events + " admissions");
    }
}
