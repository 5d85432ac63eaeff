package org.vigil.server.wall;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The responder's phone page (/respond) and the ward wall's acknowledgement dialog in a real browser (Debian's
 * chromium, headless) against the real server, with the demo organisation's tokens: outreach of trust RVT, the
 * nurse in charge of RVT-W12, and RVT-W12's ward wall.
 */
class RespondBrowserTest {
    private static final String ADMIN = "bootstrap-token";
    private static final String OUTREACH = "demo-outreach-rvt";
    private static final String WALL = "demo-ward-rvt-w12";
    private static final String SECRET = "PATIENT-SECRET-";
    private static final AtomicLong IDS = new AtomicLong();

    @TempDir
    static Path data;
    static VigilServer server;
    static ChromeDriver driver;
    static HttpClient http = HttpClient.newHttpClient();
    static String base;

    @BeforeAll
    static void start() throws IOException {
        server = BrowserSupport.server(data, Engine.ClockMode.WALL, ADMIN);
        base = "http://127.0.0.1:" + server.port();
        driver = BrowserSupport.chromium(390, 844);
        BrowserSupport.inAnotherZone(driver);
    }

    @AfterAll
    static void stop() {
        BrowserSupport.close(driver, server);
    }

    // ---- the feed and the API -------------------------------------------------------------------------------

    static JsonObject event(String type, String unit) {
        return new JsonObject().put("id", "respond-test-" + IDS.incrementAndGet()).put("type", type)
                .put("time", Instant.now().minusMillis(200).toString()).put("unit", unit);
    }

    /** A patient admitted to the ward, and a concern raised for them (Martha's rule: outreach is told at once). */
    static String concern(String ward, String patient, String bed) {
        post(event("admission", ward).put("patient", SECRET + patient).put("bed", bed).put("age", 80));
        post(event("concern", ward).put("patient", SECRET + patient).put("raisedBy", "FAMILY"));
        for (Object o : get("/api/v1/alerts?unit=" + ward).getJsonArray("alerts")) {
            JsonObject a = (JsonObject) o;
            if (a.getString("kind").equals("PATIENT_CONCERN") && bed.equals(a.getString("bed"))) {
                return a.getString("id");
            }
        }
        throw new AssertionError("no concern alert at bed " + bed);
    }

