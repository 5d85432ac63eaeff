package org.vigil.server.wall;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The printable incident review ({@code /report/incident/{unit}/{patient}}) in headless chromium: it lays out what
 * the export says (observations with NEWS2, the alert with its transitions and the ward's rank on the executive
 * wall, the omitted dose, the night's staffing), hides its Print button on paper, refuses a token without
 * {@code audit:…} plainly, and axe finds nothing serious or critical at 1920×1080 and 1366×768.
 */
class IncidentReportBrowserTest {
    private static final String ADMIN = "bootstrap-token";
    private static final Instant T = Instant.parse("2026-11-29T02:00:00Z");
    private static final String PAGE = "/report/incident/RVT-W12/P1?from=2026-11-29T01:00:00Z&to=2026-11-29T04:00:00Z";

    @TempDir
    static Path data;
    static VigilServer server;
    static ChromeDriver driver;
    static String base;

    @BeforeAll
    static void start() throws IOException {
        server = BrowserSupport.server(data, Engine.ClockMode.EVENT, ADMIN);
        base = "http://127.0.0.1:" + server.port();
        post(TestServer.admission("r-1", T, "RVT-W12", "P1", "B7"),
                TestServer.envelope("r-2", "staffing", T, "RVT-W12").put("date", "2026-11-28").put("shift", "NIGHT")
                        .put("registeredPlanned", 4).put("registeredActual", 2).put("unregisteredPlanned", 3)
                        .put("unregisteredActual", 3).encode(),
                TestServer.envelope("r-3", "doseScheduled", T, "RVT-W12").put("doseId", "d1").put("patient", "P1")
                        .put("medicine", "co-careldopa").put("critical", true).put("medicineClass", "PARKINSONS")
                        .put("dueAt", T.plusSeconds(600).toString()).encode(),
                TestServer.envelope("r-4", "observation", T.plusSeconds(60), "RVT-W12").put("patient", "P1")
                        .put("respirationRate", 22).put("spo2", 94).put("onOxygen", true).put("systolicBp", 105)
                        .put("pulse", 45).put("consciousness", "C").put("temperature", 35.5).encode(),
                TestServer.envelope("r-5", "doseOutcome", T.plusSeconds(900), "RVT-W12").put("doseId", "d1")
                        .put("patient", "P1").put("outcome", "OMITTED").put("reason", "NOT_AVAILABLE").encode(),
                TestServer.envelope("r-6", "pulse", T.plusSeconds(7200), "RVT-W21").put("rating", 3).encode());
        assertEquals(200, TestServer.send(server.port(), "POST", "/api/v1/alerts/"
                + alertId() + "/ack", "demo-ward-rvt-w12", TestServer.JSON,
                new JsonObject().put("by", "JS").put("role", "Staff nurse").encode().getBytes(StandardCharsets.UTF_8))
                .status());
        driver = BrowserSupport.chromium(1920, 1080);
    }

    @AfterAll
    static void stop() {
        BrowserSupport.close(driver, server);
    }

    @Test
    void theReviewLaysOutTheEpisodeForTheMeetingAndForPaper() throws Exception {
        open(PAGE, "demo-governance-rvt");
        assertFalse(driver.getCurrentUrl().contains("token"), "the token leaves the address bar");
        String title = driver.findElement(By.id("title")).getText();
        assertTrue(title.contains("P1") && title.contains("bed B7") && title.contains("Ward 12"), title);
        String obs = driver.findElement(By.cssSelector("#obs tbody")).getText();
        assertTrue(obs.contains("11 (high)"), "NEWS2 11 with its risk: " + obs);
        assertTrue(obs.contains("ACVPU 3"), "the parameter scores: " + obs);
        String alerts = driver.findElement(By.id("alerts")).getText();
        assertTrue(alerts.contains("NEWS2 HIGH"), alerts);
        assertTrue(alerts.contains("rank 1 of 5 wards"), "the ward's place on the executive wall: " + alerts);
        assertTrue(alerts.contains("acknowledged") && alerts.contains("JS") && alerts.contains("Staff nurse"),
                "who acted: " + alerts);
        String doses = driver.findElement(By.cssSelector("#doses tbody")).getText();
        assertTrue(doses.contains("OMITTED") && doses.contains("NOT_AVAILABLE") && doses.contains("co-careldopa"), doses);
        String staffing = driver.findElement(By.cssSelector("#staffing tbody")).getText();
        assertTrue(staffing.contains("2026-11-28 night 2 (4)"), staffing);
        for (int[] size : new int[][] {{1920, 1080}, {1366, 768}}) {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(size[0], size[1]));
            Thread.sleep(300);
            assertEquals(List.of(), BrowserSupport.seriousOrCriticalViolations(driver, "incident review"),
                    "at " + size[0] + "×" + size[1]);
        }
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1920, 1080));
        BrowserSupport.save(driver, "incident-review.png");
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        try {
            assertFalse(driver.findElement(By.id("print")).isDisplayed(), "no Print button on paper");
        } finally {
            driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
        }
    }

    @Test
    void aTokenWithoutAuditIsToldSo() {
        open(PAGE, "demo-ward-rvt-w12");
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> !d.findElement(By.id("problem")).getText().isEmpty());
        assertTrue(driver.findElement(By.id("problem")).getText().contains("audit"));
        assertEquals("", driver.findElement(By.cssSelector("#obs tbody")).getText(), "nothing shown");
    }

    private static void open(String path, String token) {
        driver.get(base + "/report/assets/incident.css");
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
        driver.get(base + path + "#token=" + token);
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d ->
                "false".equals(d.findElement(By.id("report")).getAttribute("aria-busy")));
    }

    private static String alertId() {
        TestServer.Reply r = TestServer.send(server.port(), "GET", "/api/v1/alerts?unit=RVT-W12", ADMIN, null, null);
        return r.json().getJsonArray("alerts").stream().map(JsonObject.class::cast)
                .filter(a -> a.getString("kind").equals("NEWS2_HIGH")).findFirst().orElseThrow().getString("id");
    }

    private static void post(String... events) {
        TestServer.Reply r = TestServer.send(server.port(), "POST", "/api/v1/events", ADMIN, TestServer.NDJSON,
                (String.join("\n", events) + "\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.status(), r::toString);
    }
}
