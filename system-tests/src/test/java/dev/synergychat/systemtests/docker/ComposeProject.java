package dev.synergychat.systemtests.docker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One compose project started from the repository's compose files, under a project name of its own so it never
 * touches a stack a user started from the same files.
 *
 * @param name the compose project name
 * @param files the compose files, the repository's first and the test's additions after it
 * @param variables what a user would put in {@code compose/.env} or the shell
 */
record ComposeProject(String name, List<String> files, Map<String, String> variables) {

	/**
	 * Every container port of the stack a compose file could publish: the three services' main and management ports,
	 * the data stores' and the TLS proxy's.
	 */
	private static final Map<String, List<Integer>> STACK_PORTS = stackPorts();

	private static Map<String, List<Integer>> stackPorts() {
		Map<String, List<Integer>> ports = new LinkedHashMap<>();
		List.of("web", "api", "crawler").forEach((service) -> ports.put(service, List.of(8080, 9090)));
		ports.put("postgres", List.of(5432));
		ports.put("redis", List.of(6379));
		ports.put("nginx", List.of(80, 443));
		return ports;
	}

	/**
	 * {@code up --wait}: returns once every service with a health check reports healthy. When one does not, the
	 * failure carries what compose said, each container's state and its last health checks, and the services' last
	 * log lines, which compose's own output does not: the project is usually gone by the time anyone looks.
	 */
	void up() {
		long start = System.nanoTime();
		Commands.Result result = Commands.attempt(Duration.ofMinutes(5), this.variables,
				command("up", "-d", "--wait", "--wait-timeout", "240"));
		if (result.exitCode() != 0) {
			Commands.Result states = Commands.attempt(Duration.ofMinutes(1), this.variables,
					command("ps", "-a", "--format", "{{.Name}}: {{.State}} {{.Status}}"));
			Commands.Result health = Commands.attempt(Duration.ofMinutes(1), Map.of(), "sh", "-c",
					"docker ps -a -q --filter label=com.docker.compose.project=" + this.name
							+ " | xargs -r docker inspect -f '{{.Name}}: {{json .State.Health}}'");
			Commands.Result logs = Commands.attempt(Duration.ofMinutes(1), this.variables,
					command("logs", "--no-color", "--timestamps", "--tail", "40"));
			throw new AssertionError("'up --wait' of compose project " + this.name + " exited with "
					+ result.exitCode() + " after " + (System.nanoTime() - start) / 1_000_000_000 + " s:\n"
					+ result.output() + result.errors() + "\ncontainers:\n" + states.output() + states.errors()
					+ "\nhealth checks (the engine keeps the last five):\n" + health.output() + health.errors()
					+ "\nlast log lines:\n" + logs.output() + logs.errors());
		}
		System.out.printf("[figures] compose project %s healthy %d s after 'up'%n", this.name,
				(System.nanoTime() - start) / 1_000_000_000);
	}

	/** Removes containers, networks and named volumes, and fails if anything of the project is left. */
	void down() {
		// With every profile a compose file has, so the services a test started by name (Prometheus of the profile
		// "observability") and their volumes go too: a plain down leaves them.
		Commands.run(Duration.ofMinutes(2), this.variables,
				command("--profile", "observability", "down", "--volumes", "--remove-orphans"));
		String label = "label=com.docker.compose.project=" + this.name;
		assertThat(Commands.run("docker", "ps", "-a", "-q", "--filter", label)).as("containers left").isBlank();
		assertThat(Commands.run("docker", "network", "ls", "-q", "--filter", label)).as("networks left").isBlank();
		assertThat(Commands.run("docker", "volume", "ls", "-q", "--filter", label)).as("volumes left").isBlank();
	}

	/** The host addresses a service's container port is published on; empty when it is not published. */
	List<String> published(String service, int containerPort) {
		Commands.Result result = Commands.attempt(Duration.ofMinutes(1), this.variables,
				command("port", service, String.valueOf(containerPort)));
		return (result.exitCode() != 0) ? List.of() : Commands.lines(result.output()).stream()
			.filter((address) -> !address.endsWith(":0"))
			.toList();
	}

	/**
	 * Of the stack's ports, the ones published, as {@code service:port} with the host addresses; a service the
	 * project does not run publishes nothing.
	 */
	Map<String, List<String>> publishedStackPorts() {
		Map<String, List<String>> published = new LinkedHashMap<>();
		STACK_PORTS.forEach((service, ports) -> ports.forEach((port) -> {
			List<String> addresses = published(service, port);
			if (!addresses.isEmpty()) {
				published.put(service + ":" + port, addresses);
			}
		}));
		return published;
	}

	/** The services compose is running for this project. */
	List<String> services() {
		return Commands.lines(Commands.run(Duration.ofMinutes(1), this.variables, command("ps", "--services")));
	}

	/** Runs a compose command for this project, such as {@code port crawler 8080}, and returns its stdout. */
	String compose(String... arguments) {
		return Commands.run(Duration.ofMinutes(1), this.variables, command(arguments));
	}

	void restart(String service) {
		Commands.run(Duration.ofMinutes(2), this.variables, command("restart", service));
	}

	private String[] command(String... arguments) {
		List<String> command = new ArrayList<>(List.of("docker", "compose", "--project-name", this.name));
		this.files.forEach((file) -> command.addAll(List.of("--file", file)));
		command.addAll(List.of(arguments));
		return command.toArray(String[]::new);
	}

}
