package org.vigil.server.wall;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.vigil.events.EventType;
import org.vigil.server.TestServer;
import org.vigil.server.engine.FaultyRule;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.TestServer.envelope;

/**
 * In a real browser: the banner every wall and every responder page shows once a rule has failed ("A rule failed —
 * check manually"), and the ward wall's staffing tile saying "staffing not reported". The server runs on event time with a
 * deliberately faulty rule; the feed is a historical morning (2026-03-10, GMT; RVT-W12's day shift 07:30).
 */
class RuleFailureBannerBrowserTest {
    private static final String WARD = "RVT-W12";
    private static final String WARD_TOKEN = "demo-ward-rvt-w12";
    private static final String EXEC_TOKEN = "demo-exec";
    /** The nurse in charge of RVT-W12, on the responder page. */
    private static final String NIC_TOKEN = "demo-nic-rvt-w12";

    @TempDir
    static Path data;
    static TestServer server;
    static ChromeDriver driver;
    static String base;
    private static int ids;

    @BeforeAll
    static void start() {
        server = TestServer.startOnEventTimeWithRules(data, r -> r.add(FaultyRule::new, EventType.OBSERVATION));
        base = "http://127.0.0.1:" + server.port();
        driver = BrowserSupport.chromium(1920, 1080);
    }

    @AfterAll
    static void stop() {
        BrowserSupport.close(driver, server);
    }

    private static void post(String type, String time, io.vertx.core.json.JsonObject fields) {
        io.vertx.core.json.JsonObject e = envelope("banner-" + ++ids, type, Instant.parse(time), WARD);
        fields.forEach(f -> e.put(f.getKey(), f.getValue()));
        TestServer.Reply r = server.postEvent(e.encode());
        assertEquals(200, r.status(), r::toString);
    }

    private static void open(String path, String token) {
        BrowserSupport.openWall(driver, base, path, token);
    }

    private static String banner() {
        Object t = ((JavascriptExecutor) driver).executeScript(
                "const b = document.getElementById('rule-banner'); return b ? b.textContent : null;");
        return t == null ? null : t.toString();
    }

    @Test
    void everyWallSaysARuleFailedAndTheStaffingTileSaysNotReported() throws Exception {
        post("admission", "2026-03-10T07:00:00Z", new io.vertx.core.json.JsonObject().put("patient", "p1").put("bed", "B1"));
        open("/wall/ward/" + WARD, WARD_TOKEN);
        assertEquals(null, banner(), "nothing has failed yet");
        // a responder's phone, open in another tab while the rule fails: its pushed list must bring the banner
        String wall = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        open("/respond", NIC_TOKEN);
        assertEquals(null, banner(), "nothing has failed yet (responder page)");
        String respond = driver.getWindowHandle();
        driver.switchTo().window(wall);

        post("observation", "2026-03-10T07:10:00Z", new io.vertx.core.json.JsonObject().put("patient", "p1")
                .put("respirationRate", 16).put("spo2", 97).put("onOxygen", false).put("systolicBp", 125)
                .put("pulse", 72).put("consciousness", "A").put("temperature", 37.0));
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> banner() != null);
        assertEquals("⚠ A rule failed — check manually: FaultyRule", banner());
        assertEquals("alert", driver.findElement(By.id("rule-banner")).getAttribute("role"));
        driver.switchTo().window(respond);
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> banner() != null);
        assertEquals("⚠ A rule failed — check manually: FaultyRule", banner());
        assertEquals("alert", driver.findElement(By.id("rule-banner")).getAttribute("role"));
        List<String> badRespond = BrowserSupport.seriousOrCriticalViolations(driver, "/respond (rule failed)");
        assertTrue(badRespond.isEmpty(), badRespond.toString());
        driver.close();
        driver.switchTo().window(wall);

        // 08:30 + 1 ms: the day shift's staffing report is overdue (no staffing feed has ever come)
        post("pulse", "2026-03-10T08:31:00Z", new io.vertx.core.json.JsonObject().put("rating", 4));
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d ->
                d.findElement(By.id("tile-staffing")).getText().contains("staffing not reported"));
        assertTrue(driver.findElement(By.id("tile-staffing")).getAttribute("class").contains("alarm"));
        assertTrue(driver.findElement(By.id("alert-list")).getText().contains("Staffing not reported"));
        List<String> bad = BrowserSupport.seriousOrCriticalViolations(driver, "/wall/ward (rule failed)");
        assertTrue(bad.isEmpty(), bad.toString());
        // the banner and the flag keep the walls' legibility (docs/walls.md): at every size, nothing small or cut
        BrowserSupport.assertLegibleAtWallSizes(driver, "ward wall: rule banner, staffing never reported");
        // a late report of last night's shift: the tile has its table now, and still says the day shift is not
        // reported (sent once the page dates feeds by the server's wall clock, 12:00 that day, from a heartbeat)
        // (the page's own clock, not its text: "as of 12:…" was also what the browser's clock said between 12:00 and
        // 13:00 real time, before any heartbeat, and the test failed at that hour of the day)
        long serverNoon = java.time.Instant.parse("2026-03-10T12:00:00Z").toEpochMilli();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> Math.abs(((Number) ((JavascriptExecutor) d)
                .executeScript("return Vigil.now()")).longValue() - serverNoon) < 3_600_000);
        post("staffing", "2026-03-10T08:32:00Z", new io.vertx.core.json.JsonObject().put("date", "2026-03-09")
                .put("shift", "NIGHT").put("registeredPlanned", 5).put("registeredActual", 5)
                .put("unregisteredPlanned", 3).put("unregisteredActual", 3));
        new WebDriverWait(driver, Duration.ofSeconds(5)).withMessage(() -> "the staffing tile: "
                + driver.findElement(By.id("tile-staffing")).getAttribute("textContent")).until(d -> {
            String tile = d.findElement(By.id("tile-staffing")).getAttribute("textContent");
            return tile.contains("Registered") && tile.contains("staffing not reported");
        });
        BrowserSupport.assertLegibleAtWallSizes(driver, "ward wall: staffing table and not reported");

        open("/wall/system", EXEC_TOKEN);
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> banner() != null);
        assertEquals("⚠ A rule failed — check manually: FaultyRule", banner());
        BrowserSupport.assertLegibleAtWallSizes(driver, "system wall with the rule banner");
        open("/wall/trust/RVT", EXEC_TOKEN);
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> banner() != null);
        assertEquals("⚠ A rule failed — check manually: FaultyRule", banner());
        open("/wall/carehomes", EXEC_TOKEN);
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> banner() != null);
        assertEquals("⚠ A rule failed — check manually: FaultyRule", banner());
        BrowserSupport.assertLegibleAtWallSizes(driver, "community view with the rule banner");
    }
}
