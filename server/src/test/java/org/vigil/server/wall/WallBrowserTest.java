package org.vigil.server.wall;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
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
import org.vigil.server.ServerConfig;
import org.vigil.server.VigilServer;
import org.vigil.server.engine.Engine;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The walls in a real browser (Debian's chromium, headless) against the real server in-process, fed over HTTP.
 * Uses the demo organisation's scoped tokens: a ward wall token (read + ack one ward) and the executive token.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WallBrowserTest {
    private static final String ADMIN = "bootstrap-token";
    private static final String WARD_TOKEN = "demo-ward-rvt-w12"; // read:ward:RVT-W12, ack:ward:RVT-W12
    private static final String EXEC_TOKEN = "demo-exec";         // read:system
    private static final String SECRET = Sender.SECRET;

    @TempDir
    static Path data;
    static VigilServer server;
    static ChromeDriver driver;
    static String base;
    static Sender feed;

    @BeforeAll
    static void start() throws IOException {
        server = BrowserSupport.server(data, Engine.ClockMode.WALL, ADMIN);
        base = "http://127.0.0.1:" + server.port();
        feed = new Sender(base, ADMIN);
        driver = BrowserSupport.chromium(1920, 1080);
    }

    @AfterAll
    static void stop() {
        BrowserSupport.close(driver, server);
    }

    static void admit(String unit, String patient, String bed) {
        feed.admit(unit, patient, bed);
    }

    static void highNews2(String unit, String patient) {
        feed.highNews2(unit, patient);
    }

    static void post(JsonObject event) {
        feed.post(event);
    }

    static JsonObject get(String path, String token) {
        return feed.get(path, token);
    }

    // ---- reading the page ----------------------------------------------------------------------------------

    static void open(String path, String token) {
        BrowserSupport.openWall(driver, base, path, token);
    }

    static String tileValue(String tile) {
        return BrowserSupport.tileValue(driver, tile);
    }

    static void waitForTile(String tile, String expected, Duration within) {
        new WebDriverWait(driver, within, Duration.ofMillis(5)).until(d -> expected.equals(tileValue(tile)));
    }

    // ---- tests ---------------------------------------------------------------------------------------------

    @Test
    void wardWallShowsTheApiNumbersAndKeepsTheTokenOutOfTheUrl() {
        String ward = "RVT-W14";
        for (int i = 1; i <= 4; i++) {
            admit(ward, "W14-" + i, "B" + i);
        }
        highNews2(ward, "W14-1");
        feed.normalObs(ward, "W14-2");
        open("/wall/ward/" + ward, "demo-exec");
        assertFalse(driver.getCurrentUrl().contains("token"), "the token must leave the address bar");
        assertEquals(EXEC_TOKEN, ((JavascriptExecutor) driver).executeScript("return sessionStorage.getItem('vigil.wallToken')"));
        waitForTile("patients", "4", Duration.ofSeconds(5));
        assertTrue(driver.findElements(By.id("clock-mode")).isEmpty(), "a live server's wall says nothing of its clock");
        JsonObject api = get("/api/v1/wards/" + ward, ADMIN);
        Map<String, String> tiles = Map.of("patients", "patients", "news2-5", "news2AtLeast5", "news2-7", "news2High",
                "hourly-obs", "patientsOnHourlyObs", "discharges", "dischargesToday");
        for (Map.Entry<String, String> t : tiles.entrySet()) {
            assertEquals(String.valueOf(api.getValue(t.getValue())), tileValue(t.getKey()),
                    "tile " + t.getKey() + " vs API " + t.getValue());
        }
        assertEquals(api.getJsonArray("alerts").size(), driver.findElements(By.cssSelector("#alert-list li.alert")).size());
        assertTrue(driver.findElements(By.cssSelector("button.ack")).isEmpty(), "a read-only token gets no Acknowledge button");
        // a feed that has never delivered says so instead of showing a number
        String staffing = driver.findElement(By.id("tile-staffing")).getText();
        assertTrue(staffing.contains("no staffing feed"), staffing);
        // operators see connected screens in Prometheus (and the ops dashboard)
        String metrics = Sender.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).GET()).body();
        double screens = metrics.lines().filter(l -> l.startsWith("vigil_websocket_clients "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElse(-1);
        assertTrue(screens >= 1, "vigil_websocket_clients should count this open wall: " + screens);
    }

    @Test
    void eachIngestedEventAppearsOnTheOpenPageAndItsLatencyIsReported() throws IOException {
        String ward = "RVT-W21";
        admit(ward, "W21-0", "A0");
        open("/wall/ward/" + ward, EXEC_TOKEN);
        waitForTile("patients", "1", Duration.ofSeconds(5));
        List<Long> latencies = new ArrayList<>();
        for (int i = 1; i <= 15; i++) {
            long t0 = System.nanoTime();
            admit(ward, "W21-" + i, "A" + i);
            waitForTile("patients", String.valueOf(i + 1), Duration.ofSeconds(30));
            latencies.add((System.nanoTime() - t0) / 1_000_000);
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        String report = "wall push latency (POST ingest → number on the page), ms: " + latencies
                + " median " + sorted.get(sorted.size() / 2) + " max " + sorted.get(sorted.size() - 1);
        System.out.println(report);
        // reported, not asserted: a test's timing is the machine's load (speed is measured in BENCHMARKS.md)
        Files.writeString(Paths.get("target", "wall-push-latency.txt"), report + "\n");
    }

    @Test
    void anAlertAcknowledgedOnThePageIsAcknowledgedInTheApi() {
        String ward = "RVT-W12";
        admit(ward, "W12-1", "12A");
        admit(ward, "W12-2", "12B");
        highNews2(ward, "W12-1");
        open("/wall/ward/" + ward, WARD_TOKEN);
        WebElement button = new WebDriverWait(driver, Duration.ofSeconds(5)).until(d ->
                d.findElements(By.cssSelector("#alert-list li.alert button.ack")).stream().findFirst().orElse(null));
        String alertId = button.findElement(By.xpath("./..")).getAttribute("data-alert");
        assertNotNull(alertId);
        button.click();
        // the acknowledgement names a person and a role (RespondBrowserTest covers the dialog in full)
        driver.findElement(By.id("ack-initials")).sendKeys("SJ");
        driver.findElement(By.cssSelector("dialog.ack-dialog button.ack")).click();
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> {
            JsonObject a = findAlert(ward, alertId);
            return a != null && "ACKNOWLEDGED".equals(a.getString("state"));
        });
        assertEquals("SJ", findAlert(ward, alertId).getString("acknowledgedBy"));
        assertEquals("Nurse in charge", findAlert(ward, alertId).getString("acknowledgedRole"));
        // …and the wall itself shows it (pushed back), with who acknowledged
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> d.findElement(
                By.cssSelector("li[data-alert='" + alertId + "']")).getText().contains("acknowledged"));
    }

    /**
     * A push that changes no alert leaves the alert list as it is: drawn again on every push, it took the focus from
     * a ward manager tabbing to an Acknowledge button, and a tap landing during the redraw was lost.
     */
    @Test
    void aPushThatChangesNoAlertLeavesTheFocusedAcknowledgeButtonWhereItWas() {
        String ward = "RVT-W12";
        admit(ward, "W12-F1", "12F");
        highNews2(ward, "W12-F1");
        open("/wall/ward/" + ward, WARD_TOKEN);
        WebElement button = new WebDriverWait(driver, Duration.ofSeconds(5)).until(d ->
                d.findElements(By.cssSelector("#alert-list li.alert button.ack")).stream().findFirst().orElse(null));
        ((JavascriptExecutor) driver).executeScript("arguments[0].focus()", button);
        int patients = Integer.parseInt(tileValue("patients"));
        admit(ward, "W12-F2", "12G");
        waitForTile("patients", String.valueOf(patients + 1), Duration.ofSeconds(5));
        assertEquals(button, driver.switchTo().activeElement(), "the focused button is still there, still focused");
    }

    static JsonObject findAlert(String ward, String id) {
        JsonArray all = get("/api/v1/alerts?unit=" + ward + "&state=all", ADMIN).getJsonArray("alerts");
        for (int i = 0; i < all.size(); i++) {
            if (id.equals(all.getJsonObject(i).getString("id"))) {
                return all.getJsonObject(i);
            }
        }
        return null;
    }

    @Test
    void executiveWallRanksAWardWithNews2AtLeast7AboveAQuietWard() {
        admit("BFW-W7", "W7-1", "7A");
        feed.normalObs("BFW-W7", "W7-1");
        admit("BFW-W3", "W3-1", "3A");
        highNews2("BFW-W3", "W3-1");
        open("/wall/system", EXEC_TOKEN);
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d ->
                !d.findElements(By.cssSelector("li.ward-tile[data-unit='BFW-W3']")).isEmpty());
        // read in one script: the wall redraws its tiles as updates arrive, so a tile found is soon a stale one
        @SuppressWarnings("unchecked")
        List<String> order = (List<String>) ((JavascriptExecutor) driver).executeScript("return Array.from("
                + "document.querySelectorAll('#ward-grid li.ward-tile')).map(li => li.dataset.unit)");
        assertTrue(order.indexOf("BFW-W3") < order.indexOf("BFW-W7"), "ranking " + order);
        Object score = ((JavascriptExecutor) driver).executeScript(
                "return document.querySelector(\"li.ward-tile[data-unit='BFW-W3']\").dataset.score");
        assertTrue(Integer.parseInt(String.valueOf(score)) >= WardRiskScore.NEWS2_HIGH_WEIGHT);
        // drill down: the tile links to that ward's wall, which opens with the same (session-held) token
        ((JavascriptExecutor) driver).executeScript("document.querySelector(\"li.ward-tile[data-unit='BFW-W3'] a\").click()");
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d ->
                d.getCurrentUrl().endsWith("/wall/ward/BFW-W3") && d.findElement(By.id("conn-state")).getText().contains("live"));
        waitForTile("news2-7", "1", Duration.ofSeconds(5));
    }

    @Test
    void noPatientIdInThePagesNorInTheFrames() throws Exception {
        Vertx vertx = Vertx.vertx();
        List<String> frames = new CopyOnWriteArrayList<>();
        try {
            WebSocketClient client = vertx.createWebSocketClient();
            List<WebSocket> sockets = new ArrayList<>();
            for (String[] sub : new String[][]{{"ward", "RVT-W23", EXEC_TOKEN}, {"system", "", EXEC_TOKEN}}) {
                WebSocket ws = client.connect(server.port(), "127.0.0.1", "/ws/wall").toCompletionStage()
                        .toCompletableFuture().get(5, TimeUnit.SECONDS);
                ws.textMessageHandler(frames::add);
                ws.writeTextMessage(new JsonObject().put("type", "auth").put("token", sub[2]).put("view", sub[0])
                        .put("id", sub[1]).encode());
                sockets.add(ws);
            }
            admit("RVT-W23", "123", "23A");
            highNews2("RVT-W23", "123");
            admit("RVT-W23", "124", "23B");
            post(Sender.event("discharge", "RVT-W23").put("patient", SECRET + "124"));
            long until = System.currentTimeMillis() + 5000;
            while (System.currentTimeMillis() < until && frames.stream().filter(f -> f.contains("\"RVT-W23\"")).count() < 4) {
                Thread.sleep(20);
            }
            assertTrue(frames.size() >= 4, "frames: " + frames.size());
            for (String f : frames) {
                assertFalse(f.contains(SECRET), "a frame names a patient: " + f);
            }
            // an unknown token is refused and gets no data
            WebSocket bad = client.connect(server.port(), "127.0.0.1", "/ws/wall").toCompletionStage()
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
            List<String> leaked = new CopyOnWriteArrayList<>();
            bad.textMessageHandler(leaked::add);
            bad.writeTextMessage(new JsonObject().put("type", "auth").put("token", "nope").put("view", "ward")
                    .put("id", "RVT-W23").encode());
            Thread.sleep(300);
            assertTrue(bad.isClosed(), "an unknown token must be disconnected");
            assertTrue(leaked.isEmpty(), "no data for an unknown token");
            sockets.forEach(WebSocket::close);
            client.close(); // held to here: Vert.x shuts an unreferenced client, and its sockets, down
        } finally {
            vertx.close();
        }
        open("/wall/ward/RVT-W23", EXEC_TOKEN);
        waitForTile("news2-7", "1", Duration.ofSeconds(5));
        assertFalse(driver.getPageSource().contains(SECRET), "ward wall DOM names a patient");
        open("/wall/system", EXEC_TOKEN);
        assertFalse(driver.getPageSource().contains(SECRET), "executive wall DOM names a patient");
    }

    @Test
    void accessibilityScanFindsNoSeriousOrCriticalViolations() throws Exception {
        admit("RVT-W25", "W25-1", "25A");
        highNews2("RVT-W25", "W25-1");
        for (String page : new String[]{"/wall/ward/RVT-W25", "/wall/system"}) {
            open(page, EXEC_TOKEN);
            Thread.sleep(300);
            List<String> bad = BrowserSupport.seriousOrCriticalViolations(driver, page);
            assertTrue(bad.isEmpty(), page + ": " + bad);
        }
    }

    @Test
    void aScreenRefusedItsWardFillsTheScreenWithWhatIsWrongAndWhatToDo() {
        driver.get(base + "/wall/assets/wall.css");
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
        driver.get(base + "/wall/ward/RVT-W14#token=" + WARD_TOKEN); // Ward 12's link, opened on Ward 14
        WebElement box = new WebDriverWait(driver, Duration.ofSeconds(10)).until(d ->
                d.findElements(By.id("refused")).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
        String text = box.getText();
        assertTrue(text.contains("may not show ward RVT-W14"), text);
        assertTrue(text.contains("this token may not read 'RVT-W14'"), "says what is wrong: " + text);
        assertTrue(text.contains("Open this wall with the link made for it"), "says what to do: " + text);
        JavascriptExecutor js = driver;
        assertEquals(Boolean.TRUE, js.executeScript("const r = document.getElementById('refused').getBoundingClientRect();"
                + "return r.left <= 0 && r.top <= 0 && r.right >= innerWidth && r.bottom >= innerHeight;"), "covers the whole screen");
        assertEquals("hidden", js.executeScript("return getComputedStyle(document.querySelector('main')).visibility"),
                "no empty tiles behind it that look like a wall still loading");
        double px = ((Number) js.executeScript("return parseFloat(getComputedStyle(document.querySelector('.refused-what')).fontSize)")).doubleValue();
        assertTrue(px >= 48, "readable across the room: " + px + " px");
        assertTrue(driver.findElement(By.id("conn-state")).getText().contains("refused"));
    }

    /** A fill of 89.5 % is below the 90 % line: rounded to "90%" the marker used to vanish (independent check). */
    @Test
    void aFillJustBelowTheLineIsMarkedLow() {
        String ward = "RVT-W23";
        admit(ward, "W23-fill", "23B"); // the clock starts: the ward has a shift on duty
        String date = get("/api/v1/wards/" + ward, ADMIN).getJsonObject("staffing").getJsonObject("currentShift")
                .getString("date");
        for (String shift : new String[]{"DAY", "NIGHT"}) {
            post(Sender.event("staffing", ward).put("date", date).put("shift", shift).put("registeredPlanned", 4)
                    .put("registeredActual", 4).put("unregisteredPlanned", 19).put("unregisteredActual", 17));
        }
        open("/wall/ward/" + ward, EXEC_TOKEN);
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d ->
                d.findElement(By.id("tile-staffing")).getText().contains("17 (19)"));
        List<String> fills = driver.findElements(By.cssSelector("#tile-staffing .fill")).stream()
                .map(e -> e.getText().trim() + (e.getAttribute("class").contains("low") ? " low" : "")).toList();
        assertEquals(List.of("100%", "100%", "▼ 89.5% low", "▼ 89.5% low"), fills);
    }

    /**
     * A feed quiet past its window (observations: 4 h, WallFeed) shows no number but how long it has been quiet, and
     * the tile is marked stale; a feed within its window (the census, 24 h) shows its number. The hazard log's
     * HAZ-07 C1 and open item O6: only a feed that never delivered was tested in a browser.
     */
    @Test
    void aTileWhoseFeedIsQuietPastItsWindowSaysForHowLongInsteadOfANumber() {
        String ward = "BFW-W16";
        feed.highNews2(ward, "W16-quiet", Instant.now().minus(Duration.ofHours(5)));
        admit(ward, "W16-quiet", "16A");
        open("/wall/ward/" + ward, EXEC_TOKEN);
        waitForTile("patients", "1", Duration.ofSeconds(5));
        WebElement news2 = driver.findElement(By.id("tile-news2-7"));
        assertTrue(news2.getText().contains("no observations feed for 5 h"), news2.getText());
        assertTrue(news2.getAttribute("class").contains("stale"), news2.getAttribute("class"));
        assertFalse(driver.findElement(By.id("tile-patients")).getAttribute("class").contains("stale"));
        assertEquals(1, get("/api/v1/wards/" + ward, ADMIN).getInteger("news2High"),
                "the server still counts the set: only the wall says its feed has gone quiet");
    }

    /**
     * A feed within its window shows its number and how old its data is: a reliability rating given 3 h ago (its
     * window is 24 h) is "updated 3 h ago". The footer had read "updated 0 min ago" on every tile whose feed was
     * within its window, whatever its age (an independent check of the demo: medicines 4 h, staffing 8 h old).
     */
    @Test
    void aTileWithinItsWindowSaysHowOldItsDataIs() {
        String ward = "BFW-W16";
        post(Sender.event("pulse", ward, Instant.now().minus(Duration.ofHours(3))).put("rating", 4));
        open("/wall/ward/" + ward, EXEC_TOKEN);
        WebElement age = driver.findElement(By.cssSelector("#tile-reliability .tile-age"));
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> !age.getText().isEmpty());
        assertEquals("updated 3 h ago", age.getText());
        assertFalse(driver.findElement(By.id("tile-reliability")).getAttribute("class").contains("stale"));
    }

    /**
     * The night between the 22:00 and 08:00 rounds is quiet on the medicines feed: at 06:30 its last record is 7.5 h
     * old, and the tile still shows its figure (the window is 11 h); at 6 h every ward read "no medicines feed" each
     * early morning (an independent check of the demo).
     */
    @Test
    void aMedicinesFeedQuietThroughTheNightStillShowsItsFigures() {
        String ward = "BFW-W16";
        Instant round = Instant.now().minus(Duration.ofMinutes(450));
        post(Sender.event("doseScheduled", ward, round).put("doseId", ward + "-night-1").put("patient", "W16-night")
                .put("medicine", "Paracetamol 1 g").put("critical", false).put("dueAt", round.toString()));
        post(Sender.event("doseOutcome", ward, round).put("doseId", ward + "-night-1").put("patient", "W16-night")
                .put("outcome", "GIVEN"));
        open("/wall/ward/" + ward, EXEC_TOKEN);
        WebElement doses = driver.findElement(By.id("tile-doses"));
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> !doses.getText().isEmpty());
        assertFalse(doses.getText().contains("no medicines feed"), doses.getText());
        assertFalse(doses.getAttribute("class").contains("stale"), doses.getAttribute("class"));
    }

    /**
     * A time-critical dose (Parkinson's) omitted because the patient is nil by mouth shows on the critical-doses
     * tile's line (hazard log HAZ-17 C3: counted by the engine, and the tile must say it), beside the API's count.
     */
    @Test
    void aTimeCriticalDoseOmittedNilByMouthIsOnTheCriticalDosesTile() throws InterruptedException {
        String ward = "BFW-AMU";
        Instant due = dueTodayAtMostTenMinutesAgo();
        admit(ward, "AMU-nbm", "A1");
        post(Sender.event("doseScheduled", ward, due.minus(Duration.ofHours(1))).put("doseId", "AMU-nbm-1")
                .put("patient", SECRET + "AMU-nbm").put("medicine", "Co-careldopa").put("medicineClass", "PARKINSONS")
                .put("critical", true).put("dueAt", due.toString()));
        post(Sender.event("doseOutcome", ward).put("doseId", "AMU-nbm-1").put("patient", SECRET + "AMU-nbm")
                .put("outcome", "OMITTED").put("reason", "NIL_BY_MOUTH"));
        JsonObject api = get("/api/v1/wards/" + ward, ADMIN);
        assertEquals(1, api.getInteger("timeCriticalNilByMouthOmissionsToday"), api::encode);
        open("/wall/ward/" + ward, EXEC_TOKEN);
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d ->
                d.findElement(By.id("tile-critical-doses")).getText().contains("1 omitted nil by mouth"));
        assertEquals(String.valueOf(api.getInteger("missedCriticalDosesToday")), tileValue("critical-doses"));
    }

    /**
     * Ten minutes ago, or the ward's last midnight if that was later, so the dose counts in "today" as the API reads
     * it: in the first ten minutes of a day a dose due ten minutes ago was yesterday's, and the NIL_BY_MOUTH test
     * failed (reproduced under faketime at 00:03, 2027-01-01). Within ten seconds of the next midnight it waits for
     * the day to turn, so the day read after posting is the day the dose was due on.
     */
    private static Instant dueTodayAtMostTenMinutesAgo() throws InterruptedException {
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, BrowserSupport.ORGANISATION_ZONE);
        Duration left = Duration.between(now, today.plusDays(1).atStartOfDay(BrowserSupport.ORGANISATION_ZONE).toInstant());
        if (left.compareTo(Duration.ofSeconds(10)) < 0) {
            Thread.sleep(left.toMillis() + 1);
            return dueTodayAtMostTenMinutesAgo();
        }
        Instant midnight = today.atStartOfDay(BrowserSupport.ORGANISATION_ZONE).toInstant();
        Instant tenMinutesAgo = now.minus(Duration.ofMinutes(10));
        return tenMinutesAgo.isBefore(midnight) ? midnight : tenMinutesAgo;
    }

    @Test
    void everyPageHasItsIcon() {
        for (String page : new String[]{"/wall/ward/RVT-W12", "/wall/trust/RVT", "/wall/system", "/wall/carehomes",
                "/carehome/CH-BAYV", "/respond"}) {
            String html = Sender.send(HttpRequest.newBuilder(URI.create(base + page)).GET()).body();
            assertTrue(html.contains("<link rel=\"icon\" href=\"/common/favicon.svg\" type=\"image/svg+xml\">"), page);
        }
        HttpResponse<String> icon = Sender.send(HttpRequest.newBuilder(URI.create(base + "/common/favicon.svg")).GET());
        assertEquals(200, icon.statusCode());
        assertEquals("image/svg+xml", icon.headers().firstValue("Content-Type").orElse(""));
        assertTrue(icon.body().startsWith("<svg"), icon.body());
    }

    /** Last: the server goes away and comes back (journal replay); the open page reconnects and resynchronises. */
    @Test
    @Order(Integer.MAX_VALUE)
    void thePageGoesStaleWhenTheServerGoesAndResynchronisesWhenItReturns() throws IOException {
        String ward = "BFW-W10";
        admit(ward, "W10-1", "10A");
        open("/wall/ward/" + ward, EXEC_TOKEN);
        waitForTile("patients", "1", Duration.ofSeconds(5));
        int port = server.port();
        server.close();
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d ->
                d.findElement(By.id("conn-state")).getText().contains("STALE"));
        server = VigilServer.start(new ServerConfig("127.0.0.1", port, data, null, Engine.ClockMode.WALL, 30, 10000,
                8 * 1024 * 1024, 65536), Clock.systemUTC(), ADMIN);
        // while it replays, screens that reconnect are turned away (engine unavailable) and retry with backoff
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> server.engine().ready());
        admit(ward, "W10-2", "10B"); // a change made while the page was away
        long t0 = System.nanoTime();
        waitForTile("patients", "2", Duration.ofSeconds(40));
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d ->
                d.findElement(By.id("conn-state")).getText().contains("live"));
        System.out.println("wall resynchronised " + (System.nanoTime() - t0) / 1_000_000 + " ms after the restart");
    }

}
