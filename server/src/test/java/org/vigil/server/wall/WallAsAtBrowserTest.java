package org.vigil.server.wall;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.vigil.server.TestServer;
import org.vigil.server.VigilServer;
import org.vigil.server.engine.Engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The walls as they were, in headless chromium: the ward wall and the executive wall with {@code ?at=} show the
 * past from the API's {@code ?at=} answers (no socket), under a banner nobody can take for the live wall, with no
 * Acknowledge button, and a timeline that steps back and forth and jumps to an alert's raising. axe finds nothing
 * serious or critical, at 1920×1080 and 1366×768. The server runs on event time, which its live walls say.
 */
class WallAsAtBrowserTest {
    private static final String ADMIN = "bootstrap-token";
    private static final String WARD_TOKEN = "demo-ward-rvt-w12"; // read and acknowledge: still no button in the past
    private static final Instant NIGHT = Instant.parse("2026-11-29T03:00:00Z");
    private static final Instant RAISED = NIGHT.minus(Duration.ofMinutes(10));
    private static int ids;

    @TempDir
    static Path data;
    static VigilServer server;
    static ChromeDriver driver;
    static String base;

    @BeforeAll
    static void start() throws IOException {
        // on event time: the night below is history, and only its events move the clock
        server = BrowserSupport.server(data, Engine.ClockMode.EVENT, ADMIN);
        base = "http://127.0.0.1:" + server.port();
        Instant t = NIGHT.minus(Duration.ofHours(2));
        post(TestServer.admission(id(), t, "RVT-W12", "P1", "B1"), TestServer.admission(id(), t, "RVT-W12", "P2", "B2"),
                TestServer.admission(id(), t, "RVT-W14", "P3", "C1"), highNews2(RAISED, "RVT-W12", "P1"),
                // later that morning the ward is empty: the live wall and the wall as it was differ
                TestServer.movement("discharge", id(), NIGHT.plus(Duration.ofHours(3)), "RVT-W12", "P1", null),
                TestServer.movement("discharge", id(), NIGHT.plus(Duration.ofHours(3)), "RVT-W12", "P2", null));
        driver = BrowserSupport.chromium(1920, 1080);
    }

    @AfterAll
    static void stop() {
        BrowserSupport.close(driver, server);
    }

