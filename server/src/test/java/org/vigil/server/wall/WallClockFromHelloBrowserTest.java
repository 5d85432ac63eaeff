package org.vigil.server.wall;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.vigil.server.TestServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A wall dates what it shows (feed ages, alert ages, "as of") by the server's clock from its first message, not
 * only from the first heartbeat up to ten seconds later: until then it used the screen's own clock, so a screen set
 * wrong showed wrong ages, and a test whose server runs on a fixed clock (TestServer.CLOCK, 2026-03-10 12:00Z) saw
 * pages dated by today's real date and hour. The server's clock here is that fixed one, far from the browser's.
 */
class WallClockFromHelloBrowserTest {
    @TempDir
    static Path data;
    static TestServer server;
    static ChromeDriver driver;

    @BeforeAll
    static void start() {
        server = TestServer.startOnEventTime(data);
        driver = BrowserSupport.chromium(1280, 800);
    }

    @AfterAll
    static void stop() {
        BrowserSupport.close(driver, server);
    }

    @Test
    void everyMessageIsDatedByTheServersClockFromTheFirst() {
        // Records, after the page has handled each socket message, what kind it was and the page's clock then.
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                window.clockSeen = [];
                window.WebSocket = class extends window.WebSocket {
                  set onmessage(handle) {
                    super.onmessage = ev => {
                      handle.call(this, ev);
                      window.clockSeen.push({type: JSON.parse(ev.data).type, now: Vigil.now()});
                    };
                  }
                };"""));
        BrowserSupport.openWall(driver, "http://127.0.0.1:" + server.port(), "/wall/ward/RVT-W12", TestServer.WARD_W12);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> seen = new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> {
            List<Map<String, Object>> s = (List<Map<String, Object>>) driver.executeScript("return window.clockSeen");
            return s.stream().anyMatch(m -> "ward".equals(m.get("type"))) ? s : null;
        });
        assertEquals("hello", seen.get(0).get("type"), seen.toString());
        long serverNow = TestServer.NOW.toEpochMilli();
        for (Map<String, Object> m : seen) {
            long pageNow = ((Number) m.get("now")).longValue();
            // the fixed clock, plus however long the page has run since it heard it
            assertTrue(pageNow >= serverNow && pageNow < serverNow + Duration.ofMinutes(10).toMillis(),
                    "a " + m.get("type") + " handled at " + java.time.Instant.ofEpochMilli(pageNow) + ": " + seen);
        }
    }
}
