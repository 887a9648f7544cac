package dev.veto.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import dev.veto.server.Platform;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * scripts/test installs) at 1280×800, signed in through the console's one-time links. Every page
 * it is asked to {@link #check} is screenshot under {@code target/console-screenshots/} and
 * checked with axe: no serious or critical violation.
 */
final class Browser implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    final WebDriver driver;
    final String base;

    Browser(int port) {
        this.base = "http://127.0.0.1:" + port;
        ChromeOptions o = new ChromeOptions();
        o.setBinary(executable("chromium", "/usr/bin/chromium"));
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,800");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(executable("chromedriver", "/usr/bin/chromedriver"))).usingAnyFreePort().build();
        ChromeDriver chrome = new ChromeDriver(service, o);
        // the page's viewport itself 1280×800, whatever the window's frame takes
        chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of("width", 1280, "height", 800,
                "deviceScaleFactor", 1, "mobile", false));
        driver = chrome;
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    private static String executable(String name, String fallback) {
        String env = System.getenv("VETO_" + name.toUpperCase(java.util.Locale.ROOT));
        return env != null && !env.isBlank() ? env : fallback;
    }

    /** Signs out whoever is signed in, then signs in the holder of {@code name}'s token through a one-time link. */
    void signIn(Platform p, String name) {
        driver.manage().deleteAllCookies();
        go(p.server.signInLink(p.t(name)));
        assertThat(text()).contains("This link signs you in as " + (name.equals("mx-legal") || name.equals("oc-legal") ? name : name));
        submit("main form button[type=submit]");
        assertThat(text()).contains("Signed in as " + name);
    }

    void go(String path) {
        driver.get(base + path);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    void type(String css, String value) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(value);
    }

    /** Clicks the submit button (or link) {@code css} and waits for the next page to replace this one. */
    void submit(String css) {
        // a mark on this page's window: gone once the next page has replaced it
        org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) driver;
        js.executeScript("window.vetoOldPage = true");
        find(css).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).withMessage("a new page after clicking " + css)
                .ignoring(org.openqa.selenium.WebDriverException.class)
                .until(d -> Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) d)
                        .executeScript("return window.vetoOldPage !== true && document.readyState === 'complete'")));
    }

    void waitFor(java.util.function.Function<WebDriver, Boolean> condition, String what) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(org.openqa.selenium.NoSuchElementException.class).until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("waited 10 s for " + what + " at " + driver.getCurrentUrl() + "; the page shows:\n" + text(), e);
        }
    }

    /**
     * Screenshots the page as {@code name}.png and runs axe over it: no serious or critical
     * violation (each one found is listed in the failure).
     */
    void check(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // and the whole page, for reading the rest of it
        Object full = ((ChromeDriver) driver).executeCdpCommand("Page.captureScreenshot", java.util.Map.of("captureBeyondViewport", true,
                "format", "png")).get("data");
        Files.write(SCREENSHOTS.resolve(name + "-full.png"), java.util.Base64.getDecoder().decode(String.valueOf(full)));
        Results r = new AxeBuilder().analyze(driver);
        List<String> bad = r.getViolations().stream().filter(v -> Set.of("serious", "critical").contains(v.getImpact()))
                .map(Browser::describe).toList();
        assertThat(bad).as("axe on " + name + " (" + driver.getCurrentUrl() + ")").isEmpty();
    }

    private static String describe(Rule v) {
        return v.getImpact() + " " + v.getId() + ": " + v.getHelp() + " at " + v.getNodes().stream().map(n -> String.valueOf(n.getTarget())).toList();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
