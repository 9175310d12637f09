package org.pbxauth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium driven by Selenium through Debian's chromedriver. Both paths are
 * given, so Selenium Manager never looks for (or downloads) a driver or a browser.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** Skips the calling browser test where Debian's driver is missing (CI installs it). */
    static void assumeInstalled() {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(CHROMEDRIVER), "skipped: "
                + "chromedriver is absent; `apt-get install -y chromium chromium-driver` (CI does) runs this browser test");
    }
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private final WebDriver driver;
    /** Ends chromedriver and its browser even when the test JVM dies mid-test (an Error, a killed fork). */
    private final Thread reaper;

    private Browser(WebDriver driver, Thread reaper) {
        this.driver = driver;
        this.reaper = reaper;
    }

    /** Starts chromedriver and one Chromium session with its profile in {@code profile}. */
    static Browser start(Path profile) throws IOException {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .withLogFile(profile.resolve("chromedriver.log").toFile())
                .build();
        Set<Long> before = childPids();
        service.start();
        Thread reaper = reaper(before);
        Runtime.getRuntime().addShutdownHook(reaper);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1100,900",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile.toAbsolutePath());
        options.setPageLoadStrategy(PageLoadStrategy.NORMAL);
        // Wait up to 10 s for an element to appear after each navigation.
        options.setImplicitWaitTimeout(Duration.ofSeconds(10));
        options.setPageLoadTimeout(Duration.ofSeconds(30));
        try {
            return new Browser(new ChromeDriver(service, options), reaper);
        } catch (RuntimeException e) {
            service.stop();
            removeHook(reaper);
            throw e;
        }
    }

    void navigate(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** The elements {@code css} selects now, without waiting for one to appear (to show that none is there). */
    List<WebElement> findNow(String css) {
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        try {
            return driver.findElements(By.cssSelector(css));
        } finally {
            driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(10));
        }
    }

    /**
     * Runs {@code script} in the page, as a person with the browser's developer tools would: it
     * comes through WebDriver, not from the page, so the page's CSP (no script at all) does not stop it.
     */
    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** The text of the element {@code css} selects. */
    String text(String css) {
        return find(css).getText();
    }

    String url() {
        return driver.getCurrentUrl();
    }

    /** Polls the current URL until it starts with {@code prefix}; the last URL seen otherwise fails the test. */
    String waitForUrl(String prefix, Duration timeout) {
        try {
            return new WebDriverWait(driver, timeout, Duration.ofMillis(100))
                    .until(d -> Optional.ofNullable(d.getCurrentUrl()).filter(u -> u.startsWith(prefix)).orElse(null));
        } catch (TimeoutException e) {
            throw new AssertionError("the browser did not reach " + prefix + "; it is at " + url());
        }
    }

    /** Waits until the element at {@code css} shows {@code text} among its text (the page after a form's answer has loaded). */
    String waitForText(String css, String text, Duration timeout) {
        try {
            return new WebDriverWait(driver, timeout, Duration.ofMillis(100))
                    // While the form's answer replaces the page, Chromium may report the old node as stale,
                    // missing, or (CI saw it) "Node with given id does not belong to the document": all mean
                    // "not yet", so any WebDriverException is polled again until the timeout.
                    .ignoring(WebDriverException.class)
                    .until(d -> Optional.ofNullable(d.findElement(org.openqa.selenium.By.cssSelector(css)).getText())
                            .filter(t -> t.contains(text)).orElse(null));
        } catch (TimeoutException e) {
            throw new AssertionError(css + " did not show '" + text + "' at " + url());
        }
    }

    /** Waits until no element matches {@code css} (a form's answer has loaded a page without it). */
    void waitForGone(String css, Duration timeout) {
        try {
            new WebDriverWait(driver, timeout, Duration.ofMillis(100))
                    .until(d -> {
                        d.manage().timeouts().implicitlyWait(Duration.ZERO);
                        try {
                            return d.findElements(org.openqa.selenium.By.cssSelector(css)).isEmpty();
                        } finally {
                            d.manage().timeouts().implicitlyWait(Duration.ofSeconds(10));
                        }
                    });
        } catch (TimeoutException e) {
            throw new AssertionError(css + " is still on the page at " + url());
        }
    }

    /** The page as the browser draws it, as a PNG in {@code file} (for a person to look at). */
    void screenshot(Path file) throws IOException {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(file.getParent());
        Files.write(file, png);
    }

    /** Ends the session, Chromium and chromedriver. */
    @Override
    public void close() {
        try {
            driver.quit();
        } catch (WebDriverException e) {
            // the processes are ended below either way
        } finally {
            reaper.run();
            removeHook(reaper);
        }
    }

    private static Set<Long> childPids() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /** Kills, forcibly, the chromedriver this JVM started since {@code before}, and everything under it. */
    private static Thread reaper(Set<Long> before) throws IOException {
        Path real = CHROMEDRIVER.toRealPath();
        Set<ProcessHandle> chromedriver = ProcessHandle.current().children()
                .filter(p -> !before.contains(p.pid()))
                .filter(p -> p.info().command().map(c -> Path.of(c).equals(real)).orElse(false))
                .collect(Collectors.toSet());
        return new Thread(() -> chromedriver.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }), "chromedriver-reaper");
    }

    private static void removeHook(Thread reaper) {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException jvmExiting) {
            // the hook runs anyway
        }
    }
}
