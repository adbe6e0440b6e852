package org.tenantnat.standalone.gui;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, both named by path so that Selenium never
 * looks for (or downloads) a browser or driver of its own. A fresh profile directory per browser; the browser
 * console is recorded so tests can require it to stay free of errors.
 */
final class Chromium implements AutoCloseable {

    static final String BROWSER = "/usr/bin/chromium";
    static final String DRIVER = "/usr/bin/chromedriver";

    private final Path profile;
    private final ChromeDriver driver;

    /**
     * Starts the browser with a window of the given size.
     *
     * @param workDir where its profile and the driver's log go
     * @param width   window width in CSS pixels
     * @param height  window height in CSS pixels
     */
    Chromium(Path workDir, int width, int height) {
        this(workDir, width, height, Optional.empty());
    }

    /**
     * Starts the browser with a window of the given size in a time zone of its own.
     *
     * @param workDir  where its profile and the driver's log go
     * @param width    window width in CSS pixels
     * @param height   window height in CSS pixels
     * @param timeZone the browser's time zone (an IANA name such as Asia/Kolkata), or empty for the machine's
     */
    Chromium(Path workDir, int width, int height, Optional<String> timeZone) {
        try {
            profile = Files.createTempDirectory(workDir, "chromium-profile-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(BROWSER);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                                 "--disable-sync", "--user-data-dir=" + profile,
                                 "--window-size=" + width + "," + height, "--lang=en-US");
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(DRIVER))
                    .usingAnyFreePort()
                    .withLogFile(workDir.resolve("chromedriver.log").toFile())
                    .withEnvironment(timeZone.map(z -> Map.of("TZ", z)).orElse(Map.of()))
                    .build();
            driver = new ChromeDriver(service, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Tells what this machine lacks to run the browser, if anything.
     *
     * @return the missing program, or empty
     */
    static Optional<String> missing() {
        if (!Files.isExecutable(Paths.get(BROWSER))) {
            return Optional.of(BROWSER + " (Debian package chromium)");
        }
        if (!Files.isExecutable(Paths.get(DRIVER))) {
            return Optional.of(DRIVER + " (Debian package chromium-driver)");
        }
        return Optional.empty();
    }

    /**
     * Returns the WebDriver.
     *
     * @return driver
     */
    ChromeDriver driver() {
        return driver;
    }

    /**
     * Waits until a condition on the page holds (is neither null nor false), looking again every 50 ms: the view
     * redraws rows that changed, so an element read across a redraw is stale and is looked up again.
     *
     * @param timeout   most time to wait
     * @param condition what to wait for
     * @param <T>       what the condition returns
     * @return the condition's value
     * @throws org.openqa.selenium.TimeoutException when it did not hold in time
     */
    <T> T await(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(50))
                .ignoring(StaleElementReferenceException.class).until(d -> {
            T value = condition.apply(d);
            return Boolean.FALSE.equals(value) ? null : value;
        });
    }

    /**
     * Runs a script in the page and returns its result.
     *
     * @param script JavaScript returning a value
     * @param args   arguments (arguments[0]...)
     * @return result
     */
    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * Sets the size of the page's viewport (not of the window around it).
     *
     * @param width  CSS pixels
     * @param height CSS pixels
     */
    void viewport(int width, int height) {
        Dimension window = driver.manage().window().getSize();
        long innerWidth = (Long) script("return window.innerWidth;");
        long innerHeight = (Long) script("return window.innerHeight;");
        driver.manage().window().setSize(new Dimension(width + window.getWidth() - (int) innerWidth,
                                                       height + window.getHeight() - (int) innerHeight));
    }

    /**
     * Returns the console messages of level SEVERE (errors, failed loads, uncaught exceptions) since the last
     * call.
     *
     * @return messages
     */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::toString).collect(Collectors.toList());
    }

    /**
     * Writes a PNG of the viewport.
     *
     * @param file where to
     */
    void screenshot(Path file) {
        try {
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the browser profile " + profile, e);
        }
    }
}
