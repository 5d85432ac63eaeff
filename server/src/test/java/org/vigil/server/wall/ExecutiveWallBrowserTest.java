package org.vigil.server.wall;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.vigil.server.VigilServer;
import org.vigil.server.engine.Engine;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The system wall of a busy system, as the audit saw it: old low-severity escalations (risk assessments overdue)
 * outnumbering the high ones, and ward cards with every kind of reason. The escalated list must put the most
 * severe first (a row the room cannot see is a row nobody answers) and show each row's severity as the ward wall
 * does; and no card may lose its last line below its edge, at 1080p, 1440p or 4K, once the SPC note has taken
 * its room.
 */
class ExecutiveWallBrowserTest {
    private static final String ADMIN = "bootstrap-token";
    private static final String EXEC = "demo-exec";
    private static final String QUIET = "RVT-W23";
    private static final String[] BUSY = {"BFW-AMU", "BFW-W3", "BFW-W16", "RVT-W12", "RVT-W14", "RVT-W21", "RVT-W25"};

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

    /**
     * History first, oldest first (the clock follows event time): assessments overdue six hours ago (low, escalated
     * an hour later), then NEWS2 ≥ 7 three hours ago (high, escalated since), then every feed of a living ward.
     */
    static void seed() {
        Instant now = Instant.now().minusSeconds(30);
        Instant older = now.minus(Duration.ofHours(6));
        Instant earlier = now.minus(Duration.ofHours(3));
        // a ward whose feeds stopped six hours ago, with a NEWS2 ≥ 7 from then: it ranks, and its card says why not to
        // believe it
        feed.admit(QUIET, QUIET + "-Q1", "Q1", older);
        feed.highNews2(QUIET, QUIET + "-Q1", older.plusSeconds(30));
        for (String ward : BUSY) {
            for (int i = 1; i <= 2; i++) {
                feed.admit(ward, ward + "-L" + i, "L" + i, older);
                feed.assessmentDue(ward, ward + "-L" + i, "ALCOHOL", older.plusSeconds(60));
            }
        }
        for (String ward : BUSY) {
            for (int i = 1; i <= 2; i++) {
                feed.admit(ward, ward + "-H" + i, "H" + i, earlier);
                feed.highNews2(ward, ward + "-H" + i, earlier.plusSeconds(60));
            }
        }
        for (String ward : BUSY) {
            for (int i = 7; i <= 20; i++) {
                feed.admit(ward, ward + "-" + i, "A" + i, now);
            }
            feed.livingWard(ward, ward + "-");
        }
    }

    static JavascriptExecutor js() {
        return driver;
    }

    /** Opens the system wall at this size (as a screen of that size would, with no resize after it loads). */
    static void openAt(int width, int height) throws InterruptedException {
        BrowserSupport.viewport(driver, width, height);
        BrowserSupport.openWall(driver, base, "/wall/system", EXEC);
        // the SPC note arrives with the first ward's figures and takes room from the cards
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d ->
                js().executeScript("return document.getElementById('spc-note') !== null").equals(Boolean.TRUE));
        Thread.sleep(500);
    }

    @Test
    void theEscalatedListPutsTheMostSevereFirstAndShowsEachSeverityAsTheWardWallDoes() throws Exception {
        openAt(1920, 1080);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) js().executeScript("""
                return [...document.querySelectorAll('#esc-list li.esc')].map(li => ({
                  id: li.dataset.alert, shown: !li.hidden, text: li.textContent}));""");
        assertTrue(rows.size() >= BUSY.length * 4, "every escalation is a row: " + rows);
        List<String> order = List.of("HIGH", "MEDIUM", "LOW");
        int lastRank = 0;
        long lastEscalated = 0;
        for (Map<String, Object> row : rows) {
            JsonObject a = feed.get("/api/v1/alerts/" + row.get("id"), ADMIN);
            String severity = a.getString("severity");
            int rank = order.indexOf(severity);
            long escalated = Instant.parse(a.getString("escalatedAt", a.getString("raisedAt"))).toEpochMilli();
            assertTrue(rank > lastRank || rank == lastRank && escalated >= lastEscalated,
                    "most severe first, then longest waiting: " + row + " after rank " + lastRank + " in " + rows);
            lastRank = rank;
            lastEscalated = escalated;
            // the same shape and word as the ward wall (docs/walls.md)
            String expected = Map.of("HIGH", "▲ High", "MEDIUM", "◆ Medium", "LOW", "● Low").get(severity);
            assertTrue(String.valueOf(row.get("text")).contains(expected), expected + " in " + row);
        }
        assertEquals("HIGH", feed.get("/api/v1/alerts/" + rows.get(0).get("id"), ADMIN).getString("severity"));
        long highs = rows.stream().filter(r -> String.valueOf(r.get("text")).contains("▲ High")).count();
        long shownHighs = rows.stream().filter(r -> Boolean.TRUE.equals(r.get("shown"))
                && String.valueOf(r.get("text")).contains("▲ High")).count();
        long shown = rows.stream().filter(r -> Boolean.TRUE.equals(r.get("shown"))).count();
        assertEquals(Math.min(highs, shown), shownHighs, "the rows the room sees are the high ones: " + rows);
    }

    /**
     * A ward whose observations stopped past their window says so first on its card: it read as its old figures,
     * with nothing to tell the executive they were six hours old (hazard log O6); a living ward's card says nothing.
     */
    @Test
    void aCardWhoseFeedsStoppedSaysSoFirst() throws Exception {
        openAt(1920, 1080);
        String quiet = (String) js().executeScript("const li = document.querySelector('li.ward-tile[data-unit=\"" + QUIET
                + "\"] .why-list li'); return li ? li.textContent : null;");
        assertTrue(quiet != null && quiet.startsWith("⚠ no observations feed for 6 h"), String.valueOf(quiet));
        Object living = js().executeScript("return document.querySelector('li.ward-tile[data-unit=\"" + BUSY[0]
                + "\"]').textContent;");
        assertFalse(String.valueOf(living).contains("feed for"), String.valueOf(living));
    }

    @Test
    void noCardLosesALineBelowItsEdgeAt1080p1440pOr4k() throws Exception {
        for (int[] size : new int[][] {{1920, 1080}, {2560, 1440}, {3840, 2160}}) {
            openAt(size[0], size[1]);
            Object problems = js().executeScript("""
                    const out = [];
                    for (const card of document.querySelectorAll('#ward-grid > li.ward-tile')) {
                      const box = card.getBoundingClientRect();
                      const name = card.querySelector('.w-name').textContent;
                      for (const e of card.querySelectorAll('*')) {
                        if (e.closest('[hidden], .visually-hidden')) continue;
                        const r = e.getBoundingClientRect();
                        if (r.width === 0 || r.height === 0) continue;
                        if (r.bottom > box.bottom + 1 || r.right > box.right + 1 || r.top < box.top - 1) {
                          out.push(name + ': "' + e.textContent.trim().slice(0, 30) + '" '
                            + Math.round(r.bottom - box.bottom) + ' px below');
                        }
                      }
                      const a = card.firstElementChild;
                      if (a.scrollHeight > a.clientHeight + 1) out.push(name + ': overflows its card');
                    }
                    return out.join('\\n');""");
            assertEquals("", problems, "at " + size[0] + "×" + size[1]);
            assertTrue(((Number) js().executeScript("return document.querySelectorAll('#ward-grid li.more').length"))
                    .intValue() > 0, "a busy card drops its last reasons at " + size[0] + "×" + size[1]);
        }
    }
}
