package dev.synergychat.systemtests.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from Debian's {@code chromium} and {@code chromium-driver} packages, with a fresh profile that
 * is deleted on {@link #close()}. Selenium is pointed at the installed chromedriver, so it downloads nothing.
 * <p>
 * The binaries default to {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}; the system properties
 * {@code synergychat.chromium} and {@code synergychat.chromedriver} override them.
 */
public final class Chromium implements AutoCloseable {

	private final WebDriver driver;

	private final Path profile;

	private Chromium(WebDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
	}

	/** Chromium that refuses certificates it cannot verify, as a user's browser does. */
	public static Chromium start() {
		return start(false);
	}

	/**
	 * Starts Chromium.
	 *
	 * @param acceptInsecureCerts accept self-signed or otherwise unverifiable TLS certificates (for a test proxy
	 * whose certificate no trust store knows)
	 */
	public static Chromium start(boolean acceptInsecureCerts) {
		File browser = installed("synergychat.chromium", "/usr/bin/chromium");
		File chromedriver = installed("synergychat.chromedriver", "/usr/bin/chromedriver");
		Path profile;
		try {
			profile = Files.createTempDirectory("synergychat-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions().setBinary(browser)
			// The networking flags keep Chromium from stalling on background requests to the closed network.
			.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--disable-dev-shm-usage", "--window-size=412,915", "--user-data-dir=" + profile);
		options.setAcceptInsecureCerts(acceptInsecureCerts);
		// Lets ChatPage read the console, where the browser reports Content-Security-Policy violations.
		options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
			.usingAnyFreePort()
			.build();
		try {
			return new Chromium(new ChromeDriver(service, options), profile);
		}
		catch (RuntimeException ex) {
			service.stop();
			deleteProfile(profile);
			throw ex;
		}
	}

	private static File installed(String property, String defaultPath) {
		File file = new File(System.getProperty(property, defaultPath));
		if (!file.canExecute()) {
			throw new IllegalStateException("The browser tests need headless Chromium and its driver, but " + file
					+ " is missing. Install them with: apt-get install -y chromium chromium-driver "
					+ "(or point -D" + property + " at the binary)");
		}
		return file;
	}

	public WebDriver driver() {
		return this.driver;
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			deleteProfile(this.profile);
		}
	}

	private static void deleteProfile(Path profile) {
		try (Stream<Path> paths = Files.walk(profile)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete the Chromium profile " + profile, ex);
		}
	}

}
