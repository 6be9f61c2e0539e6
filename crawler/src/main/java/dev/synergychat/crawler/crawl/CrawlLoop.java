package dev.synergychat.crawler.crawl;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

import dev.synergychat.crawler.store.CrawlStore;
import dev.synergychat.crawler.store.StoreUnavailableException;

/**
 * Runs the crawl on one background thread from start to shutdown: a {@link CrawlStep} after another, waiting
 * between them as long as the step says. Nothing that goes wrong ends the loop: a failing step is tried again
 * after a pause, and an unreachable store pauses crawling, with a back-off, until it is back. Only an
 * {@link Error} (a bug or a broken JVM, which no retry mends) ends the loop; {@link #death()} then says so, and
 * liveness turns DOWN so the orchestrator restarts the process instead of keeping a crawler that answers
 * {@code /stats} but no longer crawls.
 */
class CrawlLoop implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(CrawlLoop.class);

	/**
	 * Longest pause between attempts to reach an unreachable store. Shorter than the book server's backoff:
	 * the store is our own, asking it costs nothing, and crawling should resume soon after it is back.
	 */
	private static final Duration MAX_STORE_BACKOFF = Duration.ofSeconds(10);

	private final CrawlStep step;

	private final CrawlStore store;

	private final CrawlMetrics metrics;

	private final CrawlSettings settings;

	private volatile @Nullable Thread thread;

	private volatile @Nullable Error death;

	CrawlLoop(CrawlStep step, CrawlStore store, CrawlMetrics metrics, CrawlSettings settings) {
		this.step = step;
		this.store = store;
		this.metrics = metrics;
		this.settings = settings;
	}

	@Override
	public void start() {
		logger.info("Crawling {} into {}, counting {}, pausing {} after each book",
				this.settings.firstPage(), this.store.describe(), this.settings.keywords(), this.settings.delay());
		this.thread = Thread.ofVirtual().name("crawl-loop").start(this::runOrReportDeath);
	}

	@Override
	public void stop() {
		Thread running = this.thread;
		this.thread = null;
		if (running != null) {
			running.interrupt();
			try {
				running.join(Duration.ofSeconds(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.thread != null;
	}

	private void runOrReportDeath() {
		try {
			run();
		}
		catch (Error ex) {
			this.death = ex;
			this.metrics.error(CrawlMetrics.LOOP);
			logger.error("The crawl loop has died; liveness is now DOWN so that the process is restarted", ex);
		}
	}

	/**
	 * The Error that ended the loop, if one did. A state rather than a LivenessState event: an event published
	 * while the application is still starting would be overwritten by Spring Boot's own CORRECT.
	 */
	Optional<Error> death() {
		return Optional.ofNullable(this.death);
	}

	private void run() {
		Duration storeBackoff = this.settings.initialBackoff();
		boolean paused = false;
		while (!Thread.currentThread().isInterrupted()) {
			try {
				Duration wait = this.step.next();
				if (paused) {
					logger.info("{} is reachable again; crawling resumes", this.store.describe());
					paused = false;
					this.metrics.paused(false);
				}
				storeBackoff = this.settings.initialBackoff();
				if (wait.isPositive()) {
					Thread.sleep(wait);
				}
			}
			catch (StoreUnavailableException ex) {
				this.metrics.error(CrawlMetrics.STORE);
				if (!paused) {
					logger.warn("Crawling paused: {}", ex.getMessage());
					paused = true;
					this.metrics.paused(true);
				}
				if (!sleep(storeBackoff)) {
					return;
				}
				storeBackoff = CrawlStep.min(storeBackoff.multipliedBy(2),
						CrawlStep.min(this.settings.maxBackoff(), MAX_STORE_BACKOFF));
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				this.metrics.error(CrawlMetrics.LOOP);
				logger.error("Crawl step failed; trying again in {}", this.settings.maxBackoff(), ex);
				if (!sleep(this.settings.maxBackoff())) {
					return;
				}
			}
		}
	}

	private static boolean sleep(Duration duration) {
		try {
			Thread.sleep(duration);
			return true;
		}
		catch (InterruptedException ex) {
			return false;
		}
	}

}