    @Test
    void theWardWallAsItWasIsHistoricalReadOnlyAndSteps() throws Exception {
        double live = screens(); // a live wall this class opened before may linger on the socket a while
        open("/wall/ward/RVT-W12?at=" + NIGHT, WARD_TOKEN);
        String banner = driver.findElement(By.id("historical-banner")).getText();
        assertTrue(banner.contains("HISTORICAL — not live"), banner);
        assertTrue(banner.contains("03:00:00"), "the instant in local time (UTC here): " + banner);
        assertFalse(driver.findElement(By.id("conn")).isDisplayed(), "no live indicator: the banner stands in its place");
        assertEquals("2", BrowserSupport.tileValue(driver, "patients"), "two patients then; none now");
        assertEquals(List.of("Bed B1"), news2High(), "the NEWS2 ≥7 alert raised ten minutes before");
        assertTrue(driver.findElements(By.cssSelector("button.ack")).isEmpty(), "no Acknowledge button in the past");
        assertTrue(screens() <= live, "read over HTTP, not the live socket");
        assertAccessible("ward wall as it was");
        BrowserSupport.save(driver, "ward-wall-as-at.png");

        // 15 minutes earlier the alert had not been raised
        driver.findElement(By.cssSelector("a[data-step='-15']")).click();
        awaitAt(NIGHT.minus(Duration.ofMinutes(15)));
        assertEquals(List.of(), news2High(), "not yet raised 15 minutes earlier");
        // an hour later, then jump to the alert's raising
        driver.findElement(By.cssSelector("a[data-step='60']")).click();
        awaitAt(NIGHT.plus(Duration.ofMinutes(45)));
        Select jump = new Select(new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> {
            WebElement s = d.findElement(By.id("alert-jump"));
            return s.findElements(By.tagName("option")).size() > 1 ? s : null;
        }));
        String raised = RAISED.toString().substring(11, 16) + " · RVT-W12 · bed B1 · NEWS2 7 or more";
        assertTrue(jump.getOptions().stream().anyMatch(o -> o.getText().equals(raised)), "the alert is listed: " + raised);
        jump.selectByVisibleText(raised);
        awaitAt(RAISED);
        assertEquals(List.of("Bed B1"), news2High(), "raised at that instant");
    }

    @Test
    void theExecutiveWallAsItWasRanksTheWardsOfThen() throws Exception {
        open("/wall/trust/RVT?at=" + NIGHT, "demo-exec");
        assertTrue(driver.findElement(By.id("historical-banner")).getText().contains("HISTORICAL — not live"));
        WebElement first = driver.findElement(By.cssSelector("#ward-grid li.ward-tile"));
        assertEquals("RVT-W12", first.getAttribute("data-unit"), "the ward with the NEWS2 ≥7 patient ranks first");
        assertTrue(Integer.parseInt(first.getAttribute("data-score")) >= 8);
        first.findElement(By.tagName("a")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/wall/ward/RVT-W12?at="));
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> "2".equals(BrowserSupport.tileValue(driver, "patients")));
        assertTrue(driver.findElement(By.id("historical-banner")).isDisplayed(), "the ward opened as it was");
        open("/wall/trust/RVT?at=" + NIGHT, "demo-exec");
        assertAccessible("executive wall as it was");
        BrowserSupport.save(driver, "executive-wall-as-at.png");
    }

    @Test
    void aFutureInstantIsSaidPlainly() {
        open("/wall/ward/RVT-W12?at=2030-01-01T00:00:00Z", WARD_TOKEN, "historical-problem");
        String problem = driver.findElement(By.id("historical-problem")).getText();
        assertTrue(problem.contains("future"), problem);
        assertFalse(driver.findElement(By.id("conn")).isDisplayed());
    }

    @Test
    void theLiveWallOfAServerOnEventTimeSaysNothingFallsOverdueBetweenEvents() throws Exception {
        open("/wall/ward/RVT-W12", WARD_TOKEN, "clock-mode");
        WebElement note = driver.findElement(By.id("clock-mode"));
        assertTrue(note.isDisplayed() && note.getText().contains("event time"), note.getText());
        assertTrue(note.getAttribute("title").contains("never between events"), note.getAttribute("title"));
        assertAccessible("live ward wall on event time");
        open("/wall/trust/RVT", "demo-exec", "clock-mode");
        assertTrue(driver.findElement(By.id("clock-mode")).getText().contains("event time"));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** axe at 1920×1080 and 1366×768, and legible across a room at every wall size (BrowserSupport). */
    private static void assertAccessible(String what) throws Exception {
        try {
            for (int[] size : new int[][] {{1920, 1080}, {1366, 768}}) {
                BrowserSupport.viewport(driver, size[0], size[1]);
                assertEquals(List.of(), BrowserSupport.seriousOrCriticalViolations(driver, what),
                        what + " at " + size[0] + "×" + size[1]);
            }
        } finally {
            BrowserSupport.viewport(driver, 1920, 1080);
        }
        BrowserSupport.assertLegibleAtWallSizes(driver, what);
    }

    private static void open(String path, String token) {
        open(path, token, null);
    }

    /** Opens the page with its token and waits until the past has arrived (or, {@code until}, that element's text). */
    private static void open(String path, String token, String until) {
        driver.get(base + "/wall/assets/wall.css");
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
        driver.get(base + path + "#token=" + token);
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> until != null
                ? !d.findElement(By.id(until)).getText().isEmpty()
                : !d.findElements(By.cssSelector("#tile-patients .value, #ward-grid li.ward-tile")).isEmpty());
    }

    private static void awaitAt(Instant at) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> Long.valueOf(at.toEpochMilli()).equals(
                ((JavascriptExecutor) d).executeScript("return Date.parse(new URLSearchParams(location.search).get('at'))"))
                && !d.findElements(By.cssSelector("#tile-patients .value")).isEmpty());
    }

    /** The beds of the NEWS2 ≥7 alerts on the ward wall. */
    private static List<String> news2High() {
        return driver.findElements(By.cssSelector("#alert-list li.alert")).stream()
                .filter(li -> li.findElement(By.className("kind")).getText().equals("NEWS2 7 or more"))
                .map(li -> li.findElement(By.className("bed")).getText()).toList();
    }

    /** Wall screens connected to the live socket, from /metrics. */
    private static double screens() {
        TestServer.Reply r = TestServer.send(server.port(), "GET", "/metrics", null, null, null);
        return r.body().lines().filter(l -> l.startsWith("vigil_websocket_clients "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElse(-1);
    }

    private static void post(String... events) {
        TestServer.Reply r = TestServer.send(server.port(), "POST", "/api/v1/events", ADMIN, TestServer.NDJSON,
                (String.join("\n", events) + "\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.status(), r::toString);
    }

    private static String highNews2(Instant t, String unit, String patient) {
        return new JsonObject().put("id", id()).put("type", "observation").put("time", t.toString()).put("unit", unit)
                .put("patient", patient).put("respirationRate", 22).put("spo2", 94).put("onOxygen", true)
                .put("systolicBp", 105).put("pulse", 45).put("consciousness", "C").put("temperature", 35.5).encode();
    }

    private static String id() {
        return "asat-" + ++ids;
    }
}
