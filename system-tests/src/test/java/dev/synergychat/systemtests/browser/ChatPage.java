package dev.synergychat.systemtests.browser;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat page in a browser, driven by what a user does (type a name, send a message) and read by what a user
 * sees (the messages, the error line, the connection state). Works against any entry URL: web directly, or a
 * proxy in front of it.
 */
public final class ChatPage {

	private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

	private final WebDriver driver;

	private final Duration timeout;

	private ChatPage(WebDriver driver, Duration timeout) {
		this.driver = driver;
		this.timeout = timeout;
	}

	/** Loads the page and waits until its script has run. */
	public static ChatPage open(WebDriver driver, URI pageUrl) {
		return open(driver, pageUrl, DEFAULT_TIMEOUT);
	}

	/** Loads the page and waits until its script has run, waiting up to {@code timeout} in every later check. */
	public static ChatPage open(WebDriver driver, URI pageUrl, Duration timeout) {
		driver.get(pageUrl.toString());
		ChatPage page = new ChatPage(driver, timeout);
		page.awaitScriptRan();
		return page;
	}

	/** Reloads the page, as a user coming back would. */
	public ChatPage reload() {
		this.driver.navigate().refresh();
		awaitScriptRan();
		return this;
	}

	// app.js replaces the initial "Connecting…" as soon as the stream opens or polling starts.
	private void awaitScriptRan() {
		waitUntil("the page's script to start", () -> !connectionState().startsWith("Connecting"));
	}

	/** The API_URL the page was handed by {@code config.js}. */
	public String apiUrl() {
		return (String) script("return window.synergyChatConfig.apiUrl;");
	}

	/** The connection line: "Live" while the event stream is open, a polling notice while it is not. */
	public String connectionState() {
		return this.driver.findElement(By.id("connection")).getText();
	}

	/** Waits until the page follows api's event stream. */
	public ChatPage awaitLive() {
		waitUntil("the event stream to open", () -> "Live".equals(connectionState()));
		return this;
	}

	/** Waits until the page has given up on the event stream and polls instead. */
	public ChatPage awaitPolling() {
		waitUntil("the page to poll", () -> connectionState().startsWith("Checking for new messages"));
		return this;
	}

	public String username() {
		return this.driver.findElement(By.id("username")).getDomProperty("value");
	}

	public ChatPage setUsername(String name) {
		WebElement field = this.driver.findElement(By.id("username"));
		field.clear();
		field.sendKeys(name);
		return this;
	}

	/** The text still in the message box (it is cleared only after a message was accepted). */
	public String draft() {
		return this.driver.findElement(By.id("text")).getDomProperty("value");
	}

	/** Types {@code text} into the message box and presses Send. */
	public ChatPage send(String text) {
		WebElement field = this.driver.findElement(By.id("text"));
		field.clear();
		field.sendKeys(text);
		this.driver.findElement(By.id("send")).click();
		return this;
	}

	/**
	 * The messages shown, in page order, read in one step so that a list the page is re-rendering cannot be seen
	 * half old, half new. Texts are the exact strings the page put there ({@code textContent}, not the rendered
	 * text with its whitespace folded).
	 */
	public List<ShownMessage> messages() {
		List<?> rows = (List<?>) script("""
				return Array.from(document.querySelectorAll('#messages > li'), (item) => [
				  item.dataset.id,
				  item.querySelector('.author').textContent,
				  item.querySelector('.text').textContent,
				]);""");
		return rows.stream().map(List.class::cast).map((row) -> new ShownMessage(Long.parseLong((String) row.get(0)),
				(String) row.get(1), (String) row.get(2))).toList();
	}

	/** Waits until a message by {@code author} with exactly {@code text} is shown. */
	public ShownMessage awaitMessage(String author, String text) {
		return awaitMessage(author, text::equals);
	}

	/** Waits until a message by {@code author} whose text matches is shown, and returns the first such. */
	public ShownMessage awaitMessage(String author, Predicate<String> text) {
		return waitFor("a message by " + author, () -> messages().stream()
			.filter((message) -> message.author().equals(author) && text.test(message.text()))
			.findFirst());
	}

	/** Waits until the error line is shown and contains {@code fragment}; returns the whole line. */
	public String awaitError(String fragment) {
		return waitFor("an error containing '" + fragment + "'", () -> {
			WebElement error = this.driver.findElement(By.id("error"));
			String text = error.getText();
			return (error.isDisplayed() && text.contains(fragment)) ? Optional.of(text) : Optional.empty();
		});
	}

	/** Number of elements under the message list matching a CSS selector, e.g. {@code "img, script"}. */
	public int elementsInMessages(String cssSelector) {
		return this.driver.findElements(By.cssSelector("#messages :is(" + cssSelector + ")")).size();
	}

	/** Whether the page is wider than the window, which on a phone means sideways scrolling. */
	public boolean overflowsHorizontally() {
		return (Boolean) script("return document.documentElement.scrollWidth > window.innerWidth;");
	}

	/** Whether the error line is shown. */
	public boolean showsError() {
		return this.driver.findElement(By.id("error")).isDisplayed();
	}

	/** Runs JavaScript in the page and returns its result. */
	public Object script(String javaScript) {
		return ((JavascriptExecutor) this.driver).executeScript(javaScript);
	}

	/** Console entries since the last call in which the browser reports a Content-Security-Policy violation. */
	public List<String> contentSecurityPolicyViolations() {
		return this.driver.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.map(LogEntry::getMessage)
			.filter((message) -> message.contains("Content Security Policy"))
			.toList();
	}

	private void waitUntil(String what, BooleanSupplier condition) {
		waitFor(what, () -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty());
	}

	private <T> T waitFor(String what, Supplier<Optional<T>> probe) {
		try {
			return new WebDriverWait(this.driver, this.timeout).withMessage(() -> "waiting for " + what)
				.until((driver) -> probe.get().orElse(null));
		}
		catch (TimeoutException ex) {
			throw new AssertionError("Timed out after " + this.timeout.toSeconds() + " s waiting for " + what
					+ "; " + whatIsShown(), ex);
		}
	}

	/**
	 * What the browser shows, for a failure message: the chat's messages, error line and connection line, or, when
	 * the chat page is not what loaded (a browser error page), its address, title and text.
	 */
	private String whatIsShown() {
		if (this.driver.findElements(By.id("connection")).isEmpty()) {
			String text = (String) script("return document.body ? document.body.innerText : '';");
			return "not the chat page: " + this.driver.getCurrentUrl() + ", title '" + this.driver.getTitle()
					+ "', text '" + text.substring(0, Math.min(text.length(), 300)) + "'";
		}
		return "the page shows " + messages() + ", error line '"
				+ this.driver.findElement(By.id("error")).getDomProperty("textContent") + "', connection '"
				+ connectionState() + "'";
	}

}
