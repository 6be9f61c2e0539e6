package dev.synergychat.systemtests.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The three services wired the way {@code ./mvnw -Plocal} wires them (topology 1 on one machine): crawler on the
 * bundled sample library, api asking that crawler, and web handing the browser api's absolute URL, so the page
 * calls api cross-origin. Everything is in memory; no PostgreSQL or Redis is involved. The three start in
 * parallel, and {@link #close()} stops all of them.
 * <p>
 * Test classes that only need the stack running, and leave it as they found it, share one through {@link Shared}
 * rather than start three JVMs each: it starts on first use, with {@code LOG_FORMAT=json} (so the structured-log
 * contract is checked on the same processes), and stops when the test run ends.
 */
public final class LocalStack implements AutoCloseable {

	private final ServiceProcess crawler;

	private final ServiceProcess api;

	private final ServiceProcess web;

	private LocalStack(ServiceProcess crawler, ServiceProcess api, ServiceProcess web) {
		this.crawler = crawler;
		this.api = api;
		this.web = web;
	}

	/** Starts the stack, with {@code extra} added to every service's environment (e.g. LOG_FORMAT). */
	public static LocalStack start(Map<String, String> extra) {
		int[] ports = ServiceProcess.freePorts(3);
		int crawlerPort = ports[0];
		int apiPort = ports[1];
		int webPort = ports[2];
		List<ServiceProcess> started = new ArrayList<>();
		try {
			ServiceProcess crawler = launch(started, Service.CRAWLER, crawlerPort, extra, "CRAWLER_BOOKS_URL", "sample");
			ServiceProcess api = launch(started, Service.API, apiPort, extra, "CRAWLER_BASE_URL",
					"http://127.0.0.1:" + crawlerPort);
			ServiceProcess web = launch(started, Service.WEB, webPort, extra, "API_URL", "http://127.0.0.1:" + apiPort);
			started.forEach(ServiceProcess::awaitReady);
			return new LocalStack(crawler, api, web);
		}
		catch (RuntimeException ex) {
			started.forEach(ServiceProcess::close);
			throw ex;
		}
	}

	public static LocalStack start() {
		return start(Map.of());
	}

	private static ServiceProcess launch(List<ServiceProcess> started, Service service, int port,
			Map<String, String> extra, String name, String value) {
		Map<String, String> env = ServiceProcess.env(name, value);
		env.putAll(extra);
		ServiceProcess process = ServiceProcess.launch(service, port, env);
		started.add(process);
		return process;
	}

	public ServiceProcess crawler() {
		return this.crawler;
	}

	public ServiceProcess api() {
		return this.api;
	}

	public ServiceProcess web() {
		return this.web;
	}

	public List<ServiceProcess> all() {
		return List.of(this.crawler, this.api, this.web);
	}

	/** Stops all three at once: SIGTERM to each, then waits for each. */
	@Override
	public void close() {
		all().forEach(ServiceProcess::terminate);
		all().forEach(ServiceProcess::close);
	}

	/**
	 * Resolves a {@link LocalStack} parameter (of a {@code @BeforeAll} method) to the stack shared by every class of
	 * the test run that asks for it: started by the first, closed by JUnit when the run ends.
	 */
	public static final class Shared implements ParameterResolver {

		/** What the shared stack runs with on top of the defaults. */
		public static final Map<String, String> ENVIRONMENT = Map.of("LOG_FORMAT", "json");

		private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Shared.class);

		@Override
		public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
			return parameter.getParameter().getType() == LocalStack.class;
		}

		@Override
		public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
			return context.getRoot()
				.getStore(NAMESPACE)
				.computeIfAbsent(LocalStack.class, (key) -> LocalStack.start(ENVIRONMENT), LocalStack.class);
		}

	}

}