    static void post(JsonObject event) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/events"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event.encode())));
        assertEquals(200, r.statusCode(), r::body);
    }

    static JsonObject get(String path) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + ADMIN).GET());
        assertEquals(200, r.statusCode(), r::body);
        return new JsonObject(r.body());
    }

    static JsonObject alert(String id) {
        return get("/api/v1/alerts/" + id);
    }

    static List<String> types(String id) {
        JsonArray h = alert(id).getJsonArray("history");
        return h.stream().map(o -> ((JsonObject) o).getString("type")).toList();
    }

    static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- the page -------------------------------------------------------------------------------------------

    static void open(String path) {
        driver.get(base + "/wall/assets/wall.css");
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
        driver.get(base + path);
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d ->
                d.findElement(By.id("conn-state")).getText().contains("live"));
    }

    static WebElement card(String id) {
        return new WebDriverWait(driver, Duration.ofSeconds(5)).until(d ->
                d.findElements(By.cssSelector("li.card[data-alert='" + id + "']")).stream().findFirst().orElse(null));
    }

    static WebElement button(WebElement card, String text) {
        return card.findElement(By.xpath(".//button[normalize-space()='" + text + "']"));
    }

    static void waitFor(String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, Duration.ofSeconds(5)).withMessage(what).until(d -> condition.getAsBoolean());
    }

    static void name(String who) {
        WebElement name = driver.findElement(By.id("who-name"));
        name.clear();
        name.sendKeys(who);
    }

    // ---- tests ----------------------------------------------------------------------------------------------

    @Test
    void outreachAcceptsFromThePhoneAndEveryoneSeesWhoHasIt() {
        String id = concern("RVT-W12", "R1", "12C");
        open("/respond#token=" + OUTREACH + "&role=outreach");
        assertFalse(driver.getCurrentUrl().contains("token"), "the token must leave the address bar");
        assertEquals("Critical care outreach", driver.findElement(By.id("role-name")).getText());
        WebElement card = card(id);
        assertTrue(card.getText().contains("Ward 12"), card.getText());
        assertTrue(card.getText().contains("Bed 12C"), card.getText());
        // no name yet: the page asks for it and sends nothing
        button(card, "Accept").click();
        waitFor("asks for a name", () -> driver.findElement(By.id("msg")).getText().contains("name"));
        assertEquals(List.of("RAISED", "ESCALATED"), types(id));

        name("Olu Ade");
        button(card(id), "Accept").click();
        waitFor("accepted in the API", () -> "Olu Ade".equals(alert(id).getString("acceptedBy")));
        assertEquals("outreach", alert(id).getString("acceptedRole"));
        // the role as the organisation names it (GET /api/v1/meta), as the ward wall says it, not its id; the time in
        // the organisation's zone, though this phone is set to New York's
        String accepted = "Accepted by Olu Ade (Critical care outreach) at "
                + BrowserSupport.organisationTime(Instant.parse(alert(id).getString("acceptedAt")), "HH:mm");
        waitFor("the card says who has it: " + accepted + " in " + card(id).getText(),
                () -> card(id).getText().contains(accepted));
        assertTrue(card(id).findElements(By.xpath(".//button[normalize-space()='Accept' and not(@hidden)]")).isEmpty(),
                "once accepted, nobody else is offered Accept");

        // the ward wall shows who has it
        open("/wall/ward/RVT-W12#token=" + WALL);
        waitFor("the wall shows the acceptance", () -> driver.findElement(
                By.cssSelector("li[data-alert='" + id + "']")).getText().contains("accepted by Olu Ade"));
        // "as of" in the organisation's zone too (a minute's slack for the clock turning between the two reads)
        String asOf = driver.findElement(By.id("as-of")).getText();
        Instant now = Instant.now();
        assertTrue(List.of(BrowserSupport.organisationTime(now, "HH:mm"),
                        BrowserSupport.organisationTime(now.minusSeconds(60), "HH:mm"))
                .contains(asOf.replaceAll("as of (\\d\\d:\\d\\d):\\d\\d", "$1")), asOf);
        assertFalse(driver.getPageSource().contains(SECRET), "the wall names no patient");
    }

    @Test
    void declineAndNotEscalatingEachNeedAReason() {
        String id = concern("RVT-W14", "R2", "14D");
        open("/respond#token=" + OUTREACH + "&role=outreach");
        name("Sam Roe");
        WebElement card = card(id);
        button(card, "Decline").click();
        new Select(card.findElement(By.cssSelector("select[id^='decline-reason']"))).selectByValue("OTHER");
        // the form's own Decline is the last button of that name (the first opens the form)
        List<WebElement> declines = card(id).findElements(By.xpath(".//button[normalize-space()='Decline']"));
        declines.get(declines.size() - 1).click();
        waitFor("asks why", () -> driver.findElement(By.id("msg")).getText().contains("Say why"));
        assertEquals(List.of("RAISED", "ESCALATED"), types(id), "nothing sent without a reason");
        card(id).findElement(By.cssSelector("textarea[id^='decline-words']")).sendKeys("already with the registrar");
        declines.get(declines.size() - 1).click();
        waitFor("declined in the API", () -> types(id).contains("DECLINED"));
        JsonObject declined = alert(id).getJsonArray("history").stream().map(o -> (JsonObject) o)
                .filter(t -> t.getString("type").equals("DECLINED")).findFirst().orElseThrow();
        assertEquals("already with the registrar", declined.getString("reason"));
        assertEquals("Sam Roe", declined.getString("by"));

        button(card(id), "Not escalating").click();
        List<WebElement> pauses = card(id).findElements(By.xpath(".//button[normalize-space()='Not escalating']"));
        WebElement go = pauses.get(pauses.size() - 1);
        go.click();
        waitFor("a reason is required", () -> driver.findElement(By.id("msg")).getText().contains("reason is required"));
        assertFalse(types(id).contains("NOT_ESCALATING"));
        card(id).findElement(By.cssSelector("textarea[id^='pause-why']")).sendKeys("end-of-life care plan");
        new Select(card(id).findElement(By.cssSelector("select[id^='pause-minutes']"))).selectByValue("120");
        go.click();
        waitFor("paused in the API", () -> alert(id).containsKey("notEscalating"));
        JsonObject pause = alert(id).getJsonObject("notEscalating");
        assertEquals("end-of-life care plan", pause.getString("reason"));
        assertEquals(Instant.parse(pause.getString("at")).plus(Duration.ofMinutes(120)).toString(), pause.getString("until"));
        waitFor("the card shows it", () -> card(id).getText().contains("‖ not escalating until"));
        assertEquals("", BrowserSupport.glyphsWithoutFont(driver), "every character drawn, none an empty box");
    }

    @Test
    void theWardWallAsksWhoAcknowledgesAndOffersUndo() {
        post(event("admission", "RVT-W12").put("patient", SECRET + "A1").put("bed", "12A").put("age", 70));
        post(event("observation", "RVT-W12").put("patient", SECRET + "A1").put("respirationRate", 22).put("spo2", 94)
                .put("onOxygen", true).put("systolicBp", 105).put("pulse", 45).put("consciousness", "C")
                .put("temperature", 35.5));
        open("/wall/ward/RVT-W12#token=" + WALL);
        viewport(1920, 1080);
        try {
            String id = clickAcknowledge("li.alert.sev-high button.ack");
            WebElement dialog = driver.findElement(By.cssSelector("dialog.ack-dialog"));
            assertTrue(dialog.isDisplayed());
            assertTrue(dialog.getText().contains("bed 12A"), "the dialog names the alert: " + dialog.getText());
            dialog.findElement(By.xpath(".//button[normalize-space()='Acknowledge']")).click();
            waitFor("initials are required", () -> dialog.getText().contains("Enter your initials"));
            assertFalse(alert(id).containsKey("acknowledgedBy"));
            dialog.findElement(By.id("ack-initials")).sendKeys("JS");
            new Select(dialog.findElement(By.id("ack-role"))).selectByVisibleText("Registered nurse");
            dialog.findElement(By.id("ack-note")).sendKeys("registrar called");
            dialog.findElement(By.xpath(".//button[normalize-space()='Acknowledge']")).click();
            waitFor("acknowledged in the API", () -> "JS".equals(alert(id).getString("acknowledgedBy")));
            assertEquals("Registered nurse", alert(id).getString("acknowledgedRole"));
            assertEquals("registrar called", alert(id).getString("note"));
            waitFor("the wall shows who", () -> driver.findElement(By.cssSelector("li[data-alert='" + id + "']"))
                    .getText().contains("by JS (Registered nurse)"));
            // undo, within the server's window
            driver.findElement(By.cssSelector("#ack-msg button.ack-undo")).click();
            waitFor("undone in the API", () -> types(id).contains("ACKNOWLEDGEMENT_UNDONE"));
            assertFalse(alert(id).containsKey("acknowledgedBy"));
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    @Test
    void accessibilityScanAndScreenshot() throws Exception {
        concern("RVT-W21", "R3", "21B");
        post(event("admission", "RVT-W23").put("patient", SECRET + "R4").put("bed", "23A").put("age", 66));
        post(event("observation", "RVT-W23").put("patient", SECRET + "R4").put("respirationRate", 22).put("spo2", 97)
                .put("onOxygen", false).put("systolicBp", 105).put("pulse", 100).put("consciousness", "A")
                .put("temperature", 38.5));
        open("/respond#token=" + OUTREACH + "&role=outreach");
        name("Olu Ade");
        String first = driver.findElement(By.cssSelector("li.card")).getAttribute("data-alert");
        button(card(first), "Decline").click(); // an open form is scanned too
        Thread.sleep(300);
        List<String> bad = BrowserSupport.seriousOrCriticalViolations(driver, "/respond");
        assertTrue(bad.isEmpty(), "/respond: " + bad);
        assertFalse(driver.getPageSource().contains(SECRET), "the responder page names no patient");
        Object scrolls = ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth > innerWidth + 1");
        assertEquals(Boolean.FALSE, scrolls, "no sideways scrolling on a phone");
        button(card(first), "Decline").click();
        BrowserSupport.save(driver, "respond-page.png");

        open("/wall/ward/RVT-W12#token=" + WALL);
        viewport(1920, 1080);
        try {
            clickAcknowledge("li.alert button.ack");
            Thread.sleep(200);
            List<String> dialogBad = BrowserSupport.seriousOrCriticalViolations(driver, "ward wall, acknowledge dialog");
            assertTrue(dialogBad.isEmpty(), "acknowledge dialog: " + dialogBad);
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /**
     * Clicks the first Acknowledge button the selector finds and returns its alert's id. The wall draws its list
     * again when an alert changes, so a button found may be gone by the click: find and click again.
     */
    static String clickAcknowledge(String selector) {
        return new WebDriverWait(driver, Duration.ofSeconds(5)).ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    WebElement b = d.findElements(By.cssSelector(selector)).stream().findFirst().orElse(null);
                    if (b == null) {
                        return null;
                    }
                    String id = b.findElement(By.xpath("./..")).getAttribute("data-alert");
                    b.click();
                    return id;
                });
    }

    static void viewport(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }
}
