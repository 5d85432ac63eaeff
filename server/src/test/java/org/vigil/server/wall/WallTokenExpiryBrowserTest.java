package org.vigil.server.wall;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.vigil.server.EdgeServer;
import org.vigil.organisation.tokens.Tokens;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A ward wall in a real browser over HTTPS (the development certificate, as {@code ./vigil demo} serves it; the
 * page derives wss:// from the page's scheme): live, then its token reaches notAfter and the whole screen says
 * "Token expired" instead of going blank or showing data the token no longer grants; axe finds nothing serious.
 * The responder page (same socket, its own stylesheet) does the same, and the care-home tablet (no socket: the
 * API's 401) says "Token expired" and keeps what the carer submitted.
 */
class WallTokenExpiryBrowserTest {
    static final Instant NOW = Instant.now();
    static final Instant NOT_AFTER = NOW.plusSeconds(3600);
    static final Instant RESPONDER_NOT_AFTER = NOW.plusSeconds(7200);
    static final Instant TABLET_NOT_AFTER = NOW.plusSeconds(10800);

    @TempDir
    static Path dir;
    static EdgeServer edge;
    static ChromeDriver driver;

    @BeforeAll
    static void start() throws Exception {
        String grant = "  - { name: \"expiring ward wall\", sha256: " + Tokens.sha256("expiring-wall")
                + ", notAfter: \"" + NOT_AFTER + "\", scopes: [ \"read:ward:RVT-W12\" ] }\n"
                + "  - { name: \"expiring outreach phone\", sha256: " + Tokens.sha256("expiring-outreach")
                + ", notAfter: \"" + RESPONDER_NOT_AFTER + "\", scopes: [ \"respond:role:outreach:RVT\" ] }\n"
                + "  - { name: \"expiring tablet\", sha256: " + Tokens.sha256("expiring-tablet")
                + ", notAfter: \"" + TABLET_NOT_AFTER + "\", scopes: [ \"ingest:home:CH-BAYV\", \"read:home:CH-BAYV\" ] }\n";
        edge = EdgeServer.start(dir, NOW, grant, true, List.of());
        // self-signed development certificate: the browser is told to accept it, as a demo user would click through
        driver = BrowserSupport.chromium(1920, 1080, "--ignore-certificate-errors");
    }

    @AfterAll
    static void stop() {
        BrowserSupport.close(driver, edge);
    }

    /** Each test starts with its token valid (they share the server and its clock). */
    @BeforeEach
    void beforeEveryExpiry() {
        edge.clock.set(NOW);
    }

    /** Opens the page over HTTPS, live, then moves the clock to {@code notAfter}: the cover must come up. */
    static WebElement liveUntilExpired(String page, Instant notAfter) {
        driver.get("https://localhost:" + edge.httpsPort() + page);
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> d.findElement(By.id("conn-state")).getText().contains("live"));
        assertTrue(driver.findElements(By.id("token-expired")).isEmpty());
        edge.clock.set(notAfter);
        return new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> d.findElements(By.id("token-expired")).stream()
                .findFirst().orElse(null));
    }

    @Test
    void aWallWhoseTokenExpiresSaysSoFullScreen() throws Exception {
        String cover = liveUntilExpired("/wall/ward/RVT-W12#token=expiring-wall", NOT_AFTER).getText();
        assertEquals("wss:", ((JavascriptExecutor) driver).executeScript("return location.protocol === 'https:' ? 'wss:' : 'ws:'"));
        assertTrue(cover.contains("Token expired"), cover);
        assertFalse(driver.findElement(By.id("tiles")).isDisplayed(), "no ward data stays visible");
        assertTrue(driver.findElement(By.id("conn-state")).getText().contains("token expired"));
        List<String> bad = BrowserSupport.seriousOrCriticalViolations(driver, "ward wall, token expired");
        assertTrue(bad.isEmpty(), String.join("\n", bad));
        BrowserSupport.assertLegibleAtWallSizes(driver, "ward wall, token expired");
        BrowserSupport.save(driver, "wall-token-expired.png");
    }

    @Test
    void aResponderPageWhoseTokenExpiresSaysSoFullScreen() throws Exception {
        WebElement cover = liveUntilExpired("/respond#token=expiring-outreach&role=outreach", RESPONDER_NOT_AFTER);
        assertTrue(cover.getText().contains("Token expired"), cover.getText());
        List<?> viewport = (List<?>) ((JavascriptExecutor) driver).executeScript(
                "return [document.documentElement.clientWidth, document.documentElement.clientHeight]");
        assertTrue(cover.getRect().getWidth() >= ((Number) viewport.get(0)).intValue()
                && cover.getRect().getHeight() >= ((Number) viewport.get(1)).intValue(),
                "the message covers the screen: " + cover.getSize() + " in " + viewport);
        assertFalse(driver.findElement(By.id("alerts")).isDisplayed(), "no alert stays visible");
        assertTrue(driver.findElement(By.id("conn-state")).getText().contains("token expired"));
        List<String> bad = BrowserSupport.seriousOrCriticalViolations(driver, "responder page, token expired");
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    @Test
    void aTabletWhoseTokenExpiresSaysSoAndKeepsWhatWasSubmitted() {
        driver.get("https://localhost:" + edge.httpsPort() + "/carehome/CH-BAYV#token=expiring-tablet");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        wait.until(d -> d.findElement(By.id("status")).getText().contains("Connected"));
        ((JavascriptExecutor) driver).executeScript("localStorage.clear()");
        driver.findElement(By.cssSelector(".add-resident summary")).click();
        driver.findElement(By.id("add-room")).sendKeys("7");
        driver.findElement(By.id("add-label")).sendKeys("Mrs E");
        driver.findElement(By.cssSelector("#add-form button")).click();
        wait.until(d -> d.findElement(By.id("obs-form")).isDisplayed());

        edge.clock.set(TABLET_NOT_AFTER);
        driver.findElement(By.cssSelector("label[for='mode-mini']")).click();
        driver.findElement(By.cssSelector("label[for='sign-NOT_EATING_OR_DRINKING']")).click();
        WebElement submit = driver.findElement(By.id("submit"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", submit);
        submit.click();
        wait.until(d -> d.findElement(By.id("status")).getText().contains("Token expired"));
        String status = driver.findElement(By.id("status")).getText();
        assertTrue(status.contains("submissions are kept on the tablet"), status);
        assertEquals("1", driver.findElement(By.id("status")).getAttribute("data-pending"), "the submission is kept");
    }
}
