package org.vigil.server.wall;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.vigil.server.VigilServer;
import org.vigil.server.engine.Engine;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The walls as a room sees them, with a hospital's worth of data: every wall (ward, trust, system, care-home
 * community view) at 1920×1080, 1366×768 and 2560×1440 must keep every word at least 24 px at 1080p (scaled to
 * the screen; explanatory notes 20 px), its figures at least 48 px, and nothing overflowing its box or lying over
 * a neighbour (docs/walls.md, "Readable across a room"). Then the escalated list: its "+ N more" counts exactly
 * the rows hidden, and its count agrees with its rows and the roll-up after an acknowledgement.
 *
 * <p>The server runs on event time, so an escalation can be fed as history: alerts raised three hours ago
 * escalate when the feed reaches the present, deterministically.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WallLayoutBrowserTest {
    private static final String ADMIN = "bootstrap-token";
    private static final String EXEC = "demo-exec";
    private static final String AMU_WALL = "demo-ward-bfw-amu";   // read + acknowledge BFW-AMU: buttons on the wall
    private static final String BFW_WALL = "demo-trust-bfw";      // read + acknowledge the BFW trust
    private static final int[][] SIZES = BrowserSupport.WALL_SIZES;
    /** Wards fed NEWS2 ≥ 7 patients three hours ago: their alerts are escalated and unanswered by now. */
    private static final String[] ESCALATING = {"BFW-AMU", "BFW-W3", "BFW-W16", "RVT-W12", "RVT-W14"};
    private static final String[] WARDS = {"BFW-AMU", "BFW-W3", "BFW-W7", "BFW-W10", "BFW-W16",
            "RVT-W12", "RVT-W14", "RVT-W21", "RVT-W23", "RVT-W25"};

    @TempDir
    static Path data;
    static VigilServer server;
    static ChromeDriver driver;
    static String base;
    static Sender feed;

    @BeforeAll
    static void start() throws IOException {
        server = BrowserSupport.server(data, Engine.ClockMode.EVENT, ADMIN);
        base = "http://127.0.0.1:" + server.port();
        feed = new Sender(base, ADMIN);
        seed();
        driver = BrowserSupport.chromium(1920, 1080);
    }

    @AfterAll
    static void stop() {
        BrowserSupport.close(driver, server);
    }

    @AfterEach
    void defaultSize() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    /** History first, oldest first (the clock follows event time), then the present. */
    static void seed() {
        Instant now = Instant.now().minusSeconds(30);
        Instant earlier = now.minus(Duration.ofHours(3));
        // admitted eight hours ago: the pressure ulcer risk assessment (due in 6 h) was overdue two hours ago
        feed.admit("RVT-W23", "RVT-W23-PU", "P1", now.minus(Duration.ofHours(8)));
        for (String ward : WARDS) {
            for (int i = 1; i <= 2; i++) {
                feed.admit(ward, ward + "-" + i, "B0" + i, earlier);
            }
        }
        for (String ward : ESCALATING) {
            for (int i = 1; i <= 3; i++) {
                feed.admit(ward, ward + "-H" + i, "H" + i, earlier);
                feed.highNews2(ward, ward + "-H" + i, earlier.plusSeconds(60));
            }
        }
        // Ward 23's feed moves the clock past the pressure ulcer assessment's due time: overdue 110 minutes ago,
        // escalated (after an hour unanswered) by the time the feed reaches the present
        feed.post(Sender.event("pulse", "RVT-W23", now.minus(Duration.ofMinutes(110))).put("rating", 4));
        // four kinds of risk assessment outstanding on the acute medical unit, six on Ward 16
        String[] four = {"ALCOHOL", "STROKE", "ADL", "WELFARE"};
        for (int i = 0; i < four.length; i++) {
            feed.assessmentDue("BFW-AMU", "BFW-AMU-" + (i % 2 + 1), four[i], now.minus(Duration.ofMinutes(10)));
        }
        String[] six = {"ALCOHOL", "STROKE", "ADL", "WELFARE", "HYGIENE", "ALERT"};
        for (int i = 0; i < six.length; i++) {
            feed.assessmentDue("BFW-W16", "BFW-W16-" + (i % 2 + 1), six[i], now.minus(Duration.ofMinutes(10)));
        }
        // the present: a fresh admission everywhere (the census feed is live) and every feed on the AMU
        for (String ward : WARDS) {
            feed.admit(ward, ward + "-now", "B03", now);
        }
        for (int i = 7; i <= 20; i++) {
            feed.admit("BFW-AMU", "AMU-" + i, "A" + i, now);
        }
        feed.livingWard("BFW-AMU", "AMU-");
        for (String home : new String[]{"CH-WIND", "CH-BAYV", "CH-MARS"}) {
            feed.post(Sender.event("restore2", home).put("resident", Sender.SECRET + home)
                    .put("softSigns", new JsonArray().add("SHORTNESS_OF_BREATH"))
                    .put("respirationRate", 26).put("spo2", 90).put("spo2Scale", 1).put("onOxygen", false)
                    .put("systolicBp", 95).put("pulse", 125).put("consciousness", "C").put("temperature", 39.2));
        }
    }

    // ---- reading the page ----------------------------------------------------------------------------------

    static JavascriptExecutor js() {
        return driver;
    }

    static void open(String path, String token) {
        BrowserSupport.openWall(driver, base, path, token);
    }

    static void viewport(int width, int height) throws InterruptedException {
        BrowserSupport.viewport(driver, width, height);
    }

    static String legibilityProblems() {
        return BrowserSupport.legibilityProblems(driver);
    }

    static void assertLegible(String path, String token, String what) throws InterruptedException {
        open(path, token);
        for (int[] size : SIZES) {
            viewport(size[0], size[1]);
            assertEquals("", legibilityProblems(), what + " at " + size[0] + "×" + size[1]);
        }
    }

    // ---- tests ---------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void theWardWallIsLegibleAndUnclippedAtEverySize() throws Exception {
        assertLegible("/wall/ward/BFW-AMU", AMU_WALL, "ward wall");
        // the assessments tile shows its four kinds in people's words, and every alert its Acknowledge button
        String tile = driver.findElement(By.id("tile-assessments")).getText();
        for (String kind : List.of("Alcohol", "Stroke", "Daily living (ADL)", "Welfare")) {
            assertTrue(tile.contains(kind), tile);
        }
        assertTrue(!tile.contains("_"), "no enum names: " + tile);
        assertTrue(driver.findElements(By.cssSelector("#alert-list li.alert:not([hidden]) button.ack")).size() >= 3);
        viewport(1920, 1080);
        BrowserSupport.save(driver, "ward-wall.png");
    }

    @Test
    @Order(2)
    void theTrustSystemAndCommunityWallsAreLegibleAndUnclippedAtEverySize() throws Exception {
        assertLegible("/wall/trust/BFW", BFW_WALL, "trust wall");
        assertLegible("/wall/carehomes", EXEC, "community view");
        assertLegible("/wall/system", EXEC, "system wall");
        // the cards use the space: at 1920×1080 the wards' column is at least three-quarters filled by cards
        viewport(1920, 1080);
        double used = ((Number) js().executeScript("""
                const area = document.getElementById('ward-grid').getBoundingClientRect();
                let cards = 0;
                for (const li of document.querySelectorAll('#ward-grid li')) {
                  const r = li.getBoundingClientRect(); cards += r.width * r.height;
                }
                return cards / (area.width * area.height);""")).doubleValue();
        assertTrue(used > 0.75, "ten ward cards fill " + Math.round(100 * used) + " % of their area");
        BrowserSupport.save(driver, "executive-wall.png");
    }

    @Test
    @Order(3)
    void theEscalatedListCountsExactlyTheRowsItHidesAndSaysWhichAssessment() throws Exception {
        open("/wall/system", EXEC);
        for (int[] size : SIZES) {
            viewport(size[0], size[1]);
            Map<?, ?> list = escalatedList();
            long rows = ((Number) list.get("rows")).longValue();
            long hidden = ((Number) list.get("hidden")).longValue();
            long displayedHidden = ((Number) list.get("displayedHidden")).longValue();
            assertTrue(rows >= ESCALATING.length * 3, "every NEWS2 ≥ 7 escalation is a row: " + list);
            assertEquals(rows, ((Number) list.get("heading")).longValue(), "heading count = rows: " + list);
            assertTrue(hidden > 0, "more rows than fit, at " + size[0] + ": " + list);
            assertEquals(0, displayedHidden, "a hidden row must not show: " + list);
            assertEquals(hidden == 0 ? "" : "+ " + hidden + " more", String.valueOf(list.get("more")).replaceAll(",.*", ""),
                    "'+ N more' counts the rows hidden: " + list);
            assertEquals(Boolean.TRUE, list.get("visibleFit"), "the rows shown fit the list: " + list);
        }
        // an assessment escalation says which assessment, in people's words (hidden rows too: textContent)
        String rows = driver.findElement(By.id("esc-list")).getAttribute("textContent");
        assertTrue(rows.matches("(?s).*Ward 23 — General Surgery · bed P1[^●]*● Low · Pressure ulcer risk assessment overdue.*"), rows);
        assertTrue(!rows.contains("PRESSURE_ULCER") && !rows.contains("_"), rows);
    }

    static Map<?, ?> escalatedList() {
        return (Map<?, ?>) js().executeScript("""
                const ul = document.getElementById('esc-list');
                const box = ul.getBoundingClientRect();
                const rows = [...ul.querySelectorAll('li.esc')];
                const hidden = rows.filter(li => li.hidden);
                return {
                  heading: Number(document.getElementById('esc-count').textContent.replace(/[()]/g, '')),
                  rows: rows.length,
                  hidden: hidden.length,
                  displayedHidden: hidden.filter(li => getComputedStyle(li).display !== 'none').length,
                  more: document.getElementById('esc-more').textContent,
                  visibleFit: rows.filter(li => !li.hidden).every(li => li.getBoundingClientRect().bottom <= box.bottom + 1)
                };""");
    }

    @Test
    @Order(4)
    void afterAnAcknowledgementTheTrustWallsCountAgreesWithItsRowsAndItsRollUp() throws Exception {
        open("/wall/trust/BFW", BFW_WALL);
        viewport(2560, 1440);
        long before = ((Number) escalatedList().get("heading")).longValue();
        JsonArray escalated = feed.get("/api/v1/alerts?unit=BFW-AMU", ADMIN).getJsonArray("alerts");
        String id = null;
        for (int i = 0; i < escalated.size(); i++) {
            if ("ESCALATED".equals(escalated.getJsonObject(i).getString("state"))) {
                id = escalated.getJsonObject(i).getString("id");
            }
        }
        assertTrue(id != null, "an escalated alert on the AMU: " + escalated);
        HttpResponse<String> ack = feed.postJson("/api/v1/alerts/" + id + "/ack", new JsonObject().put("by", "JS")
                .put("note", "seen"));
        assertEquals(200, ack.statusCode(), ack.body());
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d ->
                ((Number) escalatedList().get("heading")).longValue() == before - 1);
        Map<?, ?> list = escalatedList();
        assertEquals(before - 1, ((Number) list.get("rows")).longValue(), "rows = heading after the acknowledgement: " + list);
        String rollup = driver.findElement(By.id("rollup")).getText();
        Matcher m = Pattern.compile("(\\d+) unanswered escalations?").matcher(rollup);
        assertTrue(m.find(), rollup);
        assertEquals(before - 1, Long.parseLong(m.group(1)), "the roll-up agrees: " + rollup);
        long cards = 0;
        for (var li : driver.findElements(By.cssSelector("#ward-grid > li"))) {
            Matcher c = Pattern.compile("(\\d+) escalations? unanswered").matcher(li.getText());
            cards += c.find() ? Long.parseLong(c.group(1)) : 0;
        }
        assertEquals(before - 1, cards, "and so do the ward cards");
    }

    @Test
    @Order(5)
    void whoHasEachAlertAndTheAcknowledgeDialogAreLegibleAndAnAcceptedEscalationLeavesTheList() throws Exception {
        open("/wall/trust/BFW", BFW_WALL);
        viewport(2560, 1440);
        long before = ((Number) escalatedList().get("heading")).longValue();
        // the first two escalated alerts the AMU's wall shows at 1080p (most severe, newest first)
        open("/wall/ward/BFW-AMU", AMU_WALL);
        viewport(1920, 1080);
        @SuppressWarnings("unchecked")
        List<String> shown = (List<String>) js().executeScript("return [...document.querySelectorAll("
                + "'#alert-list li.alert.st-escalated:not([hidden])')].slice(0, 2).map(li => li.dataset.alert)");
        assertEquals(2, shown.size(), "two escalated alerts shown on the AMU's wall");
        answer(shown.get(0), "accept", new JsonObject().put("by", "Olu Ade").put("role", "outreach"));
        answer(shown.get(1), "not-escalating", new JsonObject().put("by", "Kim Bell").put("role", "nurse-in-charge")
                .put("reason", "end-of-life care plan").put("minutes", 30));
        rowSays(shown.get(0), "accepted by Olu Ade (Critical care outreach)");
        rowSays(shown.get(1), "‖ not escalating until");
        assertEquals("", BrowserSupport.glyphsWithoutFont(driver), "every character drawn, none an empty box");
        assertLegible("/wall/ward/BFW-AMU", AMU_WALL, "ward wall saying who has each alert");

        // the acknowledgement dialog, open over the wall
        viewport(1920, 1080);
        // on a row that is shown: the paused one may be in the overflow (see rowSays)
        driver.findElements(By.cssSelector("#alert-list li.alert:not([hidden]) button.ack")).stream()
                .filter(WebElement::isDisplayed).findFirst().orElseThrow().click();
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> d.findElement(By.cssSelector("dialog.ack-dialog")).isDisplayed());
        BrowserSupport.assertLegibleAtWallSizes(driver, "acknowledge dialog");
        driver.findElement(By.cssSelector("dialog.ack-dialog .ack-cancel")).click();

        // accepted by a responder: answered, so it leaves the trust wall's list, its count and its score
        open("/wall/trust/BFW", BFW_WALL);
        viewport(2560, 1440);
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d ->
                ((Number) escalatedList().get("heading")).longValue() == before - 1);
    }

    private static void answer(String alert, String what, JsonObject body) {
        HttpResponse<String> r = feed.postJson("/api/v1/alerts/" + alert + "/" + what, body);
        assertEquals(200, r.statusCode(), what + ": " + r.body());
    }

    /**
     * Waits until an alert's row on the ward wall says {@code text}. Shown or in the overflow: an answered alert sorts
     * after the unanswered ones, and how many those are depends on the demo's live clock (at some hours the
     * paused row lay beyond the screen's last row and the test failed, though the row said it).
     */
    private static void rowSays(String alert, String text) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).withMessage(() -> alert + " says " + text + ": "
                + driver.findElement(By.id("alert-list")).getAttribute("textContent")).until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("li[data-alert='" + alert + "']"));
            return !rows.isEmpty() && rows.get(0).getAttribute("textContent").contains(text);
        });
    }
}
