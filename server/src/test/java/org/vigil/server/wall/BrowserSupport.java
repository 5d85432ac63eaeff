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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What the browser tests share: Debian's headless chromium, axe-core from npm, screenshots into docs/. */
final class BrowserSupport {
    private BrowserSupport() {
    }

    /** Headless chromium at {@code width}×{@code height}; fails (never skips) when chromium is not installed. */
    static ChromeDriver chromium(int width, int height) {
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
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
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
        return VigilServer.start(new ServerConfig("127.0.0.1", 0, data, null, clock, 30, 10000, 8 * 1024 * 1024, 65536),
                Clock.systemUTC(), bootstrap);
    }

    /** Quits the browser and stops the server, whichever of them started. */
    static void close(WebDriver driver, VigilServer server) {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Opens a wall with its token in the fragment (no other page's token lingering) and waits until it is live. */
    static void openWall(WebDriver driver, String base, String path, String token) {
        driver.get(base + "/wall/assets/wall.css");
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
        driver.get(base + path + "#token=" + token);
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d ->
                d.findElement(By.id("conn-state")).getText().contains("live"));
    }

    /** Emulates a screen of this size and lets the page re-lay out and re-render. */
    static void viewport(ChromeDriver driver, int width, int height) throws InterruptedException {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        Thread.sleep(400);
    }

    /** A screenshot of the open page into the repository's docs/ folder. */
    static void save(WebDriver driver, String name) throws IOException {
        Path docs = Paths.get("..", "docs");
        Files.createDirectories(docs);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), docs.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
