package org.vigil.server.wall;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.vigil.server.ServerConfig;
import org.vigil.server.VigilServer;
import org.vigil.server.engine.Engine;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the browser tests share: Debian's headless chromium, axe-core from npm, screenshots (see {@link #save}).
 * Public for the cluster module's failover test, which watches a wall through a node's death.
 */
public final class BrowserSupport {
    private BrowserSupport() {
    }

    /**
     * Headless chromium at {@code width}×{@code height}, with any extra switches; fails (never skips) when chromium
     * is not installed.
     */
    public static ChromeDriver chromium(int width, int height, String... extraArguments) {
        File chromium = new File("/usr/bin/chromium");
        File chromedriver = new File("/usr/bin/chromedriver");
        if (!chromium.canExecute() || !chromedriver.canExecute()) {
            fail("the browser tests need Debian's chromium and chromedriver: apt-get install -y chromium chromium-driver "
                    + "(./vigil test installs them)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--window-size=" + width + "," + height);
        options.addArguments(extraArguments);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** The organisation's zone in the demo organisation file: the zone every page must show its times in. */
    static final ZoneId ORGANISATION_ZONE = ZoneId.of("Europe/London");

    /**
     * Sets the browser's own zone to New York's, four or five hours from the organisation's, as a kiosk or a phone
     * set up elsewhere would be: what a page shows must not change.
     */
    static void inAnotherZone(ChromeDriver driver) {
        driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", "America/New_York"));
    }

    /** A time of day as the pages must show it: {@code pattern} ("HH:mm") in the organisation's zone. */
    static String organisationTime(Instant t, String pattern) {
        return DateTimeFormatter.ofPattern(pattern).format(t.atZone(ORGANISATION_ZONE));
    }

    /** axe-core from the npm registry into target/axe (once); the test fails, never skips, if it cannot. */
    static Path axeCore() throws IOException, InterruptedException {
        Path file = Paths.get("target", "axe", "node_modules", "axe-core", "axe.min.js");
        if (!Files.exists(file)) {
            // Never inheritIO: the forked test JVM's stdin/stdout are Surefire's channel, and npm would corrupt it.
            Path log = Paths.get("target", "axe-npm.log");
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder("npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix",
                    Paths.get("target", "axe").toString(), "axe-core@4")
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            assertTrue(p.waitFor(180, TimeUnit.SECONDS) && p.exitValue() == 0,
                    "npm install axe-core@4 failed; see " + log.toAbsolutePath());
        }
        assertTrue(Files.exists(file), "axe-core missing at " + file.toAbsolutePath());
        return file;
    }

    /** Runs axe on the open page; every violation is printed, and the serious or critical ones are returned. */
    static List<String> seriousOrCriticalViolations(WebDriver driver, String page) throws Exception {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript(Files.readString(axeCore(), StandardCharsets.UTF_8));
        Object result = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations)))"
                + ".catch(e => done('ERROR ' + e));");
        String json = String.valueOf(result);
        assertFalse(json.startsWith("ERROR"), json);
        JsonArray violations = new JsonArray(json);
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < violations.size(); i++) {
            JsonObject v = violations.getJsonObject(i);
            String line = v.getString("impact") + " " + v.getString("id") + ": " + v.getString("help")
                    + " (" + v.getJsonArray("nodes").size() + " nodes)";
            System.out.println("axe " + page + ": " + line);
            if ("serious".equals(v.getString("impact")) || "critical".equals(v.getString("impact"))) {
                bad.add(line + " e.g. " + v.getJsonArray("nodes").getJsonObject(0).getValue("html"));
            }
        }
        return bad;
    }

    /** The real server for a browser test, on a free loopback port, with the operator token {@code bootstrap}. */
    static VigilServer server(Path data, Engine.ClockMode clock, String bootstrap) throws IOException {
        return server(data, null, clock, bootstrap);
    }

    /** As {@link #server(Path, Engine.ClockMode, String)}, with this organisation file (null: the bundled demo). */
    static VigilServer server(Path data, Path orgFile, Engine.ClockMode clock, String bootstrap) throws IOException {
        return VigilServer.start(new ServerConfig("127.0.0.1", 0, data, orgFile, clock, 30, 10000, 8 * 1024 * 1024,
                65536), Clock.systemUTC(), bootstrap);
    }

    /**
     * Quits the browser and stops the server (a {@link VigilServer}, or a test's wrapper of one), whichever of them
     * started.
     */
    static void close(WebDriver driver, AutoCloseable server) {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            try {
                server.close();
            } catch (Exception e) {
                throw new IllegalStateException("the server did not close", e);
            }
        }
    }

    /** Opens a wall with its token in the fragment (no other page's token lingering) and waits until it is live. */
    public static void openWall(WebDriver driver, String base, String path, String token) {
        driver.get(base + "/wall/assets/wall.css");
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
        driver.get(base + path + "#token=" + token);
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d ->
                d.findElement(By.id("conn-state")).getText().contains("live"));
    }

    /**
     * A wall tile's figure as the page shows it, or null while there is no such tile; read in one script, since the
     * page re-renders tiles on every push and element handles go stale.
     */
    public static String tileValue(WebDriver driver, String tile) {
        Object v = ((JavascriptExecutor) driver).executeScript(
                "const e = document.querySelector('#tile-' + arguments[0] + ' .value'); return e ? e.textContent : null;", tile);
        return v == null ? null : v.toString();
    }

    /** Emulates a screen of this size and lets the page re-lay out and re-render. */
    static void viewport(ChromeDriver driver, int width, int height) throws InterruptedException {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        Thread.sleep(400);
    }

    /** The screens every wall is checked at: 1080p, the common 768p panel, and 1440p. */
    static final int[][] WALL_SIZES = {{1920, 1080}, {1366, 768}, {2560, 1440}};

    /** At every wall size, nothing a room could not read or would see cut; then 1920×1080 again. */
    static void assertLegibleAtWallSizes(ChromeDriver driver, String what) throws InterruptedException {
        try {
            for (int[] size : WALL_SIZES) {
                viewport(driver, size[0], size[1]);
                assertEquals("", legibilityProblems(driver), what + " at " + size[0] + "×" + size[1]);
            }
        } finally {
            viewport(driver, WALL_SIZES[0][0], WALL_SIZES[0][1]);
        }
    }

    /**
     * What a room could not read or would see cut (docs/walls.md, "Readable across a room"): any text under 24 px at 1080p (scaled to the screen; 20 px in
     * a .note), a figure under 48 px, the page scrolling, an element whose content overflows its box (the text
     * clipped or spilling over a title), or an element lying over a sibling.
     */
    static String legibilityProblems(JavascriptExecutor js) {
        return String.valueOf(js.executeScript("""
                const scale = Math.min(innerWidth / 1920, innerHeight / 1080);
                const out = [];
                const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                  + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
                  + ' "' + (e.textContent || '').trim().slice(0, 30) + '"';
                const shown = e => {
                  if (e.closest('[hidden], .visually-hidden')) return false;
                  const cs = getComputedStyle(e);
                  const r = e.getBoundingClientRect();
                  return cs.display !== 'none' && cs.visibility !== 'hidden' && r.width > 0 && r.height > 0;
                };
                const d = document.documentElement;
                if (d.scrollHeight > innerHeight + 1 || d.scrollWidth > innerWidth + 1) out.push('the page scrolls');
                const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                for (let n; (n = walker.nextNode());) {
                  const e = n.parentElement;
                  if (!n.textContent.trim() || !shown(e)) continue;
                  const px = parseFloat(getComputedStyle(e).fontSize);
                  const min = (e.closest('.note') ? 20 : 24) * scale;
                  if (px < min - 0.5) out.push('small text ' + name(e) + ' ' + px.toFixed(1) + ' px < ' + min.toFixed(1));
                }
                for (const e of document.querySelectorAll('.tile .value, .ward-tile .score .n')) {
                  const px = parseFloat(getComputedStyle(e).fontSize);
                  if (shown(e) && px < 48 * scale - 0.5) out.push('small figure ' + name(e) + ' ' + px.toFixed(1) + ' px');
                }
                for (const e of document.body.querySelectorAll('*')) {
                  if (!shown(e) || ['SCRIPT', 'STYLE', 'OPTION'].includes(e.tagName)) continue;
                  if (e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1) {
                    out.push('overflows sideways ' + name(e) + ' ' + e.scrollWidth + ' > ' + e.clientWidth);
                  }
                  if (e.clientHeight > 0 && e.scrollHeight > e.clientHeight + 1) {
                    out.push('overflows downwards ' + name(e) + ' ' + e.scrollHeight + ' > ' + e.clientHeight);
                  }
                  // boxes side by side (a line of text may wrap an inline element across others: not an overlap)
                  const kids = [...e.children].filter(k => shown(k) && getComputedStyle(k).display !== 'inline'
                    && !['absolute', 'fixed'].includes(getComputedStyle(k).position));
                  for (let i = 0; i < kids.length; i++) {
                    const a = kids[i].getBoundingClientRect();
                    for (let j = i + 1; j < kids.length; j++) {
                      const b = kids[j].getBoundingClientRect();
                      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
                      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
                      if (w > 1 && h > 1) out.push('overlap ' + name(kids[i]) + ' / ' + name(kids[j]));
                    }
                  }
                }
                return out.slice(0, 25).join('\\n');
                """));
    }

    /**
     * The characters of the page's visible text that no font the browser has can draw (each shown as an empty box,
     * as ⏸ was): a character drawn in its element's font exactly as a private-use character (which no font has) is
     * drawn is the missing-glyph box. ASCII is skipped: every font has it.
     */
    static String glyphsWithoutFont(JavascriptExecutor js) {
        return String.valueOf(js.executeScript("""
                const c = document.createElement('canvas');
                c.width = 48; c.height = 48;
                const g = c.getContext('2d', {willReadFrequently: true});
                const draw = (font, ch) => {
                  g.clearRect(0, 0, 48, 48); g.font = font; g.textBaseline = 'top'; g.fillText(ch, 4, 4);
                  return g.getImageData(0, 0, 48, 48).data.join();
                };
                const box = {};
                const missing = new Set();
                const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                for (let n; (n = walker.nextNode());) {
                  const e = n.parentElement;
                  if (e.closest('[hidden], script, style')) continue;
                  const cs = getComputedStyle(e);
                  const font = cs.fontWeight + ' 32px ' + cs.fontFamily;
                  if (!(font in box)) box[font] = draw(font, '\uE000');
                  for (const ch of n.textContent) {
                    if (ch.codePointAt(0) > 0x7f && !/\s/.test(ch) && draw(font, ch) === box[font]) missing.add(ch);
                  }
                }
                return [...missing].map(ch => ch + ' (U+' + ch.codePointAt(0).toString(16).toUpperCase() + ')').join(', ');
                """));
    }

    /**
     * A screenshot of the open page into {@code target/screenshots}, or into the repository's docs/ folder when
     * {@code VIGIL_SCREENSHOTS=docs} ({@code ./vigil screenshots}): an ordinary test run leaves the README's
     * pictures alone, so a clean checkout stays clean.
     */
    static void save(WebDriver driver, String name) throws IOException {
        Path docs = "docs".equals(System.getenv("VIGIL_SCREENSHOTS")) ? Paths.get("..", "docs")
                : Paths.get("target", "screenshots");
        Files.createDirectories(docs);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), docs.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
