import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Measures how long a message takes from a post on one api replica to its event on another replica's stream.
 * Run with {@code java StreamLatency.java <posting replica> <streaming replica> <messages>}; prints p50 and p99 of
 * that many messages, after as many unmeasured ones.
 */
class StreamLatency {

	public static void main(String[] args) throws Exception {
		URI posting = URI.create(args[0]);
		URI streaming = URI.create(args[1]);
		int count = Integer.parseInt(args[2]);
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		Map<String, Long> sentAt = new ConcurrentHashMap<>();
		long[] latencies = new long[count];
		CountDownLatch received = new CountDownLatch(count);
		CountDownLatch connected = new CountDownLatch(1);

		HttpResponse<Stream<String>> stream = http.send(
				HttpRequest.newBuilder(streaming.resolve("/messages/stream")).build(),
				HttpResponse.BodyHandlers.ofLines());
		Thread.ofVirtual().start(() -> stream.body().forEach((line) -> {
			if (line.startsWith(":connected")) {
				connected.countDown();
			}
			int marker = line.indexOf("latency-probe-");
			if (line.startsWith("data:") && marker >= 0) {
				String probe = line.substring(marker, line.indexOf('"', marker));
				Long start = sentAt.remove(probe);
				if (start != null) {
					int index = (int) (count - received.getCount());
					latencies[index] = System.nanoTime() - start;
					received.countDown();
				}
			}
		}));
		connected.await(10, TimeUnit.SECONDS);

		// The first messages only warm up the JIT on both replicas: they are posted but not measured.
		for (int i = -count; i < count; i++) {
			String probe = "latency-probe-" + i;
			if (i >= 0) {
				sentAt.put(probe, System.nanoTime());
			}
			http.send(HttpRequest.newBuilder(posting.resolve("/messages"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"AuthorUsername\":\"bench\",\"Text\":\"" + probe + "\"}"))
				.build(), HttpResponse.BodyHandlers.discarding());
			Thread.sleep(10);
		}
		if (!received.await(30, TimeUnit.SECONDS)) {
			System.out.println("only " + (count - received.getCount()) + " of " + count + " messages arrived");
			System.exit(1);
		}
		long[] sorted = latencies.clone();
		Arrays.sort(sorted);
		System.out.printf("p50 %.1f ms, p99 %.1f ms over %d messages%n", sorted[count / 2] / 1e6,
				sorted[(int) Math.ceil(count * 0.99) - 1] / 1e6, count);
		System.exit(0);
	}

}
