package org.safehouse.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by Debian's chromedriver, so Selenium downloads nothing. Each instance has a fresh
 * profile (its own IndexedDB, storage and cookies): two instances are two different people. The test command
 * (./test.sh) installs the packages; when they are missing this fails loudly instead of skipping.
 */
public final class Chromium {
    private static final Path BINARY = Path.of(System.getProperty("safehouse.chromium", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("safehouse.chromedriver", "/usr/bin/chromedriver"));

    private Chromium() {
    }

    /** Starts a browser with a fresh profile in a directory of its own under {@code profiles}. */
    public static ChromeDriver start(Path profiles) {
        return start(profiles, List.of());
    }

    /** Like {@link #start(Path)}, with more command line switches (a fake camera, for one). */
    public static ChromeDriver start(Path profiles, List<String> extraArguments) {
        requireInstalled(BINARY, "chromium");
        requireInstalled(DRIVER, "chromium-driver");
        Path profile;
        try {
            profile = Files.createTempDirectory(Files.createDirectories(profiles), "profile-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a browser profile directory", e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,800", "--user-data-dir=" + profile);
        options.addArguments(extraArguments);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }

    private static void requireInstalled(Path executable, String debianPackage) {
        File file = executable.toFile();
        if (!file.canExecute()) {
            throw new IllegalStateException(executable + " is missing: the browser tests need Debian's "
                    + debianPackage + " package (./test.sh installs it: apt-get install chromium chromium-driver)");
        }
    }
}
